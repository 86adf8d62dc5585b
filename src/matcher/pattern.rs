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
            // compiles every one of them (see `builtin_patterns_compile`).
            with_group(
                compile(&self.source).expect("built-in patterns are compiled by the test suite"),
            )
        })
    }
}

fn with_group(regex: Regex) -> (Regex, Option<usize>) {
    let group = regex.group_info().to_index(PatternID::ZERO, "hit");
    (regex, group)
}
