//! Whole-word phrase matching for every phrase list of a rule set, in one pass.
//!
//! Phrases are matched on the folded text (see `text::Folded`) as whole words:
//! a match may not start or end inside a word. Two structures share the work:
//!
//! * Most phrases are words separated by spaces or apostrophes ("bed blocker",
//!   "patient's"). They can only match from a word start to a word end, so
//!   they live in a hash table and the text is scanned once, looking up each
//!   run of words that starts at a word start (at most as long as the longest
//!   phrase; from the second text on, only while some phrase starts with the
//!   run). Building the table is a fraction of a millisecond, which matters
//!   because the pack has thousands of phrases and loads on every run.
//! * The rest (phrases with symbols such as `#ad`, `a&e` or `📸`, and
//!   word-prefix phrases) go into one Aho-Corasick automaton, whose hits are
//!   checked for word boundaries in code. Either way this is the approach
//!   measured in `crates-and-regex.md` §3.3: a Unicode `\b` alternation is 100×
//!   slower on non-ASCII text, and ASCII boundaries are wrong next to accented
//!   letters.
//!
//! A phrase ending in `*` matches as a word prefix: `stalk*` matches `stalked`
//! and `stalking` (the match extends to the end of the word).

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hash, Hasher};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use aho_corasick::AhoCorasick;
use hashbrown::HashTable;

use crate::text::{Folded, FoldedPhrase, Span, fold_phrase, fold_term, is_word_char};

/// One phrase of a phrase list, resolved against the shared automaton.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct TermRef {
    /// Automaton pattern id.
    pub pattern: u32,
    /// `word*`: match the phrase as the start of a word.
    pub prefix: bool,
    /// The phrase folded without lower-casing, for case-sensitive lists: an
    /// index into the table's case-kept forms, or `None` when it is the same
    /// as the folded phrase.
    exact_case: Option<u32>,
}

/// Every phrase of a rule set and the structures that find them, built while
/// rules compile.
#[derive(Debug, Default)]
pub(crate) struct TermTable {
    /// Every distinct phrase, folded; a phrase's index is its pattern id.
    patterns: Interned,
    /// Phrases some list uses as a word prefix (`word*`).
    used_as_prefix: Vec<bool>,
    /// Phrases that are word runs (see `text::fold::is_word_run`).
    word_run: Vec<bool>,
    /// Case-kept forms of phrases with capitals (see [`TermRef`]).
    exact_forms: Interned,
    /// The pattern ids of the word-run phrases, found by their text.
    words: HashTable<u32>,
    /// Longest word-run phrase, in bytes.
    longest_words: usize,
    /// Every other phrase, and the pattern id of each automaton pattern.
    automaton: Option<(AhoCorasick, Vec<u32>)>,
    /// Texts scanned so far.
    scans: AtomicUsize,
    /// The runs a longer word-run phrase starts with, built for the second
    /// text (see [`TermTable::scan_word_runs`]).
    run_prefixes: OnceLock<RunPrefixes>,
}

/// A set of phrase hashes that may answer "yes" wrongly but never "no"
/// wrongly: one bit per hash in a table of 2^18 bits (32 KiB). With the
/// pack's ~7,900 run prefixes about 3% of other runs get a wrong "yes",
/// which costs a lookup, never a match.
#[derive(Debug)]
struct RunPrefixes(Box<[u64]>);

impl RunPrefixes {
    /// Bits in the table (a power of two).
    const BITS: u64 = 1 << 18;

    fn new() -> Self {
        RunPrefixes(vec![0; (Self::BITS / 64) as usize].into_boxed_slice())
    }

    /// Which bit `hash` sets: its high and low halves mixed.
    fn bit(hash: u64) -> (usize, u64) {
        let bit = (hash ^ (hash >> 32)) & (Self::BITS - 1);
        ((bit / 64) as usize, 1 << (bit % 64))
    }

    fn insert(&mut self, hash: u64) {
        let (word, mask) = Self::bit(hash);
        self.0[word] |= mask;
    }

    fn may_contain(&self, hash: u64) -> bool {
        let (word, mask) = Self::bit(hash);
        self.0[word] & mask != 0
    }
}

/// FNV-1a: a fast, deterministic hash for the short keys of the phrase table.
#[derive(Default)]
pub(crate) struct Fnv(u64);

/// A hash map with the FNV hash, for tables built when the pack loads (their
/// keys are not attacker-chosen in a way that matters: a slow load is the
/// worst a hostile rule file can cause, and budgets bound its size).
pub(crate) type FnvMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut hash = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for b in bytes {
            hash ^= u64::from(*b);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
        self.0 = hash;
    }
}

/// The FNV-1a hash of `text` (as [`FnvMap`] hashes a `str` key).
fn fnv(text: &str) -> u64 {
    let mut hasher = Fnv::default();
    text.hash(&mut hasher);
    hasher.finish()
}

/// Distinct strings, each stored once and numbered in the order added.
#[derive(Debug, Default)]
struct Interned {
    /// Borrowed for the built-in pack's lexicons (folded by `build.rs`).
    strings: Vec<Cow<'static, str>>,
    /// The hash of each string (see [`fnv`]).
    hashes: Vec<u64>,
    /// Indexes into `strings`, hashed by the string.
    table: HashTable<u32>,
}

impl Interned {
    /// The number of `text`, adding it if it is new.
    fn intern(&mut self, text: Cow<'static, str>) -> u32 {
        let hash = fnv(&text);
        let (strings, hashes) = (&mut self.strings, &mut self.hashes);
        *self
            .table
            .entry(
                hash,
                |&id| strings[id as usize] == text,
                |&id| hashes[id as usize],
            )
            .or_insert_with(|| {
                strings.push(text);
                hashes.push(hash);
                u32::try_from(strings.len() - 1).unwrap_or(u32::MAX)
            })
            .get()
    }
}

impl std::ops::Index<u32> for Interned {
    type Output = str;

    fn index(&self, id: u32) -> &str {
        &self.strings[id as usize]
    }
}

/// Every occurrence of every phrase in one text, as (pattern id, where).
#[derive(Debug, Default)]
pub(crate) struct RawHits(Vec<(u32, RawHit)>);

impl RawHits {
    /// Every occurrence, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (u32, &RawHit)> {
        self.0.iter().map(|(p, h)| (*p, h))
    }
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
    pub fn phrases(&self) -> &[Cow<'static, str>] {
        &self.patterns.strings
    }

    /// Make room for `phrases` more phrases.
    pub fn reserve(&mut self, phrases: usize) {
        let hashes = &self.patterns.hashes;
        self.patterns
            .table
            .reserve(phrases, |&id| hashes[id as usize]);
        self.patterns.strings.reserve(phrases);
        self.patterns.hashes.reserve(phrases);
    }

    /// Register `phrase`, returning its reference.
    pub fn add(&mut self, phrase: &str) -> Result<TermRef, TermError> {
        let phrase = fold_phrase(phrase).ok_or(TermError::Empty)?;
        Ok(self.add_folded(FoldedPhrase {
            folded: Cow::Owned(phrase.folded),
            exact: phrase.exact.map(Cow::Owned),
            prefix: phrase.prefix,
            word_run: phrase.word_run,
        }))
    }

    /// Register a phrase `build.rs` folded already (see `fold_phrase`).
    pub fn add_builtin(&mut self, phrase: &FoldedPhrase<&'static str>) -> TermRef {
        self.add_folded(FoldedPhrase {
            folded: Cow::Borrowed(phrase.folded),
            exact: phrase.exact.map(Cow::Borrowed),
            prefix: phrase.prefix,
            word_run: phrase.word_run,
        })
    }

    fn add_folded(&mut self, phrase: FoldedPhrase<Cow<'static, str>>) -> TermRef {
        let pattern = self.patterns.intern(phrase.folded);
        if self.used_as_prefix.len() <= pattern as usize {
            self.used_as_prefix.push(false);
            self.word_run.push(phrase.word_run);
        }
        if phrase.prefix {
            self.used_as_prefix[pattern as usize] = true;
        }
        TermRef {
            pattern,
            prefix: phrase.prefix,
            exact_case: phrase.exact.map(|exact| self.exact_forms.intern(exact)),
        }
    }

    /// The original-text span of `hit` as an occurrence of `term`, if it is
    /// one: a prefix phrase runs to the end of its word, any other must end a
    /// word, and a case-sensitive list must match the original's letter case.
    pub fn term_span(
        &self,
        term: TermRef,
        case_sensitive: bool,
        hit: &RawHit,
        folded: &Folded,
        original: &str,
    ) -> Option<Span> {
        let end = if term.prefix {
            hit.word_end
        } else if hit.whole {
            hit.end
        } else {
            return None;
        };
        let (start, end_orig) = folded.original(hit.start, end);
        if case_sensitive {
            let (_, body_end) = folded.original(hit.start, hit.end);
            let exact = match term.exact_case {
                Some(i) => &self.exact_forms[i],
                None => &self.patterns[term.pattern],
            };
            if fold_term(&original[start..body_end], false) != *exact {
                return None;
            }
        }
        Some(Span::new(start, end_orig))
    }

    /// Build the lookup structures once every phrase has been added.
    pub fn finish(&mut self) -> Result<(), aho_corasick::BuildError> {
        let mut others = Vec::new();
        let mut other_ids = Vec::new();
        let (patterns, hashes) = (&self.patterns.strings, &self.patterns.hashes);
        self.words
            .reserve(patterns.len(), |&id| hashes[id as usize]);
        for (index, pattern) in patterns.iter().enumerate() {
            let id = u32::try_from(index).unwrap_or(u32::MAX);
            if self.word_run[index] && !self.used_as_prefix[index] {
                self.longest_words = self.longest_words.max(pattern.len());
                self.words
                    .insert_unique(hashes[index], id, |&id| hashes[id as usize]);
            } else {
                others.push(pattern.as_ref());
                other_ids.push(id);
            }
        }
        if !others.is_empty() {
            self.automaton = Some((AhoCorasick::new(&others)?, other_ids));
        }
        Ok(())
    }

    /// Every boundary-checked occurrence of every phrase in `folded`.
    pub fn scan(&self, folded: &Folded) -> RawHits {
        let text = folded.as_str();
        let mut hits = Vec::new();
        if !self.words.is_empty() {
            // Building the prefix table costs more than it saves on one text.
            let prefixes = (self.scans.fetch_add(1, Ordering::Relaxed) > 0)
                .then(|| self.run_prefixes.get_or_init(|| self.build_run_prefixes()));
            self.scan_word_runs(text, prefixes, &mut hits);
        }
        if let Some((automaton, ids)) = &self.automaton {
            for m in automaton.find_overlapping_iter(text) {
                let (start, end) = (m.start(), m.end());
                let id = ids[m.pattern().as_usize()];
                let pattern = &self.patterns[id];
                if starts_word(pattern)
                    && text[..start].chars().next_back().is_some_and(is_word_char)
                {
                    continue;
                }
                let rest = &text[end..];
                let word_end = end + rest.find(|c: char| !is_word_char(c)).unwrap_or(rest.len());
                let whole = !ends_word(pattern) || word_end == end;
                hits.push((
                    id,
                    RawHit {
                        start,
                        end,
                        whole,
                        word_end,
                    },
                ));
            }
        }
        RawHits(hits)
    }

    /// Look up every run of words that starts at a word start and ends at a
    /// word end, up to the longest word-run phrase. With `prefixes`, a run
    /// is not extended past a word end unless some phrase starts with it (a
    /// phrase longer than the run would have it as a prefix ending at a word
    /// end), which more than halves the lookups.
    fn scan_word_runs(
        &self,
        text: &str,
        prefixes: Option<&RunPrefixes>,
        hits: &mut Vec<(u32, RawHit)>,
    ) {
        let mut previous_is_word = false;
        for (start, c) in text.char_indices() {
            let is_word = is_word_char(c);
            let starts = is_word && !previous_is_word;
            previous_is_word = is_word;
            if !starts {
                continue;
            }
            let limit = start + self.longest_words;
            let mut in_word = true;
            let mut reached_end = true;
            for (offset, c) in text[start..].char_indices().skip(1) {
                let at = start + offset;
                let word = is_word_char(c);
                if in_word && !word {
                    let hash = fnv(&text[start..at]);
                    self.lookup(text, start, at, hash, hits);
                    if prefixes.is_some_and(|p| !p.may_contain(hash)) {
                        reached_end = false;
                        break;
                    }
                }
                if at >= limit || !(word || c == ' ' || c == '\'') {
                    reached_end = false;
                    break;
                }
                in_word = word;
            }
            if reached_end && in_word && text.len() - start <= self.longest_words {
                let hash = fnv(&text[start..]);
                self.lookup(text, start, text.len(), hash, hits);
            }
        }
    }

    /// The hashes of every proper prefix of a word-run phrase that ends at
    /// a word end (`patient` and `patient's` of `patient's daughter`): the
    /// runs a scan must extend.
    fn build_run_prefixes(&self) -> RunPrefixes {
        let mut prefixes = RunPrefixes::new();
        for (id, phrase) in self.patterns.strings.iter().enumerate() {
            if !self.word_run[id] || self.used_as_prefix[id] {
                continue;
            }
            let mut previous_is_word = false;
            for (at, c) in phrase.char_indices() {
                let is_word = is_word_char(c);
                if previous_is_word && !is_word {
                    prefixes.insert(fnv(&phrase[..at]));
                }
                previous_is_word = is_word;
            }
        }
        prefixes
    }

    /// Record a hit if `text[start..end]`, whose hash is `hash`, is a
    /// word-run phrase.
    fn lookup(
        &self,
        text: &str,
        start: usize,
        end: usize,
        hash: u64,
        hits: &mut Vec<(u32, RawHit)>,
    ) {
        let run = &text[start..end];
        let found = self.words.find(hash, |&id| &self.patterns[id] == run);
        if let Some(&id) = found {
            hits.push((
                id,
                RawHit {
                    start,
                    end,
                    whole: true,
                    word_end: end,
                },
            ));
        }
    }
}

fn starts_word(pattern: &str) -> bool {
    pattern.chars().next().is_some_and(is_word_char)
}

fn ends_word(pattern: &str) -> bool {
    pattern.chars().next_back().is_some_and(is_word_char)
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
        let mut spans: Vec<Span> = raw
            .iter()
            .flat_map(|(pattern, hit)| {
                terms
                    .iter()
                    .filter(move |t| t.pattern == pattern)
                    .filter_map(|t| table.term_span(*t, case_sensitive, hit, &folded, text))
            })
            .collect();
        spans.sort_unstable();
        spans.dedup();
        spans
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

    #[test]
    fn later_texts_extend_only_runs_a_phrase_starts_with_and_find_the_same() {
        let phrases = [
            "patient's daughter",
            "bed blocker",
            "frequent flyer",
            "flyer",
            "the lady in bed",
            "lady",
        ];
        let texts = [
            "my patient's daughter said",
            "The lady in bed 4 is a frequent flyer, not a BED-BLOCKER",
            "bed lady flyer the lady in",
        ];
        let hits = |table: &TermTable, folded: &Folded| {
            let mut hits: Vec<(u32, usize, usize)> = table
                .scan(folded)
                .iter()
                .map(|(id, hit)| (id, hit.start, hit.end))
                .collect();
            hits.sort_unstable();
            hits
        };
        for text in texts {
            let mut table = TermTable::default();
            for phrase in phrases {
                table.add(phrase).unwrap();
            }
            table.finish().unwrap();
            let folded = Folded::new(text);
            let first = hits(&table, &folded);
            assert!(table.run_prefixes.get().is_none(), "not built for one text");
            assert_eq!(hits(&table, &folded), first, "{text}");
            assert!(!first.is_empty(), "{text}");
        }
        let mut table = TermTable::default();
        table.add("patient's daughter").unwrap();
        table.finish().unwrap();
        let prefixes = table.build_run_prefixes();
        for run in ["patient", "patient's"] {
            assert!(prefixes.may_contain(fnv(run)), "{run}");
        }
        for run in ["daughter", "patient's daughter", "zebra"] {
            assert!(!prefixes.may_contain(fnv(run)), "{run}");
        }
    }
}
