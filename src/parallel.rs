//! A small work queue over scoped threads: the checker's only concurrency.
//!
//! Jobs are handed out largest first (by a caller's size estimate) to one
//! worker per core; results come back in job order, so the output never
//! depends on which thread ran what. rayon would do the same; for the
//! checker's handful of call sites a few dozen lines of
//! `std::thread::scope` are lighter.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Number of cores to use, looked up once: `available_parallelism` reads
/// cgroup files on Linux, far too slow to ask per call when `check`
/// measures millions of small pairs.
pub fn cores() -> usize {
    static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// Run `job(i)` for `i in 0..n` on all cores, largest jobs first (`size`
/// orders them), and collect the results in index order. Runs on the
/// calling thread when there is one job or one core.
pub fn map<T: Send>(
    n: usize,
    size: impl Fn(usize) -> usize,
    job: impl Fn(usize) -> T + Sync,
) -> Vec<T> {
    let threads = cores().min(n);
    if threads < 2 {
        return (0..n).map(job).collect();
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(size(i)));
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<T>>> = Mutex::new((0..n).map(|_| None).collect());
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                loop {
                    let k = next.fetch_add(1, Ordering::Relaxed);
                    let Some(&i) = order.get(k) else { break };
                    let r = job(i);
                    results.lock().expect("a worker panicked")[i] = Some(r);
                }
            });
        }
    });
    results
        .into_inner()
        .expect("a worker panicked")
        .into_iter()
        .map(|r| r.expect("every job ran"))
        .collect()
}

/// Run `job(i, part)` for each of `parts` on all cores and collect the
/// results in order. The parts are disjoint pieces of one buffer (from
/// `chunks_mut` or `split_at_mut`): each job fills its own piece in
/// place, so nothing is copied back.
pub fn each_mut<T: Send, R: Send>(parts: Vec<T>, job: impl Fn(usize, T) -> R + Sync) -> Vec<R> {
    let slots: Vec<Mutex<Option<T>>> = parts.into_iter().map(|p| Mutex::new(Some(p))).collect();
    map(
        slots.len(),
        |_| 1,
        |i| {
            let part = slots[i].lock().expect("a worker panicked").take();
            job(i, part.expect("each part is handed out once"))
        },
    )
}

/// `0..n` cut into at most `spans` consecutive runs of about equal
/// length (one run, maybe empty, when `n` or `spans` is 0).
pub fn runs(n: usize, spans: usize) -> Vec<std::ops::Range<usize>> {
    let spans = spans.clamp(1, n.max(1));
    (0..spans)
        .map(|k| k * n / spans..(k + 1) * n / spans)
        .collect()
}

/// `buf` cut into consecutive pieces of the given lengths, for
/// [`each_mut`].
pub fn split_lengths<'a, T>(mut buf: &'a mut [T], lengths: &[usize]) -> Vec<&'a mut [T]> {
    lengths
        .iter()
        .map(|&n| {
            let (piece, rest) = std::mem::take(&mut buf).split_at_mut(n);
            buf = rest;
            piece
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn results_come_back_in_job_order() {
        let out = super::map(100, |i| i % 7, |i| i * i);
        assert_eq!(out, (0..100).map(|i| i * i).collect::<Vec<_>>());
        assert!(super::map(0, |_| 0, |i| i).is_empty());
    }

    #[test]
    fn runs_cover_the_range_in_order() {
        assert_eq!(super::runs(10, 3), vec![0..3, 3..6, 6..10]);
        assert_eq!(super::runs(2, 5), vec![0..1, 1..2]);
        assert_eq!(super::runs(0, 4), vec![0..0]);
        assert_eq!(super::runs(7, 0), vec![0..7]);
        let mut buf = [0u8; 10];
        let pieces = super::split_lengths(&mut buf, &[3, 0, 7]);
        assert_eq!(
            pieces.iter().map(|p| p.len()).collect::<Vec<_>>(),
            [3, 0, 7]
        );
    }

    #[test]
    fn each_part_is_filled_in_place_once() {
        let mut buf = vec![0usize; 1000];
        super::each_mut(buf.chunks_mut(7).collect(), |i, part| {
            for (k, x) in part.iter_mut().enumerate() {
                *x += 7 * i + k;
            }
        });
        assert_eq!(buf, (0..1000).collect::<Vec<_>>());
    }
}
