//! Progress on stderr: an indicatif bar when stderr is a terminal (records,
//! records/s, MB/s, ETA from the compressed bytes read out of the total
//! input size), a plain line every few seconds when `--progress` forces it
//! on a pipe or log file, nothing otherwise.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

pub enum Mode {
    Off,
    Bar,
    Lines,
}

pub struct Progress {
    bar: Option<ProgressBar>,
    lines: bool,
    start: Instant,
    last: Instant,
    /// Compressed bytes read so far (shared with the reader).
    pub read: Arc<AtomicU64>,
    total: Option<u64>,
}

impl Progress {
    /// `total`: the summed size of the input files, when known.
    pub fn new(mode: Mode, total: Option<u64>) -> Progress {
        let read = Arc::new(AtomicU64::new(0));
        let now = Instant::now();
        let bar = match mode {
            Mode::Bar => {
                let pb = match total {
                    Some(t) => ProgressBar::with_draw_target(Some(t), ProgressDrawTarget::stderr()),
                    None => ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()),
                };
                let style = match total {
                    Some(_) => ProgressStyle::with_template(
                        "{bar:20.cyan/blue} {percent:>3}% {msg} ETA {eta}",
                    ),
                    None => ProgressStyle::with_template("{spinner} {msg} {elapsed}"),
                };
                if let Ok(s) = style {
                    pb.set_style(s.progress_chars("█▉▊▋▌▍▎▏ "));
                }
                pb.enable_steady_tick(Duration::from_millis(200));
                Some(pb)
            }
            _ => None,
        };
        Progress {
            bar,
            lines: matches!(mode, Mode::Lines),
            start: now,
            last: now,
            read,
            total,
        }
    }

    fn message(&self, records: u64, text_bytes: u64) -> String {
        let secs = self.start.elapsed().as_secs_f64().max(1e-9);
        format!(
            "{records} records, {:.0}/s, {:.1} MB/s",
            records as f64 / secs,
            text_bytes as f64 / 1e6 / secs
        )
    }

    /// Called by the writer after each batch.
    pub fn update(&mut self, records: u64, text_bytes: u64) {
        if let Some(pb) = &self.bar {
            pb.set_position(self.read.load(Ordering::Relaxed));
            pb.set_message(self.message(records, text_bytes));
        } else if self.lines && self.last.elapsed() >= Duration::from_secs(5) {
            self.last = Instant::now();
            let pos = self.read.load(Ordering::Relaxed);
            let of = match self.total {
                Some(t) if t > 0 => format!(" ({:.1}% of input)", 100.0 * pos as f64 / t as f64),
                _ => String::new(),
            };
            let _ = writeln!(
                std::io::stderr(),
                "progress: {}{of}",
                self.message(records, text_bytes)
            );
        }
    }

    pub fn finish(&mut self) {
        if let Some(pb) = self.bar.take() {
            pb.finish_and_clear();
        }
    }
}
