//! Ctrl-C and `--timeout`, in one place. The Ctrl-C handler is installed once, when a command
//! starts, and interrupts the query that runs on the connection opened last; an error that
//! Ctrl-C caused becomes `Interrupted`, which the command line turns into exit code 130 (128 +
//! SIGINT, as shells report it). Work that is not a query (a check of a large article, a
//! build) does not look at the flag: the handler ends the process with 130 if the command has
//! not stopped on its own within `GRACE`. A time limit is a timer thread that interrupts the
//! connection, which SQLite notices between any two steps of its program, also inside a
//! single row's work (a progress handler alone ran a 20 MB `printf` per row for 17 s).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, Once};
use std::time::{Duration, Instant};

use anyhow::Result;
use rusqlite::{Connection, InterruptHandle};

/// The exit code of a command stopped by Ctrl-C.
pub const EXIT_CODE: u8 = 130;

/// Set when Ctrl-C arrived.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);
/// Set when a `--timeout` ran out.
static TIMED_OUT: Mutex<Option<Duration>> = Mutex::new(None);
/// How long Ctrl-C waits for the command to stop by itself (and remove a half-written
/// output file) before it ends the process.
const GRACE: Duration = Duration::from_millis(600);
/// The connection Ctrl-C interrupts.
static TARGET: Mutex<Option<InterruptHandle>> = Mutex::new(None);
static ARMED: Once = Once::new();

/// Makes Ctrl-C stop the command with exit code 130: a query running on the connection given
/// to `arm` is interrupted (so the command can clean up: a half-written `--output` file is
/// removed), and whatever still runs after `GRACE` ends with the process.
pub fn install() {
    ARMED.call_once(|| {
        // fails only if another handler is installed; then that one keeps Ctrl-C
        let _ = ctrlc::set_handler(|| {
            INTERRUPTED.store(true, Ordering::SeqCst);
            if let Some(h) = TARGET.lock().unwrap_or_else(|e| e.into_inner()).as_ref() {
                h.interrupt();
            }
            std::thread::sleep(GRACE);
            std::process::exit(EXIT_CODE.into());
        });
    });
}

/// Makes Ctrl-C interrupt the queries of `conn` (see `install`).
pub fn arm(conn: &Connection) {
    *TARGET.lock().unwrap_or_else(|e| e.into_inner()) = Some(conn.get_interrupt_handle());
    install();
}

/// Interrupts the queries of `conn` once `limit` has passed from now. The timer thread fires
/// again every 50 ms afterwards, since an interrupt that comes between two statements is
/// forgotten by SQLite; it ends with the connection.
pub fn arm_timeout(conn: &Connection, limit: Duration) -> Result<()> {
    let handle = conn.get_interrupt_handle();
    let deadline = Instant::now() + limit;
    // the same limit for work between the timer's ticks
    conn.progress_handler(
        1_000,
        Some(move || {
            let late = Instant::now() >= deadline;
            if late {
                *TIMED_OUT.lock().unwrap_or_else(|e| e.into_inner()) = Some(limit);
            }
            late
        }),
    )?;
    std::thread::Builder::new()
        .name("timeout".into())
        .spawn(move || {
            loop {
                let now = Instant::now();
                if now >= deadline {
                    break;
                }
                std::thread::sleep(deadline - now);
            }
            *TIMED_OUT.lock().unwrap_or_else(|e| e.into_inner()) = Some(limit);
            // interrupting a closed connection does nothing; the process ends soon after
            for _ in 0..1200 {
                handle.interrupt();
                std::thread::sleep(Duration::from_millis(50));
            }
        })?;
    Ok(())
}

/// A query stopped by Ctrl-C: the process exits 130.
#[derive(Debug)]
pub struct Interrupted;

impl std::fmt::Display for Interrupted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("interrupted")
    }
}

impl std::error::Error for Interrupted {}

/// Gives `Interrupted` for an error that happened because Ctrl-C was pressed, an error that
/// names the time limit for one that `--timeout` caused, else `e`.
pub fn mark(e: anyhow::Error) -> anyhow::Error {
    if INTERRUPTED.load(Ordering::SeqCst) {
        return anyhow::Error::new(Interrupted);
    }
    let interrupted = e.chain().any(|c| {
        c.downcast_ref::<rusqlite::Error>()
            .and_then(rusqlite::Error::sqlite_error_code)
            == Some(rusqlite::ErrorCode::OperationInterrupted)
    });
    match *TIMED_OUT.lock().unwrap_or_else(|e| e.into_inner()) {
        Some(limit) if interrupted => anyhow::anyhow!(
            "the query ran past --timeout {} s and was stopped",
            limit.as_secs_f64()
        ),
        _ => e,
    }
}

/// The exit code for `e` if Ctrl-C caused it: it is `Interrupted`, or Ctrl-C came while any
/// work was under way (an error after it is the work being cut short).
pub fn exit_code(e: &anyhow::Error) -> Option<u8> {
    (e.is::<Interrupted>() || INTERRUPTED.load(Ordering::SeqCst)).then_some(EXIT_CODE)
}
