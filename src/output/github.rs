//! GitHub Actions workflow commands: each finding becomes an annotation on the
//! pull request (`::error file=...,line=...,col=...::message`).
//!
//! Escaping follows the Actions toolkit: in the message `%`, CR and LF are
//! percent-encoded; in property values `:` and `,` are too. GitHub does not
//! accept `col`/`endColumn` for a span over several lines, so they are left out
//! then. Waived findings are not annotated.

use std::io::{self, Write};

use super::{Options, Reporter, shown_match};
use crate::report::{FileReport, NoteLevel, Outcome, Summary};
use crate::rules::Severity;

pub(super) struct Github {
    options: Options,
}

impl Github {
    pub fn new(options: Options) -> Self {
        Github { options }
    }
}

/// Escape the message part of a workflow command.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a property value of a workflow command.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

impl Reporter for Github {
    fn begin(&mut self, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }

    fn file(&mut self, out: &mut dyn Write, report: &FileReport<'_>) -> io::Result<()> {
        let file = escape_property(&report.name);
        match &report.outcome {
            Outcome::Skipped(why) => writeln!(out, "::warning file={file}::{}", escape_data(why))?,
            Outcome::Failed(why) => writeln!(out, "::error file={file}::{}", escape_data(why))?,
            Outcome::Checked(_) => {}
        }
        for note in &report.notes {
            let command = if note.level == NoteLevel::Error {
                "error"
            } else {
                "warning"
            };
            writeln!(
                out,
                "::{command} file={file},line={}::{}",
                note.line,
                escape_data(&note.message)
            )?;
        }
        for d in report.diagnostics().iter().filter(|d| d.waived.is_none()) {
            let command = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let columns = if d.start.line == d.end.line {
                format!(",col={},endColumn={}", d.start.column, d.end.column)
            } else {
                String::new()
            };
            let title = escape_property(&format!("postlint {}", d.rule.id));
            let message = format!(
                "{} (\"{}\")\nWhy: {}\nFix: {}",
                d.message,
                shown_match(report, d, self.options),
                d.rule.explanation,
                d.rule.fix
            );
            writeln!(
                out,
                "::{command} file={file},line={},endLine={}{columns},title={title}::{}",
                d.start.line,
                d.end.line,
                escape_data(&message)
            )?;
        }
        Ok(())
    }

    fn finish(&mut self, _out: &mut dyn Write, _summary: &Summary) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_matches_the_actions_toolkit() {
        assert_eq!(escape_data("100% sure\r\nnext"), "100%25 sure%0D%0Anext");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
