//! Reading archives: `.jsonl`, `.jsonl.gz`, `.jsonl.zst`, directories of
//! them, and `-` (stdin); one record per non-blank line, read with a bounded
//! buffer so a huge or endless line never grows memory; dotted field paths.
//!
//! Compression is recognised by its magic bytes (gzip `1f 8b`, zstd
//! `28 b5 2f fd`), not by the name, so a renamed or piped archive works.
//! Concatenated gzip members and zstd frames are read as one stream.

use serde_json::Value;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// Where records come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Stdin,
    File(PathBuf),
}

impl Source {
    pub fn name(&self) -> String {
        match self {
            Source::Stdin => "-".into(),
            Source::File(p) => p.display().to_string(),
        }
    }
}

/// File names taken from a directory: JSON Lines, optionally compressed.
pub fn is_archive_name(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    let n = n
        .strip_suffix(".gz")
        .or_else(|| n.strip_suffix(".zst"))
        .or_else(|| n.strip_suffix(".zstd"))
        .unwrap_or(&n);
    n.ends_with(".jsonl") || n.ends_with(".ndjson") || n.ends_with(".json")
}

/// Expand the command-line paths: `-` is stdin, a directory is walked
/// (sorted, hidden entries skipped) for archive names, a file is taken as
/// given whatever its name. A path that does not exist is an error.
pub fn expand(paths: &[PathBuf]) -> Result<Vec<Source>, String> {
    let mut out = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            out.push(Source::Stdin);
        } else if p.is_dir() {
            let mut found = Vec::new();
            walk(p, &mut found).map_err(|e| format!("{}: cannot list: {e}", p.display()))?;
            found.sort();
            out.extend(found.into_iter().map(Source::File));
        } else if p.exists() {
            out.push(Source::File(p.clone()));
        } else {
            return Err(format!("{}: no such file or directory", p.display()));
        }
    }
    if out.iter().filter(|s| **s == Source::Stdin).count() > 1 {
        return Err("`-` (standard input) given more than once".into());
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> io::Result<()> {
    for e in std::fs::read_dir(dir)? {
        let p = e?.path();
        let Some(name) = p.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        if name.starts_with('.') {
            continue;
        }
        if p.is_dir() {
            walk(&p, out)?;
        } else if is_archive_name(name) {
            out.push(p);
        }
    }
    Ok(())
}

/// Counts the bytes read from the underlying (compressed) file, for the
/// progress bar's ETA.
pub struct Counting<R> {
    inner: R,
    count: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    None,
    Gzip,
    Zstd,
}

impl Compression {
    pub fn sniff(head: &[u8]) -> Compression {
        if head.starts_with(&[0x1f, 0x8b]) {
            Compression::Gzip
        } else if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
            Compression::Zstd
        } else {
            Compression::None
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Compression::None => "plain",
            Compression::Gzip => "gzip",
            Compression::Zstd => "zstd",
        }
    }
}

const BUF: usize = 256 * 1024;

/// Open a source, decompressing by magic bytes. `count` receives the raw
/// bytes read.
pub fn open(
    src: &Source,
    count: Arc<AtomicU64>,
) -> io::Result<(Box<dyn BufRead + Send>, Compression)> {
    let raw: Box<dyn Read + Send> = match src {
        Source::Stdin => Box::new(io::stdin()),
        Source::File(p) => Box::new(File::open(p)?),
    };
    decode(raw, count)
}

/// Wrap a byte stream in the right decompressor.
pub fn decode(
    raw: Box<dyn Read + Send>,
    count: Arc<AtomicU64>,
) -> io::Result<(Box<dyn BufRead + Send>, Compression)> {
    let mut r = BufReader::with_capacity(BUF, Counting { inner: raw, count });
    let head = fill_at_least(&mut r, 4)?;
    let c = Compression::sniff(&head);
    let out: Box<dyn BufRead + Send> = match c {
        Compression::None => Box::new(r),
        Compression::Gzip => Box::new(BufReader::with_capacity(
            BUF,
            flate2::bufread::MultiGzDecoder::new(r),
        )),
        Compression::Zstd => Box::new(BufReader::with_capacity(
            BUF,
            zstd::stream::read::Decoder::with_buffer(r)?,
        )),
    };
    Ok((out, c))
}

/// Peek at up to `n` leading bytes without consuming them. `fill_buf` may
/// return fewer bytes than are available (pipes); the magic numbers are at
/// most 4 bytes and a BufReader's first fill nearly always has them, but a
/// short first read from a pipe is handled by retrying while it is empty.
fn fill_at_least<R: Read>(r: &mut BufReader<R>, n: usize) -> io::Result<Vec<u8>> {
    loop {
        match r.fill_buf() {
            Ok(b) => return Ok(b[..b.len().min(n)].to_vec()),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }
    }
}

/// One line as read.
#[derive(Debug, PartialEq, Eq)]
pub enum Line {
    /// The line's bytes, without the newline (and without a trailing `\r`).
    Data(Vec<u8>),
    /// The line was longer than the limit; its bytes were skipped.
    TooLong(u64),
}

/// A read error in the middle of a stream (truncated archive, I/O error).
#[derive(Debug)]
pub struct StreamError {
    pub error: io::Error,
    /// Bytes of an incomplete line read before the error (0: the error hit
    /// a line boundary).
    pub partial: u64,
}

/// Splits a stream into lines without ever holding more than `max` bytes
/// of one line. Blank lines are skipped (they are not records).
pub struct LineReader<R> {
    r: R,
    max: usize,
    /// 1-based physical line number of the last line returned.
    pub line_no: u64,
    /// Uncompressed bytes consumed.
    pub bytes: u64,
    done: bool,
    first: bool,
}

impl<R: BufRead> LineReader<R> {
    pub fn new(r: R, max: usize) -> Self {
        LineReader {
            r,
            max,
            line_no: 0,
            bytes: 0,
            done: false,
            first: true,
        }
    }

    /// The next non-blank line, `None` at the end, or the error that ended
    /// the stream (after which it returns `None`).
    pub fn next_line(&mut self) -> Option<Result<Line, StreamError>> {
        loop {
            if self.done {
                return None;
            }
            let mut buf = Vec::new();
            let mut len: u64 = 0;
            let mut too_long = false;
            let mut ended = false;
            loop {
                let chunk = match self.r.fill_buf() {
                    Ok(c) => c,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(error) => {
                        self.done = true;
                        return Some(Err(StreamError {
                            error,
                            partial: len,
                        }));
                    }
                };
                if chunk.is_empty() {
                    self.done = true;
                    break;
                }
                let (take, nl) = match memchr::memchr(b'\n', chunk) {
                    Some(i) => (i, true),
                    None => (chunk.len(), false),
                };
                if !too_long {
                    if buf.len() + take > self.max {
                        too_long = true;
                        buf = Vec::new();
                    } else {
                        buf.extend_from_slice(&chunk[..take]);
                    }
                }
                len += take as u64;
                let consumed = take + usize::from(nl);
                self.r.consume(consumed);
                self.bytes += consumed as u64;
                if nl {
                    ended = true;
                    break;
                }
            }
            if len == 0 && !ended && self.done {
                return None;
            }
            self.line_no += 1;
            if self.first {
                self.first = false;
                if buf.starts_with(&[0xef, 0xbb, 0xbf]) {
                    buf.drain(..3);
                }
            }
            if too_long {
                return Some(Ok(Line::TooLong(len)));
            }
            if buf.last() == Some(&b'\r') {
                buf.pop();
            }
            if buf.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            return Some(Ok(Line::Data(buf)));
        }
    }
}

/// A dotted field path (`meta.url`). A key that itself contains dots is
/// found too: at each level the longest literal key that matches wins.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldPath {
    pub raw: String,
    parts: Vec<String>,
}

impl FieldPath {
    pub fn new(raw: &str) -> Result<FieldPath, String> {
        let parts: Vec<String> = raw.split('.').map(str::to_string).collect();
        if raw.is_empty() || parts.iter().any(String::is_empty) {
            return Err(format!(
                "invalid field path `{raw}`: use names separated by dots, like `meta.url`"
            ));
        }
        Ok(FieldPath {
            raw: raw.to_string(),
            parts,
        })
    }

    /// The value at this path, if present (JSON `null` counts as absent).
    pub fn get<'v>(&self, v: &'v Value) -> Option<&'v Value> {
        get_parts(v, &self.parts).filter(|v| !v.is_null())
    }
}

fn get_parts<'v>(v: &'v Value, parts: &[String]) -> Option<&'v Value> {
    if parts.is_empty() {
        return Some(v);
    }
    let obj = v.as_object()?;
    // Longest literal key first: `{"meta.url": …}` before `{"meta": {"url": …}}`.
    for n in (1..=parts.len()).rev() {
        let key = parts[..n].join(".");
        if let Some(child) = obj.get(&key) {
            if let Some(found) = get_parts(child, &parts[n..]) {
                return Some(found);
            }
        }
    }
    None
}

/// A scalar as a string (ids are often numbers).
pub fn scalar_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Copies every line read from stdin into a spool file, so that a second
/// pass (clusters) can read the same records again.
pub struct Spool {
    pub path: PathBuf,
    w: io::BufWriter<File>,
    _dir: SpoolDir,
}

/// Removes the spool file when dropped.
struct SpoolDir(PathBuf);
impl Drop for SpoolDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

impl Spool {
    pub fn create() -> io::Result<Spool> {
        let path = std::env::temp_dir().join(format!(
            "copydesk-audit-stdin-{}-{}.jsonl",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0)
        ));
        let f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)?;
        Ok(Spool {
            path: path.clone(),
            w: io::BufWriter::with_capacity(BUF, f),
            _dir: SpoolDir(path),
        })
    }

    /// Record one line; a too-long line is kept as a placeholder so that
    /// record numbers stay aligned.
    pub fn push(&mut self, line: &Line) -> io::Result<()> {
        match line {
            Line::Data(b) => self.w.write_all(b)?,
            Line::TooLong(_) => self.w.write_all(b"\"record over the size limit\"")?,
        }
        self.w.write_all(b"\n")
    }

    pub fn finish(&mut self) -> io::Result<()> {
        self.w.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn lines(input: &[u8], max: usize) -> Vec<Line> {
        let mut r = LineReader::new(input, max);
        let mut out = Vec::new();
        while let Some(l) = r.next_line() {
            out.push(l.unwrap());
        }
        out
    }

    #[test]
    fn splits_lines_skips_blank_and_bom() {
        let got = lines(b"\xef\xbb\xbf{\"a\":1}\r\n\n  \n{\"b\":2}", 100);
        assert_eq!(
            got,
            vec![
                Line::Data(b"{\"a\":1}".to_vec()),
                Line::Data(b"{\"b\":2}".to_vec())
            ]
        );
    }

    #[test]
    fn long_lines_are_skipped_not_buffered() {
        let mut input = vec![b'x'; 5000];
        input.push(b'\n');
        input.extend_from_slice(b"ok\n");
        // A tiny BufReader forces the line across many chunks.
        let r = BufReader::with_capacity(64, &input[..]);
        let mut lr = LineReader::new(r, 100);
        assert_eq!(lr.next_line().unwrap().unwrap(), Line::TooLong(5000));
        assert_eq!(lr.next_line().unwrap().unwrap(), Line::Data(b"ok".to_vec()));
        assert!(lr.next_line().is_none());
        assert_eq!(lr.line_no, 2);
    }

    #[test]
    fn field_paths() {
        let v = json!({"meta": {"url": "u1"}, "a.b": "lit", "id": 7, "n": null});
        assert_eq!(
            FieldPath::new("meta.url").unwrap().get(&v),
            Some(&json!("u1"))
        );
        assert_eq!(FieldPath::new("a.b").unwrap().get(&v), Some(&json!("lit")));
        assert_eq!(FieldPath::new("n").unwrap().get(&v), None);
        assert_eq!(FieldPath::new("meta.x").unwrap().get(&v), None);
        assert_eq!(scalar_string(&v["id"]).as_deref(), Some("7"));
        assert!(FieldPath::new("a..b").is_err());
        assert!(FieldPath::new("").is_err());
    }

    #[test]
    fn archive_names() {
        assert!(is_archive_name("a.jsonl"));
        assert!(is_archive_name("A.JSONL.GZ"));
        assert!(is_archive_name("x.ndjson.zst"));
        assert!(!is_archive_name("notes.md"));
        assert!(!is_archive_name("x.gz"));
    }

    #[test]
    fn decodes_gzip_and_zstd_by_magic() {
        let plain = b"{\"t\":1}\n{\"t\":2}\n";
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(plain).unwrap();
        let gz = gz.finish().unwrap();
        let zs = zstd::encode_all(&plain[..], 1).unwrap();
        for (bytes, c) in [
            (plain.to_vec(), Compression::None),
            (gz, Compression::Gzip),
            (zs, Compression::Zstd),
        ] {
            let count = Arc::new(AtomicU64::new(0));
            let (r, got) = decode(Box::new(io::Cursor::new(bytes.clone())), count.clone()).unwrap();
            assert_eq!(got, c);
            let mut lr = LineReader::new(r, 1000);
            assert_eq!(
                lr.next_line().unwrap().unwrap(),
                Line::Data(b"{\"t\":1}".to_vec())
            );
            assert_eq!(
                lr.next_line().unwrap().unwrap(),
                Line::Data(b"{\"t\":2}".to_vec())
            );
            assert!(lr.next_line().is_none());
            assert_eq!(count.load(Ordering::Relaxed), bytes.len() as u64);
        }
    }

    #[test]
    fn truncated_gzip_reports_partial_line() {
        let mut plain = Vec::new();
        for i in 0..2000 {
            plain.extend_from_slice(
                format!("{{\"id\":{i},\"text\":\"some words here\"}}\n").as_bytes(),
            );
        }
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(&plain).unwrap();
        let gz = gz.finish().unwrap();
        let cut = gz[..gz.len() / 2].to_vec();
        let (r, _) = decode(Box::new(io::Cursor::new(cut)), Arc::new(AtomicU64::new(0))).unwrap();
        let mut lr = LineReader::new(r, 1 << 20);
        let mut ok = 0;
        let mut err = None;
        while let Some(l) = lr.next_line() {
            match l {
                Ok(_) => ok += 1,
                Err(e) => err = Some(e),
            }
        }
        let err = err.expect("a truncated gzip stream ends in an error");
        assert!(ok > 0 && ok < 2000);
        assert_eq!(err.error.kind(), io::ErrorKind::UnexpectedEof);
    }
}
