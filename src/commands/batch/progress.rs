//! The progress bar of a batch: drawn on stderr by indicatif, only when the
//! caller says stderr is a terminal and `--quiet` is not given, and only
//! once a batch has run for a moment (a quick batch never flashes one).

use indicatif::{ProgressBar, ProgressStyle};
use std::time::{Duration, Instant};

/// How long a batch runs before its progress bar appears.
const DELAY: Duration = Duration::from_millis(300);

/// Progress through the inputs, by bytes when their size is known.
pub struct Progress {
    enabled: bool,
    total: Option<u64>,
    started: Instant,
    bar: Option<ProgressBar>,
    bytes: u64,
    answers: u64,
}

impl Progress {
    /// A progress display; `total` is the input size in bytes, if known.
    pub fn new(enabled: bool, total: Option<u64>) -> Progress {
        Progress {
            enabled,
            total,
            started: Instant::now(),
            bar: None,
            bytes: 0,
            answers: 0,
        }
    }

    /// Counts answers done (graded or skipped) and the input bytes they took.
    pub fn advance(&mut self, answers: u64, bytes: u64) {
        if !self.enabled {
            return;
        }
        self.bytes += bytes;
        self.answers += answers;
        if self.bar.is_none() && self.started.elapsed() >= DELAY {
            self.bar = Some(self.make_bar());
        }
        if let Some(bar) = &self.bar {
            bar.set_position(self.bytes);
            bar.set_message(format!("{} answers", self.answers));
        }
    }

    fn make_bar(&self) -> ProgressBar {
        let (bar, template) = match self.total {
            Some(total) => (
                ProgressBar::new(total),
                "{spinner} {wide_bar} {percent:>3}% {msg} [{elapsed_precise}, about {eta} left]",
            ),
            None => (
                ProgressBar::new_spinner(),
                "{spinner} {msg} [{elapsed_precise}]",
            ),
        };
        if let Ok(style) = ProgressStyle::with_template(template) {
            bar.set_style(style.progress_chars("█▉▊▋▌▍▎▏ "));
        }
        bar.enable_steady_tick(Duration::from_millis(120));
        bar
    }

    /// Runs `f` (which writes to stderr) with the bar cleared out of its way.
    pub fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        match &self.bar {
            Some(bar) => bar.suspend(f),
            None => f(),
        }
    }

    /// Removes the bar.
    pub fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}
