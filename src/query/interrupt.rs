//! Ctrl-C, in one place: the handler is installed once and interrupts the query that runs on
//! the connection opened last; an error that Ctrl-C caused becomes `Interrupted`, which the
//! command line turns into exit code 130 (128 + SIGINT, as shells report it).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, Once};

use rusqlite::{Connection, InterruptHandle};

/// The exit code of a command stopped by Ctrl-C.
pub const EXIT_CODE: u8 = 130;

/// Set when Ctrl-C arrived.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);
/// The connection Ctrl-C interrupts.
static TARGET: Mutex<Option<InterruptHandle>> = Mutex::new(None);
static ARMED: Once = Once::new();

/// Makes Ctrl-C interrupt the queries of `conn` (instead of killing the process), so the
/// command can clean up (a half-written `--output` file is removed) and exit 130.
pub fn arm(conn: &Connection) {
    *TARGET.lock().unwrap_or_else(|e| e.into_inner()) = Some(conn.get_interrupt_handle());
    ARMED.call_once(|| {
        // fails only if another handler is installed; then that one keeps Ctrl-C
        let _ = ctrlc::set_handler(|| {
            INTERRUPTED.store(true, Ordering::SeqCst);
            if let Some(h) = TARGET.lock().unwrap_or_else(|e| e.into_inner()).as_ref() {
                h.interrupt();
            }
        });
    });
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

/// Gives `Interrupted` for an error that happened because Ctrl-C was pressed, else `e`.
pub fn mark(e: anyhow::Error) -> anyhow::Error {
    if INTERRUPTED.load(Ordering::SeqCst) {
        anyhow::Error::new(Interrupted)
    } else {
        e
    }
}

/// The exit code for `e` if Ctrl-C caused it.
pub fn exit_code(e: &anyhow::Error) -> Option<u8> {
    e.is::<Interrupted>().then_some(EXIT_CODE)
}
