//! The seeds folder: the one embedded in the binary at compile time (borrowed, never copied),
//! a user's own folder in the same format (read file by file as the loader streams it), or
//! files in memory (tests, fuzzing). The loader (`load`) reads from here; nothing else touches
//! the seed files. `digest.rs` says how a set is fingerprinted (shared with build.rs).

mod digest;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use include_dir::{Dir, include_dir};
use sha2::{Digest, Sha256};

pub use digest::hex;
use digest::{SetDigest, wanted};

use crate::fsutil;

static EMBEDDED: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/seeds");

include!(concat!(env!("OUT_DIR"), "/seeds_digest.rs"));

/// Where a seed set came from, as recorded in the database's `build_info`.
pub const EMBEDDED_ORIGIN: &str = "embedded";

/// The digest of the seeds compiled into this binary, computed when it was compiled.
pub fn embedded_digest() -> &'static str {
    EMBEDDED_DIGEST
}

/// Where one file's bytes are.
enum Bytes {
    Static(&'static [u8]),
    Owned(Vec<u8>),
    File(PathBuf),
}

/// The files of a seeds folder that the loader reads: the CSVs at its top and the texts under
/// `articles/`, keyed by their path relative to the folder (`events.csv`, `articles/a.txt`).
pub struct SeedSet {
    files: BTreeMap<String, Bytes>,
    /// How file names are shown in errors: `seeds` for the embedded set, else the folder given.
    display_root: PathBuf,
    origin: String,
}

/// A seed set's fingerprint: its digest and the SHA-256 of each file, by its path in the folder.
pub struct Fingerprint {
    pub digest: String,
    pub files: BTreeMap<String, String>,
}

impl SeedSet {
    /// The seeds compiled into this binary.
    pub fn embedded() -> SeedSet {
        let mut files = BTreeMap::new();
        let mut stack = vec![&EMBEDDED];
        while let Some(dir) = stack.pop() {
            stack.extend(dir.dirs());
            for f in dir.files() {
                let rel = f.path().to_string_lossy().replace('\\', "/");
                if wanted(&rel) {
                    files.insert(rel, Bytes::Static(f.contents()));
                }
            }
        }
        SeedSet {
            files,
            display_root: PathBuf::from("seeds"),
            origin: EMBEDDED_ORIGIN.into(),
        }
    }

    /// A user's seeds folder: which files it has; each is read when the loader comes to it.
    pub fn from_dir(dir: &Path) -> Result<SeedSet> {
        if !dir.is_dir() {
            bail!(
                "seeds folder {} does not exist or is not a folder",
                dir.display()
            );
        }
        let mut files = BTreeMap::new();
        let inside = dir
            .canonicalize()
            .with_context(|| format!("reading {}", dir.display()))?;
        for sub in ["", "articles"] {
            let path = if sub.is_empty() {
                dir.to_path_buf()
            } else {
                dir.join(sub)
            };
            if !path.is_dir() {
                continue;
            }
            let entries =
                fs::read_dir(&path).with_context(|| format!("reading {}", path.display()))?;
            for entry in entries {
                let entry = entry.with_context(|| format!("reading {}", path.display()))?;
                let name = entry.file_name().to_string_lossy().into_owned();
                let rel = if sub.is_empty() {
                    name
                } else {
                    format!("{sub}/{name}")
                };
                if wanted(&rel) {
                    check_seed_file(&entry.path(), &inside)?;
                    files.insert(rel, Bytes::File(entry.path()));
                }
            }
        }
        Ok(SeedSet {
            files,
            display_root: dir.to_path_buf(),
            origin: inside.display().to_string(),
        })
    }

    /// A seed set from files in memory, keyed as in a folder (`events.csv`, `articles/a.txt`);
    /// files the loader does not read are left out. Tests and the fuzz targets use it.
    pub fn from_files(files: impl IntoIterator<Item = (String, Vec<u8>)>) -> SeedSet {
        SeedSet {
            files: files
                .into_iter()
                .filter(|(rel, _)| wanted(rel))
                .map(|(rel, bytes)| (rel, Bytes::Owned(bytes)))
                .collect(),
            display_root: PathBuf::from("seeds"),
            origin: "memory".into(),
        }
    }

    /// Whether the set has file `rel`.
    pub fn has(&self, rel: &str) -> bool {
        self.files.contains_key(rel)
    }

    /// A reader of `rel`'s bytes from the start, if the set has that file; each call starts
    /// again, so a file can be read in several passes without being held.
    pub fn open(&self, rel: &str) -> Option<io::Result<Box<dyn Read + '_>>> {
        Some(match self.files.get(rel)? {
            Bytes::Static(b) => Ok(Box::new(*b)),
            Bytes::Owned(b) => Ok(Box::new(b.as_slice())),
            Bytes::File(p) => open_plain(p).map(|f| Box::new(f) as Box<dyn Read>),
        })
    }

    /// The whole of `rel`, if the set has that file: borrowed when it is in memory.
    pub fn read(&self, rel: &str) -> Option<io::Result<Cow<'_, [u8]>>> {
        Some(match self.files.get(rel)? {
            Bytes::Static(b) => Ok(Cow::Borrowed(*b)),
            Bytes::Owned(b) => Ok(Cow::Borrowed(b.as_slice())),
            Bytes::File(p) => open_plain(p).and_then(|mut f| {
                let mut bytes = Vec::new();
                f.read_to_end(&mut bytes).map(|_| Cow::Owned(bytes))
            }),
        })
    }

    /// How to name `rel` in a message: `seeds/events.csv`, `/my/seeds/events.csv`.
    pub fn display(&self, rel: &str) -> String {
        self.display_root.join(rel).display().to_string()
    }

    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// The digest and each file's SHA-256, in one pass that reads each file in pieces.
    pub fn fingerprint(&self) -> Result<Fingerprint> {
        let mut set = SetDigest::new();
        let mut files = BTreeMap::new();
        let mut buf = vec![0u8; 1 << 16];
        for (rel, bytes) in &self.files {
            let mut file = Sha256::new();
            match bytes {
                Bytes::Static(b) => feed(&mut set, &mut file, rel, b),
                Bytes::Owned(b) => feed(&mut set, &mut file, rel, b),
                Bytes::File(p) => {
                    let name = || format!("reading {}", p.display());
                    let mut f = open_plain(p).with_context(name)?;
                    let len = f.metadata().with_context(name)?.len();
                    set.file(rel, len);
                    let mut seen = 0u64;
                    loop {
                        let n = f.read(&mut buf).with_context(name)?;
                        if n == 0 {
                            break;
                        }
                        seen += n as u64;
                        set.bytes(&buf[..n]);
                        file.update(&buf[..n]);
                    }
                    if seen != len {
                        bail!("{} changed while it was read", p.display());
                    }
                }
            }
            files.insert(rel.clone(), hex(&file.finalize()));
        }
        Ok(Fingerprint {
            digest: set.finish(),
            files,
        })
    }

    /// SHA-256 over every file's name and bytes: two sets with the same digest build the
    /// same database. The embedded set's was computed when the binary was compiled.
    pub fn digest(&self) -> Result<String> {
        if self.origin == EMBEDDED_ORIGIN {
            return Ok(EMBEDDED_DIGEST.to_string());
        }
        Ok(self.fingerprint()?.digest)
    }
}

/// Checks that the seed file at `path` is a plain file inside the seeds folder `inside`
/// (canonical): a symbolic link may point within the folder, not out of it, and a named pipe,
/// a device or a folder where a file is expected is refused before anything opens it.
fn check_seed_file(path: &Path, inside: &Path) -> Result<()> {
    let shown = path.display();
    let meta = fs::symlink_metadata(path).with_context(|| format!("reading {shown}"))?;
    if meta.file_type().is_symlink() {
        let target = path
            .canonicalize()
            .with_context(|| format!("{shown} is a symbolic link that leads nowhere"))?;
        if !target.starts_with(inside) {
            bail!(
                "{shown} is a symbolic link to {}, outside the seeds folder {}; crisisdb reads seed files and articles only from inside the seeds folder",
                target.display(),
                inside.display()
            );
        }
    }
    let meta = fs::metadata(path).with_context(|| format!("reading {shown}"))?;
    if let Some(kind) = fsutil::not_plain(&meta) {
        bail!("{shown} is {kind}, not a file; a seed file or article must be a plain file");
    }
    Ok(())
}

/// Opens a seed file if it is still a plain file (it is checked again, not trusted to be one).
fn open_plain(path: &Path) -> io::Result<File> {
    let meta = fs::metadata(path)?;
    if let Some(kind) = fsutil::not_plain(&meta) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{} is {kind}, not a file", path.display()),
        ));
    }
    File::open(path)
}

fn feed(set: &mut SetDigest, file: &mut Sha256, rel: &str, bytes: &[u8]) {
    set.file(rel, bytes.len() as u64);
    set.bytes(bytes);
    file.update(bytes);
}

/// SHA-256 of `bytes` in lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The digest build.rs computed is the one the library computes from the same files.
    #[test]
    fn the_compiled_digest_is_the_embedded_files_digest() {
        let embedded = SeedSet::embedded();
        let copies: Vec<(String, Vec<u8>)> = embedded
            .files
            .keys()
            .map(|rel| {
                (
                    rel.clone(),
                    embedded.read(rel).unwrap().unwrap().into_owned(),
                )
            })
            .collect();
        assert!(copies.len() > 5, "{} files", copies.len());
        let in_memory = SeedSet::from_files(copies);
        assert_eq!(in_memory.fingerprint().unwrap().digest, EMBEDDED_DIGEST);
        assert_eq!(embedded.fingerprint().unwrap().digest, EMBEDDED_DIGEST);
    }

    #[test]
    fn a_folder_streams_to_the_same_fingerprint_as_its_bytes() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("articles")).unwrap();
        let big: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        fs::write(dir.path().join("events.csv"), b"id\ne-1\n").unwrap();
        fs::write(dir.path().join("articles/a.txt"), &big).unwrap();
        fs::write(dir.path().join("notes.md"), b"not read").unwrap();
        let folder = SeedSet::from_dir(dir.path()).unwrap();
        let memory = SeedSet::from_files([
            ("events.csv".to_string(), b"id\ne-1\n".to_vec()),
            ("articles/a.txt".to_string(), big.clone()),
        ]);
        let (f, m) = (folder.fingerprint().unwrap(), memory.fingerprint().unwrap());
        assert_eq!(f.digest, m.digest);
        assert_eq!(f.files, m.files);
        assert_eq!(f.files["articles/a.txt"], sha256_hex(&big));
        assert!(!folder.has("notes.md"));
        let mut streamed = Vec::new();
        folder
            .open("articles/a.txt")
            .unwrap()
            .unwrap()
            .read_to_end(&mut streamed)
            .unwrap();
        assert_eq!(streamed, big);
    }
}
