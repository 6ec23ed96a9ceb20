//! The database file: the one place that opens it (pragmas, migrations), builds it atomically
//! from a `SeedSet`, and makes sure a query never runs on a database built from other seeds
//! than this binary's without saying so.

use std::fs;
use std::path::Path;

use anyhow::{Context, Result, anyhow, bail};
use rusqlite::{Connection, OpenFlags, OptionalExtension};

use crate::fsutil;
use crate::load::{self, Counts, LoadFailure, SeedErrors};
use crate::seeds::{self, EMBEDDED_ORIGIN, Fingerprint, SeedSet};

mod embedded {
    refinery::embed_migrations!("migrations");
}

include!(concat!(env!("OUT_DIR"), "/schema_version.rs"));

/// The newest schema version this binary knows: its newest migration, counted at compile time.
pub fn schema_version() -> i32 {
    SCHEMA_VERSION
}

/// The schema version of the database `conn` is open on: the newest migration its history
/// records, 0 for a file with no history (one query, no refinery).
pub fn version_of(conn: &Connection) -> Result<i32> {
    let has_history: bool = conn.query_row(
        "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'refinery_schema_history'",
        [],
        |r| r.get(0),
    )?;
    if !has_history {
        return Ok(0);
    }
    check_history(conn)?;
    Ok(conn.query_row(
        "SELECT coalesce(max(version), 0) FROM refinery_schema_history",
        [],
        |r| r.get(0),
    )?)
}

/// Refuses a migration history that refinery could not read: it panics on an `applied_on`
/// that is not an RFC 3339 time or a checksum that is not a number. Names the first bad row.
fn check_history(conn: &Connection) -> Result<()> {
    const COLUMNS: [&str; 4] = ["version", "name", "applied_on", "checksum"];
    let columns: Vec<String> = conn
        .prepare("SELECT name FROM pragma_table_info('refinery_schema_history') ORDER BY cid")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if columns != COLUMNS {
        bail!(
            "the migration history (table refinery_schema_history) has columns ({}), not ({}); it was not written by crisisdb",
            columns.join(", "),
            COLUMNS.join(", ")
        );
    }
    let mut stmt = conn.prepare(
        "SELECT rowid, version, typeof(version), typeof(name), applied_on, checksum FROM refinery_schema_history",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let bad = |what: String| -> Result<()> {
            bail!(
                "the migration history (table refinery_schema_history, row {}) is damaged: {what}",
                r.get::<_, i64>(0).unwrap_or(0)
            )
        };
        let version = r.get_ref(1)?;
        let applied_on: Option<String> = r.get(4).ok();
        let checksum: Option<String> = r.get(5).ok();
        if r.get::<_, String>(2)? != "integer"
            || !matches!(version.as_i64(), Ok(v) if (1..=i32::MAX as i64).contains(&v))
        {
            bad(format!(
                "version {} is not a migration number",
                show(version)
            ))?;
        } else if r.get::<_, String>(3)? != "text" {
            bad("its name is not text".into())?;
        } else if applied_on.as_deref().is_none_or(|a| {
            time::OffsetDateTime::parse(a, &time::format_description::well_known::Rfc3339).is_err()
        }) {
            bad(format!(
                "applied_on {} is not an RFC 3339 time",
                show(r.get_ref(4)?)
            ))?;
        } else if checksum
            .as_deref()
            .is_none_or(|c| c.parse::<u64>().is_err())
        {
            bad(format!("checksum {} is not a number", show(r.get_ref(5)?)))?;
        }
    }
    Ok(())
}

/// A value of the database in a message: quoted, cut and with control characters escaped.
fn show(v: rusqlite::types::ValueRef<'_>) -> String {
    use rusqlite::types::ValueRef;
    let text = match v {
        ValueRef::Null => return "NULL".into(),
        ValueRef::Integer(i) => return i.to_string(),
        ValueRef::Real(f) => return f.to_string(),
        ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
        ValueRef::Blob(b) => format!("x'{}'", crate::seeds::hex(&b[..b.len().min(32)])),
    };
    let cut: String = text.chars().take(60).collect();
    format!("{:?}", cut)
}

fn pragmas(conn: &Connection) -> Result<()> {
    conn.pragma_update(None, "foreign_keys", true)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    Ok(())
}

/// Brings the existing crisisdb database at `path` to the latest schema; refuses a file that
/// is not one (another program's SQLite database is left untouched) or that a newer crisisdb
/// made. Returns the version it was at.
pub fn migrate_existing(path: &Path) -> Result<i32> {
    let mut conn = open_existing(path, true)?;
    let from = crisisdb_version_of(&conn, path)?;
    if from > schema_version() {
        bail!(
            "{} has schema version {from}, newer than this crisisdb's {}; use a newer crisisdb",
            path.display(),
            schema_version()
        );
    }
    migrate(&mut conn, path)?;
    // a migrate killed between the migrations and the derivation left the tables empty
    let mut underived = false;
    for d in DERIVED {
        let empty: bool = conn.query_row(
            &format!(
                "SELECT NOT EXISTS (SELECT 1 FROM {}) AND EXISTS ({})",
                d.table, d.rows
            ),
            [],
            |r| r.get(0),
        )?;
        underived |= empty;
    }
    if from < schema_version() || underived {
        let tx = conn.transaction()?;
        derive(&tx).with_context(|| format!("migrating {}", path.display()))?;
        tx.commit()?;
        // tables made again (V4) leave the pages of the old ones free
        compact(&conn)?;
    }
    Ok(from)
}

/// A table derived from the others: computed once, since the database is written once, and
/// proved by `crisisdb check` against the query that makes its rows (one definition, used for
/// both).
pub struct Derived {
    pub table: &'static str,
    /// its columns, in the order of the query's
    pub columns: &'static str,
    /// the query that makes its rows
    pub rows: &'static str,
}

/// The derived tables (migrations V5 and V7).
pub const DERIVED: &[Derived] = &[
    Derived {
        table: "disputed_facts",
        columns: "fact_id, dispute_id",
        rows: include_str!("../sql/internal/derive_disputed_facts.sql"),
    },
    Derived {
        table: "fact_ref_index",
        columns: "fact_id, kind, ref",
        rows: include_str!("../sql/internal/derive_fact_ref_index.sql"),
    },
    Derived {
        table: "shared_spans",
        columns: "excerpt_id, excerpts",
        rows: include_str!("../sql/internal/derive_shared_spans.sql"),
    },
];

/// Fills the tables derived from the others: after a build has loaded the seeds, and after a
/// migration.
fn derive(conn: &Connection) -> Result<()> {
    for d in DERIVED {
        conn.execute(&format!("DELETE FROM {}", d.table), [])?;
        conn.execute(
            &format!("INSERT INTO {} ({}) {}", d.table, d.columns, d.rows),
            [],
        )
        .with_context(|| format!("deriving {}", d.table))?;
    }
    Ok(())
}

/// The schema version of a crisisdb database; an error naming `path` for any other file.
fn crisisdb_version_of(conn: &Connection, path: &Path) -> Result<i32> {
    let name = path.display();
    // a file that is not SQLite at all fails here, with SQLite's words and the file's name
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .with_context(|| format!("reading {name}"))?;
    let has = |t: &str| tables.iter().any(|n| n == t);
    if !(has("refinery_schema_history") && has("build_info")) {
        bail!(
            "{name} is not a crisisdb database (it has no refinery_schema_history and build_info tables); \
             migrate changes only databases crisisdb built, and left it as it was"
        );
    }
    version_of(conn).with_context(|| format!("reading {name}"))
}

/// Runs the migrations this database lacks. Each runs in its own transaction with foreign keys
/// off, as SQLite's procedure for rebuilding a table asks (a table that others reference is
/// dropped and made again); the keys are proved to hold afterwards, if any ran.
fn migrate(conn: &mut Connection, path: &Path) -> Result<()> {
    conn.pragma_update(None, "foreign_keys", false)?;
    let ran = embedded::migrations::runner()
        .run(conn)
        .with_context(|| format!("migrating {}", path.display()));
    conn.pragma_update(None, "foreign_keys", true)?;
    if ran?.applied_migrations().is_empty() {
        return Ok(());
    }
    foreign_keys_hold(conn).with_context(|| format!("migrating {}", path.display()))
}

/// Opens an existing database read-only (or read-write with `write`), without migrating.
pub fn open_existing(path: &Path, write: bool) -> Result<Connection> {
    let flags = if write {
        OpenFlags::SQLITE_OPEN_READ_WRITE
    } else {
        OpenFlags::SQLITE_OPEN_READ_ONLY
    };
    // Pages are read through SQLite's page cache, not a memory map: a map would count every
    // page a query touches in the process's resident memory (exporting 1M events' CSV held
    // 471 MiB that way), where the cache keeps an export's memory flat.
    let conn = open_file(path, flags)?;
    pragmas(&conn)?;
    Ok(conn)
}

/// Opens the file at `path` as it is named, never as a URI or a special name: `file:x.db` and
/// `:memory:` are files in the current folder. The bundled SQLite is built with URI names on
/// for every open (`SQLITE_USE_URI`), whatever the flags say, so a relative path is given as
/// `./path`, which SQLite reads only as a file name.
fn open_file(path: &Path, flags: OpenFlags) -> Result<Connection> {
    let literal = if path.is_relative() {
        Path::new(".").join(path)
    } else {
        path.to_path_buf()
    };
    Connection::open_with_flags(&literal, flags | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .with_context(|| format!("opening {}", path.display()))
}

/// Sets SQLite up for this process: call it first thing, before any other thread starts and
/// before any connection. It turns off SQLite's memory statistics, which crisisdb never reads:
/// with them on, every allocation of SQLite takes a process-wide lock, and reading the schema,
/// which SQLite does before any statement (`select 1` too), allocates some 10,000 times (a
/// seventh of the instructions of `crisisdb sql "select 1"`).
pub fn configure_process() {
    // SAFETY: SQLITE_CONFIG_MEMSTATUS takes one int. sqlite3_config must not run while
    // another thread uses SQLite: the caller runs it before there is any other thread. Once
    // SQLite has started it refuses (SQLITE_MISUSE) and changes nothing, which is harmless.
    let _ = unsafe {
        rusqlite::ffi::sqlite3_config(rusqlite::ffi::SQLITE_CONFIG_MEMSTATUS, 0 as std::ffi::c_int)
    };
}

/// What a successful build made.
pub struct Built {
    pub counts: Counts,
    pub digest: String,
    /// the rows that break a rule of `crisisdb check` (warnings for a user's seeds; the
    /// embedded seeds may have none)
    pub findings: Vec<crate::load::findings::Finding>,
}

/// Builds a complete database from `seeds` into a temporary file beside `target`, and renames
/// it over `target` only when everything loaded. On any error `target` is left as it was.
pub fn build(seeds: &SeedSet, target: &Path) -> Result<Built> {
    let dir = fsutil::parent_dir(target);
    if !dir.is_dir() {
        bail!(
            "cannot build {}: folder {} does not exist; create it or name another --db",
            target.display(),
            dir.display()
        );
    }
    // a file that is not a database is someone's work, not an old build to replace
    if fs::metadata(target).is_ok_and(|m| m.is_file() && m.len() > 0) && !fsutil::is_sqlite(target)
    {
        bail!(
            "{} exists and is not a SQLite database; crisisdb builds only over a database: name another --db, or move the file away",
            target.display()
        );
    }
    // a symbolic link is kept and the database it names rebuilt; what killed builds left
    // beside it is removed first, or it would pile up and take the space this one needs
    let tmp = fsutil::Replacement::new(target, fsutil::Kind::Build)?;
    let fingerprint = seeds.fingerprint()?;
    let (counts, findings) = fill(seeds, tmp.path(), &fingerprint).map_err(|e| {
        let target = target.display();
        if e.is::<SeedErrors>() {
            e
        } else if no_room(&e) {
            e.context(format!("building {target} failed: no room to write the new database beside it (a full disk, or a limit on file size); {target} was left as it was"))
        } else {
            e.context(format!("building {target} failed; {target} was left as it was"))
        }
    })?;
    // the embedded dataset must keep every rule; a failing one leaves `target` as it was
    if !findings.is_empty() && seeds.origin() == EMBEDDED_ORIGIN {
        let list: Vec<String> = findings.iter().map(|f| format!("  {f}")).collect();
        bail!(
            "the embedded dataset breaks {} rule(s) of `crisisdb check`; {} was left as it was:\n{}",
            findings.len(),
            target.display(),
            list.join("\n")
        );
    }
    // the new file keeps the permissions of the one it replaces, or gets the usual ones
    tmp.commit()?;
    Ok(Built {
        counts,
        digest: fingerprint.digest,
        findings,
    })
}

/// Whether `e` comes from a write that found no room: a full disk or a file size limit.
fn no_room(e: &anyhow::Error) -> bool {
    use std::io::ErrorKind;
    e.chain().any(|cause| {
        if let Some(rusqlite::Error::SqliteFailure(f, _)) = cause.downcast_ref() {
            return f.code == rusqlite::ErrorCode::DiskFull
                || f.extended_code == rusqlite::ffi::SQLITE_IOERR_WRITE;
        }
        cause.downcast_ref::<std::io::Error>().is_some_and(|io| {
            matches!(
                io.kind(),
                ErrorKind::StorageFull | ErrorKind::FileTooLarge | ErrorKind::QuotaExceeded
            )
        })
    })
}

/// The page cache of a build, in KiB (see `fill`).
const BUILD_CACHE_KIB: i64 = 32 * 1024;

/// Loads `seeds` into the new database file at `path`: schema, rows, build info, search index;
/// gives the row counts and the rows that break a rule of `crisisdb check`.
fn fill(
    seeds: &SeedSet,
    path: &Path,
    fingerprint: &Fingerprint,
) -> Result<(Counts, Vec<crate::load::findings::Finding>)> {
    let mut conn = open_file(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
    )?;
    pragmas(&conn)?;
    // the file is thrown away on failure, so it needs no journal and no sync while it is
    // built, migrations included (the file is synced once, before it is renamed into place)
    conn.pragma_update(None, "journal_mode", "OFF")?;
    conn.pragma_update(None, "synchronous", "OFF")?;
    // indexes of a large build outgrow SQLite's default 2 MiB page cache, and every page
    // evicted is written and read again (64 MiB was ~7% faster than 2 MiB at 100,000 events,
    // and more gained nothing); 32 MiB keeps the build's peak memory under 150 MiB there
    conn.pragma_update(None, "cache_size", -BUILD_CACHE_KIB)?;
    migrate(&mut conn, path)?;
    // the loader checks every reference itself (and reports it against its seed line), and
    // `foreign_keys_hold` below proves the finished file: SQLite's per-row enforcement would
    // look each parent up a third time, at random places of large indexes
    conn.pragma_update(None, "foreign_keys", false)?;
    let tx = conn.transaction()?;
    let indexes = Indexes::drop(&tx)?;
    let counts = load_in(seeds, &tx)?;
    indexes.create(&tx)?;
    let mut info = tx.prepare("INSERT INTO build_info (key, value) VALUES (?1, ?2)")?;
    let files = serde_json::to_string(&fingerprint.files)?;
    for (k, v) in [
        ("crisisdb_version", env!("CARGO_PKG_VERSION")),
        ("seeds_sha256", fingerprint.digest.as_str()),
        ("seeds_origin", seeds.origin()),
        ("seed_files", files.as_str()),
    ] {
        info.execute([k, v])?;
    }
    drop(info);
    derive(&tx)?;
    tx.execute_batch(include_str!("../sql/internal/rebuild_fts.sql"))?;
    tx.commit()?;
    foreign_keys_hold(&conn)?;
    let findings = crate::load::findings::findings(&conn)?;
    // a fresh build has free pages only where the full-text rebuild merged segments (under
    // 2% of the file at 100,000 events)
    compact(&conn)?;
    conn.pragma_update(None, "journal_mode", "DELETE")?;
    conn.close().map_err(|(_, e)| e)?;
    Ok((counts, findings))
}

/// Reclaims the free pages of the file when they are a real share of it (over 10%): a VACUUM
/// copies the whole file, which is worth its time only then.
fn compact(conn: &Connection) -> Result<()> {
    let free: i64 = conn.pragma_query_value(None, "freelist_count", |r| r.get(0))?;
    let pages: i64 = conn.pragma_query_value(None, "page_count", |r| r.get(0))?;
    if free * 10 > pages {
        conn.execute_batch("VACUUM")?;
    }
    Ok(())
}

/// The secondary indexes (`CREATE INDEX` of the migrations) while a build fills the tables:
/// each row inserted into an indexed table also goes into each of its indexes at the place of its
/// key, a random place once an index outgrows the page cache; an index made after the rows sorts
/// them once and writes its pages in order. The indexes are dropped before the load and made
/// again from their own statements in `sqlite_master`, in their order, so their definitions stay
/// in the migrations. The unique indexes stay: they enforce the keys, and the loader looks its
/// rows up through them.
struct Indexes(Vec<String>);

impl Indexes {
    /// Drops the secondary indexes; gives the CREATE statement of each.
    fn drop(conn: &Connection) -> Result<Indexes> {
        let indexes: Vec<(String, String)> = conn
            .prepare(include_str!("../sql/internal/secondary_indexes.sql"))?
            .query_map([], |r| <(String, String)>::try_from(r))?
            .collect::<rusqlite::Result<_>>()?;
        let mut made = Vec::with_capacity(indexes.len());
        for (name, sql) in indexes {
            conn.execute_batch(&format!("DROP INDEX \"{}\"", name.replace('"', "\"\"")))?;
            made.push(sql);
        }
        Ok(Indexes(made))
    }

    /// Makes the indexes again, in their order (`crisisdb export` writes them in it).
    fn create(&self, conn: &Connection) -> Result<()> {
        for sql in &self.0 {
            conn.execute_batch(sql)
                .with_context(|| format!("making the index again: {sql}"))?;
        }
        Ok(())
    }
}

/// Runs the loader inside `tx`. Rows may name rows later in their file (a place's parent), so
/// foreign keys are checked at commit.
fn load_in(seeds: &SeedSet, tx: &rusqlite::Transaction) -> Result<Counts> {
    tx.pragma_update(None, "defer_foreign_keys", true)?;
    match load::load(seeds, tx) {
        Ok(c) => Ok(c),
        Err(LoadFailure::Seeds(errors)) => Err(errors.into()),
        Err(LoadFailure::Sql(e)) => Err(anyhow!(e).context("loading the seeds")),
    }
}

/// Fails if any row names a row that does not exist: the loader should have caught it.
fn foreign_keys_hold(conn: &Connection) -> Result<()> {
    let problems: Vec<String> = conn
        .prepare("PRAGMA foreign_key_check")?
        .query_map([], |r| {
            Ok(format!(
                "{}: {:?}",
                r.get::<_, String>(0)?,
                r.get::<_, Option<i64>>(1)?
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    if !problems.is_empty() {
        bail!(
            "the built database fails its foreign keys: {}",
            problems.join(", ")
        );
    }
    Ok(())
}

/// An empty database in memory with the latest schema, for `validate`.
pub fn in_memory() -> Result<Connection> {
    let mut conn = Connection::open_in_memory_with_flags(
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    pragmas(&conn)?;
    migrate(&mut conn, Path::new(":memory:"))?;
    Ok(conn)
}

/// An empty database with the latest schema for `validate`, in a temporary file that SQLite
/// deletes when it is closed: what does not fit its page cache goes to disk, so checking a large
/// seed set does not hold its rows in memory.
pub fn scratch() -> Result<Connection> {
    // an empty file name is SQLite's private temporary database
    let mut conn = Connection::open_with_flags(
        "",
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    pragmas(&conn)?;
    // the load is rolled back: a journal of the (nearly empty) file before it, kept in memory
    conn.pragma_update(None, "journal_mode", "MEMORY")?;
    conn.pragma_update(None, "synchronous", "OFF")?;
    // the build's page cache: with SQLite's default 2 MiB, the indexes of a large set spill
    // to the temporary file and are read back (at 1M events, more CPU than the build itself)
    conn.pragma_update(None, "cache_size", -BUILD_CACHE_KIB)?;
    migrate(&mut conn, Path::new("a scratch database"))?;
    // nothing reads the rows of a validation back through its secondary indexes
    Indexes::drop(&conn)?;
    Ok(conn)
}

/// Loads `seeds` into `conn` (an empty database of the latest schema, as `in_memory` gives)
/// and rolls it all back: the row counts a build would give, or every error of the seeds
/// (`SeedErrors`). Any other error is a fault of crisisdb, not of the seeds. The fuzz target
/// of the loader runs through here.
pub fn validate(seeds: &SeedSet, conn: &mut Connection) -> Result<Counts> {
    let tx = conn.transaction()?;
    let counts = load_in(seeds, &tx)?;
    foreign_keys_hold(&tx)?;
    // dropping `tx` rolls the load back
    Ok(counts)
}

/// A value of the database's `build_info`, if it has that table and key.
pub fn build_info(conn: &Connection, key: &str) -> Result<Option<String>> {
    let has_table: bool = conn.query_row(
        "SELECT count(*) > 0 FROM sqlite_master WHERE name = 'build_info'",
        [],
        |r| r.get(0),
    )?;
    if !has_table {
        return Ok(None);
    }
    Ok(conn
        .query_row("SELECT value FROM build_info WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?)
}

/// Opens the database at `path` for queries (read-only unless `write`), making sure it holds
/// a database built from the seeds a query should see: builds it from the embedded seeds if it
/// does not exist, and rebuilds it (saying so) if it was built from an older embedded seed set.
/// A database built from a user's own seeds is left alone. A current database is opened once.
pub fn open_current(path: &Path, write: bool) -> Result<Connection> {
    if !path.exists() {
        crate::note!(
            "crisisdb: {} does not exist; building it from the embedded seeds",
            path.display()
        );
        build(&SeedSet::embedded(), path)?;
        return open_existing(path, write);
    }
    let conn = open_existing(path, write)?;
    let reading = || format!("reading {}", path.display());
    let origin = build_info(&conn, "seeds_origin").with_context(reading)?;
    let digest = build_info(&conn, "seeds_sha256").with_context(reading)?;
    let version = match version_of(&conn) {
        Ok(v) => v,
        // the embedded seeds' database is rebuilt below; another is the user's to mend
        Err(_) if origin.as_deref() == Some(EMBEDDED_ORIGIN) => 0,
        Err(e) => return Err(e.context(reading())),
    };
    let old_schema = version < schema_version();
    match (origin.as_deref(), digest) {
        (None, _) | (_, None) => bail!(
            "{} is not a crisisdb database (no build_info); run `crisisdb --db {} build` to make one, or name another with --db",
            path.display(),
            path.display()
        ),
        (Some(EMBEDDED_ORIGIN), Some(d)) if d != seeds::embedded_digest() || old_schema => {
            drop(conn);
            crate::note!(
                "crisisdb: {} was built by another version of crisisdb (other seeds or schema); rebuilding it from the embedded seeds",
                path.display()
            );
            build(&SeedSet::embedded(), path)?;
            open_existing(path, write)
        }
        (Some(origin), _) if old_schema => bail!(
            "{} (built from {origin}) has schema version {version}, older than this crisisdb's {}; run `crisisdb --db {} migrate`",
            path.display(),
            schema_version(),
            path.display()
        ),
        _ => Ok(conn),
    }
}
