//! The default rule pack, embedded at build time (see `build.rs`): each file's
//! YAML as written, and the whole pack converted to JSON for fast loading.

use serde::Deserialize;

use super::spec::PackFile;

include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));

/// The pack as JSON: `[{"path": ..., "file": {...}}, ...]`.
static PACK_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/builtin_rules.json"));

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
}
