//! Text utilities shared by the matcher and the reporters.
//!
//! Everything here works on byte offsets into the original text: folding keeps a
//! map back to the original bytes, segmentation returns byte ranges, and the line
//! index turns a byte offset into the line and column a user's editor shows.

mod fold;
mod line_index;
mod segments;
mod span;

pub use fold::Folded;
pub use line_index::{LineIndex, Position};
pub use segments::Segments;
pub use span::Span;

pub(crate) use fold::{FoldedPhrase, fold_phrase, fold_term, is_word_char};
