//! Rules: what they say (message, explanation, fix, citations, examples) and
//! how a set of them is loaded, compiled and selected.
//!
//! Rules are data. The default pack lives in `rules/` as YAML and is compiled
//! into the binary (see `builtin`); users add their own files with the same
//! format (`rules/README.md`). Loading parses every file, then compiles all of
//! them together so rules can use lexicons and conditions from any file, and
//! reports every problem with its file, line and column.

mod builtin;
mod compile;

pub use crate::severity::Severity;
mod docs;
mod examples;
pub(crate) mod spec;

pub use docs::{markdown, markdown_without_examples, reference};
pub use examples::{ExampleFailure, ExampleKind};

use std::fmt;
use std::path::Path;

use serde::Serialize;

use crate::config::Config;
use crate::draft::{DraftKind, PostContext};
use crate::error::{RuleError, RuleErrors, SelectorError};
use crate::matcher::{Matcher, MeasureKind, Tables};

/// The categories a rule id can start with.
pub const CATEGORIES: &[&str] = &[
    "confidentiality",
    "advice",
    "boundaries",
    "employer",
    "policy",
    "documents",
    "privacy",
    "conduct",
    "advertising",
    "profile",
    "platform",
];

/// A citation of the guidance behind a rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Citation {
    /// The document, e.g. "HCPC Standards of conduct, performance and ethics (2024)".
    pub source: String,
    /// Section, standard or paragraph, where known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    /// Where to read it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

impl fmt::Display for Citation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source)?;
        if let Some(section) = &self.section {
            write!(f, ", {section}")?;
        }
        if let Some(url) = &self.url {
            write!(f, " <{url}>")?;
        }
        Ok(())
    }
}

/// One of a rule's own examples.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    /// The draft text.
    pub text: String,
    /// For a bad example, the text the rule must underline (when given).
    pub matched: Option<String>,
    /// For a bad example, the severity the finding must have (when given).
    pub severity: Option<Severity>,
    /// The draft format the example is read as (plain text unless given).
    pub kind: DraftKind,
    /// Platform and account the example is checked with.
    pub context: PostContext,
    /// Line of the example in its rule file.
    pub line: usize,
}

/// A compiled rule.
#[derive(Debug)]
pub struct Rule {
    /// `category/name`.
    pub id: String,
    /// Default severity, before modifiers.
    pub severity: Severity,
    /// One-line summary shown with each finding.
    pub message: String,
    /// Why the guidance objects, in plain English.
    pub explanation: String,
    /// What to do instead.
    pub fix: String,
    /// Where the guidance says so.
    pub guidance: Vec<Citation>,
    /// Matched text may identify a person: masked in machine-readable output.
    pub sensitive: bool,
    /// Runs unless deselected; `false` means it runs only when selected by name.
    pub enabled: bool,
    /// Report only the first match in a post (for rules about the post as a whole).
    pub first_only: bool,
    /// Texts the rule must flag.
    pub bad_examples: Vec<Example>,
    /// Texts the rule must leave alone.
    pub good_examples: Vec<Example>,
    /// The file (and line) the rule came from.
    pub origin: String,
    pub(crate) matcher: Matcher,
    pub(crate) modifiers: Vec<Modifier>,
    /// The measure whose values fill `{measured}`, `{limit}` and `{platform}` in the message.
    pub(crate) measure: Option<MeasureKind>,
}

impl Rule {
    /// The category: the part of the id before `/`.
    pub fn category(&self) -> &str {
        self.id.split_once('/').map_or(self.id.as_str(), |(c, _)| c)
    }
}

/// A severity change (and/or note) applied to a finding when a condition holds.
#[derive(Debug)]
pub(crate) struct Modifier {
    pub when: Matcher,
    pub change: SeverityChange,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy)]
pub(crate) enum SeverityChange {
    None,
    Set(Severity),
    Lower(u8),
    Raise(u8),
}

/// The phrases and patterns a rule set searches for (see [`RuleSet::search_terms`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchTerms {
    /// Distinct phrases, folded (lower-cased, hyphens as spaces).
    pub phrases: Vec<String>,
    /// Regex patterns, as written in the rule files.
    pub patterns: Vec<String>,
}

/// A compiled, ready-to-run set of rules.
#[derive(Debug)]
pub struct RuleSet {
    rules: Vec<Rule>,
    pub(crate) tables: Tables,
    active: Vec<bool>,
    /// Severity set by configuration, overriding the rule's own (and its modifiers).
    levels: Vec<Option<Severity>>,
}

impl RuleSet {
    /// The default pack embedded in the binary, with its default selection.
    pub fn builtin() -> Result<RuleSet, RuleErrors> {
        RuleSetBuilder::new().builtin(true).build()
    }

    /// What the rule set searches for, for measuring it against a bare scan:
    /// every distinct phrase (folded, as the shared automaton holds them) and
    /// every regex pattern.
    pub fn search_terms(&self) -> SearchTerms {
        let patterns = self
            .tables
            .leaves
            .iter()
            .filter_map(|leaf| match leaf {
                crate::matcher::Leaf::Pattern { pattern, .. } => Some(pattern.as_str().to_owned()),
                _ => None,
            })
            .collect();
        SearchTerms {
            phrases: self
                .tables
                .terms
                .phrases()
                .iter()
                .map(|p| p.to_string())
                .collect(),
            patterns,
        }
    }

    /// Compile every pattern now, returning `pattern: error` for each that does
    /// not compile. Built-in patterns compile on first use; the test suite
    /// calls this so that first use can never fail.
    pub fn compile_all_patterns(&self) -> Vec<String> {
        self.search_terms()
            .patterns
            .iter()
            .filter_map(|p| {
                crate::matcher::compile_pattern(p)
                    .err()
                    .map(|e| format!("{p}: {e}"))
            })
            .collect()
    }

    /// Every rule, in id order (including rules that are not active).
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// The rule with this id.
    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.rules
            .binary_search_by(|r| r.id.as_str().cmp(id))
            .ok()
            .map(|i| &self.rules[i])
    }

    /// The rule with this id, or an error suggesting the closest id.
    pub fn find(&self, id: &str) -> Result<&Rule, SelectorError> {
        self.get(id).ok_or_else(|| SelectorError {
            selector: id.to_owned(),
            suggestion: closest(id, self.rules.iter().map(|r| r.id.as_str())),
        })
    }

    /// Whether `rule` (a rule of this set) runs.
    pub fn is_active(&self, rule: &Rule) -> bool {
        self.index_of(rule).is_some_and(|i| self.active[i])
    }

    fn index_of(&self, rule: &Rule) -> Option<usize> {
        self.rules.binary_search_by(|r| r.id.cmp(&rule.id)).ok()
    }

    /// The rules that run, in id order.
    pub fn active_rules(&self) -> impl Iterator<Item = &Rule> {
        self.rules
            .iter()
            .zip(&self.active)
            .filter(|(_, on)| **on)
            .map(|(r, _)| r)
    }

    /// The active rules with any configured severity override.
    pub(crate) fn active_with_levels(&self) -> impl Iterator<Item = (&Rule, Option<Severity>)> {
        self.rules
            .iter()
            .zip(self.active.iter().zip(&self.levels))
            .filter(|(_, (on, _))| **on)
            .map(|(r, (_, level))| (r, *level))
    }

    /// Report every rule that `selector` (a rule id or category) names at
    /// `severity`, whatever its own severity and modifiers say.
    pub fn set_level(&mut self, selector: &str, severity: Severity) -> Result<(), SelectorError> {
        let s = self.check_selector(selector)?.to_owned();
        for (rule, level) in self.rules.iter().zip(self.levels.iter_mut()) {
            if selects(&s, rule) {
                *level = Some(severity);
            }
        }
        Ok(())
    }

    /// Choose which rules run. `select` (when not empty) replaces the default
    /// selection; `ignore` then removes rules. Each entry is a rule id or a
    /// category (`confidentiality` or `confidentiality/`). Rules that are off by
    /// default run only when selected by their full id or their category.
    pub fn select(&mut self, select: &[String], ignore: &[String]) -> Result<(), SelectorError> {
        let select: Vec<&str> = select
            .iter()
            .map(|s| self.check_selector(s))
            .collect::<Result<_, _>>()?;
        let ignore: Vec<&str> = ignore
            .iter()
            .map(|s| self.check_selector(s))
            .collect::<Result<_, _>>()?;
        for (rule, on) in self.rules.iter().zip(self.active.iter_mut()) {
            *on = if select.is_empty() {
                rule.enabled
            } else {
                select.iter().any(|s| selects(s, rule))
            };
            if ignore.iter().any(|s| selects(s, rule)) {
                *on = false;
            }
        }
        Ok(())
    }

    /// Check that `selector` names a rule id or a category of this set (the
    /// error suggests the closest one); returns it without a trailing `/`.
    pub fn check_selector<'s>(&self, selector: &'s str) -> Result<&'s str, SelectorError> {
        let s = selector.trim().trim_end_matches('/');
        if self.rules.iter().any(|r| selects(s, r)) {
            return Ok(s);
        }
        let candidates = self
            .rules
            .iter()
            .flat_map(|r| [r.id.as_str(), r.category()])
            .chain(CATEGORIES.iter().copied());
        Err(SelectorError {
            selector: selector.to_owned(),
            suggestion: closest(s, candidates),
        })
    }
}

fn selects(selector: &str, rule: &Rule) -> bool {
    rule.id == selector || rule.category() == selector
}

/// The candidate nearest to `word` by edit distance, if it is close enough to be a likely typo.
fn closest<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<String> {
    candidates
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, c)| *d <= (c.len() / 3).max(2))
        .min()
        .map(|(_, c)| c.to_owned())
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

/// Collects rule files, then compiles them into a [`RuleSet`].
#[derive(Default)]
pub struct RuleSetBuilder {
    sources: Vec<compile::Source>,
    extensions: compile::Extensions,
    errors: Vec<RuleError>,
}

impl RuleSetBuilder {
    /// An empty builder.
    pub fn new() -> Self {
        Self::default()
    }

    /// Add the embedded default pack. Its lexicons and conditions are always
    /// added (user rules may use them); its rules only when `rules` is true.
    ///
    /// The pack is read from the JSON `build.rs` made of it, which is fast but
    /// carries no line numbers; [`RuleSetBuilder::builtin_yaml`] reads the YAML
    /// itself, for error messages with positions when editing the pack.
    pub fn builtin(mut self, rules: bool) -> Self {
        match builtin::json_files() {
            Ok(files) => {
                for (path, mut file) in files {
                    if !rules {
                        file.rules.clear();
                    }
                    let origin = format!("{}rules/{path}", compile::BUILTIN_PREFIX);
                    self.sources.push(compile::Source { origin, file });
                }
                self
            }
            // Only possible if the build and the spec types disagree; the YAML
            // gives the exact reason.
            Err(_) => self.builtin_yaml(rules),
        }
    }

    /// Add the embedded default pack, parsed from its YAML (slower than
    /// [`RuleSetBuilder::builtin`], but problems come with line and column).
    pub fn builtin_yaml(mut self, rules: bool) -> Self {
        for (path, text) in builtin::FILES {
            self.add_text(
                &format!("{}rules/{path}", compile::BUILTIN_PREFIX),
                text,
                rules,
            );
        }
        self
    }

    /// Add a rule file, or every `.yaml`/`.yml` file under a folder.
    pub fn add_path(&mut self, path: &Path) {
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => {
                let mut files = Vec::new();
                if let Err(source) = collect_yaml(path, &mut files, 0) {
                    self.errors.push(RuleError::Read {
                        path: path.to_owned(),
                        source,
                    });
                }
                files.sort();
                for file in files {
                    self.add_file(&file);
                }
            }
            Ok(_) => self.add_file(path),
            Err(source) => self.errors.push(RuleError::Read {
                path: path.to_owned(),
                source,
            }),
        }
    }

    fn add_file(&mut self, path: &Path) {
        match std::fs::read(path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => self.add_text(&path.display().to_string(), &text, true),
                Err(e) => self.errors.push(RuleError::Invalid {
                    origin: path.display().to_string(),
                    line: 1,
                    column: 1,
                    message: format!(
                        "not valid UTF-8 (invalid byte at offset {}); save the rule file as UTF-8",
                        e.utf8_error().valid_up_to()
                    ),
                }),
            },
            Err(source) => self.errors.push(RuleError::Read {
                path: path.to_owned(),
                source,
            }),
        }
    }

    /// Add what a project configuration contributes: its rule files, and its
    /// organisation terms and patterns for the lexicons and conditions rules use.
    pub fn config(&mut self, config: &Config) {
        for path in &config.rules {
            self.add_path(path);
        }
        let origin = config.path.display().to_string();
        for (name, terms) in &config.lexicon_terms {
            self.extensions
                .lexicons
                .push((origin.clone(), name.clone(), terms.clone()));
        }
        for (name, pattern) in &config.condition_patterns {
            self.extensions
                .conditions
                .push((origin.clone(), name.clone(), pattern.clone()));
        }
    }

    /// Add rule-file text under the name `origin` (used in error messages).
    pub fn add_source(&mut self, origin: &str, text: &str) {
        self.add_text(origin, text, true);
    }

    fn add_text(&mut self, origin: &str, text: &str, with_rules: bool) {
        match crate::yaml::parse::<spec::PackFile>(text) {
            Ok(mut file) => {
                if !with_rules {
                    file.rules.clear();
                }
                self.sources.push(compile::Source {
                    origin: origin.to_owned(),
                    file,
                });
            }
            Err(e) => self.errors.push(RuleError::Invalid {
                origin: origin.to_owned(),
                line: e.line,
                column: e.column,
                message: e.message,
            }),
        }
    }

    /// Compile everything added, reporting every problem found.
    pub fn build(self) -> Result<RuleSet, RuleErrors> {
        let mut errors = self.errors;
        let (mut rules, tables) = match compile::compile(self.sources, self.extensions) {
            Ok(compiled) => compiled,
            Err(more) => {
                errors.extend(more);
                return Err(RuleErrors(errors));
            }
        };
        if !errors.is_empty() {
            return Err(RuleErrors(errors));
        }
        rules.sort_by(|a, b| a.id.cmp(&b.id));
        let active = rules.iter().map(|r| r.enabled).collect();
        let levels = vec![None; rules.len()];
        Ok(RuleSet {
            rules,
            tables,
            levels,
            active,
        })
    }
}

/// Maximum folder depth searched for rule files (guards against symlink loops).
const MAX_RULE_DIR_DEPTH: usize = 16;

fn collect_yaml(
    dir: &Path,
    out: &mut Vec<std::path::PathBuf>,
    depth: usize,
) -> std::io::Result<()> {
    if depth > MAX_RULE_DIR_DEPTH {
        return Ok(());
    }
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_yaml(&path, out, depth + 1)?;
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push(path);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn severity_steps() {
        assert_eq!(Severity::Error.lowered(1), Severity::Warning);
        assert_eq!(Severity::Error.lowered(5), Severity::Info);
        assert_eq!(Severity::Info.raised(1), Severity::Warning);
        assert_eq!(Severity::Warning.raised(3), Severity::Error);
        assert!(Severity::Error > Severity::Warning && Severity::Warning > Severity::Info);
    }

    #[test]
    fn suggestions_for_typos() {
        let cands = ["confidentiality", "conduct", "advice"];
        assert_eq!(
            closest("confidentialty", cands.into_iter()),
            Some("confidentiality".into())
        );
        assert_eq!(closest("xyz", cands.into_iter()), None);
    }
}
