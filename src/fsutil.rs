//! The one way crisisdb writes a file or a folder: query output, the report page, Datasette
//! metadata, an export bundle, the database itself. A regular file is replaced whole: written
//! under an unpredictable name beside it, synced, then renamed over it. Anything else (a
//! terminal, a pipe, `/dev/null`) is written straight through, as the shell's `>` would.
//!
//! Every temporary file or folder is locked by the process that made it for as long as that
//! process lives, however it ends, so one whose lock is free was left by a run that was killed;
//! the next write in that folder removes it (`remove_stale`).

use std::fs::{self, File, OpenOptions, Permissions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};
use tempfile::{NamedTempFile, TempPath};

/// What a temporary file or folder is for: it is named `.NAME.<kind>-<random>` beside `NAME`.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A database being built.
    Build,
    /// Any other file: query output, the report page, Datasette metadata.
    Output,
    /// An export bundle being written.
    Export,
    /// The bundle an export replaces, on its way out.
    Old,
}

impl Kind {
    const ALL: [Kind; 4] = [Kind::Build, Kind::Output, Kind::Export, Kind::Old];

    fn tag(self) -> &'static str {
        match self {
            Kind::Build => "build",
            Kind::Output => "output",
            Kind::Export => "export",
            Kind::Old => "old",
        }
    }
}

/// A temporary name's tag for the instant before its lock is taken (see `claim`).
const NEW: &str = "new";
/// Random characters in a temporary name.
const RANDOM_LEN: usize = 6;
/// The files SQLite may keep beside a database file (a database being built has them too).
const SIDECARS: &[&str] = &["-journal", "-wal", "-shm"];
/// The first bytes of every SQLite database file.
const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// What a write must leave alone.
#[derive(Debug, Clone, Default)]
pub struct Guard {
    /// The database the command reads: never written over, whatever else is allowed. Compared
    /// by file identity, so another name or a symbolic link for it is refused too.
    pub database: Option<PathBuf>,
    /// Whether another SQLite database may be replaced (`--overwrite-database`).
    pub overwrite_database: bool,
}

/// A file being written: straight through to what is not a regular file, or a temporary
/// file that replaces the target on `commit`.
pub enum Writer {
    Through(File),
    Replace(Replacement),
}

impl Writer {
    /// Opens `path` for writing as `guard` allows. Nothing is replaced until `commit`.
    pub fn create(path: &Path, guard: &Guard) -> Result<Writer> {
        let (target, opened) = follow(path)?;
        let meta = match fs::metadata(&target) {
            Ok(m) => m,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Ok(Writer::Replace(Replacement::at(target, Kind::Output)?));
            }
            Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
        };
        if meta.is_dir() {
            bail!("{} is a folder; name a file to write", path.display());
        }
        if let Some(db) = &guard.database
            && is_same_file(&target, db)
        {
            bail!(
                "refusing to write over {}: it is the database this command reads (--db {})",
                path.display(),
                db.display()
            );
        }
        if !meta.is_file() || opened {
            // a terminal, a pipe, a device, or a file some process has open (`/dev/stdout` to a
            // file): written into, never replaced; a file is added to, so nothing in it is lost
            let file = match inherited(&meta) {
                // our own standard output (`/dev/stdout`): written at its place, as the shell's
                // own output is
                Some(f) => f,
                None => OpenOptions::new()
                    .write(true)
                    .append(meta.is_file())
                    .open(&target)
                    .with_context(|| format!("opening {}", path.display()))?,
            };
            return Ok(Writer::Through(file));
        }
        if !guard.overwrite_database && is_sqlite(&target) {
            bail!(
                "refusing to replace {}: it is a SQLite database; pass --overwrite-database to replace it",
                path.display()
            );
        }
        Ok(Writer::Replace(Replacement::at(target, Kind::Output)?))
    }

    /// Another handle on the file being written, to write through.
    pub fn handle(&self) -> io::Result<File> {
        match self {
            Writer::Through(f) => f.try_clone(),
            Writer::Replace(r) => r.file().try_clone(),
        }
    }

    /// Puts what was written in place. Without a call, a temporary file is removed and the
    /// target left as it was.
    pub fn commit(self) -> Result<()> {
        match self {
            Writer::Through(_) => Ok(()),
            Writer::Replace(r) => r.commit(),
        }
    }
}

/// A handle on our standard output or error if `meta` is the file it writes to.
fn inherited(meta: &fs::Metadata) -> Option<File> {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        use std::os::unix::fs::MetadataExt;
        let fds = [
            io::stdout().as_fd().try_clone_to_owned(),
            io::stderr().as_fd().try_clone_to_owned(),
        ];
        fds.into_iter().flatten().map(File::from).find(|f| {
            f.metadata()
                .is_ok_and(|m| m.dev() == meta.dev() && m.ino() == meta.ino())
        })
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        None
    }
}

/// Writes `bytes` to `path` as `Writer` does.
pub fn write(path: &Path, guard: &Guard, bytes: &[u8]) -> Result<()> {
    let w = Writer::create(path, guard)?;
    w.handle()
        .and_then(|mut f| f.write_all(bytes))
        .with_context(|| format!("writing {}", path.display()))?;
    w.commit()
}

/// A locked temporary file beside a regular file (or where one will be) that replaces it on
/// `commit`; dropped without, it is removed.
pub struct Replacement {
    temp: NamedTempFile,
    target: PathBuf,
}

impl Replacement {
    /// A replacement for `path`, following symbolic links (the file a link names is replaced,
    /// not the link). Refused when `path` is there and is not a regular file: what cannot be
    /// renamed over cannot be replaced whole.
    pub fn new(path: &Path, kind: Kind) -> Result<Replacement> {
        let target = resolve(path)?;
        if let Ok(m) = fs::metadata(&target)
            && !m.is_file()
        {
            bail!(
                "{} is not a regular file (a folder, a device or a pipe); name a file",
                path.display()
            );
        }
        Replacement::at(target, kind)
    }

    fn at(target: PathBuf, kind: Kind) -> Result<Replacement> {
        let dir = parent_dir(&target);
        let name = file_name(&target)?;
        // what killed writes left behind would otherwise pile up, and take the space this one needs
        remove_stale(&dir);
        let fresh = tempfile::Builder::new()
            .prefix(&format!(".{name}.{NEW}-"))
            .rand_bytes(RANDOM_LEN)
            .permissions(usual_mode(0o666))
            .tempfile_in(&dir)
            .with_context(|| format!("cannot write in {}", dir.display()))?;
        fresh
            .as_file()
            .lock()
            .with_context(|| format!("locking {}", fresh.path().display()))?;
        let claimed = claimed_name(fresh.path(), &name, kind);
        let file = fresh
            .persist_noclobber(&claimed)
            .map_err(|e| e.error)
            .with_context(|| format!("renaming a temporary file to {}", claimed.display()))?;
        let path = TempPath::try_from_path(&claimed).inspect_err(|_| {
            let _ = fs::remove_file(&claimed);
        })?;
        Ok(Replacement {
            temp: NamedTempFile::from_parts(file, path),
            target,
        })
    }

    /// The temporary file's path (SQLite opens it by name).
    pub fn path(&self) -> &Path {
        self.temp.path()
    }

    pub fn file(&self) -> &File {
        self.temp.as_file()
    }

    /// Gives the temporary file the target's permissions (or, for a new file, the usual ones:
    /// 0666 less the umask, as it was made), syncs it, renames it over the target and syncs the
    /// folder.
    pub fn commit(self) -> Result<()> {
        let target = self.target;
        if let Ok(m) = fs::metadata(&target) {
            fs::set_permissions(self.temp.path(), m.permissions())
                .with_context(|| format!("writing {}", target.display()))?;
        }
        self.temp
            .as_file()
            .sync_all()
            .with_context(|| format!("writing {}", target.display()))?;
        self.temp
            .persist(&target)
            .with_context(|| format!("replacing {}", target.display()))?;
        let dir = parent_dir(&target);
        sync_dir(&dir);
        remove_stale(&dir);
        Ok(())
    }
}

/// A locked temporary folder beside a folder (or where one will be) that replaces it on
/// `commit`; dropped without, it is removed with everything in it.
pub struct ReplacementDir {
    path: PathBuf,
    target: PathBuf,
    _lock: File,
    done: bool,
}

impl ReplacementDir {
    /// A replacement for the folder `path`, following symbolic links. The caller decides whether
    /// what is at `path` may go.
    pub fn new(path: &Path) -> Result<ReplacementDir> {
        let target = resolve(path)?;
        let (path, lock) = temp_dir_beside(&target, Kind::Export)?;
        Ok(ReplacementDir {
            path,
            target,
            _lock: lock,
            done: false,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Syncs every file written, then puts the folder in place in one rename. A folder that
    /// was there is moved into a locked temporary folder first and removed after; if the rename
    /// fails it is put back.
    pub fn commit(mut self) -> Result<()> {
        sync_tree(&self.path).with_context(|| format!("writing {}", self.target.display()))?;
        let old = match fs::metadata(&self.target) {
            Ok(m) => {
                let _ = fs::set_permissions(&self.path, m.permissions());
                let (aside, lock) = temp_dir_beside(&self.target, Kind::Old)?;
                let inside = aside.join("replaced");
                if let Err(e) = fs::rename(&self.target, &inside) {
                    let _ = fs::remove_dir_all(&aside);
                    return Err(e)
                        .with_context(|| format!("moving {} aside", self.target.display()));
                }
                Some((aside, inside, lock))
            }
            Err(_) => None,
        };
        if let Err(e) = fs::rename(&self.path, &self.target) {
            if let Some((aside, inside, _)) = &old {
                let _ = fs::rename(inside, &self.target);
                let _ = fs::remove_dir_all(aside);
            }
            return Err(e)
                .with_context(|| format!("renaming a folder to {}", self.target.display()));
        }
        self.done = true;
        sync_dir(&parent_dir(&self.target));
        if let Some((aside, _, _lock)) = old {
            fs::remove_dir_all(&aside)
                .with_context(|| format!("removing the replaced {}", aside.display()))?;
        }
        Ok(())
    }
}

impl Drop for ReplacementDir {
    fn drop(&mut self) {
        if !self.done {
            let _ = fs::remove_dir_all(&self.path);
        }
    }
}

/// A new locked folder `.NAME.<kind>-<random>` beside `target`, and the handle holding its lock.
fn temp_dir_beside(target: &Path, kind: Kind) -> Result<(PathBuf, File)> {
    let dir = parent_dir(target);
    let name = file_name(target)?;
    remove_stale(&dir);
    let fresh = tempfile::Builder::new()
        .prefix(&format!(".{name}.{NEW}-"))
        .rand_bytes(RANDOM_LEN)
        .permissions(usual_mode(0o777))
        .disable_cleanup(true)
        .tempdir_in(&dir)
        .with_context(|| format!("cannot write in {}", dir.display()))?;
    let fresh = fresh.path().to_path_buf();
    let locked = File::open(&fresh)
        .and_then(|f| f.lock().map(|()| f))
        .inspect_err(|_| {
            let _ = fs::remove_dir(&fresh);
        })
        .with_context(|| format!("locking {}", fresh.display()))?;
    let claimed = claimed_name(&fresh, &name, kind);
    if fs::symlink_metadata(&claimed).is_ok() {
        let _ = fs::remove_dir(&fresh);
        bail!("{} exists already", claimed.display());
    }
    fs::rename(&fresh, &claimed)
        .inspect_err(|_| {
            let _ = fs::remove_dir(&fresh);
        })
        .with_context(|| format!("renaming a temporary folder to {}", claimed.display()))?;
    Ok((claimed, locked))
}

/// `.NAME.new-<random>` -> `.NAME.<kind>-<random>`. The lock is taken before the file has its
/// kind's name, so every one whose lock is free belongs to a write that has ended.
fn claimed_name(fresh: &Path, name: &str, kind: Kind) -> PathBuf {
    let unique = fresh
        .file_name()
        .and_then(|n| n.to_str())
        .and_then(|n| n.strip_prefix(&format!(".{name}.{NEW}-")))
        .expect("the name tempfile was asked for");
    parent_dir(fresh).join(format!(".{name}.{}-{unique}", kind.tag()))
}

/// Permissions `mode` (less the umask once the file is made).
fn usual_mode(mode: u32) -> Permissions {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        Permissions::from_mode(mode)
    }
    #[cfg(not(unix))]
    {
        let _ = mode;
        fs::metadata(".")
            .map(|m| m.permissions())
            .expect("the current folder")
    }
}

/// `path` with every symbolic link at its end followed (a link to a link, or to a file not made
/// yet): the file a write should change, so that a link is kept and what it names is written.
pub fn resolve(path: &Path) -> Result<PathBuf> {
    Ok(follow(path)?.0)
}

/// `resolve`, and whether the way there passes through `/proc`: `/dev/stdout` (a link to
/// `/proc/self/fd/1`) and `/dev/fd/N` name a file some process has open, not a place to put a
/// new file.
fn follow(path: &Path) -> Result<(PathBuf, bool)> {
    let mut p = path.to_path_buf();
    for _ in 0..40 {
        // the kernel follows these links itself (`/proc/self/fd/1` to a pipe names no file)
        if fs::canonicalize(parent_dir(&p)).is_ok_and(|d| d.starts_with("/proc")) {
            return Ok((p, true));
        }
        match fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let link = fs::read_link(&p).with_context(|| format!("reading {}", p.display()))?;
                // an absolute link replaces the folder in `join`
                p = parent_dir(&p).join(link);
            }
            _ => return Ok((p, false)),
        }
    }
    bail!("{}: too many levels of symbolic links", path.display())
}

/// Whether `a` and `b` are the same file (device and inode, following symbolic links).
pub fn is_same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (fs::metadata(a), fs::metadata(b)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        match (fs::canonicalize(a), fs::canonicalize(b)) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        }
    }
}

/// What `meta` describes when it is not a plain file, as a message names it; `None` for a
/// plain file.
pub fn not_plain(meta: &fs::Metadata) -> Option<&'static str> {
    let t = meta.file_type();
    if t.is_file() {
        return None;
    }
    if t.is_dir() {
        return Some("a folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Some("a named pipe (FIFO)");
        }
        if t.is_char_device() || t.is_block_device() {
            return Some("a device");
        }
        if t.is_socket() {
            return Some("a socket");
        }
    }
    Some("not a plain file")
}

/// Whether the file at `path` starts as every SQLite database does (a named pipe or a device
/// is not opened to look).
pub fn is_sqlite(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 16];
    fs::metadata(path).is_ok_and(|m| m.is_file())
        && File::open(path)
            .and_then(|mut f| f.read_exact(&mut head))
            .is_ok()
        && &head == SQLITE_HEADER
}

pub fn parent_dir(target: &Path) -> PathBuf {
    match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn file_name(target: &Path) -> Result<String> {
    Ok(target
        .file_name()
        .ok_or_else(|| anyhow!("{} is not a file path", target.display()))?
        .to_string_lossy()
        .into_owned())
}

fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Syncs every file under `dir`, and the folders.
fn sync_tree(dir: &Path) -> io::Result<()> {
    for e in fs::read_dir(dir)? {
        let e = e?;
        let ty = e.file_type()?;
        if ty.is_dir() {
            sync_tree(&e.path())?;
        } else if ty.is_file() {
            File::open(e.path())?.sync_all()?;
        }
    }
    File::open(dir)?.sync_all()
}

/// A temporary name of crisisdb, taken apart: `.NAME.<tag>-<random>`, maybe with a SQLite
/// sidecar's suffix.
struct TempName<'a> {
    /// The temporary file or folder itself (the name without a sidecar suffix).
    main: &'a str,
    /// Made but not yet locked (`NEW`).
    new: bool,
    sidecar: bool,
}

fn temp_name(n: &str) -> Option<TempName<'_>> {
    let (main, sidecar) = match SIDECARS.iter().find_map(|s| n.strip_suffix(s)) {
        Some(m) => (m, true),
        None => (n, false),
    };
    let rest = main.strip_prefix('.')?;
    let (head, random) = rest.rsplit_once('-')?;
    if random.len() != RANDOM_LEN || !random.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return None;
    }
    let (name, tag) = head.rsplit_once('.')?;
    let new = tag == NEW;
    if name.is_empty() || !(new || Kind::ALL.iter().any(|k| k.tag() == tag)) {
        return None;
    }
    Some(TempName { main, new, sidecar })
}

/// Removes what killed writes left in `dir`: crisisdb's temporary files and folders whose lock
/// no process holds, and SQLite's sidecars of them. A `.new-` one is unlocked for an instant in
/// a live write too; it is taken as dead only when its lock is free and it is a minute old.
/// Only regular files and folders are looked at, never through a symbolic link.
pub fn remove_stale(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let n = e.file_name();
        let Some(t) = n.to_str().and_then(temp_name) else {
            continue;
        };
        let path = dir.join(&n);
        let Ok(ty) = fs::symlink_metadata(&path).map(|m| m.file_type()) else {
            continue;
        };
        if !(ty.is_file() || ty.is_dir()) {
            continue;
        }
        let main = dir.join(t.main);
        let dead = if t.sidecar {
            // a sidecar dies with its database file
            !main.exists() || lock_is_free(&main, t.new)
        } else {
            lock_is_free(&main, t.new)
        };
        if dead {
            let _ = if ty.is_dir() {
                fs::remove_dir_all(&path)
            } else {
                fs::remove_file(&path)
            };
        }
    }
}

/// Whether no process holds the lock of `path` (and, with `old_too`, it is a minute old).
fn lock_is_free(path: &Path, old_too: bool) -> bool {
    match fs::symlink_metadata(path) {
        Ok(m) if m.is_file() || m.is_dir() => {}
        _ => return false,
    }
    let Ok(file) = File::open(path) else {
        return false;
    };
    if file.try_lock().is_err() {
        return false; // a live write holds it
    }
    !old_too
        || file
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age.as_secs() > 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_names_are_recognised_and_others_are_not() {
        let t = temp_name(".out.csv.output-Ab3x9Q").unwrap();
        assert_eq!(
            (t.main, t.new, t.sidecar),
            (".out.csv.output-Ab3x9Q", false, false)
        );
        let t = temp_name(".crisis.db.build-aaaaaa-journal").unwrap();
        assert_eq!(
            (t.main, t.new, t.sidecar),
            (".crisis.db.build-aaaaaa", false, true)
        );
        assert!(temp_name(".bundle.new-zzzzzz").unwrap().new);
        for other in [
            "out.csv.output-Ab3x9Q",
            ".out.csv.output-Ab3x9",
            ".out.csv.backup-Ab3x9Q",
            "..output-Ab3x9Q",
            ".output-Ab3x9Q",
            ".thesis.odt",
            ".x.build-ab.d_f",
        ] {
            assert!(temp_name(other).is_none(), "{other}");
        }
    }

    #[test]
    fn a_locked_temporary_survives_cleanup_and_an_unlocked_one_does_not() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.csv");
        let live = Replacement::new(&target, Kind::Output).unwrap();
        let dead = dir.path().join(".out.csv.output-Qw3rty");
        fs::write(&dead, "left by a killed run").unwrap();
        remove_stale(dir.path());
        assert!(live.path().exists());
        assert!(!dead.exists());
        drop(live);
        let left: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert!(left.is_empty(), "{left:?}");
    }
}
