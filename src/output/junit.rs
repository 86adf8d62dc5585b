//! JUnit XML, for CI systems that show test results (GitLab, Jenkins, Azure).
//!
//! One `<testsuite>` per file; inside it one `<testcase>` per rule that found
//! something (a `<failure>` listing each finding), or a single passing case
//! when the file is clean. Waived findings make their case `<skipped>` with the
//! waiver's reason; unreadable files are an `<error>`, binary files `<skipped>`.
//! The suites are kept until the end because the root element carries totals.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Write};

use super::{Options, Reporter, shown_match};
use crate::report::{FileReport, Outcome, Summary};

pub(super) struct Junit {
    options: Options,
    suites: Vec<String>,
    tests: usize,
    failures: usize,
    errors: usize,
    skipped: usize,
}

impl Junit {
    pub fn new(options: Options) -> Self {
        Junit {
            options,
            suites: Vec::new(),
            tests: 0,
            failures: 0,
            errors: 0,
            skipped: 0,
        }
    }
}

/// Escape text for XML content and attribute values (and drop characters XML 1.0 cannot hold).
fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

impl Reporter for Junit {
    fn begin(&mut self, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }

    fn file(&mut self, _out: &mut dyn Write, report: &FileReport<'_>) -> io::Result<()> {
        let name = xml(&report.name);
        let mut cases = String::new();
        let (mut tests, mut failures, mut errors, mut skipped) = (0, 0, 0, 0);
        match &report.outcome {
            Outcome::Skipped(why) => {
                tests += 1;
                skipped += 1;
                let _ = writeln!(
                    cases,
                    "    <testcase classname=\"{name}\" name=\"postlint\"><skipped message=\"{}\"/></testcase>",
                    xml(why)
                );
            }
            Outcome::Failed(why) => {
                tests += 1;
                errors += 1;
                let _ = writeln!(
                    cases,
                    "    <testcase classname=\"{name}\" name=\"postlint\"><error message=\"{}\"/></testcase>",
                    xml(why)
                );
            }
            Outcome::Checked(diagnostics) if diagnostics.is_empty() => {
                tests += 1;
                let _ = writeln!(
                    cases,
                    "    <testcase classname=\"{name}\" name=\"postlint\"/>"
                );
            }
            Outcome::Checked(diagnostics) => {
                let mut by_rule: BTreeMap<&str, Vec<_>> = BTreeMap::new();
                for d in diagnostics {
                    by_rule.entry(d.rule.id.as_str()).or_default().push(d);
                }
                for (rule, ds) in by_rule {
                    tests += 1;
                    let _ = write!(
                        cases,
                        "    <testcase classname=\"{name}\" name=\"{}\">",
                        xml(rule)
                    );
                    let open: Vec<_> = ds.iter().filter(|d| d.waived.is_none()).collect();
                    if open.is_empty() {
                        skipped += 1;
                        let reasons: Vec<&str> = ds
                            .iter()
                            .filter_map(|d| d.waived.as_ref())
                            .map(|w| w.reason.as_str())
                            .collect();
                        let _ = write!(
                            cases,
                            "<skipped message=\"waived: {}\"/>",
                            xml(&reasons.join("; "))
                        );
                    } else {
                        failures += 1;
                        let worst = open
                            .iter()
                            .map(|d| d.severity)
                            .max()
                            .map_or("", |s| s.as_str());
                        let _ = write!(
                            cases,
                            "<failure type=\"{worst}\" message=\"{}\">",
                            xml(&open[0].message)
                        );
                        for d in &open {
                            let _ = writeln!(
                                cases,
                                "{}:{}:{}: {}: {} ({})",
                                name,
                                d.start.line,
                                d.start.column,
                                d.severity,
                                xml(&d.message),
                                xml(&shown_match(report, d, self.options))
                            );
                        }
                        let _ = write!(cases, "{}</failure>", xml(&open[0].rule.fix));
                    }
                    cases.push_str("</testcase>\n");
                }
            }
        }
        for note in &report.notes {
            tests += 1;
            errors += usize::from(note.level == crate::report::NoteLevel::Error);
            let tag = if note.level == crate::report::NoteLevel::Error {
                "error"
            } else {
                "system-out"
            };
            let _ = writeln!(
                cases,
                "    <testcase classname=\"{name}\" name=\"waiver (line {})\"><{tag}>{}</{tag}></testcase>",
                note.line,
                xml(&note.message)
            );
        }
        self.suites.push(format!(
            "  <testsuite name=\"{name}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"{skipped}\">\n{cases}  </testsuite>\n"
        ));
        self.tests += tests;
        self.failures += failures;
        self.errors += errors;
        self.skipped += skipped;
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, _summary: &Summary) -> io::Result<()> {
        writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
        writeln!(
            out,
            "<testsuites name=\"postlint\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\">",
            self.tests, self.failures, self.errors, self.skipped
        )?;
        for suite in &self.suites {
            out.write_all(suite.as_bytes())?;
        }
        writeln!(out, "</testsuites>")
    }
}

#[cfg(test)]
mod tests {
    use super::xml;

    #[test]
    fn xml_escaping() {
        assert_eq!(
            xml("a<b & \"c\" 'd'>\u{1}"),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;\u{FFFD}"
        );
    }
}
