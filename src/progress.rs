//! A progress line for long work, on a terminal only: `building crisisdb.db ... 2.4s`, redrawn
//! in place with `\r` and wiped when the work ends. Nothing is drawn when standard error is
//! not a terminal (a log, a pipe, CI) or with `--quiet`, so redirected output stays clean.

use std::io::{self, IsTerminal, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Work shorter than this shows nothing.
const DELAY: Duration = Duration::from_millis(100);
const TICK: Duration = Duration::from_millis(50);

/// A running progress line; it is wiped when dropped or `done`.
pub struct Progress {
    running: Option<(Arc<AtomicBool>, JoinHandle<()>)>,
}

impl Progress {
    /// Starts a progress line saying `label`, if standard error is a terminal and not `quiet`.
    pub fn start(label: impl Into<String>, quiet: bool) -> Progress {
        if quiet || !io::stderr().is_terminal() {
            return Progress { running: None };
        }
        let label = label.into();
        let stop = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stop);
        let thread = std::thread::spawn(move || {
            let start = Instant::now();
            let mut drawn = 0;
            while !flag.load(Ordering::Relaxed) {
                std::thread::sleep(TICK);
                let elapsed = start.elapsed();
                if elapsed >= DELAY && !flag.load(Ordering::Relaxed) {
                    let line = format!("{label} ... {:.1}s", elapsed.as_secs_f64());
                    drawn = line.chars().count();
                    let _ = write!(io::stderr().lock(), "\r{line}");
                }
            }
            if drawn > 0 {
                let _ = write!(io::stderr().lock(), "\r{}\r", " ".repeat(drawn));
            }
        });
        Progress {
            running: Some((stop, thread)),
        }
    }

    /// Ends the line, wiping it, before the command prints its own summary.
    pub fn done(mut self) {
        self.stop();
    }

    fn stop(&mut self) {
        if let Some((stop, thread)) = self.running.take() {
            stop.store(true, Ordering::Relaxed);
            let _ = thread.join();
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.stop();
    }
}
