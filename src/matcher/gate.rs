//! Gates: a cheap test that a regex cannot match a post, so it is not run.
//!
//! Each pattern's required literal sets (see `required`: every match
//! contains a member of each set) are looked for once per post, ignoring
//! ASCII case: literals of two bytes or more with one Aho-Corasick automaton
//! (or, for the first post, one search per literal, which is cheaper than
//! building the automaton when there is only one post), single characters
//! (the digits of a `[0-9]{10}`, the `@` of a handle) with a set of the ASCII
//! bytes the post contains. A pattern with a set none of whose literals
//! occurs cannot match, so it is neither compiled nor run. Patterns without a
//! selective set are never gated. This is only an optimisation: a gated
//! pattern that could match is always run.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use aho_corasick::{AhoCorasick, AhoCorasickKind};

use super::FnvMap;
use super::required::FOLDS_TO_ASCII;

/// Whether a required-literal set (see `required`) is selective enough to be
/// worth looking for: a letter, space or common punctuation mark occurs in
/// almost every post, so a set with one of those alone gates nothing.
pub(crate) fn useful<S: AsRef<str>>(literals: &[S]) -> bool {
    !literals.is_empty()
        && literals.iter().all(|l| match l.as_ref().as_bytes() {
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

/// Longest text whose gates are worked out by comparing each literal in turn
/// rather than building the automaton (see [`Gates::open`]).
const DIRECT_LIMIT: usize = 16 * 1024;

/// The gate literals of every gated pattern.
///
/// A pattern may require several sets of literals (`required_sets`); each
/// (pattern, set) pair is a *unit*, met when one of the set's literals
/// occurs, and a pattern's leaf opens when all its units are met.
#[derive(Debug, Default)]
pub(crate) struct Gates {
    /// All gate literals of two bytes or more, lower-cased.
    literals: Vec<Cow<'static, str>>,
    /// One Aho-Corasick automaton over `literals`, built when first needed;
    /// `None` if it could not be built (then every gated leaf is always
    /// open).
    automaton: OnceLock<Option<AhoCorasick>>,
    /// Texts looked at so far.
    seen: AtomicUsize,
    /// For each literal, the units it meets.
    meets: Vec<Vec<usize>>,
    /// Units with single-character literals, and those characters.
    by_byte: Vec<(usize, ByteSet)>,
    /// Every gated leaf, with its units (numbered consecutively).
    leaves: Vec<(usize, Range<usize>)>,
    /// Number of units.
    units: usize,
}

impl Gates {
    /// Build from (leaf id, required literal sets) pairs.
    pub fn new(gated: &[(usize, Vec<Vec<Cow<'static, str>>>)]) -> Self {
        let mut index: FnvMap<&str, usize> = FnvMap::default();
        let mut literals: Vec<Cow<'static, str>> = Vec::new();
        let mut meets: Vec<Vec<usize>> = Vec::new();
        let mut by_byte = Vec::new();
        let mut leaves = Vec::new();
        let mut unit = 0;
        for (leaf, sets) in gated {
            let first = unit;
            for set in sets {
                let mut bytes = ByteSet::default();
                for lit in set {
                    if let [byte] = lit.as_bytes() {
                        bytes.insert(*byte);
                        continue;
                    }
                    let short = shortened(lit);
                    let id = *index.entry(short).or_insert_with(|| {
                        // Required literals are lower-cased already (see
                        // `required`); a borrowed one stays borrowed.
                        literals.push(match lit {
                            Cow::Borrowed(lit) => Cow::Borrowed(shortened(lit)),
                            Cow::Owned(_) => Cow::Owned(short.to_owned()),
                        });
                        meets.push(Vec::new());
                        literals.len() - 1
                    });
                    meets[id].push(unit);
                }
                if bytes.0 != 0 {
                    by_byte.push((unit, bytes));
                }
                unit += 1;
            }
            leaves.push((*leaf, first..unit));
        }
        Gates {
            literals,
            automaton: OnceLock::new(),
            seen: AtomicUsize::new(0),
            meets,
            by_byte,
            leaves,
            units: unit,
        }
    }

    /// Mark in `open` (indexed by leaf id) every gated leaf that may match
    /// `text`: a literal of each of its sets occurs in it.
    ///
    /// The first text, unless it is long, is searched for each literal in
    /// turn: for one post that is several times cheaper than building the
    /// automaton, which is built for the second.
    pub fn open(&self, text: &str, open: &mut [bool]) {
        let open_all = |open: &mut [bool]| {
            for (leaf, _) in &self.leaves {
                open[*leaf] = true;
            }
        };
        if text.contains(FOLDS_TO_ASCII) {
            return open_all(open);
        }
        let mut met = vec![false; self.units];
        let present = ByteSet::of(text);
        for &(unit, bytes) in &self.by_byte {
            met[unit] |= present.meets(bytes);
        }
        let first = self.seen.fetch_add(1, Ordering::Relaxed) == 0;
        if first && text.len() <= DIRECT_LIMIT && self.automaton.get().is_none() {
            let lower = text.to_ascii_lowercase();
            for (literal, units) in self.literals.iter().zip(&self.meets) {
                if lower.contains(literal.as_ref()) {
                    for &unit in units {
                        met[unit] = true;
                    }
                }
            }
        } else {
            let automaton = self.automaton.get_or_init(|| {
                // It runs once per post, so a quick build (no full DFA) pays off.
                AhoCorasick::builder()
                    .ascii_case_insensitive(true)
                    .kind(Some(AhoCorasickKind::ContiguousNFA))
                    .build(self.literals.iter().map(|l| l.as_bytes()))
                    .ok()
            });
            let Some(automaton) = automaton else {
                return open_all(open);
            };
            for m in automaton.find_overlapping_iter(text) {
                for &unit in &self.meets[m.pattern().as_usize()] {
                    met[unit] = true;
                }
            }
        }
        for (leaf, units) in &self.leaves {
            if met[units.clone()].iter().all(|&m| m) {
                open[*leaf] = true;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use super::{Gates, useful};

    fn strings(list: &[&'static str]) -> Vec<Cow<'static, str>> {
        list.iter().map(|s| Cow::Borrowed(*s)).collect()
    }

    #[test]
    fn single_letters_are_not_worth_gating_on_but_digits_and_symbols_are() {
        assert!(useful(&strings(&["mrn", "unit"])));
        assert!(useful(&strings(&["@"])));
        assert!(useful(&strings(&["0", "1", "2", "nhs"])));
        assert!(!useful(&strings(&["a", "mrn"])));
        assert!(!useful(&strings(&["."])));
        assert!(!useful::<&str>(&[]));
    }

    #[test]
    fn single_characters_open_a_leaf_only_when_the_post_has_one() {
        let digits: Vec<&str> = vec!["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];
        let gates = Gates::new(&[
            (0, vec![strings(&digits)]),
            (1, vec![strings(&["@", "dm me"])]),
        ]);
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
            (0, vec![strings(&["mrn", "unit no"])]),
            (2, vec![strings(&["sharepoint"])]),
        ]);
        let mut open = vec![false; 3];
        gates.open("His UNIT NO is on the board", &mut open);
        assert_eq!(open, [true, false, false]);
    }

    #[test]
    fn a_leaf_with_several_sets_opens_only_when_each_has_a_literal() {
        let gates = Gates::new(&[(
            0,
            vec![strings(&["will", "can"]), strings(&["cure", "heal"])],
        )]);
        let mut open = vec![false];
        gates.open("We can help with that, and we will.", &mut open);
        assert_eq!(open, [false]);
        gates.open("This WILL cure your back pain", &mut open);
        assert_eq!(open, [true]);
    }

    #[test]
    fn the_first_text_and_later_ones_are_gated_alike() {
        // The first text is searched literal by literal, later ones with the
        // automaton; both must open the same leaves.
        let gated = [
            (
                0,
                vec![strings(&["will", "can"]), strings(&["cure", "heal"])],
            ),
            (1, vec![strings(&["#ad", "sharepoint"])]),
            (
                2,
                vec![strings(&["£", "0", "1"]), strings(&["per session"])],
            ),
            (3, vec![strings(&["café"])]),
        ];
        let texts = [
            "This WILL Cure you",
            "see SharePoint, #AD",
            "£40 Per Session",
            "Café au lait",
            "nothing here",
            "CAFÉ",
        ];
        for text in texts {
            let fresh = Gates::new(&gated);
            let mut first = vec![false; 4];
            fresh.open(text, &mut first);
            let warm = Gates::new(&gated);
            warm.open("warming up", &mut [false; 4]);
            let mut later = vec![false; 4];
            warm.open(text, &mut later);
            assert_eq!(first, later, "{text}");
        }
    }

    #[test]
    fn letters_that_fold_to_ascii_open_every_gate() {
        let gates = Gates::new(&[
            (0, vec![strings(&["hosp"])]),
            (1, vec![strings(&["sharepoint"])]),
        ]);
        let mut open = vec![false; 2];
        gates.open("ho\u{17f}p no 12345", &mut open);
        assert_eq!(open, [true, true]);
    }
}
