//! The database file: the one place that opens it (pragmas, migrations), builds it atomically
//! from a `SeedSet`, and makes sure a query never runs on a database built from other seeds
//! than this binary's without saying so.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};
use rusqlite::{Connection, OpenFlags, OptionalExtension};

use crate::load::{self, Counts, LoadFailure};
use crate::seeds::{EMBEDDED_ORIGIN, SeedSet};

mod embedded {
    refinery::embed_migrations!("migrations");
}

/// The newest schema version this binary knows.
pub fn schema_version() -> i32 {
    embedded::migrations::runner()
        .get_migrations()
        .iter()
        .map(|m| m.version())
        .max()
        .unwrap_or(0)
}

fn pragmas(conn: &Connection) -> Result<()> {
    conn.pragma_update(None, "foreign_keys", true)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    Ok(())
}

/// Opens `path` for writing and brings its schema to the latest version.
pub fn open_and_migrate(path: &Path) -> Result<Connection> {
    let mut conn = Connection::open(path).with_context(|| format!("opening {}", path.display()))?;
    pragmas(&conn)?;
    migrate(&mut conn, path)?;
    Ok(conn)
}

fn migrate(conn: &mut Connection, path: &Path) -> Result<()> {
    embedded::migrations::runner()
        .run(conn)
        .with_context(|| format!("migrating {}", path.display()))?;
    Ok(())
}

/// Opens an existing database read-only (or read-write with `write`), without migrating.
pub fn open_existing(path: &Path, write: bool) -> Result<Connection> {
    let flags = if write {
        OpenFlags::SQLITE_OPEN_READ_WRITE
    } else {
        OpenFlags::SQLITE_OPEN_READ_ONLY
    } | OpenFlags::SQLITE_OPEN_NO_MUTEX
        | OpenFlags::SQLITE_OPEN_URI;
    let conn = Connection::open_with_flags(path, flags)
        .with_context(|| format!("opening {}", path.display()))?;
    pragmas(&conn)?;
    Ok(conn)
}

/// What a successful build made.
pub struct Built {
    pub counts: Counts,
    pub digest: String,
}

/// Builds a complete database from `seeds` into a temporary file beside `target`, and renames
/// it over `target` only when everything loaded. On any error `target` is left as it was.
pub fn build(seeds: &SeedSet, target: &Path) -> Result<Built> {
    let dir = parent_dir(target);
    if !dir.is_dir() {
        bail!(
            "cannot build {}: folder {} does not exist",
            target.display(),
            dir.display()
        );
    }
    let name = target
        .file_name()
        .ok_or_else(|| anyhow!("{} is not a file path", target.display()))?
        .to_string_lossy()
        .into_owned();
    let tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}.build-"))
        .tempfile_in(&dir)
        .with_context(|| format!("cannot write in {}", dir.display()))?;
    let digest = seeds.digest();
    let counts = {
        let mut conn = Connection::open(tmp.path())
            .with_context(|| format!("opening {}", tmp.path().display()))?;
        pragmas(&conn)?;
        // the file is thrown away on failure, so it needs no journal and no sync while it is
        // built, migrations included (the file is synced once, before it is renamed into place)
        conn.pragma_update(None, "journal_mode", "OFF")?;
        conn.pragma_update(None, "synchronous", "OFF")?;
        // indexes of a large build outgrow SQLite's default 2 MiB page cache, and every page
        // evicted is written and read again (64 MiB: ~7% faster at 100,000 events; more than
        // that gained nothing)
        conn.pragma_update(None, "cache_size", -65536)?;
        migrate(&mut conn, tmp.path())?;
        // the loader checks every reference itself (and reports it against its seed line), and
        // `foreign_key_check` below proves the finished file: SQLite's per-row enforcement
        // would look each parent up a third time, at random places of large indexes
        conn.pragma_update(None, "foreign_keys", false)?;
        let tx = conn.transaction()?;
        let counts = match load::load(seeds, &tx) {
            Ok(c) => c,
            Err(LoadFailure::Seeds(errors)) => return Err(errors.into()),
            Err(LoadFailure::Sql(e)) => return Err(anyhow!(e).context("loading the seeds")),
        };
        let mut info = tx.prepare("INSERT INTO build_info (key, value) VALUES (?1, ?2)")?;
        for (k, v) in [
            ("crisisdb_version", env!("CARGO_PKG_VERSION")),
            ("seeds_sha256", digest.as_str()),
            ("seeds_origin", seeds.origin()),
        ] {
            info.execute([k, v])?;
        }
        drop(info);
        tx.execute_batch(include_str!("../sql/internal/rebuild_fts.sql"))?;
        tx.commit()?;
        let problems: Vec<String> = conn
            .prepare("PRAGMA foreign_key_check")?
            .query_map([], |r| Ok(format!("{}: {:?}", r.get::<_, String>(0)?, r.get::<_, Option<i64>>(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        if !problems.is_empty() {
            bail!("the built database fails its foreign keys: {}", problems.join(", "));
        }
        // a fresh build has free pages only where the full-text rebuild merged segments (under
        // 2% of the file at 100,000 events); a VACUUM copies the whole file to reclaim them,
        // which is worth its time only when they are a real share of it
        let free: i64 = conn.pragma_query_value(None, "freelist_count", |r| r.get(0))?;
        let pages: i64 = conn.pragma_query_value(None, "page_count", |r| r.get(0))?;
        if free * 10 > pages {
            conn.execute_batch("VACUUM")?;
        }
        conn.pragma_update(None, "journal_mode", "DELETE")?;
        conn.close().map_err(|(_, e)| e)?;
        counts
    };
    // a temporary file is private (0600); the database should read like any file the user
    // makes, or keep the permissions of the one it replaces
    let perms = match fs::metadata(target) {
        Ok(m) => m.permissions(),
        Err(_) => default_permissions(),
    };
    fs::set_permissions(tmp.path(), perms)?;
    tmp.as_file().sync_all()?;
    tmp.persist(target)
        .with_context(|| format!("replacing {}", target.display()))?;
    if let Ok(d) = fs::File::open(&dir) {
        let _ = d.sync_all();
    }
    remove_stale_builds(&dir, &name);
    Ok(Built { counts, digest })
}

#[cfg(unix)]
fn default_permissions() -> fs::Permissions {
    use std::os::unix::fs::PermissionsExt;
    fs::Permissions::from_mode(0o644)
}

#[cfg(not(unix))]
fn default_permissions() -> fs::Permissions {
    fs::Permissions::from(std::fs::metadata(".").expect("cwd").permissions())
}

fn parent_dir(target: &Path) -> PathBuf {
    match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Removes temporary files of builds that were killed before they could clean up. A build
/// still running elsewhere keeps its file open and renames it when done; only files untouched
/// for a minute are taken as dead.
fn remove_stale_builds(dir: &Path, name: &str) {
    let prefix = format!(".{name}.build-");
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let stale = e
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age.as_secs() > 60);
        if e.file_name().to_string_lossy().starts_with(&prefix) && stale {
            let _ = fs::remove_file(e.path());
        }
    }
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
        .query_row("SELECT value FROM build_info WHERE key = ?1", [key], |r| r.get(0))
        .optional()?)
}

/// Makes sure `path` holds a database built from the seeds a query should see: builds it from
/// the embedded seeds if it does not exist, and rebuilds it (saying so) if it was built from an
/// older embedded seed set. A database built from a user's own seeds is left alone.
pub fn ensure_current(path: &Path) -> Result<()> {
    let embedded = SeedSet::embedded();
    if !path.exists() {
        eprintln!(
            "crisisdb: {} does not exist; building it from the embedded seeds",
            path.display()
        );
        build(&embedded, path)?;
        return Ok(());
    }
    let conn = open_existing(path, false)?;
    let origin = build_info(&conn, "seeds_origin")?;
    let digest = build_info(&conn, "seeds_sha256")?;
    let version: i32 = conn
        .query_row("SELECT coalesce(max(version), 0) FROM refinery_schema_history", [], |r| r.get(0))
        .unwrap_or(0);
    drop(conn);
    let old_schema = version < schema_version();
    match (origin.as_deref(), digest) {
        (None, _) | (_, None) => bail!(
            "{} is not a crisisdb database (no build_info); run `crisisdb --db {} build` to make one, or name another with --db",
            path.display(),
            path.display()
        ),
        (Some(EMBEDDED_ORIGIN), Some(d)) if d != embedded.digest() || old_schema => {
            eprintln!(
                "crisisdb: {} was built by another version of crisisdb (other seeds or schema); rebuilding it from the embedded seeds",
                path.display()
            );
            build(&embedded, path)?;
            Ok(())
        }
        (Some(origin), _) if old_schema => bail!(
            "{} (built from {origin}) has schema version {version}, older than this crisisdb's {}; run `crisisdb --db {} migrate`",
            path.display(),
            schema_version(),
            path.display()
        ),
        _ => Ok(()),
    }
}
