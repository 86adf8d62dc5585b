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
//!
//! The same automaton finds where each pattern's *start literals* occur (the
//! literals every match starts with, see `required`), so that a pattern
//! whose starts are rare in a post is tried only there (see
//! `Pattern::find`). Positions are collected only by the automaton, not on
//! the first post.

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

/// A pattern leaf's literals, as [`Gates::new`] takes them.
#[derive(Debug)]
pub(crate) struct PatternLiterals {
    /// The leaf id.
    pub leaf: usize,
    /// Its useful required literal sets (see [`useful`]); none if it is not
    /// gated.
    pub sets: Vec<Vec<Cow<'static, str>>>,
    /// The literals its matches start with (empty: unknown).
    pub starts: Vec<Cow<'static, str>>,
}

/// Where start literals occur in one text: (literal id, byte offset),
/// sorted.
#[derive(Debug, Default)]
pub(crate) struct StartHits(Vec<(u32, usize)>);

/// The gate literals of every gated pattern, and the start literals of every
/// pattern that has them.
///
/// A pattern may require several sets of literals (`Required::sets`); each
/// (pattern, set) pair is a *unit*, met when one of the set's literals
/// occurs, and a pattern's leaf opens when all its units are met.
#[derive(Debug, Default)]
pub(crate) struct Gates {
    /// All gate literals of two bytes or more, lower-cased.
    literals: Vec<Cow<'static, str>>,
    /// For each literal, the units it meets.
    meets: Vec<Vec<usize>>,
    /// Units with single-character literals, and those characters.
    by_byte: Vec<(usize, ByteSet)>,
    /// Every gated leaf, with its units (numbered consecutively).
    leaves: Vec<(usize, Range<usize>)>,
    /// Number of units.
    units: usize,
    /// The start literals of each pattern leaf that has them.
    starts: Vec<(usize, Vec<Cow<'static, str>>)>,
    /// The automaton, built when first needed; `None` if it could not be
    /// built (then every gated leaf is always open).
    search: OnceLock<Option<Search>>,
    /// Texts looked at so far.
    seen: AtomicUsize,
}

/// One Aho-Corasick automaton over the gate literals (the first
/// `Gates::literals.len()` ids) and the start literals that are not gate
/// literals too.
#[derive(Debug)]
struct Search {
    automaton: AhoCorasick,
    /// For each automaton literal, whether it is a start literal.
    is_start: Vec<bool>,
    /// The start literal ids of each leaf that has them, by leaf id.
    starts: FnvMap<usize, Box<[u32]>>,
}

impl Gates {
    /// Build from the literals of every pattern leaf.
    pub fn new(patterns: &[PatternLiterals]) -> Self {
        let mut gates = Gates::default();
        let mut index: FnvMap<&str, usize> = FnvMap::default();
        let mut unit = 0;
        for pattern in patterns {
            let first = unit;
            for set in &pattern.sets {
                let mut bytes = ByteSet::default();
                for lit in set {
                    if let [byte] = lit.as_bytes() {
                        bytes.insert(*byte);
                        continue;
                    }
                    // Required literals are lower-cased already (see
                    // `required`); a borrowed one stays borrowed.
                    let next = gates.literals.len();
                    let id = *index.entry(shortened(lit)).or_insert(next);
                    if id == next {
                        gates.literals.push(match lit {
                            Cow::Borrowed(lit) => Cow::Borrowed(shortened(lit)),
                            Cow::Owned(lit) => Cow::Owned(shortened(lit).to_owned()),
                        });
                        gates.meets.push(Vec::new());
                    }
                    gates.meets[id].push(unit);
                }
                if bytes.0 != 0 {
                    gates.by_byte.push((unit, bytes));
                }
                unit += 1;
            }
            if first < unit {
                gates.leaves.push((pattern.leaf, first..unit));
            }
            if !pattern.starts.is_empty() {
                gates.starts.push((pattern.leaf, pattern.starts.clone()));
            }
        }
        gates.units = unit;
        gates
    }

    /// Build the automaton: the gate literals keep their ids, and start
    /// literals are added after them (once each, shortened).
    fn build_search(&self) -> Option<Search> {
        let mut literals: Vec<&str> = self.literals.iter().map(AsRef::as_ref).collect();
        let mut index: FnvMap<&str, usize> =
            literals.iter().enumerate().map(|(i, l)| (*l, i)).collect();
        let mut is_start = vec![false; literals.len()];
        let mut starts = FnvMap::default();
        for (leaf, list) in &self.starts {
            let ids = list
                .iter()
                .map(|lit| {
                    let short = shortened(lit);
                    let id = *index.entry(short).or_insert_with(|| {
                        literals.push(short);
                        is_start.push(false);
                        literals.len() - 1
                    });
                    is_start[id] = true;
                    u32::try_from(id).unwrap_or(u32::MAX)
                })
                .collect();
            starts.insert(*leaf, ids);
        }
        // It runs once per post, so a quick build (no full DFA) pays off.
        let automaton = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .build(&literals)
            .ok()?;
        Some(Search {
            automaton,
            is_start,
            starts,
        })
    }

    /// Mark in `open` (indexed by leaf id) every gated leaf that may match
    /// `text`: a literal of each of its sets occurs in it. Returns where the
    /// start literals occur, when that was worked out.
    ///
    /// The first text, unless it is long, is searched for each gate literal
    /// in turn: for one post that is several times cheaper than building the
    /// automaton, which is built for the second (and finds the starts).
    pub fn open(&self, text: &str, open: &mut [bool]) -> Option<StartHits> {
        let open_all = |open: &mut [bool]| {
            for (leaf, _) in &self.leaves {
                open[*leaf] = true;
            }
        };
        if text.contains(FOLDS_TO_ASCII) {
            open_all(open);
            return None;
        }
        let mut met = vec![false; self.units];
        let present = ByteSet::of(text);
        for &(unit, bytes) in &self.by_byte {
            met[unit] |= present.meets(bytes);
        }
        let first = self.seen.fetch_add(1, Ordering::Relaxed) == 0;
        let mut starts = None;
        if first && text.len() <= DIRECT_LIMIT && self.search.get().is_none() {
            let lower = text.to_ascii_lowercase();
            for (literal, units) in self.literals.iter().zip(&self.meets) {
                if lower.contains(literal.as_ref()) {
                    for &unit in units {
                        met[unit] = true;
                    }
                }
            }
        } else {
            let Some(search) = self.search.get_or_init(|| self.build_search()) else {
                open_all(open);
                return None;
            };
            let mut hits = Vec::new();
            for m in search.automaton.find_overlapping_iter(text) {
                let id = m.pattern().as_usize();
                for &unit in self.meets.get(id).into_iter().flatten() {
                    met[unit] = true;
                }
                if search.is_start[id] {
                    hits.push((m.pattern().as_u32(), m.start()));
                }
            }
            hits.sort_unstable();
            starts = Some(StartHits(hits));
        }
        for (leaf, units) in &self.leaves {
            if met[units.clone()].iter().all(|&m| m) {
                open[*leaf] = true;
            }
        }
        starts
    }

    /// Every place in the text of `hits` where a match of leaf `leaf` could
    /// start, sorted; `None` when the leaf's matches may start anywhere.
    pub fn starts(&self, leaf: usize, hits: &StartHits) -> Option<Vec<usize>> {
        let ids = self.search.get()?.as_ref()?.starts.get(&leaf)?;
        let mut at = Vec::new();
        for &id in ids.iter() {
            let from = hits.0.partition_point(|&(lit, _)| lit < id);
            let to = hits.0.partition_point(|&(lit, _)| lit <= id);
            at.extend(hits.0[from..to].iter().map(|&(_, offset)| offset));
        }
        at.sort_unstable();
        at.dedup();
        Some(at)
    }
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use super::{Gates, PatternLiterals, useful};

    fn strings(list: &[&'static str]) -> Vec<Cow<'static, str>> {
        list.iter().map(|s| Cow::Borrowed(*s)).collect()
    }

    /// Gates for (leaf id, required literal sets) pairs, without starts.
    fn gates(gated: &[(usize, Vec<Vec<Cow<'static, str>>>)]) -> Gates {
        let patterns: Vec<PatternLiterals> = gated
            .iter()
            .map(|(leaf, sets)| PatternLiterals {
                leaf: *leaf,
                sets: sets.clone(),
                starts: Vec::new(),
            })
            .collect();
        Gates::new(&patterns)
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
        let gates = gates(&[
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
        let gates = gates(&[
            (0, vec![strings(&["mrn", "unit no"])]),
            (2, vec![strings(&["sharepoint"])]),
        ]);
        let mut open = vec![false; 3];
        gates.open("His UNIT NO is on the board", &mut open);
        assert_eq!(open, [true, false, false]);
    }

    #[test]
    fn a_leaf_with_several_sets_opens_only_when_each_has_a_literal() {
        let gates = gates(&[(
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
            let fresh = gates(&gated);
            let mut first = vec![false; 4];
            fresh.open(text, &mut first);
            let warm = gates(&gated);
            warm.open("warming up", &mut [false; 4]);
            let mut later = vec![false; 4];
            warm.open(text, &mut later);
            assert_eq!(first, later, "{text}");
        }
    }

    #[test]
    fn letters_that_fold_to_ascii_open_every_gate() {
        let gates = gates(&[
            (0, vec![strings(&["hosp"])]),
            (1, vec![strings(&["sharepoint"])]),
        ]);
        let mut open = vec![false; 2];
        gates.open("ho\u{17f}p no 12345", &mut open);
        assert_eq!(open, [true, true]);
    }

    #[test]
    fn after_the_first_text_the_automaton_finds_every_start() {
        let patterns = [
            PatternLiterals {
                leaf: 0,
                sets: Vec::new(),
                starts: strings(&["mr", "dr"]),
            },
            PatternLiterals {
                leaf: 1,
                sets: vec![strings(&["ward"])],
                starts: strings(&["bay", "ward"]),
            },
            // One-byte starts are looked for too (gate literals of one
            // byte are not: they are tested with a byte set).
            PatternLiterals {
                leaf: 2,
                sets: Vec::new(),
                starts: strings(&["@", "on"]),
            },
            PatternLiterals {
                leaf: 3,
                sets: vec![strings(&["4"])],
                starts: Vec::new(),
            },
        ];
        let gates = Gates::new(&patterns);
        let mut open = vec![false; 4];
        assert!(gates.open("the first text", &mut open).is_none());
        let text = "Mr Smith, DR Jones (mrs) in Bay 4 on the ward";
        let hits = gates
            .open(text, &mut open)
            .unwrap_or_else(|| panic!("the second text's starts are found"));
        assert_eq!(gates.starts(0, &hits), Some(vec![0, 10, 20]));
        assert_eq!(gates.starts(1, &hits), Some(vec![28, 41]));
        assert_eq!(gates.starts(2, &hits), Some(vec![14, 34]));
        assert_eq!(gates.starts(3, &hits), None);
        assert_eq!(open, [false, true, false, true]);
        // Letters that fold to ASCII defeat the search: no positions.
        assert!(gates.open("\u{212a}ay 4, Mr Smith", &mut open).is_none());
    }
}
