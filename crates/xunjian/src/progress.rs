//! The progress bar of an inspection on a terminal: pages done and queued, request rate,
//! errors. Hidden when stderr is not a terminal (CI, pipes).

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::atomic::{AtomicU64, Ordering};
use xunjian_store::PageRow;

/// A progress display (or nothing).
pub struct Progress {
    bar: Option<ProgressBar>,
    done: AtomicU64,
    errors: AtomicU64,
}

impl Progress {
    /// A progress bar for the crawl of `site`, shown only when asked and on a terminal.
    pub fn new(show: bool, site: &str) -> Progress {
        let bar = (show && std::io::stderr().is_terminal()).then(|| {
            let bar = ProgressBar::with_draw_target(Some(1), ProgressDrawTarget::stderr_with_hz(8));
            bar.set_style(
                ProgressStyle::with_template("{spinner} {prefix} [{bar:30}] {pos}/{len} 已完成 · {msg} · {elapsed}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar())
                    .progress_chars("=> "),
            );
            bar.set_prefix(site.to_string());
            bar
        });
        Progress { bar, done: AtomicU64::new(0), errors: AtomicU64::new(0) }
    }

    /// One URL done; `pending` still queued or in flight.
    pub fn done(&self, page: &PageRow, pending: usize, requests: u64) {
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        if page.error.is_some() || page.status >= 400 {
            self.errors.fetch_add(1, Ordering::Relaxed);
        }
        if let Some(bar) = &self.bar {
            bar.set_length(done + pending as u64);
            bar.set_position(done);
            let secs = bar.elapsed().as_secs_f64().max(0.001);
            bar.set_message(format!(
                "{requests} 请求 ({:.0}/s) · {} 错误",
                requests as f64 / secs,
                self.errors.load(Ordering::Relaxed)
            ));
        }
    }

    /// Clears the bar.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
