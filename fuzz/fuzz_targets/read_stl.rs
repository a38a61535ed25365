//! Any bytes into the STL reader, and any mesh it accepts into `check`:
//! neither may panic, hang or allocate by an untrusted count.
#![no_main]

use gapgauge::check::{CheckOptions, check_mesh};
use gapgauge::stl_read::read_stl_bytes;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(mesh) = read_stl_bytes(data, "fuzz.stl") {
        // Every index the reader produces is in range and every
        // coordinate finite.
        let nv = mesh.vertices.len();
        assert!(mesh.triangles.iter().flatten().all(|&i| (i as usize) < nv));
        assert!(mesh.vertices.iter().all(|p| p.coords.iter().all(|x| x.is_finite())));
        // Small meshes also go through split, validate and gap search.
        if mesh.triangles.len() <= 256 {
            let report = check_mesh(&mesh, &CheckOptions::default());
            assert_eq!(
                report.parts.iter().map(|p| p.triangles).sum::<usize>(),
                mesh.triangles.len()
            );
        }
    }
});
