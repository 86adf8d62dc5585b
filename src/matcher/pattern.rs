//! Regex patterns, compiled with limits, and for the built-in pack only when
//! first needed.
//!
//! Compiling the ~200 patterns of the default pack takes tens of milliseconds,
//! more than checking a post. A draft rarely needs more than a few of them, so
//! built-in patterns compile on first use (the test suite compiles every one,
//! so this cannot fail at run time). Patterns from users' rule files compile
//! when they load, so a bad one is reported at its line and column.

use std::sync::OnceLock;

use regex_automata::meta::{BuildError, Config, Regex};
use regex_automata::util::primitives::PatternID;
use regex_automata::util::syntax;
use regex_automata::{Anchored, Input};

use crate::text::Span;

/// Compiled-size limit for one regex (the NFA's heap size).
const SIZE_LIMIT: usize = 1 << 20;
/// Lazy-DFA cache limit for one regex.
const DFA_LIMIT: usize = 2 << 20;
/// Deepest nesting accepted.
const NEST_LIMIT: u32 = 64;

/// Compile `source` with the limits postlint puts on every rule pattern.
///
/// This is `regex`'s own engine (`regex-automata`'s meta regex, same syntax
/// and match semantics as `regex::Regex`) with its automatic literal
/// prefilters off: extracting them is about half the cost of compiling a
/// pattern, the gates (see `gate`) already skip posts without a pattern's
/// literals, and posts are short enough to scan whole.
pub(crate) fn compile(source: &str) -> Result<Regex, Box<BuildError>> {
    Regex::builder()
        .configure(
            Config::new()
                .auto_prefilter(false)
                .dfa(false)
                .onepass(false)
                .nfa_size_limit(Some(SIZE_LIMIT))
                .hybrid_cache_capacity(DFA_LIMIT),
        )
        .syntax(syntax::Config::new().nest_limit(NEST_LIMIT))
        .build(source)
        .map_err(Box::new)
}

/// A pattern and, once compiled, its regex and the index of its `hit` group.
#[derive(Debug)]
pub(crate) struct Pattern {
    source: String,
    compiled: OnceLock<(Regex, Option<usize>)>,
}

impl Pattern {
    /// A pattern compiled now (for users' rule files).
    pub fn eager(source: &str) -> Result<Self, Box<BuildError>> {
        let pattern = Pattern {
            source: source.to_owned(),
            compiled: OnceLock::new(),
        };
        let regex = compile(source)?;
        let _ = pattern.compiled.set(with_group(regex));
        Ok(pattern)
    }

    /// A pattern compiled on first use (for the built-in pack).
    pub fn lazy(source: &str) -> Self {
        Pattern {
            source: source.to_owned(),
            compiled: OnceLock::new(),
        }
    }

    /// Whether the regex has been compiled yet.
    #[cfg(test)]
    pub fn is_compiled(&self) -> bool {
        self.compiled.get().is_some()
    }

    /// The pattern as written.
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// The regex and the index of the group named `hit`, if any.
    pub fn get(&self) -> &(Regex, Option<usize>) {
        self.compiled.get_or_init(|| {
            // Invariant: only built-in patterns are lazy, and `cargo test`
            // compiles every one of them (see `tests/rule_examples.rs`).
            with_group(
                compile(&self.source).expect("built-in patterns are compiled by the test suite"),
            )
        })
    }
}

/// How many bytes of text one anchored try is worth: trying the pattern at
/// each possible start beats one search of the whole text when there are
/// fewer than one start per this many bytes. On the benchmark corpus any
/// value from 4 to 32 gave the same time; 96 was slower.
const BYTES_PER_TRY: usize = 16;

impl Pattern {
    /// The spans the pattern reports in `text`, in order: its matches, or
    /// the `hit` group of each match that has one. `starts`, when given,
    /// holds every place a match could start (sorted); if there are few,
    /// the pattern is tried only there ([`Pattern::find_at`]), otherwise
    /// the whole text is searched ([`Pattern::find_all`]). Both give the
    /// same spans.
    pub fn find(&self, text: &str, starts: Option<&[usize]>) -> Vec<Span> {
        match starts {
            Some(starts) if starts.len().saturating_mul(BYTES_PER_TRY) <= text.len() => {
                self.find_at(text, starts)
            }
            _ => self.find_all(text),
        }
    }

    /// The spans of one search through the whole of `text`.
    pub fn find_all(&self, text: &str) -> Vec<Span> {
        let (regex, group) = self.get();
        match group {
            None => regex.find_iter(text).map(|m| span(m.span())).collect(),
            Some(g) => regex
                .captures_iter(text)
                .filter_map(|c| c.get_group(*g))
                .map(span)
                .collect(),
        }
    }

    /// The spans of the matches that start at one of `starts` (sorted),
    /// tried in turn: the pattern is run anchored at each start at or after
    /// the end of the last match. When every match of the pattern starts at
    /// one of `starts`, this is what [`Pattern::find_all`] finds: the
    /// leftmost match after the previous one is the one at the first start
    /// where the pattern matches.
    pub fn find_at(&self, text: &str, starts: &[usize]) -> Vec<Span> {
        let (regex, group) = self.get();
        let mut caps = group.map(|_| regex.create_captures());
        let mut spans = Vec::new();
        let mut end = 0;
        for &start in starts.iter().filter(|&&s| s <= text.len()) {
            if start < end {
                continue;
            }
            let input = Input::new(text).range(start..).anchored(Anchored::Yes);
            match (&mut caps, group) {
                (Some(caps), Some(g)) => {
                    regex.search_captures(&input, caps);
                    if let Some(m) = caps.get_match() {
                        end = m.end();
                        spans.extend(caps.get_group(*g).map(span));
                    }
                }
                _ => {
                    if let Some(m) = regex.search(&input) {
                        end = m.end();
                        spans.push(span(m.span()));
                    }
                }
            }
        }
        spans
    }
}

fn span(m: regex_automata::Span) -> Span {
    Span::new(m.start, m.end)
}

fn with_group(regex: Regex) -> (Regex, Option<usize>) {
    let group = regex.group_info().to_index(PatternID::ZERO, "hit");
    (regex, group)
}
