//! The default rule pack, embedded at build time (see `build.rs`): each file's
//! YAML as written, and the whole pack converted to JSON for fast loading.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Deserialize;

use super::spec::PackFile;

include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));

/// The pack as JSON: `[{"path": ..., "file": {...}}, ...]`.
static PACK_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/builtin_rules.json"));

/// Every pattern of the pack with its required literals (see
/// `matcher::required`), worked out by `build.rs`.
static REQUIRED_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/builtin_required.json"));

/// The required literals of `pattern` if it is a pattern of the pack: `None`
/// when it is not, `Some(None)` when it requires nothing.
pub(crate) fn required_literals(pattern: &str) -> Option<Option<Vec<String>>> {
    static TABLE: OnceLock<HashMap<String, Option<Vec<String>>>> = OnceLock::new();
    TABLE
        .get_or_init(|| serde_json::from_str(REQUIRED_JSON).unwrap_or_default())
        .get(pattern)
        .cloned()
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
    fn the_required_literals_table_parses_and_matches_a_fresh_analysis() {
        let table: std::collections::HashMap<String, Option<Vec<String>>> =
            serde_json::from_str(super::REQUIRED_JSON).unwrap_or_else(|e| panic!("{e}"));
        assert!(table.len() > 50);
        for (pattern, literals) in &table {
            assert_eq!(
                &crate::matcher::required::required_literals(pattern),
                literals,
                "{pattern}"
            );
        }
    }
}
