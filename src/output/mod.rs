//! Reporters: turn file reports into text for people (`human`, `concise`) or
//! programs (`json`, `sarif`, `github`, `junit`).
//!
//! Reporters stream: each file is written as soon as it is checked, so memory
//! does not grow with the number of files. They write ANSI styles
//! unconditionally; the command line decides whether to strip them (it writes
//! through `anstream`, which honours `--color`, `NO_COLOR` and non-terminals).

mod github;
mod human;
mod json;
mod junit;
mod mask;
mod sarif;

use std::io::{self, Write};

pub use mask::mask;

use crate::report::{Diagnostic, FileReport, Summary};

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// rustc-style diagnostics with the source line, explanation, fix and citations.
    Human,
    /// One line per finding: `path:line:column: severity[rule] message`.
    Concise,
    /// The versioned JSON document described in the README.
    Json,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// GitHub Actions workflow commands (annotations on pull requests).
    Github,
    /// JUnit XML, one test case per file and rule.
    Junit,
}

/// Choices that affect every format.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Show the matched text of `sensitive` rules instead of masking it.
    pub show_sensitive: bool,
    /// Mask sensitive matches in human-readable output too.
    pub mask_human: bool,
}

/// Writes reports in one format.
pub trait Reporter {
    /// Write whatever comes before the first file.
    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()>;
    /// Write one file's report.
    fn file(&mut self, out: &mut dyn Write, report: &FileReport<'_>) -> io::Result<()>;
    /// Write the summary and anything that closes the output.
    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()>;
}

/// A reporter for `format`.
pub fn reporter(format: Format, options: Options) -> Box<dyn Reporter> {
    match format {
        Format::Human => Box::new(human::Human::new(options, false)),
        Format::Concise => Box::new(human::Human::new(options, true)),
        Format::Json => Box::new(json::Json::new(options)),
        Format::Sarif => Box::new(sarif::Sarif::new(options)),
        Format::Github => Box::new(github::Github::new(options)),
        Format::Junit => Box::new(junit::Junit::new(options)),
    }
}

/// The matched text as a report may show it: masked for sensitive rules unless
/// `--show-sensitive` was given.
pub(crate) fn shown_match(report: &FileReport<'_>, d: &Diagnostic<'_>, options: Options) -> String {
    let matched = report.matched(d);
    if d.rule.sensitive && !options.show_sensitive {
        mask(matched)
    } else {
        matched.to_owned()
    }
}
