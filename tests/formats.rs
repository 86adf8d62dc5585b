//! Drafts in the formats people write them: Markdown with front matter,
//! `.tweet`/`.toot` threads and polls, CSV bulk schedules. Findings must point
//! at the line and column an editor shows for the file as written.

use std::sync::OnceLock;

use assert_cmd::Command;
use postlint::RuleSet;
use postlint::draft::{DraftKind, ParseOptions, PostContext, parse, platform::Platform};
use postlint::input::Document;
use postlint::report::{FileReport, Outcome};
use proptest::prelude::*;

fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| RuleSet::builtin().unwrap())
}

/// (rule, line, column, matched) of every finding in `text` read as `kind`.
fn findings(
    text: &str,
    kind: DraftKind,
    options: &ParseOptions,
) -> Vec<(String, usize, usize, String)> {
    let report = FileReport::check_as(
        rules(),
        Document {
            name: "t".into(),
            text: text.into(),
        },
        kind,
        options,
        &[],
    );
    match &report.outcome {
        Outcome::Checked(ds) => ds
            .iter()
            .map(|d| {
                (
                    d.rule.id.clone(),
                    d.start.line,
                    d.start.column,
                    report.matched(d).to_owned(),
                )
            })
            .collect(),
        other => panic!("not checked: {other:?}"),
    }
}

fn nhs(text: &str, kind: DraftKind) -> Vec<(usize, usize, String)> {
    findings(text, kind, &ParseOptions::default())
        .into_iter()
        .filter(|f| f.0 == "confidentiality/nhs-number")
        .map(|f| (f.1, f.2, f.3))
        .collect()
}

#[test]
fn markdown_skips_code_comments_urls_and_front_matter_but_not_link_text() {
    let text = "---\ntitle: Pt NHS no 999 000 0018\nplatform: linkedin\n---\n# Referrals\n\nThe `NHS no 999 000 0018` example is in code.\n\n```\nNHS no 999 000 0026\n```\n\n<!-- NHS no 999 765 4323 -->\n[see the form](https://x.org/NHS/9990000018) or ![chart for NHS no 999 000 0042](c.png)\n\nPatient NHS no 999 000 0034 — not in code 👍🏽.\n";
    let found = nhs(text, DraftKind::Markdown);
    // Only the alt text and the real prose are linted; lines and columns are the file's.
    assert_eq!(
        found,
        [
            (14, 68, "999 000 0042".to_owned()),
            (16, 16, "999 000 0034".to_owned())
        ]
    );
}

#[test]
fn threads_are_linted_post_by_post_with_file_positions() {
    let text = "---\nplatform: x\n---\nFirst post, nothing to see.\n---\nSecond: pt NHS no 999 000 0018\n\n( ) Yes\n( ) NHS 999 000 0026\n";
    let report = FileReport::check_as(
        rules(),
        Document {
            name: "t.tweet".into(),
            text: text.into(),
        },
        DraftKind::Tweet,
        &ParseOptions::default(),
        &[],
    );
    let ds: Vec<_> = report
        .diagnostics()
        .iter()
        .filter(|d| d.rule.id == "confidentiality/nhs-number")
        .collect();
    assert_eq!(ds.len(), 2, "poll options are linted too");
    assert_eq!(
        (ds[0].post, ds[0].start.line, ds[0].start.column),
        (2, 6, 19)
    );
    assert_eq!(
        (ds[1].post, ds[1].start.line, ds[1].start.column),
        (2, 9, 9)
    );
}

#[test]
fn sentences_do_not_run_across_thread_posts() {
    // A modifier that looks for a patient in the same sentence must not see the
    // next post: the unlabelled number stays a warning.
    let text = "Ring 9990000018\n---\nthe patient is fine\n";
    let report = FileReport::check_as(
        rules(),
        Document {
            name: "t.txt".into(),
            text: text.into(),
        },
        DraftKind::Text,
        &ParseOptions::default(),
        &[],
    );
    let d = &report.diagnostics()[0];
    assert_eq!(d.severity, postlint::Severity::Warning);
}

#[test]
fn csv_rows_report_file_lines_and_row_numbers() {
    let text = "date,Message,channel\r\n2025-06-01,\"Clinic news, all \"\"good\"\"\",x\r\n2025-06-02,\"Multi-line cell:\nNHS no 999 000 0018 for the referral\",x\r\n";
    let report = FileReport::check_as(
        rules(),
        Document {
            name: "s.csv".into(),
            text: text.into(),
        },
        DraftKind::Csv,
        &ParseOptions::default(),
        &[],
    );
    let d = &report.diagnostics()[0];
    assert_eq!((d.start.line, d.start.column, d.row), (4, 8, Some(2)));
    assert_eq!(report.matched(d), "999 000 0018");
}

#[test]
fn csv_without_a_text_column_is_a_clear_error() {
    let report = FileReport::check_as(
        rules(),
        Document {
            name: "s.csv".into(),
            text: "when,body\n1,hi\n".into(),
        },
        DraftKind::Csv,
        &ParseOptions::default(),
        &[],
    );
    match report.outcome {
        Outcome::Failed(why) => assert!(
            why.contains("--csv-column") && why.contains("`when`, `body`"),
            "{why}"
        ),
        other => panic!("{other:?}"),
    }
    let named = ParseOptions {
        csv_column: Some("body".into()),
        ..ParseOptions::default()
    };
    assert!(
        findings("when,body\n1,NHS no 999 000 0018\n", DraftKind::Csv, &named)
            .iter()
            .any(|f| f.0 == "confidentiality/nhs-number")
    );
}

#[test]
fn front_matter_platform_enables_length_checks_and_cli_sets_the_default() {
    let long = "Reablement works best when the whole team sets goals with the person. ".repeat(5);
    let text = format!("---\nplatform: bluesky\n---\n{long}\n");
    let found = findings(&text, DraftKind::Markdown, &ParseOptions::default());
    assert!(
        found.iter().any(|f| f.0 == "platform/too-long"),
        "{found:?}"
    );
    // Without a platform, no length check; with --platform (defaults), yes.
    assert!(
        findings(&long, DraftKind::Text, &ParseOptions::default())
            .iter()
            .all(|f| f.0 != "platform/too-long")
    );
    let x = ParseOptions {
        defaults: PostContext {
            platform: Some(Platform::X),
            account: None,
        },
        csv_column: None,
    };
    assert!(
        findings(&long, DraftKind::Text, &x)
            .iter()
            .any(|f| f.0 == "platform/too-long")
    );
}

#[test]
fn invalid_front_matter_is_reported_at_its_line() {
    let report = FileReport::check_as(
        rules(),
        Document {
            name: "d.md".into(),
            text: "---\nplatform: myspace\n---\nhi\n".into(),
        },
        DraftKind::Markdown,
        &ParseOptions::default(),
        &[],
    );
    match report.outcome {
        Outcome::Failed(why) => assert!(
            why.starts_with("front matter, line 2, column 11: unknown platform `myspace`"),
            "{why}"
        ),
        other => panic!("{other:?}"),
    }
}

#[test]
fn stdin_filename_chooses_the_format() {
    let out = Command::cargo_bin("postlint")
        .unwrap()
        .args([
            "check",
            "--format",
            "json",
            "--stdin-filename",
            "draft.md",
            "-",
        ])
        .write_stdin("`NHS no 999 000 0018` in code only\n")
        .assert()
        .code(0);
    let report: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(report["files"][0]["path"], "draft.md");
    assert_eq!(report["summary"]["checked"], 1);
}

#[test]
fn platform_flag_and_measured_length_in_the_message() {
    let long = format!("{} 👍🏽", "a".repeat(279));
    let out = Command::cargo_bin("postlint")
        .unwrap()
        .args(["check", "--format", "json", "--platform", "twitter", "-"])
        .write_stdin(long)
        .assert()
        .code(1);
    let report: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let d = &report["files"][0]["diagnostics"][0];
    assert_eq!(d["rule"], "platform/too-long");
    assert_eq!(
        d["message"],
        "X counts this post as 282 characters; its limit is 280"
    );
    assert_eq!(d["start"]["column"], 281);
}

/// Markdown made of the constructs that are blanked or kept.
fn markdown() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "# Head\n",
        "text ",
        "`code` ",
        "```\nblock\n```\n",
        "[link](https://x.co/a) ",
        "![alt](i.png) ",
        "![](i.png) ",
        "<!-- c -->",
        "<b>x</b> ",
        "> quote\n",
        "- item\n",
        "\n",
        "\r\n",
        "👍🏽",
        "中文",
        "é",
        "**bold** ",
        "NHS no 999 000 0018 ",
    ]);
    prop::collection::vec(pieces, 0..30).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// The offset map of every format is the identity: the view of each post
    /// has the byte length of its span, and every character either equals the
    /// file's or is a blank.
    #[test]
    fn views_line_up_with_the_file(body in markdown()) {
        let doc = Document { name: "p.md".into(), text: format!("---\nplatform: x\n---\n{body}") };
        for kind in [DraftKind::Markdown, DraftKind::Tweet, DraftKind::Text] {
            let draft = parse(&doc, kind, &ParseOptions::default()).unwrap();
            for post in &draft.posts {
                let file = &doc.text[post.span.range()];
                prop_assert_eq!(post.view.len(), file.len());
                for (i, (v, f)) in post.view.bytes().zip(file.bytes()).enumerate() {
                    prop_assert!(v == f || (v == b' ' && f != b'\n'), "byte {}: {:?} vs {:?}", i, v, f);
                }
            }
        }
    }
}
