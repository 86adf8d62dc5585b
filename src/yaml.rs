//! The one place postlint parses YAML.
//!
//! Rule files and (later) project configuration come from users, so they are
//! parsed strictly and defensively with `serde-saphyr`: only `true`/`false` are
//! booleans (`no` is not), duplicate keys are errors, unknown fields are errors
//! (every spec type uses `deny_unknown_fields`), and a budget bounds nesting
//! depth, node count, aliases and scalar size so a hostile file cannot exhaust
//! memory or stack. Values that later checks may need to point at (a regex, a
//! rule id, a lexicon name) are wrapped in [`Located`], so an error in them is
//! reported at their own line and column.
//!
//! `serde_yaml`, which the original design named, is archived upstream; see the
//! README's Design section.

use serde::de::DeserializeOwned;
use serde_saphyr::MessageFormatter;

/// A value together with where it was written in the YAML source.
pub(crate) type Located<T> = serde_saphyr::Spanned<T>;

/// A YAML syntax or shape error with its 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct YamlError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// The 1-based line and column where `value` was written.
pub(crate) fn line_column<T>(value: &Located<T>) -> (usize, usize) {
    let at = value.referenced;
    (at.line() as usize, at.column() as usize)
}

/// Parse one YAML document into `T`.
pub(crate) fn parse<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    let mut budget = serde_saphyr::Budget::default();
    // Rule and config files are small and hand-written; these limits are far above
    // anything real and far below what would hurt.
    budget.max_depth = 48;
    budget.max_nodes = 200_000;
    budget.max_events = 600_000;
    budget.max_aliases = 1_000;
    budget.max_anchors = 1_000;
    budget.max_total_scalar_bytes = 16 * 1024 * 1024;
    budget.max_documents = 1;
    let options = serde_saphyr::options! {
        strict_booleans: true,
        with_snippet: false,
        budget: Some(budget),
    };
    serde_saphyr::from_str_with_options(text, options).map_err(|err| {
        let (line, column) = err
            .location()
            .filter(|l| l.line() > 0)
            .map_or((1, 1), |l| (l.line() as usize, l.column() as usize));
        let message = serde_saphyr::UserMessageFormatter.format_message(&err);
        YamlError {
            line,
            column,
            message: message.escape_debug().to_string(),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        name: Located<String>,
        flag: Option<bool>,
    }

    #[test]
    fn values_carry_their_location() {
        let doc: Doc = parse("# c\nname: x\n").unwrap();
        assert_eq!(line_column(&doc.name), (2, 7));
    }

    #[test]
    fn strict_about_booleans_unknown_fields_and_duplicates() {
        let err = parse::<Doc>("name: x\nflag: yes\n").unwrap_err();
        assert_eq!((err.line, err.column), (2, 7));
        assert!(err.message.contains("boolean"), "{}", err.message);
        let err = parse::<Doc>("name: x\nnmae: y\n").unwrap_err();
        assert!(
            err.message.contains("unknown field `nmae`"),
            "{}",
            err.message
        );
        assert_eq!(err.line, 2);
        let err = parse::<Doc>("name: x\nname: y\n").unwrap_err();
        assert!(err.message.contains("duplicate"), "{}", err.message);
    }

    #[test]
    fn deep_nesting_is_refused() {
        let deep = format!(
            "name: x\nflag: {}{}",
            "[".repeat(10_000),
            "]".repeat(10_000)
        );
        assert!(parse::<Doc>(&deep).is_err());
    }
}
