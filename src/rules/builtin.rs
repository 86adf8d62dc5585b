//! The default rule pack, embedded at build time (see `build.rs`): each file's
//! YAML as written, and for fast loading the pack as JSON, its lexicons'
//! terms (folded already) and its patterns' required literals as Rust tables.

use serde::Deserialize;

use super::spec::{BuiltinTerm, LexiconTerms, PackFile};
use crate::matcher::KnownRequired;

include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));

/// The pack as JSON: `[{"path": ..., "file": {...}}, ...]`.
static PACK_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/builtin_rules.json"));

/// A pattern, its required literal sets and its start literals.
type RequiredEntry = (
    &'static str,
    &'static [&'static [&'static str]],
    &'static [&'static str],
);

// Every pattern of the pack with its required literal sets and start
// literals (see `matcher::required`), worked out by `build.rs`: `REQUIRED`.
include!(concat!(env!("OUT_DIR"), "/builtin_required.rs"));

/// What `pattern` requires if it is a pattern of the pack, `None` when it
/// is not.
pub(crate) fn required(pattern: &str) -> Option<KnownRequired> {
    let i = REQUIRED
        .binary_search_by(|(known, _, _)| (*known).cmp(pattern))
        .ok()?;
    let (_, sets, starts) = REQUIRED[i];
    Some(KnownRequired { sets, starts })
}

#[derive(Deserialize)]
struct JsonFile {
    path: String,
    file: PackFile,
}

// The lexicons' terms (see `build.rs`): `LEXICON_TEXT` and `LEXICON_TERMS`.
include!(concat!(env!("OUT_DIR"), "/builtin_lexicons.rs"));

/// The pack's files, parsed from the JSON, each lexicon given its terms from
/// [`LEXICON_TERMS`] (positions are not known).
pub(crate) fn json_files() -> Result<Vec<(String, PackFile)>, serde_json::Error> {
    let files: Vec<JsonFile> = serde_json::from_str(PACK_JSON)?;
    Ok(files
        .into_iter()
        .map(|JsonFile { path, mut file }| {
            for (name, lexicon) in &mut file.lexicons.0 {
                lexicon.terms = LexiconTerms::Builtin {
                    text: LEXICON_TEXT,
                    terms: lexicon_terms(&path, &name.value),
                };
            }
            (path, file)
        })
        .collect())
}

/// The terms of lexicon `name` in pack file `path` (none if there is no such
/// lexicon).
fn lexicon_terms(path: &str, name: &str) -> &'static [BuiltinTerm] {
    LEXICON_TERMS
        .binary_search_by(|(p, n, _)| (*p, *n).cmp(&(path, name)))
        .map_or(&[], |i| LEXICON_TERMS[i].2)
}

#[cfg(test)]
mod tests {
    use crate::matcher::required::Required;

    #[test]
    fn the_json_pack_parses() {
        let files = super::json_files().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(files.len(), super::FILES.len());
    }

    #[test]
    fn the_json_pack_with_its_lexicon_table_is_the_yaml_pack() {
        let files = super::json_files().unwrap_or_else(|e| panic!("{e}"));
        let mut terms = 0;
        for (path, from_json) in files {
            let (_, yaml) = super::FILES
                .iter()
                .find(|(p, _)| *p == path)
                .unwrap_or_else(|| panic!("{path} is embedded"));
            let from_yaml: super::PackFile =
                crate::yaml::parse(yaml).unwrap_or_else(|e| panic!("{path}: {e:?}"));
            terms += from_json
                .lexicons
                .0
                .iter()
                .map(|(_, l)| l.terms.len())
                .sum::<usize>();
            let as_json = |file: &super::PackFile| {
                serde_json::to_value(file).unwrap_or_else(|e| panic!("{path}: {e}"))
            };
            assert_eq!(as_json(&from_json), as_json(&from_yaml), "{path}");
        }
        assert!(terms > 10_000, "{terms} lexicon terms");
    }

    #[test]
    fn built_in_terms_are_folded_as_the_phrase_table_folds_them() {
        for (file, lexicon, terms) in super::LEXICON_TERMS {
            for term in *terms {
                let written = term.written(super::LEXICON_TEXT);
                let phrase = term.phrase(super::LEXICON_TEXT);
                let fresh = crate::text::fold_phrase(written);
                assert_eq!(
                    fresh.as_ref().map(|p| (
                        p.folded.as_str(),
                        p.exact.as_deref(),
                        p.prefix,
                        p.word_run
                    )),
                    Some((phrase.folded, phrase.exact, phrase.prefix, phrase.word_run)),
                    "{file}: {lexicon}: {written:?}"
                );
            }
        }
    }

    #[test]
    fn the_required_literals_table_is_sorted_and_matches_a_fresh_analysis() {
        let table = super::REQUIRED;
        assert!(table.len() > 50);
        assert!(
            table.windows(2).all(|w| w[0].0 < w[1].0),
            "sorted, no repeats"
        );
        let owned = |literals: &[&str]| -> Vec<String> {
            literals.iter().map(|l| (*l).to_owned()).collect()
        };
        for (pattern, _, _) in table {
            let stored = super::required(pattern).map(|known| Required {
                sets: known.sets.iter().map(|set| owned(set)).collect(),
                starts: owned(known.starts),
            });
            assert_eq!(
                stored,
                Some(crate::matcher::required::required(pattern)),
                "{pattern}"
            );
        }
        assert!(super::required("not a pattern of the pack").is_none());
    }

    /// Every offset in `text` where one of `literals` (lower-case) occurs,
    /// ignoring ASCII case, sorted.
    fn occurrences(text: &str, literals: &[&str]) -> Vec<usize> {
        let lower = text.to_ascii_lowercase();
        let mut at: Vec<usize> = (0..lower.len())
            .filter(|&i| {
                literals
                    .iter()
                    .any(|l| lower.as_bytes()[i..].starts_with(l.as_bytes()))
            })
            .collect();
        at.dedup();
        at
    }

    #[test]
    fn patterns_tried_at_their_start_literals_find_what_a_whole_search_finds() {
        // The start literals `build.rs` stored for each pattern must be
        // where every match starts, and trying the pattern there alone must
        // give what one search through the text gives: checked on every
        // example of the pack, flagged and not.
        let rules = crate::RuleSet::builtin().unwrap_or_else(|e| panic!("{e}"));
        let texts: Vec<&str> = rules
            .rules()
            .iter()
            .flat_map(|r| r.bad_examples.iter().chain(&r.good_examples))
            .map(|e| e.text.as_str())
            .collect();
        let (mut patterns, mut matches) = (0, 0);
        for (source, _, starts) in super::REQUIRED {
            if starts.is_empty() {
                continue;
            }
            patterns += 1;
            let pattern = crate::matcher::Pattern::lazy(source);
            for text in &texts {
                let whole = pattern.find_all(text);
                let at = occurrences(text, starts);
                assert_eq!(pattern.find_at(text, &at), whole, "{source} in {text:?}");
                matches += whole.len();
            }
        }
        assert!(patterns > 200, "{patterns} patterns with start literals");
        assert!(matches > 1_000, "{matches} matches compared");
    }
}
