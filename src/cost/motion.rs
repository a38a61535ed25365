//! How long a straight move takes on a printer that accelerates.
//!
//! A short move never reaches its speed: sparse infill at 80 mm/s in a
//! pin-sized region, or a 5 mm travel at 130 mm/s, takes two or three
//! times its length over its speed. PrusaSlicer's estimator plans every
//! move as a trapezoid (accelerate, cruise, decelerate); this is the same
//! trapezoid for one move that starts and ends at the jerk speed.

/// Seconds to move `length` mm at up to `speed` mm/s, starting and ending
/// at `jerk` mm/s, accelerating at `accel` mm/s².
pub fn move_time(length: f64, speed: f64, accel: f64, jerk: f64) -> f64 {
    if length <= 0.0 || speed <= 0.0 {
        return 0.0;
    }
    let start = jerk.min(speed);
    if accel <= 0.0 {
        return length / speed;
    }
    // Distance spent speeding up and slowing down.
    let ramps = (speed * speed - start * start) / accel;
    if length >= ramps {
        length / speed + (speed - start) * (speed - start) / (accel * speed)
    } else {
        let peak = (start * start + accel * length).sqrt();
        2.0 * (peak - start) / accel
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_moves_cruise_short_moves_do_not() {
        // 100 mm at 50 mm/s: 2 s plus a little ramp.
        let long = move_time(100.0, 50.0, 1500.0, 10.0);
        assert!(long > 2.0 && long < 2.05, "{long}");
        // 1 mm at 80 mm/s never gets near 80 mm/s.
        let short = move_time(1.0, 80.0, 1500.0, 10.0);
        assert!(short > 2.0 / 80.0, "{short}");
        // Continuous at the switch between the two cases.
        let ramps = (80.0_f64 * 80.0 - 100.0) / 1500.0;
        let a = move_time(ramps - 1e-9, 80.0, 1500.0, 10.0);
        let b = move_time(ramps + 1e-9, 80.0, 1500.0, 10.0);
        assert!((a - b).abs() < 1e-6, "{a} {b}");
        assert_eq!(move_time(0.0, 80.0, 1500.0, 10.0), 0.0);
    }
}
