//! Findings placed in their file: positions, matched text, per-file outcomes,
//! and the run summary that decides the exit status.

use std::borrow::Cow;

use crate::draft::{self, DraftKind, ParseOptions};
use crate::input::Document;
use crate::rules::{Rule, RuleSet, Severity};
use crate::text::{LineIndex, Position, Span};

/// A finding located in a file.
#[derive(Debug, Clone)]
pub struct Diagnostic<'r> {
    /// The rule that found it.
    pub rule: &'r Rule,
    /// Severity after modifiers.
    pub severity: Severity,
    /// Byte range in the file.
    pub span: Span,
    /// Where the match starts.
    pub start: Position,
    /// Where the match ends (exclusive).
    pub end: Position,
    /// The message (the rule's, with any measurements filled in).
    pub message: Cow<'r, str>,
    /// Notes added by modifiers.
    pub notes: Vec<&'r str>,
    /// 1-based position of the post in its file (threads, CSV rows).
    pub post: usize,
    /// For CSV files, the 1-based data row.
    pub row: Option<usize>,
}

/// What happened to one input.
#[derive(Debug)]
pub enum Outcome<'r> {
    /// It was linted; here is what was found (possibly nothing).
    Checked(Vec<Diagnostic<'r>>),
    /// It was not a text draft and was skipped (a warning, not a failure).
    Skipped(String),
    /// It could not be read or decoded (fails the run with exit code 2).
    Failed(String),
}

/// One input and its outcome.
#[derive(Debug)]
pub struct FileReport<'r> {
    /// The input's name: its path, or `<stdin>`.
    pub name: String,
    /// The text that was checked (empty unless checked).
    pub text: String,
    /// What happened.
    pub outcome: Outcome<'r>,
}

impl<'r> FileReport<'r> {
    /// Lint plain text `doc` (one post) with the active rules of `rules`.
    pub fn check(rules: &'r RuleSet, doc: Document) -> Self {
        Self::check_as(rules, doc, DraftKind::Text, &ParseOptions::default())
    }

    /// Read `doc` as a draft of `kind` and lint each of its posts.
    pub fn check_as(
        rules: &'r RuleSet,
        doc: Document,
        kind: DraftKind,
        options: &ParseOptions,
    ) -> Self {
        let outcome = match draft::parse(&doc, kind, options) {
            Ok(parsed) => Outcome::Checked(diagnose(rules, &doc.text, &parsed.posts)),
            Err(e) => Outcome::Failed(e.to_string()),
        };
        FileReport {
            name: doc.name,
            text: doc.text,
            outcome,
        }
    }

    /// The diagnostics, if the file was checked.
    pub fn diagnostics(&self) -> &[Diagnostic<'r>] {
        match &self.outcome {
            Outcome::Checked(d) => d,
            _ => &[],
        }
    }

    /// The text a diagnostic matched.
    pub fn matched(&self, d: &Diagnostic<'_>) -> &str {
        self.text.get(d.span.range()).unwrap_or("")
    }
}

/// Lint each post and place its findings in the file's lines.
fn diagnose<'r>(rules: &'r RuleSet, text: &str, posts: &[draft::Post]) -> Vec<Diagnostic<'r>> {
    let mut index: Option<LineIndex> = None;
    let mut out = Vec::new();
    for post in posts {
        for f in rules.lint_post(post) {
            let index = index.get_or_insert_with(|| LineIndex::new(text));
            let span = f.span.shifted(post.span.start);
            out.push(Diagnostic {
                rule: f.rule,
                severity: f.severity,
                span,
                start: index.position(text, span.start),
                end: index.position(text, span.end),
                message: f.message,
                notes: f.notes,
                post: post.index,
                row: post.row,
            });
        }
    }
    out
}

/// Totals over a run.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    /// Inputs seen.
    pub files: usize,
    /// Inputs linted.
    pub checked: usize,
    /// Inputs skipped as binary.
    pub skipped: usize,
    /// Inputs that could not be read or decoded.
    pub failed: usize,
    /// Findings at error level.
    pub errors: usize,
    /// Findings at warning level.
    pub warnings: usize,
    /// Findings at info level.
    pub infos: usize,
}

impl Summary {
    /// Count one file's report.
    pub fn add(&mut self, report: &FileReport<'_>) {
        self.files += 1;
        match &report.outcome {
            Outcome::Checked(diagnostics) => {
                self.checked += 1;
                for d in diagnostics {
                    match d.severity {
                        Severity::Error => self.errors += 1,
                        Severity::Warning => self.warnings += 1,
                        Severity::Info => self.infos += 1,
                    }
                }
            }
            Outcome::Skipped(_) => self.skipped += 1,
            Outcome::Failed(_) => self.failed += 1,
        }
    }

    /// Findings at or above `level`.
    pub fn at_or_above(&self, level: Severity) -> usize {
        match level {
            Severity::Error => self.errors,
            Severity::Warning => self.errors + self.warnings,
            Severity::Info => self.errors + self.warnings + self.infos,
        }
    }

    /// All findings.
    pub fn problems(&self) -> usize {
        self.errors + self.warnings + self.infos
    }
}
