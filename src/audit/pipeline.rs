//! The streaming pipeline: one reader thread cuts the input into batches,
//! a pool of workers checks them, and the calling thread writes the results
//! in input order.
//!
//! ```text
//! reader ──batches──▶ workers (N) ──results──▶ reorder buffer ──▶ writer
//!    ▲                                                              │
//!    └──────────────────── window tokens ◀──────────────────────────┘
//! ```
//!
//! Memory is bounded by the window: the reader takes a token before it
//! sends a batch and the writer gives it back after writing that batch, so
//! at most `window` batches exist at once — queued, being checked, or
//! waiting in the reorder buffer for a slow predecessor — whatever the size
//! of the archive. A batch holds at most `batch_records` records and stops
//! growing once it reaches `batch_bytes`.

use super::record::{Body, Done, Raw, Stats};
use std::collections::BTreeMap;
use std::sync::mpsc::{sync_channel, Receiver};
use std::sync::Mutex;

#[derive(Debug, Clone, Copy)]
pub struct Config {
    pub jobs: usize,
    pub batch_records: usize,
    pub batch_bytes: usize,
    pub window: usize,
}

impl Config {
    pub fn new(jobs: usize) -> Config {
        let jobs = jobs.max(1);
        Config {
            jobs,
            // Large batches are cheaper to check (see
            // `record::Processor::process_batch`); `batch_bytes` bounds them.
            batch_records: 256,
            batch_bytes: 1 << 20,
            window: jobs * 4,
        }
    }
}

/// Hands records to the pipeline; `push` returns false once the pipeline
/// is shutting down (the writer failed), and the reader should stop.
pub struct Feeder {
    batch: Vec<Raw>,
    bytes: usize,
    seq: u64,
    cfg: Config,
    tx: std::sync::mpsc::SyncSender<(u64, Vec<Raw>)>,
    tokens: Receiver<()>,
    open: bool,
}

impl Feeder {
    pub fn push(&mut self, raw: Raw) -> bool {
        if !self.open {
            return false;
        }
        self.bytes += match &raw.body {
            Body::Line(b) => b.len(),
            _ => 0,
        };
        self.batch.push(raw);
        if self.batch.len() >= self.cfg.batch_records || self.bytes >= self.cfg.batch_bytes {
            self.flush();
        }
        self.open
    }

    fn flush(&mut self) {
        if self.batch.is_empty() || !self.open {
            return;
        }
        // Wait for a slot in the window.
        if self.tokens.recv().is_err() {
            self.open = false;
            return;
        }
        let batch = std::mem::take(&mut self.batch);
        self.bytes = 0;
        if self.tx.send((self.seq, batch)).is_err() {
            self.open = false;
        }
        self.seq += 1;
    }
}

/// Run the pipeline. `read` runs on its own thread and pushes records;
/// `process` runs on `cfg.jobs` workers, a batch at a time (one result per
/// record, in order); `write` gets each batch's results
/// in input order and returns false to stop the run.
pub fn run<R, P, W>(cfg: Config, read: R, process: &P, mut write: W)
where
    R: FnOnce(&mut Feeder) + Send,
    P: Fn(&[Raw]) -> Vec<Done> + Sync,
    W: FnMut(Vec<Done>) -> bool,
{
    let (token_tx, token_rx) = sync_channel::<()>(cfg.window);
    for _ in 0..cfg.window {
        // The channel has room for exactly `window` tokens.
        let _ = token_tx.send(());
    }
    let (batch_tx, batch_rx) = sync_channel::<(u64, Vec<Raw>)>(cfg.window);
    let (done_tx, done_rx) = sync_channel::<(u64, Vec<Done>)>(cfg.window);
    let batch_rx = Mutex::new(batch_rx);
    std::thread::scope(|s| {
        s.spawn(move || {
            let mut feeder = Feeder {
                batch: Vec::with_capacity(cfg.batch_records),
                bytes: 0,
                seq: 0,
                cfg,
                tx: batch_tx,
                tokens: token_rx,
                open: true,
            };
            read(&mut feeder);
            feeder.flush();
        });
        for _ in 0..cfg.jobs {
            let done_tx = done_tx.clone();
            let batch_rx = &batch_rx;
            s.spawn(move || loop {
                let next = match batch_rx.lock() {
                    Ok(rx) => rx.recv(),
                    Err(_) => return,
                };
                let Ok((seq, batch)) = next else { return };
                let out = guarded_batch(process, &batch);
                if done_tx.send((seq, out)).is_err() {
                    return;
                }
            });
        }
        drop(done_tx);
        let mut pending: BTreeMap<u64, Vec<Done>> = BTreeMap::new();
        let mut next = 0u64;
        let mut ok = true;
        while ok {
            let Ok((seq, out)) = done_rx.recv() else {
                break;
            };
            pending.insert(seq, out);
            while let Some(out) = pending.remove(&next) {
                next += 1;
                if !write(out) {
                    ok = false;
                    break;
                }
                let _ = token_tx.send(());
            }
        }
        // Unblock and stop the reader and workers on an early exit.
        drop(token_tx);
        drop(done_rx);
    });
}

/// A batch, checked whole; after a panic, again one record at a time so
/// that only the record that caused it is lost (see [`guarded`]).
fn guarded_batch<P: Fn(&[Raw]) -> Vec<Done>>(process: &P, batch: &[Raw]) -> Vec<Done> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| process(batch))) {
        Ok(out) if out.len() == batch.len() => out,
        _ => batch.iter().map(|r| guarded(process, r)).collect(),
    }
}

/// A panic while checking one record becomes an error result for that
/// record instead of a lost record (and a lost run).
fn guarded<P: Fn(&[Raw]) -> Vec<Done>>(process: &P, raw: &Raw) -> Done {
    let (number, line) = (raw.number, raw.line);
    let one = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        process(std::slice::from_ref(raw)).pop()
    }));
    let what = match one {
        Ok(Some(d)) => return d,
        Ok(None) => "no result".to_string(),
        Err(e) => e
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| e.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown".into()),
    };
    let msg = format!("internal error while checking this record: {what}");
    let stats = Stats {
        error: Some(super::record::ErrorKind::Stream),
        error_message: Some(msg.clone()),
        ..Stats::default()
    };
    Done {
        number,
        line: Some(
            serde_json::json!({
                "record": number, "line": line, "status": "error",
                "error": msg, "findings": [], "counts": {}
            })
            .to_string(),
        ),
        stats,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(n: u64) -> Raw {
        Raw {
            number: n,
            source: 0,
            line: n,
            body: Body::Line(n.to_string().into_bytes()),
        }
    }

    #[test]
    fn order_and_count_preserved_with_uneven_work() {
        let cfg = Config {
            jobs: 4,
            batch_records: 3,
            batch_bytes: 1 << 20,
            window: 5,
        };
        let process = |rs: &[Raw]| {
            rs.iter()
                .map(|r| {
                    // Uneven work: some records are much slower.
                    if r.number.is_multiple_of(7) {
                        std::thread::sleep(std::time::Duration::from_millis(3));
                    }
                    Done {
                        number: r.number,
                        line: Some(r.number.to_string()),
                        stats: Stats::default(),
                    }
                })
                .collect()
        };
        let mut got = Vec::new();
        let mut max_pending = 0;
        run(
            cfg,
            |f| {
                for n in 1..=500 {
                    f.push(raw(n));
                }
            },
            &process,
            |b| {
                max_pending = max_pending.max(b.len());
                got.extend(b.into_iter().map(|d| d.number));
                true
            },
        );
        assert_eq!(got, (1..=500).collect::<Vec<_>>());
        assert!(max_pending <= 3);
    }

    #[test]
    fn writer_failure_stops_everything() {
        let cfg = Config::new(2);
        let process = |rs: &[Raw]| {
            rs.iter()
                .map(|r| Done {
                    number: r.number,
                    line: None,
                    stats: Stats::default(),
                })
                .collect()
        };
        let mut batches = 0;
        let mut pushed = 0u64;
        run(
            cfg,
            |f| {
                for n in 1..=1_000_000 {
                    pushed = n;
                    if !f.push(raw(n)) {
                        break;
                    }
                }
            },
            &process,
            |_| {
                batches += 1;
                batches < 3
            },
        );
        assert_eq!(batches, 3);
        assert!(pushed < 1_000_000, "the reader was not stopped");
    }

    #[test]
    fn a_panic_becomes_an_error_record() {
        let process = |rs: &[Raw]| {
            rs.iter()
                .map(|r| {
                    if r.number == 2 {
                        panic!("boom");
                    }
                    Done {
                        number: r.number,
                        line: Some("ok".into()),
                        stats: Stats::default(),
                    }
                })
                .collect()
        };
        let mut lines = Vec::new();
        let prev = std::panic::take_hook();
        std::panic::set_hook(Box::new(|_| {}));
        run(
            Config::new(2),
            |f| {
                for n in 1..=3 {
                    f.push(raw(n));
                }
            },
            &process,
            |b| {
                lines.extend(b.into_iter().map(|d| d.line.unwrap()));
                true
            },
        );
        std::panic::set_hook(prev);
        assert_eq!(lines.len(), 3);
        assert!(lines[1].contains("internal error") && lines[1].contains("boom"));
    }
}
