//! Test data shared by unit tests.

/// The text of every article in `fixtures/clean` and `fixtures/defective`
/// (the corpus the equivalence tests compare old and new code paths on).
pub fn fixture_texts() -> Vec<String> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut texts = Vec::new();
    for sub in ["clean", "defective"] {
        for e in std::fs::read_dir(root.join(sub)).unwrap().flatten() {
            if let Ok(t) = std::fs::read_to_string(e.path()) {
                texts.push(t);
            }
        }
    }
    texts
}
