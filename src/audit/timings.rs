//! `--timings`: where the time goes, per step and per rule, summed over
//! all workers (CPU time, not wall time). For profiling the engine on a
//! real archive without a profiler.

use crate::document::Document;
use crate::engine::Engine;
use crate::finding::Finding;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};

/// This thread's CPU time in nanoseconds (wall time where unavailable), so
/// the figures hold on a busy machine.
pub fn now() -> u64 {
    #[cfg(unix)]
    {
        let mut ts = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: clock_gettime writes into the timespec we own.
        let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
        if rc == 0 {
            return ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64;
        }
    }
    static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
    START
        .get_or_init(std::time::Instant::now)
        .elapsed()
        .as_nanos() as u64
}

pub struct Timings {
    pub json: AtomicU64,
    pub parse: AtomicU64,
    pub output: AtomicU64,
    pub minhash: AtomicU64,
    /// The engine's shared literal scan (gates the pattern rules).
    gate: AtomicU64,
    rules: Vec<AtomicU64>,
    ids: Vec<String>,
}

impl Timings {
    pub fn new(engine: &Engine) -> Timings {
        Timings {
            json: AtomicU64::new(0),
            parse: AtomicU64::new(0),
            output: AtomicU64::new(0),
            minhash: AtomicU64::new(0),
            gate: AtomicU64::new(0),
            rules: engine.rules().iter().map(|_| AtomicU64::new(0)).collect(),
            ids: engine.rules().iter().map(|r| r.id.clone()).collect(),
        }
    }

    /// Add the CPU time since `since` (a [`now`] reading).
    pub fn add(counter: &AtomicU64, since: u64) {
        counter.fetch_add(now().saturating_sub(since), Ordering::Relaxed);
    }

    /// `Engine::check_docs`, rule by rule, timed.
    pub fn check_docs(&self, engine: &Engine, docs: &[&Document]) -> Vec<Vec<Finding>> {
        engine.check_docs_each(docs, |step, run| {
            let t = now();
            run();
            Self::add(step.map_or(&self.gate, |i| &self.rules[i]), t);
        })
    }

    pub fn render(&self, text_bytes: u64) -> String {
        let get = |c: &AtomicU64| c.load(Ordering::Relaxed) as f64 / 1e9;
        let mut rows: Vec<(String, f64)> = vec![
            ("(JSON parse + fields)".into(), get(&self.json)),
            ("(document parse)".into(), get(&self.parse)),
            ("(output + stats)".into(), get(&self.output)),
            ("(minhash)".into(), get(&self.minhash)),
            ("(shared literal gate)".into(), get(&self.gate)),
        ];
        rows.extend(
            self.ids
                .iter()
                .zip(&self.rules)
                .map(|(id, c)| (id.clone(), get(c))),
        );
        rows.sort_by(|a, b| b.1.total_cmp(&a.1));
        let total: f64 = rows.iter().map(|r| r.1).sum();
        let mut s = format!(
            "timings (CPU seconds summed over workers; {:.1} MB of text):\n",
            text_bytes as f64 / 1e6
        );
        for (id, t) in rows.iter().filter(|r| r.1 > 0.0) {
            let _ = writeln!(
                s,
                "  {:<44} {:>9.3} s {:>5.1}%  {:>9.1} MB/s",
                id,
                t,
                100.0 * t / total.max(1e-12),
                text_bytes as f64 / 1e6 / t.max(1e-12)
            );
        }
        let _ = writeln!(
            s,
            "  {:<44} {:>9.3} s         {:>9.1} MB/s",
            "total",
            total,
            text_bytes as f64 / 1e6 / total.max(1e-12)
        );
        s
    }
}
