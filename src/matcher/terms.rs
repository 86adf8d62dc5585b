//! Whole-word phrase matching for every phrase list of a rule set, in one pass.
//!
//! All phrases of all rules and lexicons go into a single Aho-Corasick
//! automaton that runs over the folded text (see `text::Folded`); each hit is
//! then checked for word boundaries in Rust code. This is the approach measured
//! in `crates-and-regex.md` §3.3: a Unicode `\b` alternation is 100× slower on
//! non-ASCII text, and ASCII boundaries are wrong next to accented letters.
//!
//! A phrase ending in `*` matches as a word prefix: `stalk*` matches `stalked`
//! and `stalking` (the match extends to the end of the word).

use std::collections::HashMap;

use aho_corasick::AhoCorasick;

use crate::text::{Folded, Span, fold_term, is_word_char};

/// One phrase of a phrase list, resolved against the shared automaton.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct TermRef {
    /// Automaton pattern id.
    pub pattern: u32,
    /// `word*`: match the phrase as the start of a word.
    pub prefix: bool,
    /// The phrase folded without lower-casing, for case-sensitive lists.
    pub exact_case: String,
}

/// The shared phrase automaton and its patterns, built while rules compile.
#[derive(Debug, Default)]
pub(crate) struct TermTable {
    patterns: Vec<String>,
    index: HashMap<String, u32>,
    automaton: Option<AhoCorasick>,
}

/// Where one automaton pattern occurs in a folded text, boundaries checked.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RawHit {
    start: usize,
    end: usize,
    /// The phrase ends at a word boundary (a whole-word match).
    whole: bool,
    /// End of the word the phrase starts (for prefix phrases).
    word_end: usize,
}

/// Why a phrase could not be added.
#[derive(Debug)]
pub(crate) enum TermError {
    Empty,
}

impl TermTable {
    /// Every distinct phrase, folded.
    pub fn phrases(&self) -> &[String] {
        &self.patterns
    }

    /// Register `phrase`, returning its reference.
    pub fn add(&mut self, phrase: &str) -> Result<TermRef, TermError> {
        let (body, prefix) = match phrase.trim().strip_suffix('*') {
            Some(body) => (body, true),
            None => (phrase, false),
        };
        let folded = fold_term(body, true);
        if folded.is_empty() {
            return Err(TermError::Empty);
        }
        let next = u32::try_from(self.patterns.len()).unwrap_or(u32::MAX);
        let pattern = *self.index.entry(folded.clone()).or_insert_with(|| {
            self.patterns.push(folded);
            next
        });
        Ok(TermRef {
            pattern,
            prefix,
            exact_case: fold_term(body, false),
        })
    }

    /// Build the automaton once every phrase has been added.
    pub fn finish(&mut self) -> Result<(), aho_corasick::BuildError> {
        if !self.patterns.is_empty() {
            self.automaton = Some(AhoCorasick::new(&self.patterns)?);
        }
        Ok(())
    }

    /// Every boundary-checked occurrence of every phrase in `folded`, indexed by pattern id.
    pub fn scan(&self, folded: &Folded) -> Vec<Vec<RawHit>> {
        let mut hits = vec![Vec::new(); self.patterns.len()];
        let Some(automaton) = &self.automaton else {
            return hits;
        };
        let text = folded.as_str();
        for m in automaton.find_overlapping_iter(text) {
            let (start, end) = (m.start(), m.end());
            let pattern = &self.patterns[m.pattern().as_usize()];
            if starts_word(pattern) && text[..start].chars().next_back().is_some_and(is_word_char) {
                continue;
            }
            let rest = &text[end..];
            let word_end = end + rest.find(|c: char| !is_word_char(c)).unwrap_or(rest.len());
            let whole = !ends_word(pattern) || word_end == end;
            hits[m.pattern().as_usize()].push(RawHit {
                start,
                end,
                whole,
                word_end,
            });
        }
        hits
    }
}

fn starts_word(pattern: &str) -> bool {
    pattern.chars().next().is_some_and(is_word_char)
}

fn ends_word(pattern: &str) -> bool {
    pattern.chars().next_back().is_some_and(is_word_char)
}

/// The original-text spans where any of `terms` occurs.
pub(crate) fn term_spans(
    terms: &[TermRef],
    case_sensitive: bool,
    raw: &[Vec<RawHit>],
    folded: &Folded,
    original: &str,
) -> Vec<Span> {
    let mut spans = Vec::new();
    for term in terms {
        for hit in &raw[term.pattern as usize] {
            let end = if term.prefix {
                hit.word_end
            } else if hit.whole {
                hit.end
            } else {
                continue;
            };
            let (start, end_orig) = folded.original(hit.start, end);
            if case_sensitive {
                let (_, body_end) = folded.original(hit.start, hit.end);
                if fold_term(&original[start..body_end], false) != term.exact_case {
                    continue;
                }
            }
            spans.push(Span::new(start, end_orig));
        }
    }
    spans.sort_unstable();
    spans.dedup();
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(phrases: &[&str], case_sensitive: bool, text: &str) -> Vec<String> {
        let mut table = TermTable::default();
        let terms: Vec<TermRef> = phrases.iter().map(|p| table.add(p).unwrap()).collect();
        table.finish().unwrap();
        let folded = Folded::new(text);
        let raw = table.scan(&folded);
        term_spans(&terms, case_sensitive, &raw, &folded, text)
            .into_iter()
            .map(|s| text[s.range()].to_owned())
            .collect()
    }

    #[test]
    fn whole_words_only() {
        assert_eq!(
            find(&["pt"], false, "Pt seen, not script or pt's"),
            ["Pt", "pt"]
        );
        assert_eq!(find(&["cafe"], false, "caféteria café cafe"), ["cafe"]);
        assert!(find(&["scunthorpe"], false, "Scunthorpes").is_empty());
    }

    #[test]
    fn overlapping_phrases_all_match() {
        assert_eq!(
            find(
                &["patient", "patient's daughter"],
                false,
                "my patient’s daughter"
            ),
            ["patient", "patient’s daughter"]
        );
    }

    #[test]
    fn hyphens_spaces_and_case_fold() {
        assert_eq!(
            find(&["bed blocker"], false, "BED-BLOCKER and bed  blocker"),
            ["BED-BLOCKER", "bed  blocker"]
        );
    }

    #[test]
    fn prefix_phrases_take_the_rest_of_the_word() {
        assert_eq!(
            find(&["stalk*"], false, "Stalked her, stalking, stalk"),
            ["Stalked", "stalking", "stalk"]
        );
    }

    #[test]
    fn case_sensitive_lists_compare_original_case() {
        assert_eq!(find(&["CHI"], true, "chi CHI Chi"), ["CHI"]);
    }

    #[test]
    fn symbols_need_no_boundary() {
        assert_eq!(
            find(&["#ad", "😂"], false, "#ad #adorable lol😂"),
            ["#ad", "😂"]
        );
    }
}
