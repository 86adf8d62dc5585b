//! Arbitrary bytes, read as a draft of every kind and linted with the default
//! pack. Nothing may panic, and every finding must lie on character
//! boundaries of the document and have a line and column that lead back to
//! its byte offset.

#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use postlint::RuleSet;
use postlint::draft::{self, DraftKind, ParseOptions};
use postlint::input::{self, DEFAULT_MAX_FILE_SIZE};
use postlint::report::FileReport;
use postlint::text::{LineIndex, Position};

static RULES: OnceLock<RuleSet> = OnceLock::new();

const KINDS: [DraftKind; 5] = [
    DraftKind::Text,
    DraftKind::Markdown,
    DraftKind::Tweet,
    DraftKind::Toot,
    DraftKind::Csv,
];

fuzz_target!(|data: &[u8]| {
    let rules = RULES.get_or_init(|| RuleSet::builtin().expect("the default pack compiles"));
    let Ok(doc) = input::decode("fuzz.txt".to_owned(), data.to_vec(), DEFAULT_MAX_FILE_SIZE) else {
        return;
    };
    let text = doc.text.as_str();
    let index = LineIndex::new(text);
    let options = ParseOptions::default();
    for kind in KINDS {
        let Ok(parsed) = draft::parse(&doc, kind, &options) else {
            continue;
        };
        for post in &parsed.posts {
            let span = post.span;
            assert!(
                span.start <= span.end && span.end <= text.len(),
                "{kind:?}: post {span:?}"
            );
            assert!(
                text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
                "{kind:?}: post {span:?} splits a character"
            );
            assert_eq!(
                post.view.len(),
                span.end - span.start,
                "{kind:?}: view length"
            );
            for finding in rules.lint_post(post) {
                let local = finding.span;
                assert!(
                    local.start <= local.end && local.end <= post.view.len(),
                    "{kind:?}: {} at {local:?} outside its post",
                    finding.rule.id
                );
                let at = local.shifted(span.start);
                for offset in [at.start, at.end] {
                    assert!(
                        text.is_char_boundary(offset),
                        "{kind:?}: {} at {at:?}: {offset} splits a character",
                        finding.rule.id
                    );
                    round_trip(text, &index, offset);
                }
            }
        }
        // The whole path the binary takes: parse, lint, place, waivers.
        let report = FileReport::check_as(rules, doc.clone(), kind, &options, &[]);
        for d in report.diagnostics() {
            assert_eq!(d.start.byte, d.span.start, "{kind:?}: {}", d.rule.id);
            assert_eq!(d.end.byte, d.span.end, "{kind:?}: {}", d.rule.id);
            assert_eq!(d.start, index.position(text, d.span.start));
            assert_eq!(d.end, index.position(text, d.span.end));
        }
    }
});

/// `offset` → line:column → `offset` again.
fn round_trip(text: &str, index: &LineIndex, offset: usize) {
    let Position { line, column, byte } = index.position(text, offset);
    assert_eq!(byte, offset, "position() moved the offset");
    let line_start = index.line_span(text, line).start;
    let back = text[line_start..]
        .char_indices()
        .nth(column - 1)
        .map_or(text.len(), |(i, _)| i + line_start);
    assert_eq!(back, offset, "{offset} -> {line}:{column} -> {back}");
}
