//! Gates: a cheap test that a regex cannot match a post, so it is not run.
//!
//! Each pattern's required literals (see `required`: strings one of which
//! every match contains) go into one Aho-Corasick automaton that runs once per
//! post, ignoring ASCII case; a pattern none of whose literals occurs cannot
//! match, so it is neither compiled nor run. Patterns without a selective set
//! (a bare `[0-9]{10}`, say) are never gated. This is only an optimisation: a
//! gated pattern that could match is always run.

use std::collections::HashMap;

use aho_corasick::AhoCorasick;

use super::required::FOLDS_TO_ASCII;

/// Single characters rare enough in prose to gate on (`@` for handles, say);
/// any other required set needs members of two bytes or more.
const RARE_CHARACTERS: &str = "@#%&*~|\\/^_=+<>[]{}$";

/// Whether a required-literal set (see `required`) is selective enough to be
/// worth searching for: a letter, digit or full stop occurs in almost every
/// post and would only slow the gate down.
pub(crate) fn useful(literals: &[String]) -> bool {
    !literals.is_empty()
        && literals
            .iter()
            .all(|l| l.len() >= 2 || (l.len() == 1 && RARE_CHARACTERS.contains(l.as_str())))
}

/// The gate literals of every gated pattern, in one automaton.
#[derive(Debug, Default)]
pub(crate) struct Gates {
    /// All gate literals; `None` when there are none, or when the automaton
    /// could not be built (then every gated leaf is always open).
    automaton: Option<AhoCorasick>,
    /// For each automaton pattern, the leaves it opens.
    opens: Vec<Vec<usize>>,
    /// Every gated leaf.
    leaves: Vec<usize>,
}

impl Gates {
    /// Build from (leaf id, required literals) pairs.
    pub fn new(gated: &[(usize, Vec<String>)]) -> Self {
        let mut index: HashMap<&str, usize> = HashMap::new();
        let mut literals: Vec<&str> = Vec::new();
        let mut opens: Vec<Vec<usize>> = Vec::new();
        for (leaf, lits) in gated {
            for lit in lits {
                let id = *index.entry(lit).or_insert_with(|| {
                    literals.push(lit);
                    opens.push(Vec::new());
                    literals.len() - 1
                });
                opens[id].push(*leaf);
            }
        }
        let automaton = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(&literals)
            .ok();
        Gates {
            automaton,
            opens,
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
    fn single_letters_are_not_worth_gating_on_but_rare_symbols_are() {
        assert!(useful(&strings(&["mrn", "unit"])));
        assert!(useful(&strings(&["@"])));
        assert!(!useful(&strings(&["a", "mrn"])));
        assert!(!useful(&strings(&["."])));
        assert!(!useful(&[]));
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
