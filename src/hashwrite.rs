//! A writer that hashes the bytes it passes on: the export's manifest gives each file's SHA-256
//! without reading the file back (at 100,000 events that read held the largest CSV whole).

use std::cell::RefCell;
use std::io::{self, Write};
use std::rc::Rc;

use sha2::{Digest, Sha256};

/// Wraps `inner`: every byte written through it is also hashed. The hash is read from the
/// returned handle once the writer is flushed (its owner may keep the writer boxed).
pub fn hashing<W: Write>(inner: W) -> (HashWrite<W>, HashOf) {
    let hash = Rc::new(RefCell::new(Sha256::new()));
    (
        HashWrite {
            inner,
            hash: Rc::clone(&hash),
        },
        HashOf(hash),
    )
}

pub struct HashWrite<W> {
    inner: W,
    hash: Rc<RefCell<Sha256>>,
}

impl<W: Write> Write for HashWrite<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        // only what the inner writer took: a short write is retried with the rest
        self.hash.borrow_mut().update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// The hash of what went through a `HashWrite`.
pub struct HashOf(Rc<RefCell<Sha256>>);

impl HashOf {
    /// The SHA-256 of every byte written so far, in lower-case hex.
    pub fn hex(&self) -> String {
        crate::seeds::hex(&self.0.borrow().clone().finalize())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A writer that takes at most 7 bytes a call, as a pipe may.
    struct Short(Vec<u8>);

    impl Write for Short {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            let n = buf.len().min(7);
            self.0.extend_from_slice(&buf[..n]);
            Ok(n)
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn the_hash_is_of_the_bytes_written_short_writes_included() {
        let data: Vec<u8> = (0..100_000u32).map(|i| (i * 31 % 256) as u8).collect();
        let (mut w, hash) = hashing(Short(Vec::new()));
        let mut buffered = io::BufWriter::with_capacity(1000, &mut w);
        buffered.write_all(&data).unwrap();
        buffered.flush().unwrap();
        drop(buffered);
        assert_eq!(w.inner.0, data);
        assert_eq!(hash.hex(), crate::seeds::sha256_hex(&data));
        assert_ne!(hash.hex(), crate::seeds::sha256_hex(&data[1..]));
    }
}
