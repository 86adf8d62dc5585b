//! The default rule pack, embedded at build time (see `build.rs`): each file's
//! YAML as written, and for fast loading the pack as JSON, its lexicons'
//! terms (folded already) and its patterns' required literals as Rust tables.

use serde::Deserialize;

use super::spec::{BuiltinTerm, LexiconTerms, PackFile};

include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));

/// The pack as JSON: `[{"path": ..., "file": {...}}, ...]`.
static PACK_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/builtin_rules.json"));

// Every pattern of the pack with its required literal sets (see
// `matcher::required`), worked out by `build.rs`: `REQUIRED`.
include!(concat!(env!("OUT_DIR"), "/builtin_required.rs"));

/// The required literal sets of `pattern` if it is a pattern of the pack
/// (empty when it requires nothing), `None` when it is not.
pub(crate) fn required_sets(pattern: &str) -> Option<&'static [&'static [&'static str]]> {
    let i = REQUIRED
        .binary_search_by(|(known, _)| (*known).cmp(pattern))
        .ok()?;
    Some(REQUIRED[i].1)
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
        for (pattern, _) in table {
            let stored: Option<Vec<Vec<String>>> = super::required_sets(pattern).map(|sets| {
                sets.iter()
                    .map(|set| set.iter().map(|l| (*l).to_owned()).collect())
                    .collect()
            });
            assert_eq!(
                stored,
                Some(crate::matcher::required::required_sets(pattern)),
                "{pattern}"
            );
        }
        assert_eq!(super::required_sets("not a pattern of the pack"), None);
    }
}
