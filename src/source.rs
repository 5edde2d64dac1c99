//! Reading article files: bytes, UTF-8 decoding, and clear errors.

use crate::document::InputFormat;
use std::path::Path;
use std::sync::Arc;

/// Files larger than this are reported, not read (overridable).
pub const DEFAULT_MAX_FILE_SIZE: u64 = 64 * 1024 * 1024;

#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as given (or `-` for stdin).
    pub path: String,
    pub text: Arc<str>,
    pub format: InputFormat,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SourceError {
    #[error("cannot read: {0}")]
    Io(String),
    #[error("not valid UTF-8: invalid byte sequence at byte {offset} (line {line}); re-encode the file as UTF-8")]
    NotUtf8 { offset: usize, line: usize },
    #[error("looks like a binary file (NUL byte at {0}); not checked")]
    Binary(usize),
    #[error(
        "file is {size} bytes, over the limit of {limit} bytes; raise --max-file-size to check it"
    )]
    TooLarge { size: u64, limit: u64 },
}

/// Decode bytes as UTF-8 text, refusing binary data.
pub fn decode(bytes: Vec<u8>) -> Result<String, SourceError> {
    if let Some(i) = bytes.iter().take(8192).position(|b| *b == 0) {
        return Err(SourceError::Binary(i));
    }
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..offset]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
            + 1;
        SourceError::NotUtf8 { offset, line }
    })
}

/// Read one file. `format` overrides the extension-based guess.
pub fn read_file(
    path: &Path,
    display: &str,
    format: Option<InputFormat>,
    max_size: u64,
) -> Result<SourceFile, SourceError> {
    let meta = std::fs::metadata(path).map_err(|e| SourceError::Io(e.to_string()))?;
    if meta.len() > max_size {
        return Err(SourceError::TooLarge {
            size: meta.len(),
            limit: max_size,
        });
    }
    let bytes = std::fs::read(path).map_err(|e| SourceError::Io(e.to_string()))?;
    let text = decode(bytes)?;
    let format = format.unwrap_or_else(|| {
        path.extension()
            .and_then(|e| e.to_str())
            .and_then(InputFormat::from_extension)
            .unwrap_or_else(|| crate::input::sniff(&text))
    });
    Ok(SourceFile {
        path: display.to_string(),
        text: Arc::from(text),
        format,
    })
}

/// Read standard input.
pub fn read_stdin(format: Option<InputFormat>, max_size: u64) -> Result<SourceFile, SourceError> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::io::stdin()
        .take(max_size + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| SourceError::Io(e.to_string()))?;
    if bytes.len() as u64 > max_size {
        return Err(SourceError::TooLarge {
            size: bytes.len() as u64,
            limit: max_size,
        });
    }
    let text = decode(bytes)?;
    let format = format.unwrap_or_else(|| crate::input::sniff(&text));
    Ok(SourceFile {
        path: "-".into(),
        text: Arc::from(text),
        format,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_errors_are_located() {
        assert_eq!(
            decode(b"ab\ncd\xff".to_vec()),
            Err(SourceError::NotUtf8 { offset: 5, line: 2 })
        );
        assert_eq!(decode(b"ab\0".to_vec()), Err(SourceError::Binary(2)));
        assert_eq!(decode("ok “x”".as_bytes().to_vec()).unwrap(), "ok “x”");
    }
}
