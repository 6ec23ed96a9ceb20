//! The floor for `crisisdb sql ... --format csv`: the least a Rust program does to stream a
//! query's rows from SQLite to CSV on stdout (rusqlite, the csv crate, one buffered writer, no
//! checks and no options). benches/run compares crisisdb's export with it.
//!
//! ```sh
//! cargo run --release --example floor_csv -- DB "select * from events" > /dev/null
//! ```

use std::io::{self, BufWriter};

use anyhow::{Context, Result, bail};
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags};

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [db, sql] = args.as_slice() else {
        bail!("usage: floor_csv DB SQL");
    };
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(db, flags).with_context(|| format!("opening {db}"))?;
    let mut stmt = conn.prepare(sql)?;
    let n = stmt.column_count();
    let mut w = csv::Writer::from_writer(BufWriter::with_capacity(64 * 1024, io::stdout().lock()));
    w.write_record(stmt.column_names())?;
    let mut rows = stmt.raw_query();
    let mut num = itoa::Buffer::new();
    while let Some(row) = rows.next()? {
        for i in 0..n {
            match row.get_ref_unwrap(i) {
                ValueRef::Null => w.write_field(b"")?,
                ValueRef::Integer(v) => w.write_field(num.format(v))?,
                ValueRef::Real(v) => w.write_field(format!("{v:?}"))?,
                ValueRef::Text(t) | ValueRef::Blob(t) => w.write_field(t)?,
            }
        }
        w.write_record(None::<&[u8]>)?;
    }
    w.flush()?;
    Ok(())
}
