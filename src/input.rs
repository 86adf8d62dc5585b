//! Reading drafts: bytes in, checked text out.
//!
//! A draft must be UTF-8 text. Anything else gets a precise reason instead of a
//! guess: invalid UTF-8 names the byte offset, UTF-16 is recognised by its
//! byte-order mark, and a NUL byte marks a binary file (which callers skip with
//! a warning). Files over the size limit are refused before they are read, so
//! a stray disk image never fills memory.

use std::io::Read;
use std::path::Path;

/// Default largest input accepted, in bytes (a post is at most a few KB; a year
/// of exported posts a few MB).
pub const DEFAULT_MAX_FILE_SIZE: u64 = 64 * 1024 * 1024;

/// A draft that has been read and checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// How the draft is named in reports: its path, or `<stdin>`.
    pub name: String,
    /// The full text, exactly as read (byte-order mark and line endings kept).
    pub text: String,
}

impl Document {
    /// The part of the text to lint: everything after a UTF-8 byte-order mark,
    /// with the byte offset where it starts.
    pub fn body(&self) -> (usize, &str) {
        match self.text.strip_prefix('\u{FEFF}') {
            Some(rest) => (self.text.len() - rest.len(), rest),
            None => (0, &self.text),
        }
    }
}

/// Why a draft could not be checked.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    /// The file could not be read.
    #[error("cannot read: {0}")]
    Io(#[from] std::io::Error),
    /// The bytes are not UTF-8.
    #[error(
        "not valid UTF-8 (invalid byte at offset {offset}); save the draft as UTF-8 and try again"
    )]
    NotUtf8 {
        /// Offset of the first invalid byte.
        offset: usize,
    },
    /// The file starts with a UTF-16 byte-order mark.
    #[error("the file is UTF-16 encoded; save it as UTF-8 and try again")]
    Utf16,
    /// The file holds a NUL byte, so it is not a text draft.
    #[error("binary file (NUL byte at offset {offset}), skipped")]
    Binary {
        /// Offset of the first NUL byte.
        offset: usize,
    },
    /// The file is larger than the limit.
    #[error("{size} bytes is over the {limit}-byte limit (raise it with --max-file-size)")]
    TooLarge {
        /// Size of the input.
        size: u64,
        /// The limit in force.
        limit: u64,
    },
}

impl InputError {
    /// Binary files are skipped with a warning rather than failing the run.
    pub fn is_skip(&self) -> bool {
        matches!(self, InputError::Binary { .. })
    }
}

/// Read and check the file at `path`.
pub fn read_file(path: &Path, limit: u64) -> Result<Document, InputError> {
    let file = std::fs::File::open(path)?;
    let size = file.metadata()?.len();
    if size > limit {
        return Err(InputError::TooLarge { size, limit });
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(limit + 1).read_to_end(&mut bytes)?;
    decode(path.display().to_string(), bytes, limit)
}

/// Read and check everything from `reader` (standard input), named `name`.
pub fn read_stream(name: &str, reader: impl Read, limit: u64) -> Result<Document, InputError> {
    let mut bytes = Vec::new();
    reader.take(limit + 1).read_to_end(&mut bytes)?;
    decode(name.to_owned(), bytes, limit)
}

/// Check that `bytes` are a text draft and turn them into a [`Document`].
pub fn decode(name: String, bytes: Vec<u8>, limit: u64) -> Result<Document, InputError> {
    let size = bytes.len() as u64;
    if size > limit {
        return Err(InputError::TooLarge { size, limit });
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(InputError::Utf16);
    }
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        return Err(InputError::Binary { offset });
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Document { name, text }),
        Err(e) => Err(InputError::NotUtf8 {
            offset: e.utf8_error().valid_up_to(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(bytes: &[u8]) -> Result<Document, InputError> {
        decode("x".into(), bytes.to_vec(), 1000)
    }

    #[test]
    fn accepts_utf8_and_keeps_the_bom() {
        let doc = check("\u{FEFF}hi".as_bytes()).unwrap();
        assert_eq!(doc.body(), (3, "hi"));
        assert_eq!(check(b"").unwrap().body(), (0, ""));
    }

    #[test]
    fn explains_what_is_wrong() {
        assert!(matches!(
            check(b"ab\xffcd"),
            Err(InputError::NotUtf8 { offset: 2 })
        ));
        assert!(matches!(check(b"\xff\xfeh\0i\0"), Err(InputError::Utf16)));
        assert!(matches!(
            check(b"PK\x03\x04\0\0"),
            Err(InputError::Binary { offset: 4 })
        ));
        assert!(matches!(
            decode("x".into(), vec![b'a'; 11], 10),
            Err(InputError::TooLarge {
                size: 11,
                limit: 10
            })
        ));
    }
}
