//! The literals a regex cannot match without: a small set of strings, one of
//! which occurs in every match.
//!
//! The analysis walks the pattern's syntax tree (`regex-syntax`'s HIR) and, for
//! every node, works out two things: the complete set of strings the node can
//! match, when that set is small (`sharepoint`, `https?` = {http, https}), and
//! a set one member of which every match contains. A concatenation joins runs
//! of small exact sets into longer strings; an alternation needs a set from
//! every branch; an optional or starred part gives nothing. So
//! `(?i)(?:https?://)?[a-z0-9-]+\.sharepoint\.com` yields {`.sharepoint.com`}:
//! a post without that text cannot match, whatever else it holds.
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
/// Largest character class turned into a set of one-character strings.
const MAX_CLASS: usize = 12;

type Set = BTreeSet<String>;

/// What one node of the pattern guarantees.
struct Info {
    /// Every string the node can match, when that is a small finite set.
    exact: Option<Set>,
    /// A set one member of which occurs in every match.
    must: Option<Set>,
}

/// The required literals of `pattern`, shortest first, or `None` when the
/// pattern does not parse or every match need not contain anything.
pub fn required_literals(pattern: &str) -> Option<Vec<String>> {
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(pattern)
        .ok()?;
    let info = analyse(&hir);
    let best = better(info.must, info.exact)?;
    // A member containing another member adds nothing: `hospital` holds `hosp`.
    let mut literals: Vec<String> = best
        .iter()
        .filter(|l| !best.iter().any(|m| m != *l && l.contains(m.as_str())))
        .cloned()
        .collect();
    literals.sort_by(|a, b| a.len().cmp(&b.len()).then_with(|| a.cmp(b)));
    Some(literals)
}

fn analyse(hir: &Hir) -> Info {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => exact(Set::from([String::new()])),
        HirKind::Literal(literal) => match std::str::from_utf8(&literal.0) {
            Ok(text) => exact(Set::from([text.to_ascii_lowercase()])),
            Err(_) => nothing(),
        },
        HirKind::Class(class) => class_set(class).map_or_else(nothing, exact),
        HirKind::Capture(capture) => analyse(&capture.sub),
        HirKind::Repetition(rep) => {
            let sub = analyse(&rep.sub);
            let exact = match (rep.min, rep.max) {
                (0, Some(1)) => sub.exact.clone().map(|mut set| {
                    set.insert(String::new());
                    set
                }),
                (1, Some(1)) => sub.exact.clone(),
                _ => None,
            };
            let must = if rep.min >= 1 {
                better(sub.must, sub.exact)
            } else {
                None
            };
            Info { exact, must }
        }
        HirKind::Concat(parts) => concat(parts),
        HirKind::Alternation(branches) => alternation(branches),
    }
}

fn exact(set: Set) -> Info {
    Info {
        exact: Some(set),
        must: None,
    }
}

fn nothing() -> Info {
    Info {
        exact: None,
        must: None,
    }
}

fn concat(parts: &[Hir]) -> Info {
    // `run` joins consecutive exact parts; when it would grow too large, or a
    // part is not exact, what it holds so far becomes a candidate.
    let mut best: Option<Set> = None;
    let mut run = Set::from([String::new()]);
    let mut whole = Some(Set::from([String::new()]));
    for part in parts {
        let info = analyse(part);
        best = better(best, info.must);
        match info.exact {
            Some(set) => {
                whole = whole.and_then(|w| cross(&w, &set));
                run = match cross(&run, &set) {
                    Some(joined) => joined,
                    None => {
                        best = better(best, Some(run));
                        set
                    }
                };
            }
            None => {
                whole = None;
                best = better(
                    best,
                    Some(std::mem::replace(&mut run, Set::from([String::new()]))),
                );
            }
        }
    }
    Info {
        exact: whole,
        must: better(best, Some(run)),
    }
}

fn alternation(branches: &[Hir]) -> Info {
    let mut exact = Some(Set::new());
    let mut must = Some(Set::new());
    for branch in branches {
        let info = analyse(branch);
        exact = match (exact, &info.exact) {
            (Some(mut all), Some(set)) => {
                all.extend(set.iter().cloned());
                (all.len() <= MAX_SET).then_some(all)
            }
            _ => None,
        };
        must = match (must, better(info.must, info.exact)) {
            (Some(mut all), Some(set)) => {
                all.extend(set);
                (all.len() <= MAX_SET).then_some(all)
            }
            _ => None,
        };
    }
    Info { exact, must }
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

/// How selective a set is: the length of its shortest member.
fn quality(set: &Set) -> usize {
    set.iter().map(String::len).min().unwrap_or(0)
}

/// The more selective of two candidate sets: longer shortest member, then
/// fewer members. Sets holding the empty string say nothing.
fn better(a: Option<Set>, b: Option<Set>) -> Option<Set> {
    let score = |s: &Set| (quality(s), std::cmp::Reverse(s.len()));
    let best = match (a, b) {
        (Some(a), Some(b)) => Some(if score(&b) > score(&a) { b } else { a }),
        (a, b) => a.or(b),
    };
    best.filter(|s| quality(s) > 0)
}

#[cfg(test)]
mod tests {
    use super::required_literals;

    fn lits(pattern: &str) -> Option<Vec<String>> {
        required_literals(pattern)
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
        assert_eq!(
            lits(r"[0-9]{1,3} ?(?:yo|y/o)\b"),
            Some(vec!["yo".to_owned(), "y/o".to_owned()])
        );
        assert_eq!(lits(r"[a-z]{6}[ .-]?[a-z]{4}"), None);
        assert_eq!(lits(r"\w+"), None);
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
    fn bad_patterns_give_nothing() {
        assert_eq!(lits("(unclosed"), None);
    }
}
