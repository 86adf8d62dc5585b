//! End-to-end tests of the `postlint` command line: what a user sees on
//! stdout and stderr, and the exit status, for real runs of the binary.
//!
//! Only synthetic data is used. NHS numbers come from the 999 test range:
//! `999 000 0018` has a valid check digit, `999 000 0019` does not.

use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Stdio;

use assert_cmd::Command;
use assert_cmd::assert::Assert;
use predicates::prelude::*;
use serde_json::Value;
use tempfile::TempDir;

#[path = "common/report.rs"]
mod report;

use report::{diagnostics, paths};

const NHS_RULE: &str = "confidentiality/nhs-number";
/// A labelled, grouped NHS number with a valid check digit: an error, at 1:11.
const LABELLED: &str = "Pt NHS no 999 000 0018, came through Friday.\n";
/// An unlabelled, ungrouped valid number: a warning only.
const UNLABELLED: &str = "note to self: 9990000018 - report due weds\n";
/// Nothing to report.
const CLEAN: &str = "Lovely walk along the canal before my shift this morning.\n";

/// A user rule (rule format version 1) that flags shift-swap requests.
const USER_RULE: &str = r#"rules:
  - id: conduct/shift-swap-request
    severity: warning
    message: Shift swap requested in public
    explanation: |
      Shift swaps belong in the team's rota system, not on social media.
    fix: Ask through the rota system.
    guidance:
      - source: Synthetic local policy
        section: "Rota requests"
    match:
      pattern: '(?i)swap (?:my|a) shift'
    examples:
      bad:
        - text: "Anyone want to swap my shift on Friday?"
          matched: "swap my shift"
      good:
        - "Bank holiday rota is out."
"#;
const USER_RULE_ID: &str = "conduct/shift-swap-request";
/// Fires both the user rule and the NHS number rule.
const SWAP_AND_NUMBER: &str = "Can anyone swap a shift with me? NHS no 999 000 0018\n";

// ---------------------------------------------------------------------------
// Helpers

/// The binary, with colour left to the flags under test rather than to the
/// environment the tests run in.
fn postlint() -> Command {
    let mut cmd = Command::cargo_bin("postlint").expect("the postlint binary is built");
    for var in ["NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE"] {
        cmd.env_remove(var);
    }
    cmd
}

/// Run `postlint check ARGS` with `text` on stdin.
fn check_stdin(args: &[&str], text: &str) -> Assert {
    postlint()
        .arg("check")
        .args(args)
        .write_stdin(text)
        .assert()
}

/// Run `postlint check --format json ARGS` with `text` on stdin and parse the report.
fn check_stdin_json(args: &[&str], text: &str) -> Value {
    json(
        &postlint()
            .args(["check", "--format", "json"])
            .args(args)
            .write_stdin(text)
            .assert(),
    )
}

/// A temporary folder holding `files` (relative path, contents).
fn drafts(files: &[(&str, &[u8])]) -> TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    for (name, contents) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
    }
    dir
}

/// `dir/name` as a command-line argument.
fn arg(dir: &TempDir, name: &str) -> String {
    dir.path().join(name).display().to_string()
}

fn stdout(a: &Assert) -> String {
    String::from_utf8(a.get_output().stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(a: &Assert) -> String {
    String::from_utf8(a.get_output().stderr.clone()).expect("stderr is UTF-8")
}

fn json(a: &Assert) -> Value {
    serde_json::from_slice(&a.get_output().stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", stdout(a)))
}

/// The only diagnostic of a JSON report.
fn only_diagnostic(report: &Value) -> &Value {
    let all = diagnostics(report);
    assert_eq!(all.len(), 1, "expected one diagnostic in {report:#}");
    all[0]
}

/// The ids of the rules that fired.
fn rule_ids(report: &Value) -> BTreeSet<String> {
    diagnostics(report)
        .iter()
        .map(|d| d["rule"].as_str().expect("`rule` is a string").to_owned())
        .collect()
}

/// A JSON position as (line, column, byte).
fn position(p: &Value) -> (u64, u64, u64) {
    let field = |name: &str| {
        p[name]
            .as_u64()
            .unwrap_or_else(|| panic!("position field `{name}` in {p}"))
    };
    (field("line"), field("column"), field("byte"))
}

/// The 1-based line and column (in characters) where `needle` first occurs in `text`.
fn line_column(text: &str, needle: &str) -> (usize, usize) {
    let at = text.find(needle).expect("needle is in the text");
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    (
        text[..at].matches('\n').count() + 1,
        text[line_start..at].chars().count() + 1,
    )
}

/// `USER_RULE`, changed by `edit`, written to `rules.yaml` in a new folder.
fn rule_file(edit: impl FnOnce(&str) -> String) -> (TempDir, PathBuf, String) {
    let text = edit(USER_RULE);
    let dir = drafts(&[("rules.yaml", text.as_bytes())]);
    let path = dir.path().join("rules.yaml");
    (dir, path, text)
}

/// Assert that loading the rule file `path` fails with exit 2 and an error at
/// the line and column where `needle` occurs in its `text`.
fn assert_rule_error_at(path: &Path, text: &str, needle: &str, what: &str) {
    let (line, column) = line_column(text, needle);
    let run = postlint()
        .args(["check", "--rules"])
        .arg(path)
        .write_stdin(CLEAN)
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty());
    let err = stderr(&run);
    let location = format!("{}:{line}:{column}:", path.display());
    assert!(err.contains(&location), "expected `{location}` in:\n{err}");
    assert!(err.contains(what), "expected `{what}` in:\n{err}");
}

// ---------------------------------------------------------------------------
// 1. Standard input

#[test]
fn dash_and_bare_piped_stdin_are_both_read_and_reported_as_stdin() {
    for args in [&["-"][..], &[][..]] {
        check_stdin(&[args, &["--format", "concise"]].concat(), LABELLED)
            .code(1)
            .stdout(predicate::str::contains(format!(
                "<stdin>:1:11: error[{NHS_RULE}]"
            )));
    }
}

#[test]
fn stdin_filename_changes_the_reported_name() {
    let run = check_stdin(
        &["-", "--stdin-filename", "draft.txt", "--format", "concise"],
        LABELLED,
    )
    .code(1)
    .stdout(predicate::str::contains(format!(
        "draft.txt:1:11: error[{NHS_RULE}]"
    )));
    assert!(!stdout(&run).contains("<stdin>"));

    let report = check_stdin_json(&["--stdin-filename", "draft.txt"], LABELLED);
    assert_eq!(report["files"][0]["path"], "draft.txt");
}

// ---------------------------------------------------------------------------
// 2. Exit codes

#[test]
fn exit_code_is_0_when_there_are_no_findings() {
    check_stdin(&[], CLEAN)
        .code(0)
        .stdout(predicate::str::contains("No problems found in 1 file."));
}

#[test]
fn exit_code_is_1_for_an_error_finding() {
    check_stdin(&[], LABELLED).code(1);
}

#[test]
fn exit_code_is_1_for_a_warning_only_finding() {
    let report = check_stdin_json(&[], UNLABELLED);
    let d = only_diagnostic(&report);
    assert_eq!(
        (d["rule"].as_str(), d["severity"].as_str()),
        (Some(NHS_RULE), Some("warning"))
    );
    check_stdin(&[], UNLABELLED).code(1);
}

#[test]
fn fail_on_error_ignores_warnings_but_not_errors() {
    check_stdin(&["--fail-on", "error"], UNLABELLED)
        .code(0)
        .stdout(predicate::str::contains(format!("warning[{NHS_RULE}]")));
    check_stdin(&["--fail-on", "error"], LABELLED).code(1);
}

#[test]
fn fail_on_never_exits_0_even_with_findings() {
    check_stdin(&["--fail-on", "never"], LABELLED)
        .code(0)
        .stdout(predicate::str::contains(format!("error[{NHS_RULE}]")));
}

#[test]
fn missing_file_exits_2_but_the_other_files_are_still_checked() {
    let dir = drafts(&[
        ("a.txt", LABELLED.as_bytes()),
        ("b.txt", UNLABELLED.as_bytes()),
    ]);
    let (a, b) = (arg(&dir, "a.txt"), arg(&dir, "b.txt"));
    let missing = arg(&dir, "missing.txt");
    postlint()
        .args(["check", "--format", "concise", &a, &missing, &b])
        .assert()
        .code(2)
        .stdout(predicate::str::contains(format!(
            "{a}:1:11: error[{NHS_RULE}]"
        )))
        .stdout(predicate::str::contains(format!(
            "{b}:1:15: warning[{NHS_RULE}]"
        )))
        .stderr(predicate::str::contains(format!(
            "{missing}: no such file or folder"
        )));
}

// ---------------------------------------------------------------------------
// 3. JSON output

#[test]
fn json_report_has_version_files_diagnostics_and_summary() {
    let report = check_stdin_json(&[], LABELLED);
    assert_eq!(report["version"], 1);
    let files = report["files"].as_array().expect("`files` is an array");
    assert_eq!(files.len(), 1);
    assert_eq!(files[0]["path"], "<stdin>");

    let d = only_diagnostic(&report);
    assert_eq!(d["rule"], NHS_RULE);
    assert_eq!(d["category"], "confidentiality");
    assert_eq!(d["severity"], "error");
    for field in ["message", "explanation", "fix"] {
        let text = d[field].as_str().unwrap_or_default();
        assert!(!text.trim().is_empty(), "`{field}` is empty in {d:#}");
    }
    let guidance = d["guidance"].as_array().expect("`guidance` is an array");
    assert!(!guidance.is_empty());
    for citation in guidance {
        assert!(
            citation["source"].as_str().is_some_and(|s| !s.is_empty()),
            "citation without a source: {citation}"
        );
    }
    assert_eq!(position(&d["start"]), (1, 11, 10));
    assert_eq!(position(&d["end"]), (1, 23, 22));
    assert!(d["matched"].is_string());

    let summary = &report["summary"];
    for (field, expected) in [
        ("files", 1),
        ("checked", 1),
        ("skipped", 0),
        ("failed", 0),
        ("errors", 1),
        ("warnings", 0),
        ("infos", 0),
    ] {
        assert_eq!(summary[field], expected, "summary.{field} in {summary}");
    }
}

#[test]
fn json_masks_sensitive_matches_unless_show_sensitive() {
    let run = postlint()
        .args(["check", "--format", "json"])
        .write_stdin(LABELLED)
        .assert()
        .code(1);
    let masked = stdout(&run);
    assert!(
        !masked.contains("999 000 0018") && !masked.contains("9990000018"),
        "the raw number leaked into the JSON:\n{masked}"
    );
    let report = json(&run);
    let d = only_diagnostic(&report);
    assert_eq!(d["matched"], "9•• ••• ••18");
    assert_eq!(d["sensitive"], true);

    let report = check_stdin_json(&["--show-sensitive"], LABELLED);
    assert_eq!(only_diagnostic(&report)["matched"], "999 000 0018");
}

// ---------------------------------------------------------------------------
// 4. Positions

#[test]
fn columns_count_unicode_scalar_values_after_emoji_cjk_and_combining_marks() {
    // Line 1 is 14 bytes. On line 2, 👍🏽 is two scalar values (8 bytes), 中文
    // two (6 bytes) and e + U+0301 two (3 bytes): the number starts at the
    // 17th scalar value of the line, 27 bytes into it.
    let text = "Long day 😩\n👍🏽 中文 e\u{301} NHS no 999 000 0018\n";
    assert_eq!(&text[41..53], "999 000 0018");
    let report = check_stdin_json(&[], text);
    let d = only_diagnostic(&report);
    assert_eq!(position(&d["start"]), (2, 17, 41));
    assert_eq!(position(&d["end"]), (2, 29, 53));
}

#[test]
fn crlf_and_a_utf8_bom_give_editor_positions_with_byte_offsets_including_the_bom() {
    // The BOM (3 bytes) is not a column; the `\r` of each CRLF belongs to the line break.
    let dir = drafts(&[
        (
            "first-line.txt",
            "\u{FEFF}NHS no 999 000 0018\r\nThanks\r\n".as_bytes(),
        ),
        (
            "second-line.txt",
            "\u{FEFF}Handover done.\r\nNHS no 999 000 0018\r\n".as_bytes(),
        ),
    ]);
    let run = postlint()
        .args(["check", "--format", "json"])
        .arg(dir.path())
        .assert()
        .code(1);
    let report = json(&run);
    let starts_ends: Vec<_> = diagnostics(&report)
        .iter()
        .map(|d| (position(&d["start"]), position(&d["end"])))
        .collect();
    assert_eq!(
        starts_ends,
        [((1, 8, 10), (1, 20, 22)), ((2, 8, 26), (2, 20, 38))]
    );

    // The source line is shown without the BOM or the carriage return (the
    // number itself in full only with --show-sensitive, since stdout is a pipe).
    postlint()
        .args(["check", "--color", "never", "--show-sensitive"])
        .arg(dir.path().join("second-line.txt"))
        .assert()
        .stdout(predicate::str::contains("2 | NHS no 999 000 0018\n"))
        .stdout(predicate::str::contains('\u{FFFD}').not());
}

// ---------------------------------------------------------------------------
// 5. Bad input

#[test]
fn invalid_utf8_exits_2_naming_the_file_and_byte_offset() {
    let dir = drafts(&[("latin1.txt", b"Caf\xe9 rota swap please")]);
    let path = arg(&dir, "latin1.txt");
    let run = postlint().args(["check", &path]).assert().code(2);
    let err = stderr(&run);
    assert!(err.contains(&path), "file not named in:\n{err}");
    assert!(err.contains("offset 3"), "byte offset not given in:\n{err}");
}

#[test]
fn nul_bytes_skip_the_file_with_a_warning_without_failing_the_run() {
    let dir = drafts(&[
        ("export.txt", b"PK\x03\x04\0\0 NHS no 999 000 0018"),
        ("ok.txt", CLEAN.as_bytes()),
    ]);
    let binary = arg(&dir, "export.txt");
    let run = postlint()
        .args(["check", "--format", "json", &binary, &arg(&dir, "ok.txt")])
        .assert()
        .code(0)
        .stderr(predicate::str::contains(format!(
            "warning: {binary}: binary file"
        )));
    let report = json(&run);
    assert!(report["files"][0]["skipped"].is_string());
    assert_eq!(report["summary"]["skipped"], 1);
    assert_eq!(report["summary"]["checked"], 1);
    assert!(diagnostics(&report).is_empty());
}

#[test]
fn empty_file_is_clean() {
    let dir = drafts(&[("empty.txt", b"")]);
    postlint()
        .args(["check", &arg(&dir, "empty.txt")])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("No problems found in 1 file."))
        .stderr(predicate::str::is_empty());
}

#[test]
fn missing_path_gives_a_clear_error() {
    let dir = drafts(&[]);
    let missing = arg(&dir, "draft.txt");
    postlint()
        .args(["check", &missing])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!(
            "error: {missing}: no such file or folder"
        )))
        .stderr(predicate::str::contains("panicked").not());
}

// ---------------------------------------------------------------------------
// 6. Folders

#[test]
fn folders_are_walked_for_draft_extensions_only_in_path_order() {
    let number = LABELLED.as_bytes();
    // Created out of order; the .docx and .json must be ignored.
    let dir = drafts(&[
        ("zeta.txt", number),
        ("notes.docx", number),
        ("sub/beta.toot", number),
        ("export.json", number),
        ("alpha.md", number),
        ("sub/aardvark.txt", number),
        ("gamma.tweet", number),
    ]);
    let run = postlint()
        .args(["check", "--format", "json"])
        .arg(dir.path())
        .assert()
        .code(1);
    let report = json(&run);
    let paths: Vec<String> = paths(&report)
        .into_iter()
        .map(|path| {
            let path = Path::new(path);
            path.strip_prefix(dir.path()).unwrap().display().to_string()
        })
        .collect();
    assert_eq!(
        paths,
        [
            "alpha.md",
            "gamma.tweet",
            "sub/aardvark.txt",
            "sub/beta.toot",
            "zeta.txt"
        ]
    );
    assert_eq!(diagnostics(&report).len(), 5);
}

// ---------------------------------------------------------------------------
// 7. Broken pipe

#[test]
fn closing_stdout_early_stops_quietly_without_panicking() {
    // Far more output than a pipe buffer holds, so the writes must hit the closed pipe.
    let big: String = (1..=3000)
        .map(|i| format!("Referral {i}: NHS no 999 000 0018\n"))
        .collect();
    let dir = drafts(&[("big.txt", big.as_bytes())]);
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("postlint"))
        .args(["check", "--color", "never"])
        .arg(dir.path().join("big.txt"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("postlint starts");
    let mut pipe = child.stdout.take().unwrap();
    let mut first = [0; 6];
    pipe.read_exact(&mut first).unwrap();
    assert_eq!(&first, b"error[");
    drop(pipe);

    let output = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(!err.contains("panicked"), "postlint panicked:\n{err}");
    assert_ne!(output.status.code(), Some(101), "stderr:\n{err}");
    assert_eq!(output.status.code(), Some(0), "stderr:\n{err}");
}

// ---------------------------------------------------------------------------
// 8. --select and --ignore

#[test]
fn select_and_ignore_limit_findings_by_category_or_rule_id() {
    let text = "Only my friends can see this, so I'll say it: today's ward round was a shambles. \
                NHS no 999 000 0018\n";
    let all = rule_ids(&check_stdin_json(&[], text));
    assert!(
        all.contains(NHS_RULE) && all.contains("privacy/assumed-private"),
        "{all:?}"
    );

    let selected = rule_ids(&check_stdin_json(&["--select", "confidentiality"], text));
    assert!(selected.contains(NHS_RULE), "{selected:?}");
    assert!(
        selected.iter().all(|id| id.starts_with("confidentiality/")),
        "{selected:?}"
    );

    let by_id = rule_ids(&check_stdin_json(
        &["--select", "privacy/assumed-private"],
        text,
    ));
    assert_eq!(
        by_id,
        BTreeSet::from(["privacy/assumed-private".to_owned()])
    );

    let ignored = rule_ids(&check_stdin_json(&["--ignore", "confidentiality"], text));
    assert!(ignored.contains("privacy/assumed-private"), "{ignored:?}");
    assert!(
        !ignored.iter().any(|id| id.starts_with("confidentiality/")),
        "{ignored:?}"
    );

    let ignored_id = rule_ids(&check_stdin_json(&["--ignore", NHS_RULE], text));
    assert!(!ignored_id.contains(NHS_RULE), "{ignored_id:?}");
}

#[test]
fn unknown_rule_in_select_or_ignore_exits_2_with_a_suggestion() {
    check_stdin(&["--select", "confidentiality/nhs-numbr"], LABELLED)
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains(format!(
            "did you mean `{NHS_RULE}`"
        )));
    check_stdin(&["--ignore", "confidentialty"], LABELLED)
        .code(2)
        .stderr(predicate::str::contains("did you mean `confidentiality`"));
}

// ---------------------------------------------------------------------------
// 9. Rule files

#[test]
fn rules_flag_adds_a_user_rule_to_the_built_in_ones() {
    let (_dir, path, _) = rule_file(str::to_owned);
    let path = path.display().to_string();
    let ids = rule_ids(&check_stdin_json(&["--rules", &path], SWAP_AND_NUMBER));
    assert!(
        ids.contains(USER_RULE_ID) && ids.contains(NHS_RULE),
        "{ids:?}"
    );
}

#[test]
fn no_default_rules_runs_only_the_user_rules() {
    let (_dir, path, _) = rule_file(str::to_owned);
    let path = path.display().to_string();
    let report = check_stdin_json(&["--no-default-rules", "--rules", &path], SWAP_AND_NUMBER);
    assert_eq!(rule_ids(&report), BTreeSet::from([USER_RULE_ID.to_owned()]));
}

#[test]
fn rule_file_with_an_unknown_field_exits_2_at_its_line_and_column() {
    let (_dir, path, text) = rule_file(|t| t.replace("    fix:", "    colour: red\n    fix:"));
    assert_rule_error_at(&path, &text, "colour: red", "unknown field `colour`");
}

#[test]
fn rule_file_with_an_invalid_regex_exits_2_at_its_line_and_column() {
    let (_dir, path, text) = rule_file(|t| t.replace("'(?i)swap (?:my|a) shift'", "'(unclosed'"));
    assert_rule_error_at(&path, &text, "'(unclosed'", "invalid regex");
}

// ---------------------------------------------------------------------------
// 10. rules, explain, test-rules

#[test]
fn rules_lists_the_nhs_number_rule() {
    let run = postlint().arg("rules").assert().code(0);
    assert!(
        stdout(&run).lines().any(|l| l.starts_with(NHS_RULE)),
        "{NHS_RULE} not listed:\n{}",
        stdout(&run)
    );
}

#[test]
fn explain_prints_the_explanation_fix_guidance_and_examples() {
    let listing = json(
        &postlint()
            .args(["rules", "--format", "json"])
            .assert()
            .code(0),
    );
    let rule = listing
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == NHS_RULE)
        .expect("the rule is listed");

    let run = postlint().args(["explain", NHS_RULE]).assert().code(0);
    let out = stdout(&run);
    let mut expected = vec![
        rule["explanation"].as_str().unwrap().trim(),
        rule["fix"].as_str().unwrap().trim(),
        "### Flagged\n\n- `",
        "### Not flagged\n\n- `",
        "Pt NHS no 999 000 0018",
    ];
    expected.extend(
        rule["guidance"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["source"].as_str().unwrap()),
    );
    for part in expected {
        assert!(out.contains(part), "`{part}` missing from:\n{out}");
    }
}

#[test]
fn explain_unknown_rule_exits_2() {
    postlint()
        .args(["explain", "nope/nope"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "unknown rule or category `nope/nope`",
        ));
}

#[test]
fn test_rules_passes_for_the_built_in_pack() {
    postlint()
        .arg("test-rules")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("all passed"));
}

#[test]
fn test_rules_names_a_bad_example_that_does_not_fire() {
    let (_dir, path, text) = rule_file(|t| {
        t.replace(
            r#"        - text: "Anyone want to swap my shift on Friday?"
          matched: "swap my shift""#,
            r#"        - text: "Lovely sunset after a long day""#,
        )
    });
    let (line, _) = line_column(&text, "Lovely sunset");
    postlint()
        .arg("test-rules")
        .arg(&path)
        .assert()
        .code(1)
        .stdout(predicate::str::contains(format!(
            "FAIL {}:{line}: {USER_RULE_ID} bad example \"Lovely sunset after a long day\"",
            path.display()
        )))
        .stdout(predicate::str::contains("1 failed"));
}

// ---------------------------------------------------------------------------
// 11. Help, version, usage errors

#[test]
fn help_and_version_exit_0() {
    postlint()
        .arg("--help")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("Usage: postlint"));
    postlint()
        .arg("--version")
        .assert()
        .code(0)
        .stdout(predicate::str::contains(concat!(
            "postlint ",
            env!("CARGO_PKG_VERSION")
        )));
}

#[test]
fn unknown_flag_exits_2() {
    postlint()
        .args(["check", "--bogus"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--bogus"));
}

// ---------------------------------------------------------------------------
// 12. Human output

#[test]
fn human_output_shows_location_source_carets_why_fix_see_and_summary() {
    // stdout is a pipe here, so the number is masked unless --show-sensitive.
    let masked = stdout(&check_stdin(&["--color", "never"], LABELLED).code(1));
    assert!(
        masked.contains("Pt NHS no 9•• ••• ••18") && !masked.contains("999 000 0018"),
        "{masked}"
    );
    let run = check_stdin(
        &[
            "--stdin-filename",
            "draft.txt",
            "--color",
            "never",
            "--show-sensitive",
        ],
        LABELLED,
    )
    .code(1);
    let out = stdout(&run);
    for part in [
        "draft.txt:1:11",
        &format!("error[{NHS_RULE}]"),
        "= why: ",
        "= fix: ",
        "= see: ",
    ] {
        assert!(out.contains(part), "`{part}` missing from:\n{out}");
    }

    let lines: Vec<&str> = out.lines().collect();
    let source = lines
        .iter()
        .position(|l| l.ends_with(LABELLED.trim_end()))
        .unwrap_or_else(|| panic!("source line missing from:\n{out}"));
    let number_at = lines[source].find("999 000 0018").unwrap();
    let carets = lines[source + 1];
    assert_eq!(
        carets.find('^'),
        Some(number_at),
        "carets misaligned:\n{out}"
    );
    assert_eq!(carets.trim_start_matches([' ', '|']), "^".repeat(12));

    assert_eq!(
        lines.last().copied(),
        Some("Found 1 problem in 1 file: 1 error, 0 warnings, 0 info.")
    );
}

#[test]
fn color_always_emits_ansi_escapes_and_color_never_does_not() {
    check_stdin(&["--color", "always"], LABELLED).stdout(predicate::str::contains("\x1b["));
    check_stdin(&["--color", "never"], LABELLED).stdout(predicate::str::contains("\x1b[").not());
}

#[test]
fn parallel_checking_reports_in_the_same_order_as_one_thread() {
    // More files than two chunks of work, some with findings, some unreadable.
    let texts: [&[u8]; 4] = [
        b"Lovely team day at the seaside.",
        b"NHS no 943 476 5919 for the referral please",
        b"Mrs K in bed 4 on Ward 9 went home today",
        b"binary\0file",
    ];
    let names: Vec<String> = (0..700)
        .map(|i| format!("d{:03}/post-{i:04}.txt", i % 7))
        .collect();
    let files: Vec<(&str, &[u8])> = names
        .iter()
        .enumerate()
        .map(|(i, name)| (name.as_str(), texts[i % texts.len()]))
        .collect();
    let dir = drafts(&files);
    let run = |threads: &str| {
        postlint()
            .args([
                "check",
                "--format",
                "json",
                "--fail-on",
                "never",
                "--threads",
                threads,
            ])
            .arg(dir.path())
            .assert()
            .success()
    };
    let one = run("1");
    let two = run("2");
    assert_eq!(stdout(&one), stdout(&two));
    assert_eq!(stderr(&one), stderr(&two));
    let report = json(&two);
    let paths = paths(&report);
    let mut sorted = paths.clone();
    sorted.sort_unstable();
    assert_eq!(paths, sorted, "files are reported in path order");
    assert!(paths.len() >= 500, "{} files reported", paths.len());
    assert!(!diagnostics(&report).is_empty());
}
