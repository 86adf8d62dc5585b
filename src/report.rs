//! Findings placed in their file: positions, matched text, waivers, per-file
//! outcomes, and the run summary that decides the exit status.

use std::borrow::Cow;

use serde::Serialize;

use crate::config::PathWaiver;
use crate::draft::{self, DraftKind, ParseOptions};
use crate::input::Document;
use crate::rules::{Rule, RuleSet, Severity};
use crate::text::{LineIndex, Position, Span};
use crate::waiver::{self, Waiver};

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
    /// The waiver that accepts this finding, if any: it then does not count.
    pub waived: Option<Waiver>,
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

/// How serious a note about a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum NoteLevel {
    /// The run fails with exit code 2 (e.g. a waiver without a reason).
    Error,
    /// Worth fixing (e.g. a waiver that waives nothing).
    Warning,
}

/// Something about a file that is not a finding of a rule: a problem with a
/// waiver, or a waiver that was not used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileNote {
    /// Error or warning.
    pub level: NoteLevel,
    /// 1-based line it refers to (in the draft, or the configuration file).
    pub line: usize,
    /// What it is about.
    pub message: String,
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
    /// Problems with waivers and unused waivers.
    pub notes: Vec<FileNote>,
}

impl<'r> FileReport<'r> {
    /// Lint plain text `doc` (one post) with the active rules of `rules`.
    pub fn check(rules: &'r RuleSet, doc: Document) -> Self {
        Self::check_as(rules, doc, DraftKind::Text, &ParseOptions::default(), &[])
    }

    /// Read `doc` as a draft of `kind`, lint each of its posts, and apply the
    /// draft's own waivers and `path_waivers` from the configuration.
    pub fn check_as(
        rules: &'r RuleSet,
        doc: Document,
        kind: DraftKind,
        options: &ParseOptions,
        path_waivers: &[&PathWaiver],
    ) -> Self {
        let parsed = match draft::parse(&doc, kind, options) {
            Ok(parsed) => parsed,
            Err(e) => {
                return FileReport {
                    name: doc.name,
                    text: doc.text,
                    outcome: Outcome::Failed(e.to_string()),
                    notes: Vec::new(),
                };
            }
        };
        let mut diagnostics = diagnose(rules, &doc.text, &parsed.posts);
        let (waivers, problems) = waiver::collect(
            &doc.text,
            kind == DraftKind::Markdown,
            &parsed.front_matter,
            path_waivers,
            rules,
        );
        let mut used = vec![false; waivers.len()];
        for d in &mut diagnostics {
            for (i, w) in waivers
                .iter()
                .enumerate()
                .filter(|(_, w)| w.covers(&d.rule.id, d.start.line))
            {
                used[i] = true;
                d.waived.get_or_insert_with(|| w.clone());
            }
        }
        let mut notes: Vec<FileNote> = problems
            .into_iter()
            .map(|p| FileNote {
                level: NoteLevel::Error,
                line: p.line,
                message: p.message,
            })
            .collect();
        for (w, used) in waivers.iter().zip(used) {
            if !used {
                let whence = match w.source {
                    waiver::WaiverSource::Config => " (in the project configuration)",
                    _ => "",
                };
                notes.push(FileNote {
                    level: NoteLevel::Warning,
                    line: w.line,
                    message: format!(
                        "the waiver for `{}`{whence} waives nothing; remove it",
                        w.rule
                    ),
                });
            }
        }
        FileReport {
            name: doc.name,
            text: doc.text,
            outcome: Outcome::Checked(diagnostics),
            notes,
        }
    }

    /// A report for an input that was skipped (not a text draft).
    pub fn skipped(name: String, why: String) -> Self {
        FileReport {
            name,
            text: String::new(),
            outcome: Outcome::Skipped(why),
            notes: Vec::new(),
        }
    }

    /// A report for an input that could not be checked.
    pub fn failed(name: String, why: String) -> Self {
        FileReport {
            name,
            text: String::new(),
            outcome: Outcome::Failed(why),
            notes: Vec::new(),
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
                waived: None,
            });
        }
    }
    out
}

/// Totals over a run.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Inputs seen.
    pub files: usize,
    /// Inputs linted.
    pub checked: usize,
    /// Inputs skipped as binary.
    pub skipped: usize,
    /// Inputs that could not be read or decoded, or whose waivers are invalid.
    pub failed: usize,
    /// Findings at error level (not waived).
    pub errors: usize,
    /// Findings at warning level (not waived).
    pub warnings: usize,
    /// Findings at info level (not waived).
    pub infos: usize,
    /// Findings accepted by a waiver.
    pub waived: usize,
}

impl Summary {
    /// Count one file's report.
    pub fn add(&mut self, report: &FileReport<'_>) {
        self.files += 1;
        match &report.outcome {
            Outcome::Checked(diagnostics) => {
                self.checked += 1;
                for d in diagnostics {
                    if d.waived.is_some() {
                        self.waived += 1;
                        continue;
                    }
                    match d.severity {
                        Severity::Error => self.errors += 1,
                        Severity::Warning => self.warnings += 1,
                        Severity::Info => self.infos += 1,
                    }
                }
                if report.notes.iter().any(|n| n.level == NoteLevel::Error) {
                    self.failed += 1;
                }
            }
            Outcome::Skipped(_) => self.skipped += 1,
            Outcome::Failed(_) => self.failed += 1,
        }
    }

    /// Findings at or above `level` (not waived).
    pub fn at_or_above(&self, level: Severity) -> usize {
        match level {
            Severity::Error => self.errors,
            Severity::Warning => self.errors + self.warnings,
            Severity::Info => self.errors + self.warnings + self.infos,
        }
    }

    /// All findings that count (not waived).
    pub fn problems(&self) -> usize {
        self.errors + self.warnings + self.infos
    }
}
