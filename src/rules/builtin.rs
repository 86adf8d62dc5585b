//! The default rule pack, embedded at build time (see `build.rs`): each file's
//! YAML as written, and the whole pack converted to JSON for fast loading.

use serde::Deserialize;

use super::spec::PackFile;

include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));

/// The pack as JSON: `[{"path": ..., "file": {...}}, ...]`.
static PACK_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/builtin_rules.json"));

// Every pattern of the pack with its required literal sets (see
// `matcher::required`), worked out by `build.rs`: `REQUIRED`.
include!(concat!(env!("OUT_DIR"), "/builtin_required.rs"));

/// The required literal sets of `pattern` if it is a pattern of the pack
/// (empty when it requires nothing), `None` when it is not.
pub(crate) fn required_sets(pattern: &str) -> Option<Vec<Vec<String>>> {
    let i = REQUIRED
        .binary_search_by(|(known, _)| (*known).cmp(pattern))
        .ok()?;
    Some(
        REQUIRED[i]
            .1
            .iter()
            .map(|set| set.iter().map(|literal| (*literal).to_owned()).collect())
            .collect(),
    )
}

#[derive(Deserialize)]
struct JsonFile {
    path: String,
    file: PackFile,
}

/// The pack's files, parsed from the JSON (positions are not known).
pub(crate) fn json_files() -> Result<Vec<(String, PackFile)>, serde_json::Error> {
    let files: Vec<JsonFile> = serde_json::from_str(PACK_JSON)?;
    Ok(files.into_iter().map(|f| (f.path, f.file)).collect())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_json_pack_parses() {
        let files = super::json_files().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(files.len(), super::FILES.len());
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
            assert_eq!(
                super::required_sets(pattern),
                Some(crate::matcher::required::required_sets(pattern)),
                "{pattern}"
            );
        }
        assert_eq!(super::required_sets("not a pattern of the pack"), None);
    }
}
