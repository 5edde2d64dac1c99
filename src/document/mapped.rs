//! Visible text of an element with a map back to the original source bytes.
//!
//! Markup is skipped, never stripped in place: every piece of visible text
//! remembers the source range it came from, so a match found in the visible
//! text maps back to the exact original bytes (entities and tags included).

use crate::span::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Seg {
    text_start: usize,
    text_end: usize,
    src_start: usize,
    src_end: usize,
    /// The text is byte-for-byte the source (so offsets map linearly).
    exact: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MappedText {
    text: String,
    segs: Vec<Seg>,
}

impl MappedText {
    pub fn new() -> Self {
        Self::default()
    }

    /// Empty, with room for `bytes` bytes of text (a hint: the text may
    /// grow past it).
    pub fn with_capacity(bytes: usize) -> Self {
        MappedText {
            text: String::with_capacity(bytes),
            segs: Vec::new(),
        }
    }

    /// Text copied verbatim from `src[span]`.
    pub fn from_source(src: &str, span: Span) -> Self {
        let mut m = Self::new();
        m.push_exact(&src[span.range()], span.start);
        m
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Append text that is identical to the source starting at `src_start`.
    pub fn push_exact(&mut self, text: &str, src_start: usize) {
        if text.is_empty() {
            return;
        }
        let ts = self.text.len();
        self.text.push_str(text);
        // Merge with the previous segment when contiguous in both spaces.
        if let Some(last) = self.segs.last_mut() {
            if last.exact && last.text_end == ts && last.src_end == src_start {
                last.text_end = self.text.len();
                last.src_end = src_start + text.len();
                return;
            }
        }
        self.segs.push(Seg {
            text_start: ts,
            text_end: self.text.len(),
            src_start,
            src_end: src_start + text.len(),
            exact: true,
        });
    }

    /// Append text that stands for `src` but differs from it (an entity, an
    /// escape, a line break).
    pub fn push_mapped(&mut self, text: &str, src: Span) {
        if text.is_empty() {
            return;
        }
        let ts = self.text.len();
        self.text.push_str(text);
        self.segs.push(Seg {
            text_start: ts,
            text_end: self.text.len(),
            src_start: src.start,
            src_end: src.end,
            exact: false,
        });
    }

    /// Append `text` that came from `src`: exact when they are equal.
    pub fn push(&mut self, text: &str, src_text: &str, src: Span) {
        if text == src_text {
            self.push_exact(text, src.start);
        } else {
            self.push_mapped(text, src);
        }
    }

    fn seg_at(&self, pos: usize) -> Option<&Seg> {
        let i = self.segs.partition_point(|s| s.text_end <= pos);
        self.segs.get(i).or(self.segs.last())
    }

    /// Source offset of a text position taken as a start.
    pub fn src_start(&self, pos: usize) -> usize {
        match self.seg_at(pos) {
            Some(s) if pos >= s.text_start && s.exact => s.src_start + (pos - s.text_start),
            Some(s) if pos >= s.text_end => s.src_end,
            Some(s) => s.src_start,
            None => 0,
        }
    }

    /// Source offset of a text position taken as an (exclusive) end.
    pub fn src_end(&self, pos: usize) -> usize {
        if pos == 0 {
            return self.segs.first().map_or(0, |s| s.src_start);
        }
        match self.seg_at(pos - 1) {
            Some(s) if s.exact && pos <= s.text_end => s.src_start + (pos - s.text_start),
            Some(s) => s.src_end,
            None => 0,
        }
    }

    /// Source span of a text range.
    pub fn to_source(&self, start: usize, end: usize) -> Span {
        let s = self.src_start(start);
        let e = if end <= start { s } else { self.src_end(end) };
        Span::new(s, e.max(s))
    }

    /// Source span of all the visible text.
    pub fn source_span(&self) -> Option<Span> {
        Some(Span::new(
            self.segs.first()?.src_start,
            self.segs.last()?.src_end,
        ))
    }

    /// Move every source offset by `delta` bytes (text parsed from a suffix
    /// of the source, e.g. after a byte-order mark).
    pub fn shift(&mut self, delta: usize) {
        for s in &mut self.segs {
            s.src_start += delta;
            s.src_end += delta;
        }
    }

    /// A new mapped text for the sub-range `[start, end)` of this one.
    pub fn slice(&self, start: usize, end: usize) -> MappedText {
        let mut out = MappedText::new();
        for s in &self.segs {
            let a = s.text_start.max(start);
            let b = s.text_end.min(end);
            if a >= b {
                continue;
            }
            let piece = &self.text[a..b];
            if s.exact {
                out.push_exact(piece, s.src_start + (a - s.text_start));
            } else {
                out.push_mapped(piece, Span::new(s.src_start, s.src_end));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_exact_and_entity_segments() {
        // source: "Podoliak&rsquo;s view"
        let src = "Podoliak&rsquo;s view";
        let mut m = MappedText::new();
        m.push_exact("Podoliak", 0);
        m.push_mapped("’", Span::new(8, 15));
        m.push_exact("s view", 15);
        assert_eq!(m.as_str(), "Podoliak’s view");
        // "Podoliak’s" in text -> bytes 0..16 of the source, entity included
        let end = "Podoliak’s".len();
        assert_eq!(m.to_source(0, end), Span::new(0, 16));
        assert_eq!(&src[m.to_source(0, 8).range()], "Podoliak");
        let v = m.as_str().find("view").unwrap();
        assert_eq!(&src[m.to_source(v, v + 4).range()], "view");
    }

    #[test]
    fn slice_keeps_mapping() {
        let mut m = MappedText::new();
        m.push_exact("abc", 10);
        m.push_exact("def", 20);
        let s = m.slice(2, 5);
        assert_eq!(s.as_str(), "cde");
        assert_eq!(s.to_source(0, 3), Span::new(12, 22));
    }
}
