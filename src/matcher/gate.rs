//! Gates: a cheap test that a regex cannot match a post, so it is not run.
//!
//! Each pattern's required literals (see `required`: strings one of which
//! every match contains) are looked for once per post, ignoring ASCII case:
//! literals of two bytes or more with one Aho-Corasick automaton, single
//! characters (the digits of a `[0-9]{10}`, the `@` of a handle) with a set
//! of the ASCII bytes the post contains. A pattern none of whose literals
//! occurs cannot match, so it is neither compiled nor run. Patterns without a
//! selective set are never gated. This is only an optimisation: a gated
//! pattern that could match is always run.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickKind};

use super::required::FOLDS_TO_ASCII;

/// Whether a required-literal set (see `required`) is selective enough to be
/// worth looking for: a letter, space or common punctuation mark occurs in
/// almost every post, so a set with one of those alone gates nothing.
pub(crate) fn useful(literals: &[String]) -> bool {
    !literals.is_empty()
        && literals.iter().all(|l| match l.as_bytes() {
            [b] => b.is_ascii() && !b.is_ascii_alphabetic() && !b" \t\n.,'!?-:;()\"".contains(b),
            bytes => !bytes.is_empty(),
        })
}

/// Longest gate literal kept, in bytes.
const MAX_LITERAL: usize = 6;

/// The start of `literal`, at most `MAX_LITERAL` bytes: wherever the literal
/// occurs its start does too, so the gate stays sound, and the automaton
/// stays small (it is built on every run).
fn shortened(literal: &str) -> &str {
    let mut end = literal.len().min(MAX_LITERAL);
    while !literal.is_char_boundary(end) {
        end -= 1;
    }
    &literal[..end]
}

/// A set of ASCII bytes, lower-cased, as a bit mask.
#[derive(Debug, Default, Clone, Copy)]
struct ByteSet(u128);

impl ByteSet {
    fn insert(&mut self, byte: u8) {
        if byte.is_ascii() {
            self.0 |= 1 << byte.to_ascii_lowercase();
        }
    }

    /// The ASCII bytes of `text`.
    fn of(text: &str) -> Self {
        let mut set = ByteSet::default();
        for &byte in text.as_bytes() {
            set.insert(byte);
        }
        set
    }

    fn meets(self, other: ByteSet) -> bool {
        self.0 & other.0 != 0
    }
}

/// The gate literals of every gated pattern.
#[derive(Debug, Default)]
pub(crate) struct Gates {
    /// All gate literals of two bytes or more; `None` when there are none, or
    /// when the automaton could not be built (then every gated leaf is
    /// always open).
    automaton: Option<AhoCorasick>,
    /// For each automaton pattern, the leaves it opens.
    opens: Vec<Vec<usize>>,
    /// Leaves with single-character literals, and those characters.
    by_byte: Vec<(usize, ByteSet)>,
    /// Every gated leaf.
    leaves: Vec<usize>,
}

impl Gates {
    /// Build from (leaf id, required literals) pairs.
    pub fn new(gated: &[(usize, Vec<String>)]) -> Self {
        let mut index: HashMap<&str, usize> = HashMap::new();
        let mut literals: Vec<&str> = Vec::new();
        let mut opens: Vec<Vec<usize>> = Vec::new();
        let mut by_byte = Vec::new();
        for (leaf, lits) in gated {
            let mut bytes = ByteSet::default();
            for lit in lits {
                if let [byte] = lit.as_bytes() {
                    bytes.insert(*byte);
                    continue;
                }
                let lit = shortened(lit);
                let id = *index.entry(lit).or_insert_with(|| {
                    literals.push(lit);
                    opens.push(Vec::new());
                    literals.len() - 1
                });
                opens[id].push(*leaf);
            }
            if bytes.0 != 0 {
                by_byte.push((*leaf, bytes));
            }
        }
        // It runs once per post, so a quick build (no full DFA) pays off.
        let automaton = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .build(&literals)
            .ok();
        Gates {
            automaton,
            opens,
            by_byte,
            leaves: gated.iter().map(|(leaf, _)| *leaf).collect(),
        }
    }

    /// Mark in `open` (indexed by leaf id) every gated leaf that may match
    /// `text`: one of its literals occurs in it.
    pub fn open(&self, text: &str, open: &mut [bool]) {
        let automaton = match &self.automaton {
            Some(automaton) if !text.contains(FOLDS_TO_ASCII) => automaton,
            _ => {
                for &leaf in &self.leaves {
                    open[leaf] = true;
                }
                return;
            }
        };
        let present = ByteSet::of(text);
        for &(leaf, bytes) in &self.by_byte {
            if present.meets(bytes) {
                open[leaf] = true;
            }
        }
        for m in automaton.find_overlapping_iter(text) {
            for &leaf in &self.opens[m.pattern().as_usize()] {
                open[leaf] = true;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Gates, useful};

    fn strings(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn single_letters_are_not_worth_gating_on_but_digits_and_symbols_are() {
        assert!(useful(&strings(&["mrn", "unit"])));
        assert!(useful(&strings(&["@"])));
        assert!(useful(&strings(&["0", "1", "2", "nhs"])));
        assert!(!useful(&strings(&["a", "mrn"])));
        assert!(!useful(&strings(&["."])));
        assert!(!useful(&[]));
    }

    #[test]
    fn single_characters_open_a_leaf_only_when_the_post_has_one() {
        let digits: Vec<&str> = vec!["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];
        let gates = Gates::new(&[(0, strings(&digits)), (1, strings(&["@", "dm me"]))]);
        let mut open = vec![false; 2];
        gates.open("No numbers here, and no handles.", &mut open);
        assert_eq!(open, [false, false]);
        gates.open("Ring 0161 and DM me", &mut open);
        assert_eq!(open, [true, true]);
        let mut open = vec![false; 2];
        gates.open("thanks @OTweek", &mut open);
        assert_eq!(open, [false, true]);
    }

    #[test]
    fn a_leaf_opens_when_one_literal_occurs_in_any_case() {
        let gates = Gates::new(&[
            (0, strings(&["mrn", "unit no"])),
            (2, strings(&["sharepoint"])),
        ]);
        let mut open = vec![false; 3];
        gates.open("His UNIT NO is on the board", &mut open);
        assert_eq!(open, [true, false, false]);
    }

    #[test]
    fn letters_that_fold_to_ascii_open_every_gate() {
        let gates = Gates::new(&[(0, strings(&["hosp"])), (1, strings(&["sharepoint"]))]);
        let mut open = vec![false; 2];
        gates.open("ho\u{17f}p no 12345", &mut open);
        assert_eq!(open, [true, true]);
    }
}
