// How a seed set is fingerprinted: which files of a seeds folder count, and the SHA-256 over
// their names and bytes. The one definition, compiled twice: into the library (src/seeds.rs)
// and into build.rs, which fingerprints the embedded seeds at compile time with it.

use sha2::{Digest, Sha256};

/// Whether the file at `rel` (a path relative to the seeds folder, `/`-separated) is one the
/// loader reads: a CSV at the folder's top, or a text directly under `articles/`.
pub fn wanted(rel: &str) -> bool {
    let is_csv = !rel.contains('/') && rel.ends_with(".csv");
    let is_article = rel.starts_with("articles/") && rel.matches('/').count() == 1;
    is_csv || is_article
}

/// The SHA-256 over every file's name and bytes, fed one file at a time in name order (the
/// bytes may come in pieces): two sets with the same digest build the same database.
pub struct SetDigest(Sha256);

impl SetDigest {
    pub fn new() -> SetDigest {
        SetDigest(Sha256::new())
    }

    /// Starts the next file: its name and its length in bytes, which `bytes` then feeds.
    pub fn file(&mut self, rel: &str, len: u64) {
        self.0.update((rel.len() as u64).to_le_bytes());
        self.0.update(rel.as_bytes());
        self.0.update(len.to_le_bytes());
    }

    pub fn bytes(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }

    pub fn finish(self) -> String {
        hex(&self.0.finalize())
    }
}

/// Lower-case hex of a hash.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[usize::from(b >> 4)] as char);
        out.push(DIGITS[usize::from(b & 15)] as char);
    }
    out
}
