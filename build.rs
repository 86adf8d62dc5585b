//! Embeds the default rule pack, so the binary needs no files at run time.
//!
//! Every `.yaml` file under `rules/` is embedded twice: as written, and parsed
//! here at build time into the rule-file types (`src/rules/spec.rs`, compiled
//! into this script too) and stored as JSON, with the lexicons' terms in a Rust
//! table beside it. Loading that is several times faster than parsing YAML,
//! and the pack loads on every run; the YAML is kept for error messages with
//! exact positions (see `src/rules/builtin.rs`).
//! A file that does not parse fails the build with its line and column.
//!
//! It also works out, for every pattern in the pack, the sets of literals a
//! member of each of which every match contains, and the literals its matches
//! start with (`src/matcher/required.rs`, compiled in here too), so that
//! checking a post need not parse ~200 Unicode regexes to know which of them
//! could match, and where.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

#[path = "src/text/fold.rs"]
#[allow(dead_code)]
mod fold;
#[path = "src/matcher/required.rs"]
mod required;
#[path = "src/severity.rs"]
#[allow(dead_code)]
mod severity;
#[path = "src/rules/spec.rs"]
#[allow(dead_code)]
mod spec;

/// What `spec.rs` expects from the crate root.
pub use severity::Severity;
mod yaml {
    pub(crate) type Located<T> = serde_saphyr::Spanned<T>;
}
mod text {
    pub(crate) use super::fold::FoldedPhrase;
}

fn main() {
    let root =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let rules = root.join("rules");
    println!("cargo:rerun-if-changed=rules");
    // The sources compiled in here: a change to how phrases are folded or
    // literals worked out must rebuild the tables.
    for source in [
        "src/matcher/required.rs",
        "src/text/fold.rs",
        "src/rules/spec.rs",
        "src/severity.rs",
    ] {
        println!("cargo:rerun-if-changed={source}");
    }
    let mut files = Vec::new();
    collect(&rules, &mut files);
    files.sort();

    let mut sources = String::from(
        "/// The embedded default pack as written: (path under `rules/`, YAML).\npub(crate) static FILES: &[(&str, &str)] = &[\n",
    );
    let mut pack = Vec::new();
    let mut lexicons: std::collections::BTreeMap<(String, String), Vec<String>> =
        std::collections::BTreeMap::new();
    for file in &files {
        let relative = file.strip_prefix(&rules).expect("collected under rules/");
        let name = relative.to_string_lossy().replace('\\', "/");
        writeln!(
            sources,
            "    ({name:?}, include_str!({:?})),",
            file.display().to_string()
        )
        .expect("write to String");
        let text =
            std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let options = serde_saphyr::options! { strict_booleans: true, with_snippet: false };
        let mut parsed: spec::PackFile = serde_saphyr::from_str_with_options(&text, options)
            .unwrap_or_else(|e| panic!("rules/{name}: {e}"));
        for (lexicon, spec) in &mut parsed.lexicons.0 {
            let spec::LexiconTerms::Written(terms) = std::mem::take(&mut spec.terms) else {
                unreachable!("parsed from YAML")
            };
            lexicons.insert(
                (name.clone(), lexicon.value.clone()),
                terms.into_iter().map(|t| t.value).collect(),
            );
        }
        pack.push(serde_json::json!({ "path": name, "file": parsed }));
    }
    sources.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("builtin_rules.rs"), sources).expect("write builtin_rules.rs");
    let json = serde_json::to_string(&pack).expect("JSON values serialise");
    std::fs::write(out.join("builtin_rules.json"), json).expect("write builtin_rules.json");

    // Lexicon terms are most of the pack (tens of thousands of strings): as a
    // Rust table, folded for the phrase table here, they cost nothing to load,
    // where JSON would be parsed and each term folded and allocated on every
    // run. The JSON keeps each lexicon with no terms.
    let mut text = String::new();
    let mut at = |s: &str| -> (usize, usize) {
        let start = text.len();
        text.push_str(s);
        (start, text.len())
    };
    let mut terms_table = String::new();
    for ((file, lexicon), terms) in &lexicons {
        writeln!(terms_table, "    ({file:?}, {lexicon:?}, &[").expect("write to String");
        for term in terms {
            let phrase = fold::fold_phrase(term).unwrap_or_else(|| {
                panic!("rules/{file}: lexicon {lexicon}: the term {term:?} is empty once folded")
            });
            let written = at(term);
            // Most terms are folded already; then the range is shared.
            let folded = if phrase.folded == *term {
                written
            } else {
                at(&phrase.folded)
            };
            let exact = phrase.exact.map(|exact| at(&exact));
            writeln!(
                terms_table,
                "        BuiltinTerm {{ written: {written:?}, folded: {folded:?}, exact: {exact:?}, prefix: {}, word_run: {} }},",
                phrase.prefix, phrase.word_run
            )
            .expect("write to String");
        }
        terms_table.push_str("    ]),\n");
    }
    let table = format!(
        "/// The text of every built-in lexicon term, as written and folded.\n\
         pub(crate) static LEXICON_TEXT: &str = {text:?};\n\
         /// The terms of every lexicon of the pack, by (file under `rules/`, lexicon name), sorted;\n\
         /// their strings are byte ranges of `LEXICON_TEXT`.\n\
         pub(crate) static LEXICON_TERMS: &[(&str, &str, &[BuiltinTerm])] = &[\n{terms_table}];\n"
    );
    std::fs::write(out.join("builtin_lexicons.rs"), table).expect("write builtin_lexicons.rs");

    let mut patterns = std::collections::BTreeMap::new();
    collect_patterns(&serde_json::Value::Array(pack), &mut patterns);
    // As a sorted Rust table: looked up by binary search, with nothing to
    // parse or allocate at run time.
    let mut table = String::from(
        "/// Every pattern of the pack, sorted, with its required literal sets and the\n\
         /// literals its matches start with.\n\
         pub(crate) static REQUIRED: &[RequiredEntry] = &[\n",
    );
    for (pattern, required) in &patterns {
        let sets: Vec<String> = required
            .sets
            .iter()
            .map(|set| format!("&{set:?}"))
            .collect();
        writeln!(
            table,
            "    ({pattern:?}, &[{}], &{:?}),",
            sets.join(", "),
            required.starts
        )
        .expect("write to String");
    }
    table.push_str("];\n");
    std::fs::write(out.join("builtin_required.rs"), table).expect("write builtin_required.rs");
}

/// Every `pattern:` string in the pack, with what its matches require.
fn collect_patterns(
    value: &serde_json::Value,
    out: &mut std::collections::BTreeMap<String, required::Required>,
) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, value) in map {
                match (key.as_str(), value) {
                    ("pattern", serde_json::Value::String(pattern)) => {
                        out.entry(pattern.clone())
                            .or_insert_with(|| required::required(pattern));
                    }
                    _ => collect_patterns(value, out),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect_patterns(v, out)),
        _ => {}
    }
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push(path);
        }
    }
}
