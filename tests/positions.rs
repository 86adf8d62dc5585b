//! Properties of positions on arbitrary text: every reported span lies on
//! character boundaries of the original input, and line:column agrees with a
//! naive count.

use std::sync::OnceLock;

use postlint::RuleSet;
use postlint::text::LineIndex;
use proptest::prelude::*;

fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| RuleSet::builtin().unwrap())
}

/// Text with the characters posts are made of: ASCII words and digits,
/// separators, line breaks (LF and CRLF), emoji with modifiers and ZWJ, CJK,
/// combining marks, curly quotes, and fragments of identifiers.
fn post_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "patient",
        "NHS no",
        "999 000 0018",
        "9990000026",
        "CHI",
        "0101001231",
        " ",
        " ",
        "\n",
        "\r\n",
        "-",
        ".",
        "👍🏽",
        "👨‍👩‍👧",
        "🇬🇧",
        "中文",
        "e\u{301}",
        "İ",
        "’",
        "“",
        "bed 4",
        "Mrs K",
        "DOB 03/04/1938",
        "#ad",
        "http://x.co/1",
        "friend request",
        "client",
        "ß",
        "\u{200B}",
        "\u{FEFF}",
    ]);
    prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
}

fn naive_position(text: &str, byte: usize) -> (usize, usize) {
    let before = &text[..byte];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let mut column = before[line_start..].chars().count() + 1;
    if line == 1 && text.starts_with('\u{FEFF}') && byte > 0 {
        column -= 1;
    }
    (line, column)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn spans_are_on_char_boundaries(text in post_text()) {
        for f in rules().lint(&text) {
            prop_assert!(f.span.start < f.span.end && f.span.end <= text.len());
            prop_assert!(text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end));
        }
    }

    #[test]
    fn line_and_column_match_a_naive_count(text in post_text()) {
        let index = LineIndex::new(&text);
        for (byte, _) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
            let p = index.position(&text, byte);
            prop_assert_eq!((p.line, p.column), naive_position(&text, byte));
            prop_assert_eq!(p.byte, byte);
        }
    }
}
