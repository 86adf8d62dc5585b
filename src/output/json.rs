//! The JSON report (format version 1), documented in the README.
//!
//! Written as one JSON document, one file object per line so that a large run
//! streams instead of being built in memory:
//!
//! ```text
//! {"version":1,"files":[
//! {"path":"a.txt","diagnostics":[...]},
//! {"path":"b.bin","skipped":"binary file ...","diagnostics":[]}
//! ],"summary":{...}}
//! ```

use std::io::{self, Write};

use serde::Serialize;

use super::{Options, Reporter, shown_match};
use crate::report::{Diagnostic, FileNote, FileReport, Outcome, Summary};
use crate::rules::Citation;
use crate::text::Position;
use crate::waiver::Waiver;

/// Version of the JSON format; bumped only for incompatible changes.
pub const JSON_VERSION: u32 = 1;

pub(super) struct Json {
    options: Options,
    files: usize,
}

impl Json {
    pub fn new(options: Options) -> Self {
        Json { options, files: 0 }
    }
}

#[derive(Serialize)]
struct JsonFile<'a> {
    path: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    skipped: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    notes: &'a [FileNote],
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    rule: &'a str,
    category: &'a str,
    severity: &'static str,
    message: &'a str,
    explanation: &'a str,
    fix: &'a str,
    guidance: &'a [Citation],
    notes: &'a [&'a str],
    start: Position,
    end: Position,
    matched: String,
    sensitive: bool,
    post: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    row: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    waived: Option<&'a Waiver>,
}

impl<'a> JsonDiagnostic<'a> {
    fn new(report: &'a FileReport<'a>, d: &'a Diagnostic<'a>, options: Options) -> Self {
        let matched = shown_match(report, d, options);
        JsonDiagnostic {
            rule: &d.rule.id,
            category: d.rule.category(),
            severity: d.severity.as_str(),
            message: &d.message,
            explanation: &d.rule.explanation,
            fix: &d.rule.fix,
            guidance: &d.rule.guidance,
            notes: &d.notes,
            start: d.start,
            end: d.end,
            matched,
            sensitive: d.rule.sensitive,
            post: d.post,
            row: d.row,
            waived: d.waived.as_ref(),
        }
    }
}

impl Reporter for Json {
    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        write!(out, "{{\"version\":{JSON_VERSION},\"files\":[")
    }

    fn file(&mut self, out: &mut dyn Write, report: &FileReport<'_>) -> io::Result<()> {
        let (skipped, error) = match &report.outcome {
            Outcome::Checked(_) => (None, None),
            Outcome::Skipped(why) => (Some(why.as_str()), None),
            Outcome::Failed(why) => (None, Some(why.as_str())),
        };
        let file = JsonFile {
            path: &report.name,
            skipped,
            error,
            diagnostics: report
                .diagnostics()
                .iter()
                .map(|d| JsonDiagnostic::new(report, d, self.options))
                .collect(),
            notes: &report.notes,
        };
        out.write_all(if self.files == 0 { b"\n" } else { b",\n" })?;
        self.files += 1;
        serde_json::to_writer(&mut *out, &file).map_err(io::Error::from)
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        write!(out, "\n],\"summary\":")?;
        serde_json::to_writer(&mut *out, summary).map_err(io::Error::from)?;
        writeln!(out, "}}")
    }
}
