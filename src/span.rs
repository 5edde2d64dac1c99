//! Byte spans into the original source, and the line index used only when rendering.

use serde::Serialize;
use std::ops::Range;

/// A half-open byte range `[start, end)` into the original source bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end, "span start {start} > end {end}");
        Span {
            start,
            end: end.max(start),
        }
    }
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }
    pub fn cover(&self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
    pub fn overlaps(&self, other: Span) -> bool {
        if self.is_empty() {
            return other.start <= self.start && self.start < other.end.max(other.start + 1);
        }
        self.start < other.end && other.start < self.end
    }
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

impl From<Range<usize>> for Span {
    fn from(r: Range<usize>) -> Self {
        Span::new(r.start, r.end)
    }
}

/// Line starts of a source text; converts byte offsets to 1-based line and
/// 1-based column counted in Unicode scalar values.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    /// Column checkpoints on long lines: (byte offset, characters from the
    /// line start to it), every [`MARK_STEP`] bytes, so a column is counted
    /// from the nearest checkpoint and not from the start of a 50 MB line
    /// (which made rendering many findings on one line quadratic).
    marks: Vec<(usize, usize)>,
}

const MARK_STEP: usize = 4096;

/// A rendered position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr_newlines(text.as_bytes()).map(|i| i + 1));
        let mut marks = Vec::new();
        for (k, &start) in starts.iter().enumerate() {
            let end = starts.get(k + 1).copied().unwrap_or(text.len());
            let (mut pos, mut chars) = (start, 0);
            while end - pos > MARK_STEP {
                let next = floor_char_boundary(text, pos + MARK_STEP);
                if next <= pos {
                    break;
                }
                chars += text[pos..next].chars().count();
                marks.push((next, chars));
                pos = next;
            }
        }
        LineIndex { starts, marks }
    }

    /// Line and column (both 1-based) of a byte offset. Offsets inside a
    /// multi-byte character are clamped to the character's start.
    pub fn line_col(&self, text: &str, offset: usize) -> LineCol {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let line_start = self.starts[line];
        let (base, before) = match self.marks.partition_point(|m| m.0 <= offset) {
            0 => (line_start, 0),
            k if self.marks[k - 1].0 >= line_start => self.marks[k - 1],
            _ => (line_start, 0),
        };
        let column = before + text[base..offset].chars().count() + 1;
        LineCol {
            line: line + 1,
            column,
        }
    }

    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.starts.get(line.checked_sub(1)?).copied()
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }
}

fn memchr_newlines(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr_iter(b'\n', bytes)
}

/// The largest char boundary `<= i`.
pub fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The smallest char boundary `>= i`.
pub fn ceil_char_boundary(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_scalar_values() {
        let text = "ab\n“x” y\nz";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(text, 0), LineCol { line: 1, column: 1 });
        assert_eq!(idx.line_col(text, 3), LineCol { line: 2, column: 1 });
        let y = text.find('y').unwrap();
        assert_eq!(idx.line_col(text, y), LineCol { line: 2, column: 5 });
        assert_eq!(
            idx.line_col(text, text.len()),
            LineCol { line: 3, column: 2 }
        );
    }

    /// Columns on long lines (counted from checkpoints) are the plain count.
    #[test]
    fn line_col_on_long_lines() {
        let line: String = (0..3000)
            .map(|i| if i % 7 == 0 { "é“x” " } else { "word " })
            .collect();
        let text = format!("short\n{line}\n{line}\nend");
        let idx = LineIndex::new(&text);
        assert!(!idx.marks.is_empty());
        for off in (0..=text.len()).step_by(997).chain([text.len()]) {
            let o = floor_char_boundary(&text, off);
            let ls = text[..o].rfind('\n').map_or(0, |i| i + 1);
            let want = LineCol {
                line: text[..o].matches('\n').count() + 1,
                column: text[ls..o].chars().count() + 1,
            };
            assert_eq!(idx.line_col(&text, off), want, "offset {off}");
        }
    }

    #[test]
    fn overlap_and_cover() {
        let a = Span::new(0, 5);
        assert!(a.overlaps(Span::new(4, 9)));
        assert!(!a.overlaps(Span::new(5, 9)));
        assert_eq!(a.cover(Span::new(7, 9)), Span::new(0, 9));
        assert!(Span::new(3, 3).overlaps(a));
    }
}
