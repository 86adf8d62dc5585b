//! Inputs found by the fuzz targets in `fuzz/` (see `fuzz/README.md`), kept
//! as tests with the same checks the targets make, so a crash once found stays
//! fixed without running the fuzzer. The seed inputs of the targets are run
//! through the same checks too.

use postlint::draft::platform::Platform;
use postlint::draft::{self, DraftKind, ParseOptions, PostContext};
use postlint::input::{self, DEFAULT_MAX_FILE_SIZE};
use postlint::report::FileReport;
use postlint::text::LineIndex;
use postlint::{RuleSet, RuleSetBuilder};

const KINDS: [DraftKind; 5] = [
    DraftKind::Text,
    DraftKind::Markdown,
    DraftKind::Tweet,
    DraftKind::Toot,
    DraftKind::Csv,
];

/// What `fuzz_targets/lint_bytes.rs` does with one input, with `options`.
fn lint_bytes_with(rules: &RuleSet, data: &[u8], options: &ParseOptions) {
    let Ok(doc) = input::decode("fuzz.txt".to_owned(), data.to_vec(), DEFAULT_MAX_FILE_SIZE) else {
        return;
    };
    let text = doc.text.as_str();
    let index = LineIndex::new(text);
    for kind in KINDS {
        let Ok(parsed) = draft::parse(&doc, kind, options) else {
            continue;
        };
        for post in &parsed.posts {
            assert!(text.is_char_boundary(post.span.start) && text.is_char_boundary(post.span.end));
            assert_eq!(post.view.len(), post.span.end - post.span.start);
            for finding in rules.lint_post(post) {
                assert!(finding.span.end <= post.view.len());
                let at = finding.span.shifted(post.span.start);
                for offset in [at.start, at.end] {
                    assert!(text.is_char_boundary(offset), "{kind:?}: {offset}");
                    let p = index.position(text, offset);
                    assert_eq!(p.byte, offset);
                    let line_start = index.line_span(text, p.line).start;
                    let back = text[line_start..]
                        .char_indices()
                        .nth(p.column - 1)
                        .map_or(text.len(), |(i, _)| i + line_start);
                    assert_eq!(back, offset, "{kind:?}: {}:{}", p.line, p.column);
                }
            }
        }
        let report = FileReport::check_as(rules, doc.clone(), kind, options, &[]);
        for d in report.diagnostics() {
            assert_eq!((d.start.byte, d.end.byte), (d.span.start, d.span.end));
        }
    }
}

/// What `fuzz_targets/lint_bytes.rs` does with one input.
fn lint_bytes(data: &[u8]) {
    let rules = RuleSet::builtin().expect("the default pack compiles");
    lint_bytes_with(&rules, data, &ParseOptions::default());
}

/// What `fuzz_targets/load_rules.rs` does with one input; true if it loaded.
fn load_rules(text: &str) -> bool {
    let mut builder = RuleSetBuilder::new().builtin(false);
    builder.add_source("fuzz.yaml", text);
    match builder.build() {
        Ok(rules) => {
            for draft in [
                "Pt NHS no 999 000 0018 on Ward 7, bed 4 - DM me for advice! #OTalk",
                "",
            ] {
                rules.lint(draft);
            }
            true
        }
        Err(_) => false,
    }
}

/// The rule that measures a post against its platform's limit fires.
fn too_long_found(text: &str, kind: DraftKind, platform: Option<Platform>) -> bool {
    let rules = RuleSet::builtin().expect("the default pack compiles");
    let options = ParseOptions {
        defaults: PostContext {
            platform,
            account: None,
        },
        csv_column: None,
    };
    let doc = input::decode(
        "draft".to_owned(),
        text.as_bytes().to_vec(),
        DEFAULT_MAX_FILE_SIZE,
    )
    .expect("UTF-8 text");
    FileReport::check_as(&rules, doc, kind, &options, &[])
        .diagnostics()
        .iter()
        .any(|d| d.rule.id == "platform/too-long")
}

#[test]
fn seed_drafts_pass_the_lint_bytes_checks() {
    for seed in [
        &include_bytes!("../fuzz/seeds/lint_bytes/thread.txt")[..],
        include_bytes!("../fuzz/seeds/lint_bytes/bom-crlf.txt"),
        include_bytes!("../fuzz/seeds/lint_bytes/front-matter.md"),
        include_bytes!("../fuzz/seeds/lint_bytes/poll.tweet"),
        include_bytes!("../fuzz/seeds/lint_bytes/poll.toot"),
        include_bytes!("../fuzz/seeds/lint_bytes/schedule.csv"),
    ] {
        lint_bytes(seed);
    }
}

#[test]
fn seed_rule_files_load() {
    for seed in [
        include_str!("../fuzz/seeds/load_rules/phrases.yaml"),
        include_str!("../fuzz/seeds/load_rules/pattern.yaml"),
        include_str!("../fuzz/seeds/load_rules/near-lexicon.yaml"),
        include_str!("../fuzz/seeds/load_rules/at-least.yaml"),
    ] {
        assert!(load_rules(seed), "{seed}");
    }
}

/// Found by `lint_bytes` in its first seconds (minimised with `cargo fuzz
/// tmin`): a `.tweet`-style draft for X whose first post is over 280
/// characters and has a poll option after the limit.
#[test]
fn fuzz_lint_bytes_over_length_tweet_with_poll() {
    lint_bytes(
        b"---\nplatform: twitter\naccount: organisation\n---\nWhich falls prevention ts use mo\
          \x11\x11\x11\x11\x11\x11\x11\x11\x11\x11\x11\x11\x11\x11\x11\x11\x11\x11\x11\x11\x11\x11\
          \x11\x11\x11\x11\x11\x11\x11\x11\x11\x11-\nWhich falls prevyen tiogon\nost?\x11\x11\x11\
          \x11\x11\x11\x11\x11\x11\x11\x11\x11\x11\x11\x11\x11\x11\x11\x11\x11\x11\x11\x11\x11\x11\
          \x11\x11\x11\x11\x11\x11\x11\x11\x11\x11\x11\x11\x11\x11\x11\x11-\nWhicprevyen tiogon\n\
          ich falls prevyen tiogon\ndeoc\n( ) Gro\x11\x11\x11\x11\x11\x11\x11\x11\x11\x11\x11-\n\
          Which falls prevyen tiogon\nost?\x11\x11\x11\x11\x11\x11\x11\x11\x11\x11\x11\x11\x11\x11\
          \x11\x11\x11\x11\x11\x11\x11\x11\x11\x11\x11\x11\x11\x11\x11\x11\x11\x11-\n\
          Which falls prevyen tiogon\n",
    );
}

/// The same bug as a user meets it: a poll under a post that is too long for
/// X. `postlint check --platform x draft.txt` exits 101 with a panic.
#[test]
fn over_length_post_with_a_poll_is_reported_not_a_panic() {
    let text = format!("{}\n( ) Leaflets\n( ) Videos\n", "a ".repeat(150));
    assert!(too_long_found(&text, DraftKind::Text, Some(Platform::X)));
    let tweet = format!("---\nplatform: x\n---\n{text}");
    assert!(too_long_found(&tweet, DraftKind::Tweet, None));
}

/// And with Markdown: code or a link URL after the limit is blanked markup,
/// which trips the same slice.
#[test]
fn over_length_markdown_with_markup_after_the_limit_is_reported_not_a_panic() {
    let text = format!(
        "---\nplatform: x\n---\n{}\n\nSee `code` and [the guidance](https://www.nhs.uk/).\n",
        "word ".repeat(70)
    );
    assert!(too_long_found(&text, DraftKind::Markdown, None));
}
