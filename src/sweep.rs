//! Clearance lists and sweeps, parsed exactly in micrometres.
//!
//! `0.10:0.50:0.05` means start, end (inclusive) and step. Values are parsed
//! as decimals straight into whole micrometres and the stations are
//! `start + i * step`, so there is no float drift: nine stations, exactly.
//!
//! Errors name the parameter (`clearances`, `clearances (value 2)`,
//! `sweep`, `sweep step`); the CLI names it by its flag.

use crate::error::ParamError;
use crate::units::Microns;

/// Most stations a coupon may carry.
pub const MAX_STATIONS: usize = 30;

/// Parse a decimal millimetre value ("0.15", ".2", "1") into micrometres.
/// More than three decimals, signs, exponents and NaN are rejected.
pub fn parse_mm(param: &str, s: &str) -> Result<Microns, ParamError> {
    let t = s.trim();
    let bad = || {
        ParamError::new(
            param,
            s,
            "expected a length in mm with at most 3 decimals, like 0.15",
        )
    };
    if t.is_empty() || t.starts_with('-') {
        return Err(ParamError::new(param, s, "must be a positive length in mm"));
    }
    let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
    if (whole.is_empty() && frac.is_empty())
        || !whole.chars().all(|c| c.is_ascii_digit())
        || !frac.chars().all(|c| c.is_ascii_digit())
    {
        return Err(bad());
    }
    if frac.len() > 3 {
        return Err(ParamError::new(
            param,
            s,
            "gapgauge works in whole micrometres: at most 3 decimals",
        ));
    }
    if whole.len() > 3 {
        return Err(ParamError::new(param, s, "must be below 1000 mm"));
    }
    let w: u32 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| bad())?
    };
    let f: u32 = format!("{frac:0<3}").parse().map_err(|_| bad())?;
    Ok(Microns(w * 1000 + f))
}

/// Parse a comma-separated clearance list ("0.15,0.2,0.25").
pub fn parse_list(s: &str) -> Result<Vec<Microns>, ParamError> {
    let out: Vec<Microns> = s
        .split(',')
        .enumerate()
        .map(|(i, v)| parse_mm(&format!("clearances (value {})", i + 1), v))
        .collect::<Result<_, _>>()?;
    check_count("clearances", s, out.len())?;
    Ok(out)
}

/// Parse `start:end:step` into stations `start + i * step` up to `end`
/// inclusive.
pub fn parse_sweep(s: &str) -> Result<Vec<Microns>, ParamError> {
    let parts: Vec<&str> = s.split(':').collect();
    let [a, b, st] = parts[..] else {
        return Err(ParamError::new(
            "sweep",
            s,
            "expected START:END:STEP in mm, like 0.10:0.50:0.05",
        ));
    };
    let (a, b, st) = (
        parse_mm("sweep start", a)?,
        parse_mm("sweep end", b)?,
        parse_mm("sweep step", st)?,
    );
    if st.0 == 0 {
        return Err(ParamError::new("sweep step", s, "must be greater than 0"));
    }
    if b < a {
        return Err(ParamError::new(
            "sweep",
            s,
            "the end must not be below the start",
        ));
    }
    if b > a && st.0 > b.0 - a.0 {
        return Err(ParamError::new(
            "sweep step",
            s,
            format!(
                "is larger than the range {}..{}: it would give one station and skip the end; use a step of at most {}",
                a,
                b,
                Microns(b.0 - a.0)
            ),
        ));
    }
    let n = ((b.0 - a.0) / st.0) as usize + 1;
    check_count("sweep", s, n)?;
    Ok((0..n as u32).map(|i| Microns(a.0 + i * st.0)).collect())
}

fn check_count(param: &str, s: &str, n: usize) -> Result<(), ParamError> {
    if n > MAX_STATIONS {
        return Err(ParamError::new(
            param,
            s,
            format!("gives {n} stations; at most {MAX_STATIONS} fit one coupon"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sweep_is_exact() {
        let s = parse_sweep("0.10:0.50:0.05").unwrap();
        assert_eq!(s.len(), 9);
        assert_eq!(s[8], Microns(500));
        assert_eq!(
            parse_sweep("0.1:0.3:0.1").unwrap(),
            vec![Microns(100), Microns(200), Microns(300)]
        );
        assert_eq!(parse_sweep("0.1:0.34:0.1").unwrap().len(), 3);
    }

    #[test]
    fn bad_input_names_the_parameter() {
        assert!(
            parse_sweep("0.1:0.5:0")
                .unwrap_err()
                .to_string()
                .contains("sweep step")
        );
        assert!(parse_sweep("0.5:0.1:0.05").is_err());
        // Issue 15 item 8: a step past the end gave one station silently.
        let e = parse_sweep("0.1:0.15:0.1").unwrap_err();
        assert_eq!(e.param, "sweep step");
        assert!(e.limit.contains("at most 0.05"), "{e}");
        assert_eq!(parse_sweep("0.2:0.2:0.1").unwrap(), vec![Microns(200)]);
        assert!(
            parse_sweep("0.01:0.5:0.01")
                .unwrap_err()
                .to_string()
                .contains("at most 30")
        );
        assert!(
            parse_list("0.1,-0.2")
                .unwrap_err()
                .to_string()
                .contains("value 2")
        );
        assert!(parse_list("0.1,NaN").is_err());
        assert!(parse_list("0.1234").is_err());
        assert!(parse_list("1e-1").is_err());
        assert_eq!(
            parse_list(".2,0.25,1").unwrap(),
            vec![Microns(200), Microns(250), Microns(1000)]
        );
    }
}
