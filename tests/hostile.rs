//! Hostile and broken input: nothing may crash, hang or lose a finding, and
//! every problem gets a clear message and the documented exit status.

use std::path::Path;

use assert_cmd::Command;
use postlint::RuleSetBuilder;
use serde_json::Value;

fn postlint(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("postlint").unwrap();
    cmd.current_dir(dir).env_remove("CI").arg("check");
    cmd
}

fn report(out: &std::process::Output) -> Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)))
}

#[test]
fn a_huge_file_is_refused_before_it_is_read_and_the_others_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    // A sparse 1 GiB file: refusing it must not read (or allocate) a gigabyte.
    let huge = std::fs::File::create(dir.path().join("huge.txt")).unwrap();
    huge.set_len(1 << 30).unwrap();
    std::fs::write(dir.path().join("ok.txt"), "Pt NHS no 999 000 0018\n").unwrap();
    let out = postlint(dir.path())
        .args(["--format", "json", "huge.txt", "ok.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("huge.txt: 1073741824 bytes is over the 67108864-byte limit (raise it with --max-file-size)"), "{stderr}");
    let r = report(&out);
    assert_eq!(
        r["files"][1]["diagnostics"][0]["rule"],
        "confidentiality/nhs-number"
    );
    // The limit is configurable.
    let out = postlint(dir.path())
        .args(["--max-file-size", "10", "ok.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_ten_megabyte_line_is_linted_completely() {
    let dir = tempfile::tempdir().unwrap();
    let filler = "lovely day on the ward with the team ".repeat(280_000);
    let line = format!("{filler}Pt NHS no 999 000 0018 {filler}NHS no 999 000 0026\n");
    assert!(line.len() > 10_000_000);
    std::fs::write(dir.path().join("line.txt"), &line).unwrap();
    let out = postlint(dir.path())
        .args([
            "--format",
            "json",
            "--select",
            "confidentiality/nhs-number",
            "line.txt",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let r = report(&out);
    let found: Vec<u64> = r["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["start"]["byte"].as_u64().unwrap())
        .collect();
    assert_eq!(
        found.len(),
        2,
        "both numbers, far apart on one line, are found"
    );
    // Human output shows a window of the line, not 10 MB.
    let out = postlint(dir.path())
        .args(["--select", "confidentiality/nhs-number", "line.txt"])
        .output()
        .unwrap();
    assert!(
        out.stdout.len() < 20_000,
        "{} bytes of output",
        out.stdout.len()
    );
}

#[test]
fn deeply_nested_markdown_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    let quotes = format!("{} Pt NHS no 999 000 0018\n", ">".repeat(10_000));
    let lists: String = (0..2_000)
        .map(|i| format!("{}- item\n", "  ".repeat(i)))
        .collect();
    let brackets = format!("{}x{}\n", "[".repeat(20_000), "](u)".repeat(20_000));
    std::fs::write(
        dir.path().join("deep.md"),
        format!("{quotes}{lists}{brackets}"),
    )
    .unwrap();
    let out = postlint(dir.path())
        .args(["--format", "json", "deep.md"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        report(&out)["files"][0]["diagnostics"][0]["rule"],
        "confidentiality/nhs-number"
    );
}

#[test]
fn a_csv_with_a_broken_quote_is_reported_and_others_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("broken.csv"),
        "date,text\n1,\"fine\"\n2,\"never closed\n3,more\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("ok.txt"), "Pt NHS no 999 000 0018\n").unwrap();
    let out = postlint(dir.path())
        .args(["--format", "json", "broken.csv", "ok.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "broken.csv: CSV, line 3: a quoted cell starts here but its closing quote is missing"
        ),
        "{stderr}"
    );
    assert_eq!(
        report(&out)["files"][1]["diagnostics"][0]["rule"],
        "confidentiality/nhs-number"
    );
}

#[test]
fn hostile_rule_files_are_refused_by_budget() {
    // A "billion laughs" file: each alias doubles the size of the next list.
    let mut bomb = String::from("a0: &a0 [lol, lol]\n");
    for i in 1..30 {
        bomb.push_str(&format!("a{i}: &a{i} [*a{p}, *a{p}]\n", p = i - 1));
    }
    bomb.push_str("rules: *a29\n");
    let nested = format!(
        "rules:\n  - id: conduct/x\n    match: {}{}\n",
        "{any: [".repeat(10_000),
        "]}".repeat(10_000)
    );
    for (name, text) in [("bomb.yaml", bomb), ("nested.yaml", nested)] {
        let mut b = RuleSetBuilder::new();
        b.add_source(name, &text);
        let errors = b.build().unwrap_err();
        assert!(errors.to_string().starts_with(name), "{errors}");
    }
}

#[test]
fn symlink_loops_do_not_hang_the_walk() {
    let dir = tempfile::tempdir().unwrap();
    let posts = dir.path().join("posts");
    std::fs::create_dir(&posts).unwrap();
    std::fs::write(posts.join("a.txt"), "Pt NHS no 999 000 0018\n").unwrap();
    std::os::unix::fs::symlink(&posts, posts.join("loop")).unwrap();
    std::os::unix::fs::symlink(posts.join("missing.txt"), posts.join("dangling.txt")).unwrap();
    let out = postlint(dir.path())
        .args(["--format", "json", "posts"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let r = report(&out);
    assert_eq!(r["summary"]["checked"], 1);
}

#[test]
fn an_unreadable_file_is_reported_and_the_others_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ok.txt"), "Pt NHS no 999 000 0018\n").unwrap();
    // Reading a process's memory file at offset 0 fails even for root, so
    // this stands in for an unreadable draft on any Linux machine.
    let out = postlint(dir.path())
        .args(["--format", "json", "/proc/self/mem", "ok.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let r = report(&out);
    assert!(
        r["files"][0]["error"]
            .as_str()
            .unwrap()
            .starts_with("cannot read"),
        "{r}"
    );
    assert_eq!(
        r["files"][1]["diagnostics"][0]["rule"],
        "confidentiality/nhs-number"
    );
}

#[test]
fn stdin_closed_at_once_is_an_empty_clean_draft() {
    let dir = tempfile::tempdir().unwrap();
    let out = postlint(dir.path())
        .args(["--format", "json", "-"])
        .write_stdin("")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(report(&out)["summary"]["checked"], 1);
}

#[test]
fn stdin_can_only_be_read_once() {
    let dir = tempfile::tempdir().unwrap();
    let out = postlint(dir.path())
        .args(["--format", "json", "-", "-"])
        .write_stdin("Pt NHS no 999 000 0018\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let r = report(&out);
    assert_eq!(
        r["files"][0]["diagnostics"][0]["rule"],
        "confidentiality/nhs-number"
    );
    assert_eq!(
        r["files"][1]["error"],
        "standard input can only be read once"
    );
}
