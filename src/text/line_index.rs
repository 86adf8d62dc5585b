//! Byte offset → line and column, the way an editor shows them.
//!
//! Lines are 1-based and end at `\n` (a `\r` before it belongs to the line
//! break, so CRLF files count the same as LF files). Columns are 1-based and
//! count Unicode scalar values (what SARIF calls `unicodeCodePoints`). A UTF-8
//! byte-order mark at the start of the file is invisible in editors, so it does
//! not count as a column.

use serde::Serialize;

/// A position in a text: 1-based line and column, plus the 0-based byte offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Position {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, counted in Unicode scalar values.
    pub column: usize,
    /// 0-based byte offset into the original input.
    pub byte: usize,
}

/// Start offsets of every line of a text.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    bom: usize,
}

impl LineIndex {
    /// Index the lines of `text`.
    pub fn new(text: &str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let bom = if text.starts_with('\u{FEFF}') { 3 } else { 0 };
        LineIndex { starts, bom }
    }

    /// The position of byte `offset` in `text` (the text this index was built from).
    /// An offset inside a character or past the end is clamped to a valid one.
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let mut start = self.starts[line];
        if line == 0 {
            start = start.max(self.bom.min(offset));
        }
        let column = text[start..offset].chars().count() + 1;
        Position {
            line: line + 1,
            column,
            byte: offset,
        }
    }

    /// The byte range of line `line` (1-based), without its line break.
    pub fn line_span(&self, text: &str, line: usize) -> crate::Span {
        let start = self.starts.get(line - 1).copied().unwrap_or(text.len());
        let mut end = self.starts.get(line).map_or(text.len(), |next| next - 1);
        if end > start && text.as_bytes()[end - 1] == b'\r' {
            end -= 1;
        }
        let start = if line == 1 {
            start.max(self.bom.min(end))
        } else {
            start
        };
        crate::Span::new(start, end.max(start))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(text: &str, offset: usize) -> (usize, usize) {
        let p = LineIndex::new(text).position(text, offset);
        (p.line, p.column)
    }

    #[test]
    fn counts_lines_and_characters() {
        let text = "ab\ncé😂d\n";
        assert_eq!(pos(text, 0), (1, 1));
        assert_eq!(pos(text, 3), (2, 1));
        let d = text.find('d').unwrap();
        assert_eq!(pos(text, d), (2, 4));
        assert_eq!(pos(text, text.len()), (3, 1));
    }

    #[test]
    fn crlf_and_bom() {
        let text = "\u{FEFF}one\r\ntwo";
        assert_eq!(pos(text, 3), (1, 1));
        assert_eq!(pos(text, text.find("two").unwrap()), (2, 1));
        let index = LineIndex::new(text);
        assert_eq!(&text[index.line_span(text, 1).range()], "one");
        assert_eq!(&text[index.line_span(text, 2).range()], "two");
    }

    #[test]
    fn clamps_offsets_inside_characters() {
        let text = "é";
        assert_eq!(pos(text, 1), (1, 1));
        assert_eq!(pos(text, 99), (1, 2));
    }
}
