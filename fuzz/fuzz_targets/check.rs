//! Any bytes, read as a file would be (UTF-8 decode, sniffing) and then
//! parsed as text, Markdown and HTML and checked by the whole built-in pack
//! (language rule included): nothing may panic, every finding's span must
//! lie inside the source on character boundaries, and every mapped block
//! and sentence must stay inside its text.
//!
//! `cargo +nightly fuzz run check` (from the repository root; see
//! docs/benchmarks.md).
#![no_main]

use copydesk::document::InputFormat;
use copydesk::engine::Engine;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn engine() -> &'static Engine {
    static E: OnceLock<Engine> = OnceLock::new();
    E.get_or_init(|| Engine::new(copydesk::rule::load::builtin().expect("built-in pack")))
}

fuzz_target!(|data: &[u8]| {
    // The CLI's decoding (UTF-8, UTF-16 with BOM, declared HTML charsets);
    // bytes it rejects are still fuzzed as lossy UTF-8.
    let text = match copydesk::source::decode_source(data.to_vec(), None) {
        Ok(d) => d.text,
        Err(_) => String::from_utf8_lossy(data).into_owned(),
    };
    let sniffed = copydesk::input::sniff(&text);
    for fmt in [sniffed, InputFormat::Text, InputFormat::Markdown, InputFormat::Html] {
        let doc = engine().parse(&text, fmt);
        for b in &doc.blocks {
            assert!(b.span.start <= b.span.end && b.span.end <= text.len());
            for r in &b.sentences {
                assert!(r.start <= r.end && r.end <= b.text().len());
                assert!(b.text().is_char_boundary(r.start) && b.text().is_char_boundary(r.end));
            }
        }
        for f in engine().check_doc(&doc) {
            assert!(f.span.start <= f.span.end && f.span.end <= text.len(), "{f:?}");
            assert!(text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end));
            for (s, _) in &f.related {
                assert!(s.start <= s.end && s.end <= text.len());
            }
        }
    }
});
