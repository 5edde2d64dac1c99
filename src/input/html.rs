//! HTML input (interim: treated as text until the HTML parser lands).
use crate::document::Block;

pub fn blocks(src: &str) -> Vec<Block> {
    super::text::blocks(src)
}
