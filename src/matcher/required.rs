//! The literals a regex cannot match without: a small set of strings, one of
//! which occurs in every match.
//!
//! The analysis walks the pattern's syntax tree (`regex-syntax`'s HIR) and, for
//! every node, works out two things: the complete set of strings the node can
//! match, when that set is small (`sharepoint`, `https?` = {http, https}), and
//! sets one member of each of which every match contains. A concatenation
//! joins runs of small exact sets into longer strings and needs what each of
//! its parts needs; an alternation needs a set from every branch; an optional
//! or starred part gives nothing. So
//! `(?i)(?:https?://)?[a-z0-9-]+\.sharepoint\.com` yields {`.sharepoint.com`}:
//! a post without that text cannot match, whatever else it holds; and
//! `(?i)\b(?:will|can)\s+(?:cure|heal)` yields {`will`, `can`} and
//! {`cure`, `heal`}: a post needs a member of both.
//!
//! Strings are ASCII-lower-cased and meant for an ASCII-case-insensitive
//! search. The two characters outside ASCII that Unicode case folding maps to
//! ASCII letters, the long s (`ſ`, U+017F) and the Kelvin sign (U+212A), are
//! left out of letter sets; a text containing either must not be gated (see
//! [`FOLDS_TO_ASCII`]).
//!
//! This file is also compiled into `build.rs`, which works the sets out for the
//! built-in pack ahead of time: parsing ~200 Unicode patterns costs more than
//! checking a post.

use std::collections::BTreeSet;

use regex_syntax::hir::{Class, Hir, HirKind};

/// Characters that case-insensitive patterns treat as ASCII letters (`ſ` as
/// `s`, `K` as `k`). The sets found here ignore them, so a text containing one
/// must be searched with every pattern.
pub const FOLDS_TO_ASCII: [char; 2] = ['\u{17F}', '\u{212A}'];

/// Largest set kept while joining or uniting strings.
const MAX_SET: usize = 64;
/// Most sets returned for one pattern (the most selective ones).
const MAX_SETS: usize = 3;
/// Largest character class turned into a set of one-character strings.
const MAX_CLASS: usize = 12;

type Set = BTreeSet<String>;

/// What one node of the pattern guarantees.
#[derive(Default)]
struct Info {
    /// Every string the node can match, when that is a small finite set.
    exact: Option<Set>,
    /// Every match starts with one of these (which may be empty).
    prefix: Option<Set>,
    /// Every match ends with one of these (which may be empty).
    suffix: Option<Set>,
    /// Sets one member of each of which occurs in every match: each set is
    /// required on its own (`ab\s+cd` needs `ab` and needs `cd`).
    musts: Vec<Set>,
}

impl Info {
    fn exact(set: Set) -> Info {
        Info {
            prefix: Some(set.clone()),
            suffix: Some(set.clone()),
            exact: Some(set),
            musts: Vec::new(),
        }
    }

    /// The node's exact set, or failing that its prefix set.
    fn prefix(&self) -> Option<&Set> {
        self.exact.as_ref().or(self.prefix.as_ref())
    }

    /// The node's exact set, or failing that its suffix set.
    fn suffix(&self) -> Option<&Set> {
        self.exact.as_ref().or(self.suffix.as_ref())
    }
}

/// The set holding only the empty string: what an empty match begins with.
fn empty() -> Set {
    Set::from([String::new()])
}

/// `set` with the empty string added (the node may match nothing).
fn or_empty(set: Option<&Set>) -> Option<Set> {
    set.map(|s| {
        let mut s = s.clone();
        s.insert(String::new());
        s
    })
}

/// What every match of a pattern needs, worked out from its syntax.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Required {
    /// Sets of literals every match contains a member of each of: at most
    /// [`MAX_SETS`], the most selective first, each shortest literal first;
    /// none when a match need not contain anything.
    pub sets: Vec<Vec<String>>,
    /// Literals every match starts with, shortest first, none a prefix of
    /// another; empty when the pattern's matches can start with anything
    /// (or nothing). A match can only start where one of them occurs.
    pub starts: Vec<String>,
}

/// What `pattern` needs of a text to match: its required literal sets and
/// the literals its matches start with. Nothing when it does not parse.
pub fn required(pattern: &str) -> Required {
    let Ok(hir) = regex_syntax::ParserBuilder::new().build().parse(pattern) else {
        return Required::default();
    };
    let info = analyse(&hir);
    let starts = match info.prefix() {
        Some(set) if !set.contains("") => shortest_first(
            set.iter()
                .filter(|l| !set.iter().any(|m| m != *l && l.starts_with(m.as_str()))),
        ),
        _ => Vec::new(),
    };
    let mut sets = info.musts;
    sets.extend(info.exact);
    let sets = ranked(sets)
        .into_iter()
        .take(MAX_SETS)
        .map(|set| {
            shortest_first(
                set.iter()
                    .filter(|l| !set.iter().any(|m| m != *l && l.contains(m.as_str()))),
            )
        })
        .collect();
    Required { sets, starts }
}

/// `literals`, shortest first, then in byte order.
fn shortest_first<'a>(literals: impl Iterator<Item = &'a String>) -> Vec<String> {
    let mut literals: Vec<String> = literals.cloned().collect();
    literals.sort_by(|a, b| a.len().cmp(&b.len()).then_with(|| a.cmp(b)));
    literals
}

fn analyse(hir: &Hir) -> Info {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Info::exact(empty()),
        HirKind::Literal(literal) => match std::str::from_utf8(&literal.0) {
            Ok(text) => Info::exact(Set::from([text.to_ascii_lowercase()])),
            Err(_) => Info::default(),
        },
        HirKind::Class(class) => class_set(class).map_or_else(Info::default, Info::exact),
        HirKind::Capture(capture) => analyse(&capture.sub),
        HirKind::Repetition(rep) => {
            let sub = analyse(&rep.sub);
            match (rep.min, rep.max) {
                (1, Some(1)) => sub,
                (0, Some(1)) if sub.exact.is_some() => {
                    Info::exact(or_empty(sub.exact.as_ref()).unwrap_or_else(empty))
                }
                // Zero copies: anything required of a copy may be absent.
                (0, _) => Info {
                    prefix: or_empty(sub.prefix()),
                    suffix: or_empty(sub.suffix()),
                    ..Info::default()
                },
                // At least one copy: it starts with a copy and ends with one.
                _ => Info {
                    prefix: sub.prefix().cloned(),
                    suffix: sub.suffix().cloned(),
                    musts: sub.musts.into_iter().chain(sub.exact).collect(),
                    exact: None,
                },
            }
        }
        HirKind::Concat(parts) => concat(parts),
        HirKind::Alternation(branches) => alternation(branches),
    }
}

fn concat(parts: &[Hir]) -> Info {
    let infos: Vec<Info> = parts.iter().map(analyse).collect();
    let mut musts: Vec<Set> = Vec::new();
    let mut run = empty();
    for info in &infos {
        musts.extend(info.musts.iter().cloned());
        if let Some(set) = &info.exact {
            run = match cross(&run, set) {
                Some(joined) => joined,
                None => {
                    musts.push(run);
                    set.clone()
                }
            };
            continue;
        }
        let joined = info.prefix().and_then(|p| cross(&run, p));
        musts.push(joined.unwrap_or(run));
        run = info.suffix().cloned().unwrap_or_else(empty);
    }
    musts.push(run);
    let mut musts = ranked(musts);
    musts.truncate(MAX_SETS);
    Info {
        exact: infos
            .iter()
            .try_fold(empty(), |acc, info| cross(&acc, info.exact.as_ref()?)),
        prefix: Some(edge(infos.iter(), Info::prefix, cross)),
        suffix: Some(edge(infos.iter().rev(), Info::suffix, |acc, set| {
            cross(set, acc)
        })),
        musts,
    }
}

fn edge<'a>(
    infos: impl Iterator<Item = &'a Info>,
    side: fn(&Info) -> Option<&Set>,
    join: impl Fn(&Set, &Set) -> Option<Set>,
) -> Set {
    let mut acc = empty();
    for info in infos {
        let Some(joined) = side(info).and_then(|set| join(&acc, set)) else {
            break;
        };
        acc = joined;
        if info.exact.is_none() {
            break;
        }
    }
    acc
}

fn alternation(branches: &[Hir]) -> Info {
    let infos: Vec<Info> = branches.iter().map(analyse).collect();
    let union = |pick: &dyn Fn(&Info) -> Option<Set>| {
        infos.iter().try_fold(Set::new(), |mut all, info| {
            all.extend(pick(info)?);
            (all.len() <= MAX_SET).then_some(all)
        })
    };
    Info {
        exact: union(&|i| i.exact.clone()),
        prefix: union(&|i| i.prefix().cloned()),
        suffix: union(&|i| i.suffix().cloned()),
        musts: union(&|i| {
            let mut sets = i.musts.clone();
            sets.extend(i.exact.clone());
            ranked(sets).into_iter().next()
        })
        .into_iter()
        .collect(),
    }
}

/// Every joining of a string of `left` with one of `right`, if not too many.
fn cross(left: &Set, right: &Set) -> Option<Set> {
    if left.len() * right.len() > MAX_SET {
        return None;
    }
    Some(
        left.iter()
            .flat_map(|l| right.iter().map(move |r| format!("{l}{r}")))
            .collect(),
    )
}

/// The characters of a small class, ASCII-lower-cased.
fn class_set(class: &Class) -> Option<Set> {
    let mut set = Set::new();
    match class {
        Class::Unicode(class) => {
            for range in class.ranges() {
                let size = u32::from(range.end()) - u32::from(range.start()) + 1;
                if size as usize > MAX_CLASS {
                    return None;
                }
                for c in range.start()..=range.end() {
                    if !FOLDS_TO_ASCII.contains(&c) {
                        set.insert(c.to_ascii_lowercase().to_string());
                    }
                }
                if set.len() > MAX_CLASS {
                    return None;
                }
            }
        }
        Class::Bytes(class) => {
            for range in class.ranges() {
                if usize::from(range.end() - range.start()) + 1 > MAX_CLASS {
                    return None;
                }
                for b in range.start()..=range.end() {
                    // Only ASCII bytes are whole characters.
                    if !b.is_ascii() {
                        return None;
                    }
                    set.insert(char::from(b.to_ascii_lowercase()).to_string());
                }
            }
        }
    }
    (!set.is_empty() && set.len() <= MAX_CLASS).then_some(set)
}

/// Words so common in posts that a set holding one gates almost nothing.
const COMMON_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "can", "do", "for", "from",
    "get", "got", "had", "has", "have", "he", "her", "his", "i", "if", "in", "is", "it", "just",
    "like", "me", "my", "no", "not", "now", "of", "on", "or", "our", "she", "so", "that", "the",
    "their", "them", "they", "this", "to", "up", "was", "we", "were", "what", "when", "will",
    "with", "you", "your",
];

/// How selective a set is: the length of its shortest member.
fn quality(set: &Set) -> usize {
    set.iter().map(String::len).min().unwrap_or(0)
}

/// Whether a member would match in most posts: very short, or a common word.
fn common(member: &str) -> bool {
    let word = member.trim();
    word.len() < 3 || COMMON_WORDS.contains(&word)
}

/// The more selective of two candidate sets: no common members, then longer
/// shortest member, then fewer members. Sets holding the empty string say
/// nothing.
/// `sets` without those holding the empty string (which every text
/// contains), most selective first: no common word, then the longest
/// shortest member, then the fewest members; ties keep their order.
fn ranked(mut sets: Vec<Set>) -> Vec<Set> {
    let score = |s: &Set| {
        (
            !s.iter().any(|m| common(m)),
            quality(s),
            std::cmp::Reverse(s.len()),
        )
    };
    sets.retain(|s| quality(s) > 0);
    sets.sort_by_key(|s| std::cmp::Reverse(score(s)));
    sets.dedup();
    sets
}

#[cfg(test)]
mod tests {
    use super::required;

    fn required_sets(pattern: &str) -> Vec<Vec<String>> {
        required(pattern).sets
    }

    /// The most selective set.
    fn lits(pattern: &str) -> Option<Vec<String>> {
        required_sets(pattern).into_iter().next()
    }

    #[test]
    fn a_literal_inside_the_pattern_is_found() {
        assert_eq!(
            lits(r"(?i)(?:https?://)?[a-z0-9-]+(?:-my)?\.sharepoint\.com(?:/[^\s]*)?"),
            Some(vec![".sharepoint.com".to_owned()])
        );
    }

    #[test]
    fn case_insensitive_letters_are_lower_cased_and_long_s_is_left_out() {
        assert_eq!(
            lits(r"(?i)\bHOSP(?:ital)?\s*no"),
            Some(vec!["hosp".to_owned()])
        );
    }

    #[test]
    fn alternation_needs_every_branch() {
        assert_eq!(
            lits(r"(?i)\b(?:mrn|unit\s+no)\b"),
            Some(vec!["mrn".to_owned(), "unit".to_owned()])
        );
        // One branch with nothing required: nothing is required.
        assert_eq!(lits(r"mrn|\w+"), None);
    }

    #[test]
    fn optional_parts_are_joined_into_every_spelling() {
        assert_eq!(
            lits(r"https?://"),
            Some(vec!["http://".to_owned(), "https://".to_owned()])
        );
    }

    #[test]
    fn small_classes_join_but_large_ones_break_the_run() {
        // `[0-9]{1,3}` gives nothing; the suffix is kept.
        // The digit before is joined on: "yo" alone is too short to be selective.
        let ages = lits(r"[0-9]{1,3} ?(?:yo|y/o)\b").unwrap();
        assert_eq!(ages.len(), 40);
        assert!(ages.contains(&"7 y/o".to_owned()) && ages.contains(&"7yo".to_owned()));
        assert_eq!(lits(r"[a-z]{6}[ .-]?[a-z]{4}"), None);
        assert_eq!(lits(r"\w+"), None);
    }

    #[test]
    fn a_repeated_part_joins_what_comes_before_and_after_it() {
        // `dr` is too short; the space or tab after it joins the names.
        assert_eq!(
            lits(r"(?i)dr[ \t]+(?:jekyll|hyde)"),
            Some(vec![
                "\thyde".to_owned(),
                " hyde".to_owned(),
                "\tjekyll".to_owned(),
                " jekyll".to_owned()
            ])
        );
    }

    #[test]
    fn common_words_are_passed_over_for_rarer_ones() {
        assert_eq!(
            lits(r"(?i)\b(?:with|and)\s+(?:photos?|videos?)\b"),
            Some(vec!["photo".to_owned(), "video".to_owned()])
        );
    }

    #[test]
    fn starred_parts_give_nothing_and_repeated_ones_do() {
        assert_eq!(lits(r"(?:abc)*"), None);
        assert_eq!(lits(r"(?:abc)+"), Some(vec!["abc".to_owned()]));
    }

    #[test]
    fn a_single_character_counts() {
        assert_eq!(lits(r"\A\s*@[a-z]+"), Some(vec!["@".to_owned()]));
    }

    #[test]
    fn each_required_part_gives_its_own_set_most_selective_first() {
        // `can` is a common word, so its set comes last; ties keep their order.
        assert_eq!(
            required_sets(r"(?i)\b(?:will|can)\s+(?:totally\s+)?(?:cure|heal)\s+(?:pain|aches?)\b"),
            vec![
                vec!["cure".to_owned(), "heal".to_owned()],
                vec!["ache".to_owned(), "pain".to_owned()],
                vec!["can".to_owned(), "will".to_owned()],
            ]
        );
        // An alternation gives one set: a member from whichever branch matched.
        assert_eq!(
            required_sets(r"ward\s+\d+|bay\s+\d+"),
            vec![vec!["bay".to_owned(), "ward".to_owned()]]
        );
    }

    #[test]
    fn bad_patterns_give_nothing() {
        assert_eq!(lits("(unclosed"), None);
        assert!(required_sets("(unclosed").is_empty());
        assert!(required("(unclosed").starts.is_empty());
    }

    #[test]
    fn the_literals_a_match_starts_with_are_found() {
        let starts = |pattern| required(pattern).starts;
        // A look-behind takes no room: the match starts with the word.
        assert_eq!(
            starts(r"(?i)\b(?:our|the|your)\s+(?:team|ward)"),
            ["our", "the", "your"]
        );
        // `mr` covers `mr.` and `mrs`: a match starting with either starts
        // with `mr`.
        assert_eq!(starts(r"\b(?:Mr|Mrs|Ms)\.?\s+[A-Z]"), ["mr", "ms"]);
        assert_eq!(starts(r"https?://"), ["http://", "https://"]);
        // Unknown or possibly empty starts give nothing.
        assert!(starts(r"[A-Z][a-z]+ Road").is_empty());
        assert!(starts(r"(?:Dr\s+)?Jekyll").is_empty());
        assert!(starts(r"(?:^|[^A-Za-z0-9])@[a-z]+").is_empty());
    }
}
