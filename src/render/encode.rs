//! PNG encoding with the `png` crate (pure Rust, integer-only DEFLATE), with
//! fixed settings and no time stamp, so equal pixels give equal bytes.

use super::Image;

/// The image as PNG bytes: 8-bit RGBA, fast DEFLATE (a preview is written
/// often and read rarely), no metadata beyond the size.
pub fn png(image: &Image) -> Vec<u8> {
    let mut out = Vec::new();
    let mut enc = ::png::Encoder::new(&mut out, image.width, image.height);
    enc.set_color(::png::ColorType::Rgba);
    enc.set_depth(::png::BitDepth::Eight);
    enc.set_compression(::png::Compression::Fast);
    let mut w = enc
        .write_header()
        .expect("writing to a Vec cannot fail and the header is valid");
    w.write_image_data(&image.rgba)
        .expect("the buffer holds width x height RGBA pixels");
    w.finish().expect("writing to a Vec cannot fail");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_a_decoder() {
        let image = Image {
            width: 3,
            height: 2,
            rgba: (0..24).map(|i| (i * 10) as u8).collect(),
        };
        let bytes = png(&image);
        let dec = ::png::Decoder::new(std::io::Cursor::new(bytes));
        let mut r = dec.read_info().unwrap();
        let mut buf = vec![0; r.output_buffer_size().unwrap()];
        let info = r.next_frame(&mut buf).unwrap();
        assert_eq!((info.width, info.height), (3, 2));
        assert_eq!(&buf[..info.buffer_size()], &image.rgba[..]);
    }
}
