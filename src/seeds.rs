//! The seeds folder as bytes: the one embedded in the binary at compile time, or a user's own
//! folder in the same format. The loader (`load`) reads from here; nothing else touches disk.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use include_dir::{Dir, include_dir};
use sha2::{Digest, Sha256};

static EMBEDDED: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/seeds");

/// Where a seed set came from, as recorded in the database's `build_info`.
pub const EMBEDDED_ORIGIN: &str = "embedded";

/// The files of a seeds folder that the loader reads: the CSVs at its top and the texts under
/// `articles/`, keyed by their path relative to the folder (`events.csv`, `articles/a.txt`).
pub struct SeedSet {
    files: BTreeMap<String, Vec<u8>>,
    /// How file names are shown in errors: `seeds` for the embedded set, else the folder given.
    display_root: PathBuf,
    origin: String,
}

fn wanted(rel: &str) -> bool {
    let is_csv = !rel.contains('/') && rel.ends_with(".csv");
    let is_article = rel.starts_with("articles/") && rel.matches('/').count() == 1;
    is_csv || is_article
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
                    files.insert(rel, f.contents().to_vec());
                }
            }
        }
        SeedSet {
            files,
            display_root: PathBuf::from("seeds"),
            origin: EMBEDDED_ORIGIN.into(),
        }
    }

    /// A user's seeds folder.
    pub fn from_dir(dir: &Path) -> Result<SeedSet> {
        if !dir.is_dir() {
            bail!(
                "seeds folder {} does not exist or is not a folder",
                dir.display()
            );
        }
        let mut files = BTreeMap::new();
        let mut read_dir = |sub: &str| -> Result<()> {
            let path = if sub.is_empty() {
                dir.to_path_buf()
            } else {
                dir.join(sub)
            };
            if !path.is_dir() {
                return Ok(());
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
                if wanted(&rel) && entry.path().is_file() {
                    let bytes = fs::read(entry.path())
                        .with_context(|| format!("reading {}", entry.path().display()))?;
                    files.insert(rel, bytes);
                }
            }
            Ok(())
        };
        read_dir("")?;
        read_dir("articles")?;
        let canonical = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
        Ok(SeedSet {
            files,
            display_root: dir.to_path_buf(),
            origin: canonical.display().to_string(),
        })
    }

    /// A seed set from files in memory, keyed as in a folder (`events.csv`, `articles/a.txt`);
    /// files the loader does not read are left out. Tests and the fuzz targets use it.
    pub fn from_files(files: impl IntoIterator<Item = (String, Vec<u8>)>) -> SeedSet {
        SeedSet {
            files: files.into_iter().filter(|(rel, _)| wanted(rel)).collect(),
            display_root: PathBuf::from("seeds"),
            origin: "memory".into(),
        }
    }

    /// The bytes of `rel`, if the set has that file.
    pub fn get(&self, rel: &str) -> Option<&[u8]> {
        self.files.get(rel).map(Vec::as_slice)
    }

    /// How to name `rel` in a message: `seeds/events.csv`, `/my/seeds/events.csv`.
    pub fn display(&self, rel: &str) -> String {
        self.display_root.join(rel).display().to_string()
    }

    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// SHA-256 of each file, by its path in the folder.
    pub fn file_hashes(&self) -> BTreeMap<String, String> {
        self.files
            .iter()
            .map(|(name, bytes)| (name.clone(), sha256_hex(bytes)))
            .collect()
    }

    /// SHA-256 over every file's name and bytes: two sets with the same digest build the
    /// same database.
    pub fn digest(&self) -> String {
        let mut h = Sha256::new();
        for (name, bytes) in &self.files {
            h.update((name.len() as u64).to_le_bytes());
            h.update(name.as_bytes());
            h.update((bytes.len() as u64).to_le_bytes());
            h.update(bytes);
        }
        hex(&h.finalize())
    }
}

/// Lower-case hex of a hash.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// SHA-256 of `bytes` in lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}
