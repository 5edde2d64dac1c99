//! Reading article files: bytes, decoding, and clear errors.
//!
//! Files are UTF-8. Two exceptions are decoded with `encoding_rs`:
//! - an HTML file whose bytes are *not* valid UTF-8 and that declares its
//!   charset (`<meta charset=…>`, `<meta http-equiv="Content-Type" …>`, or an
//!   XML declaration) is decoded from that charset;
//! - a file starting with a UTF-16 byte-order mark is decoded from UTF-16.
//!
//! # Offsets in a transcoded file
//! Spans are byte offsets into [`SourceFile::text`], and for a transcoded
//! file that text is the UTF-8 *transcoding*, not the bytes on disk; the
//! JSON `path` is unchanged and [`SourceFile::encoding`] names the charset.
//! We chose this over refusing the file because the findings are still
//! exact where it matters to a reader: every supported encoding keeps line
//! breaks as they are and decodes one character to one Unicode scalar value,
//! so the rendered `line` and `column` (1-based, counted in scalar values)
//! are the same in the original file and in the transcoding, and the quoted
//! snippets are the real text. Only raw byte offsets differ; a consumer that
//! needs offsets into the file's own bytes must re-encode the text up to the
//! offset (`encoding_rs` can). Mapping spans back to original bytes would need
//! a per-character offset table carried into every output format, which no
//! current consumer needs.
//!
//! A valid UTF-8 file is always read as UTF-8, whatever it declares (pages
//! often declare a legacy charset but are pure ASCII or were re-saved as
//! UTF-8). A UTF-8 byte-order mark is kept in the text, so offsets still
//! count it and equal the file's byte offsets; the input parsers skip it.

use crate::document::InputFormat;
use encoding_rs::{DecoderResult, Encoding};
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
    /// The charset the file was transcoded from (`None`: it was UTF-8). When
    /// set, spans are offsets into the UTF-8 `text`, not the file's bytes.
    pub encoding: Option<&'static str>,
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
    #[error("not valid UTF-8, and the charset it declares, \"{label}\", is not one copydesk can decode; re-encode the file as UTF-8")]
    UnknownCharset { label: String },
    #[error("not valid {charset} (the file declares \"{label}\"): invalid byte sequence at byte {offset} (line {line}); re-encode the file as UTF-8")]
    BadCharset {
        charset: &'static str,
        label: String,
        offset: usize,
        line: usize,
    },
}

/// Decoded text and the charset it was transcoded from (`None` for UTF-8).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub encoding: Option<&'static str>,
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

/// Decode a file's bytes: UTF-8, or (see the module docs) a UTF-16 file with
/// a byte-order mark, or an HTML file in the charset it declares. `format`
/// is the format known from the file name or the command line; without it,
/// HTML is recognised by sniffing.
pub fn decode_source(bytes: Vec<u8>, format: Option<InputFormat>) -> Result<Decoded, SourceError> {
    if let Some((enc, bom)) = Encoding::for_bom(&bytes) {
        if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
            return transcode(&bytes[bom..], enc, bom, enc.name());
        }
    }
    if let Some(i) = bytes.iter().take(8192).position(|b| *b == 0) {
        return Err(SourceError::Binary(i));
    }
    let (err, bytes) = match String::from_utf8(bytes) {
        Ok(text) => {
            return Ok(Decoded {
                text,
                encoding: None,
            })
        }
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let line = bytes[..offset].iter().filter(|b| **b == b'\n').count() + 1;
            (SourceError::NotUtf8 { offset, line }, bytes)
        }
    };
    let is_html = match format {
        Some(f) => f == InputFormat::Html,
        None => {
            let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]);
            crate::input::sniff(&head) == InputFormat::Html
        }
    };
    if !is_html {
        return Err(err);
    }
    let Some(label) = crate::input::html::declared_charset(&bytes) else {
        return Err(err);
    };
    let Some(enc) = Encoding::for_label(label.as_bytes()) else {
        return Err(SourceError::UnknownCharset { label });
    };
    // A declared UTF-8 is no excuse for invalid bytes (and HTML reads a
    // declared UTF-16 without a BOM as UTF-8); the replacement encoding is
    // the WHATWG name for charsets that must not be decoded.
    if enc == encoding_rs::UTF_8 || enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
        return Err(err);
    }
    if enc == encoding_rs::REPLACEMENT {
        return Err(SourceError::UnknownCharset { label });
    }
    transcode(&bytes, enc, 0, &label)
}

/// Decode `bytes` (which start at file offset `base`) from `enc`,
/// reporting the first malformed sequence by its file offset.
fn transcode(
    bytes: &[u8],
    enc: &'static Encoding,
    base: usize,
    label: &str,
) -> Result<Decoded, SourceError> {
    let mut decoder = enc.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 2 + 16);
    let mut read_total = 0;
    loop {
        let (result, read) =
            decoder.decode_to_string_without_replacement(&bytes[read_total..], &mut out, true);
        read_total += read;
        match result {
            DecoderResult::InputEmpty => {
                return Ok(Decoded {
                    text: out,
                    encoding: Some(enc.name()),
                })
            }
            DecoderResult::OutputFull => {
                let rest = bytes.len() - read_total;
                out.reserve(
                    decoder
                        .max_utf8_buffer_length_without_replacement(rest)
                        .unwrap_or(rest.saturating_mul(3))
                        .max(16),
                );
            }
            DecoderResult::Malformed(bad, after) => {
                let end = read_total.saturating_sub(after as usize);
                let offset = base + end.saturating_sub(bad as usize);
                return Err(SourceError::BadCharset {
                    charset: enc.name(),
                    label: label.to_string(),
                    offset,
                    line: out.matches('\n').count() + 1,
                });
            }
        }
    }
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
    let known = format.or_else(|| {
        path.extension()
            .and_then(|e| e.to_str())
            .and_then(InputFormat::from_extension)
    });
    let decoded = decode_source(bytes, known)?;
    let format = known.unwrap_or_else(|| crate::input::sniff(&decoded.text));
    Ok(SourceFile {
        path: display.to_string(),
        text: Arc::from(decoded.text),
        format,
        encoding: decoded.encoding,
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
    let decoded = decode_source(bytes, format)?;
    let format = format.unwrap_or_else(|| crate::input::sniff(&decoded.text));
    Ok(SourceFile {
        path: "-".into(),
        text: Arc::from(decoded.text),
        format,
        encoding: decoded.encoding,
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

    fn cp1251(s: &str) -> Vec<u8> {
        encoding_rs::WINDOWS_1251.encode(s).0.into_owned()
    }

    const RU: &str = "<html><head><meta charset=\"windows-1251\"><title>Т</title></head>\n<body>\n<p>Подоляк сказал: «переговоры продолжатся».</p>\n</body></html>\n";

    #[test]
    fn declared_charset_is_decoded_for_html_only() {
        let bytes = cp1251(RU);
        assert!(std::str::from_utf8(&bytes).is_err());
        let d = decode_source(bytes.clone(), Some(InputFormat::Html)).unwrap();
        assert_eq!(d.text, RU);
        assert_eq!(d.encoding, Some("windows-1251"));
        // Sniffed as HTML when the format is not known.
        assert_eq!(decode_source(bytes.clone(), None).unwrap().text, RU);
        // Not HTML: a declaration inside plain text does not count.
        assert!(matches!(
            decode_source(bytes, Some(InputFormat::Text)),
            Err(SourceError::NotUtf8 { .. })
        ));
        // http-equiv; the WHATWG label iso-8859-1 means windows-1252.
        let fr = "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\"><p>Déjà vu – “quoted”</p>";
        let d = decode_source(
            encoding_rs::WINDOWS_1252.encode(fr).0.into_owned(),
            Some(InputFormat::Html),
        )
        .unwrap();
        assert_eq!(d.text, fr);
        assert_eq!(d.encoding, Some("windows-1252"));
    }

    #[test]
    fn undeclared_unknown_and_malformed_charsets_are_clear_errors() {
        let no_decl = cp1251("<p>Подоляк</p>");
        assert_eq!(
            decode_source(no_decl, Some(InputFormat::Html)),
            Err(SourceError::NotUtf8 { offset: 3, line: 1 })
        );
        let mut unknown = b"<meta charset=\"x-klingon\">\n<p>".to_vec();
        unknown.extend(cp1251("Подоляк"));
        let e = decode_source(unknown, Some(InputFormat::Html)).unwrap_err();
        assert_eq!(
            e,
            SourceError::UnknownCharset {
                label: "x-klingon".into()
            }
        );
        assert!(e.to_string().contains("\"x-klingon\""));
        // A file that declares UTF-8 but is not: the UTF-8 error.
        let mut lying = b"<meta charset=utf-8><p>".to_vec();
        lying.extend(cp1251("Подоляк"));
        assert_eq!(
            decode_source(lying, Some(InputFormat::Html)),
            Err(SourceError::NotUtf8 {
                offset: 23,
                line: 1
            })
        );
        // Shift_JIS with a broken two-byte sequence on line 2.
        let mut sjis = b"<meta charset=shift_jis>\n<p>".to_vec();
        sjis.extend(encoding_rs::SHIFT_JIS.encode("東京").0.iter());
        let bad_at = sjis.len();
        sjis.extend([0x81, 0x20, b'x']);
        let e = decode_source(sjis, Some(InputFormat::Html)).unwrap_err();
        assert_eq!(
            e,
            SourceError::BadCharset {
                charset: "Shift_JIS",
                label: "shift_jis".into(),
                offset: bad_at,
                line: 2
            }
        );
        assert!(e.to_string().contains(&format!("byte {bad_at} (line 2)")));
    }

    #[test]
    fn utf8_wins_and_boms_are_handled() {
        // Valid UTF-8 is read as UTF-8 whatever the page declares.
        let d = decode_source(RU.as_bytes().to_vec(), Some(InputFormat::Html)).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (RU, None));
        // A UTF-8 BOM is kept, so offsets stay file offsets.
        let with_bom = format!("\u{feff}{RU}");
        let d = decode_source(with_bom.clone().into_bytes(), None).unwrap();
        assert_eq!(d.text, with_bom);
        let blocks = crate::input::html::blocks(&d.text);
        let p = blocks.last().unwrap();
        let file_offset = with_bom
            .as_bytes()
            .windows(6)
            .position(|w| w == "Под".as_bytes())
            .unwrap();
        assert_eq!(p.span.start, file_offset);
        // UTF-16 with a BOM (its NUL bytes are not binary).
        let mut utf16 = vec![0xFF, 0xFE];
        for u in "<p>Подоляк</p>\n".encode_utf16() {
            utf16.extend(u.to_le_bytes());
        }
        let d = decode_source(utf16, None).unwrap();
        assert_eq!(d.text, "<p>Подоляк</p>\n");
        assert_eq!(d.encoding, Some("UTF-16LE"));
    }

    #[test]
    fn transcoded_line_and_column_match_the_original_file() {
        // The documented promise: byte offsets are into the transcoding, but
        // line and column (in characters) are those of the original file.
        let bytes = cp1251(RU);
        let d = decode_source(bytes.clone(), Some(InputFormat::Html)).unwrap();
        let word = "переговоры";
        let at = d.text.find(word).unwrap();
        let idx = crate::span::LineIndex::new(&d.text);
        let lc = idx.line_col(&d.text, at);
        let orig_at = bytes
            .windows(word.chars().count())
            .position(|w| w == cp1251(word))
            .unwrap();
        let line = bytes[..orig_at].iter().filter(|b| **b == b'\n').count() + 1;
        let line_start = bytes[..orig_at]
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |i| i + 1);
        // windows-1251 is one byte per character.
        assert_eq!((lc.line, lc.column), (line, orig_at - line_start + 1));
        assert_ne!(at, orig_at, "byte offsets do differ");
    }

    #[test]
    fn read_file_decodes_declared_html() {
        let dir = std::env::temp_dir().join(format!("copydesk-src-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("page.htm");
        std::fs::write(&path, cp1251(RU)).unwrap();
        let sf = read_file(&path, "page.htm", None, DEFAULT_MAX_FILE_SIZE).unwrap();
        assert_eq!(sf.format, InputFormat::Html);
        assert_eq!(sf.encoding, Some("windows-1251"));
        assert_eq!(&*sf.text, RU);
        assert_eq!(sf.path, "page.htm");
        let txt = dir.join("page.txt");
        std::fs::write(&txt, cp1251(RU)).unwrap();
        assert!(matches!(
            read_file(&txt, "page.txt", None, DEFAULT_MAX_FILE_SIZE),
            Err(SourceError::NotUtf8 { .. })
        ));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
