//! CSV bulk schedules: one post per row, in the column that holds the text.
//!
//! Schedulers export CSV with a header row; the text column is found by its
//! header (`text`, `message`, `post`, `content` or `caption`, in any case) or
//! named with `--csv-column`. Cells are read with a small RFC 4180 scanner
//! that records where each cell's text is in the file, so findings point at
//! the file's own line and column even in quoted, multi-line cells. Inside a
//! quoted cell a doubled quote `""` stands for one `"`; the linted text shows
//! it as `"` followed by a space, which keeps every position unchanged.

use super::DraftError;
use crate::text::Span;

/// Headers recognised as the post text, in order of preference.
pub const TEXT_HEADERS: &[&str] = &["text", "message", "post", "content", "caption"];

/// One cell: where its text is in the file, and that text as linted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Cell {
    pub span: Span,
    pub view: String,
}

/// The text cells of a CSV file: (1-based data row, cell).
pub(super) fn text_cells(
    text: &str,
    body: Span,
    column: Option<&str>,
) -> Result<Vec<(usize, Cell)>, DraftError> {
    let mut rows = Scanner {
        text,
        pos: body.start,
    }
    .rows()?
    .into_iter();
    let Some(header) = rows.next() else {
        return Ok(Vec::new());
    };
    let names: Vec<String> = header.iter().map(|c| c.view.trim().to_owned()).collect();
    let index = match column {
        Some(wanted) => names
            .iter()
            .position(|n| n.eq_ignore_ascii_case(wanted.trim())),
        None => TEXT_HEADERS
            .iter()
            .find_map(|wanted| names.iter().position(|n| n.eq_ignore_ascii_case(wanted))),
    };
    let Some(index) = index else {
        return Err(DraftError::NoTextColumn {
            wanted: column.map(str::to_owned),
            found: names,
        });
    };
    Ok(rows
        .enumerate()
        .filter_map(|(i, mut row)| (index < row.len()).then(|| (i + 1, row.swap_remove(index))))
        .filter(|(_, cell)| !cell.view.trim().is_empty())
        .collect())
}

struct Scanner<'a> {
    text: &'a str,
    pos: usize,
}

impl Scanner<'_> {
    fn rows(&mut self) -> Result<Vec<Vec<Cell>>, DraftError> {
        let mut rows = Vec::new();
        while self.pos < self.text.len() {
            let row = self.row()?;
            if !(row.len() == 1 && row[0].view.is_empty()) {
                rows.push(row);
            }
        }
        Ok(rows)
    }

    /// One record, ending after its line break (or at the end of the text).
    fn row(&mut self) -> Result<Vec<Cell>, DraftError> {
        let mut cells = Vec::new();
        loop {
            let (cell, ended) = self.cell()?;
            cells.push(cell);
            if ended {
                return Ok(cells);
            }
        }
    }

    /// One cell, and whether it ended its record.
    fn cell(&mut self) -> Result<(Cell, bool), DraftError> {
        let bytes = self.text.as_bytes();
        if bytes.get(self.pos) == Some(&b'"') {
            let open = self.pos;
            let start = self.pos + 1;
            let mut i = start;
            let mut view = Vec::new();
            loop {
                match bytes.get(i) {
                    None => {
                        let line = self.text[..open].matches('\n').count() + 1;
                        return Err(DraftError::Csv {
                            line,
                            message: "a quoted cell starts here but its closing quote is missing"
                                .into(),
                        });
                    }
                    Some(b'"') if bytes.get(i + 1) == Some(&b'"') => {
                        view.extend_from_slice(b"\" ");
                        i += 2;
                    }
                    Some(b'"') => break,
                    Some(&b) => {
                        view.push(b);
                        i += 1;
                    }
                }
            }
            let span = Span::new(start, i);
            self.pos = i + 1;
            // Anything between the closing quote and the delimiter is ignored.
            let ended = self.skip_to_delimiter();
            let view =
                String::from_utf8(view).unwrap_or_else(|_| self.text[span.range()].to_owned());
            Ok((Cell { span, view }, ended))
        } else {
            let start = self.pos;
            let mut end = start;
            while bytes.get(end).is_some_and(|b| *b != b',' && *b != b'\n') {
                end += 1;
            }
            self.pos = end;
            let ended = self.skip_to_delimiter();
            if end > start && bytes[end - 1] == b'\r' {
                end -= 1;
            }
            let span = Span::new(start, end);
            Ok((
                Cell {
                    span,
                    view: self.text[span.range()].to_owned(),
                },
                ended,
            ))
        }
    }

    /// Move past the next `,` (cell ends, record continues) or line break
    /// (record ends). Returns whether the record ended.
    fn skip_to_delimiter(&mut self) -> bool {
        let bytes = self.text.as_bytes();
        while let Some(&b) = bytes.get(self.pos) {
            self.pos += 1;
            match b {
                b',' => return false,
                b'\n' => return true,
                _ => {}
            }
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(text: &str, column: Option<&str>) -> Vec<(usize, String, String)> {
        text_cells(text, Span::new(0, text.len()), column)
            .unwrap()
            .into_iter()
            .map(|(row, c)| (row, text[c.span.range()].to_owned(), c.view))
            .collect()
    }

    #[test]
    fn finds_the_text_column_and_keeps_file_positions() {
        let text = "date,Message,link\r\n2025-01-01,Plain post,x\r\n2025-01-02,\"Quoted, with \"\"quotes\"\"\nand a line break\",y\r\n";
        let got = cells(text, None);
        assert_eq!(
            got[0],
            (1, "Plain post".to_owned(), "Plain post".to_owned())
        );
        assert_eq!(got[1].0, 2);
        assert_eq!(got[1].1, "Quoted, with \"\"quotes\"\"\nand a line break");
        assert_eq!(got[1].2, "Quoted, with \" quotes\" \nand a line break");
        assert_eq!(got[1].1.len(), got[1].2.len());
    }

    #[test]
    fn named_column_and_missing_column() {
        let text = "when,body\n1,hello\n";
        assert_eq!(cells(text, Some("BODY"))[0].2, "hello");
        match text_cells(text, Span::new(0, text.len()), None) {
            Err(DraftError::NoTextColumn { found, .. }) => assert_eq!(found, ["when", "body"]),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn broken_quotes_are_reported_with_their_line() {
        let text = "text\nfine\n\"never closed\nmore\n";
        match text_cells(text, Span::new(0, text.len()), None) {
            Err(DraftError::Csv { line, .. }) => assert_eq!(line, 3),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn short_rows_and_empty_cells_are_skipped() {
        let text = "id,text\n1\n2,\n3,last\n";
        let got = cells(text, None);
        assert_eq!(got, [(3, "last".to_owned(), "last".to_owned())]);
    }
}
