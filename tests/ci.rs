//! postlint as a pre-publish CI gate: project configuration, justified
//! waivers, SARIF/GitHub/JUnit output, redaction, `init` and `--changed-since`.

use std::path::{Path, PathBuf};
use std::process::Command as Process;

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

#[path = "common/report.rs"]
mod report;

use report::{diagnostics, paths};

/// A labelled NHS number (test range, and not one the rules' own examples
/// use) that the built-in rules report as an error.
const NUMBER_POST: &str = "Pt NHS no 999 123 4004 came through on Friday.\n";
const RAW_NUMBERS: [&str; 2] = ["999 123 4004", "9991234004"];

fn postlint(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("postlint").unwrap();
    cmd.current_dir(dir);
    for var in ["NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE", "CI"] {
        cmd.env_remove(var);
    }
    cmd
}

/// A temporary project with `files` (path, contents).
fn project(files: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = postlint(dir).args(args).output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn json(dir: &Path, args: &[&str]) -> (i32, Value) {
    let (code, stdout, stderr) = run(dir, &[&["check", "--format", "json"], args].concat());
    (
        code,
        serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}\n{stderr}")),
    )
}

fn rules_found(report: &Value) -> Vec<(String, String)> {
    report["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| {
            f["diagnostics"].as_array().unwrap().iter().map(move |d| {
                (
                    f["path"].as_str().unwrap().to_owned(),
                    d["rule"].as_str().unwrap().to_owned(),
                )
            })
        })
        .collect()
}

#[test]
fn configuration_is_found_by_walking_up_and_can_be_overridden() {
    let dir = project(&[
        (".postlint.yaml", "ignore: [confidentiality/nhs-number]\n"),
        ("posts/2025/a.txt", NUMBER_POST),
        ("other.yaml", "fail-on: error\n"),
    ]);
    let (code, report) = json(dir.path(), &["posts"]);
    assert_eq!(code, 0);
    assert!(rules_found(&report).is_empty());
    let (code, report) = json(dir.path(), &["--no-config", "posts"]);
    assert_eq!(code, 1);
    assert_eq!(rules_found(&report)[0].1, "confidentiality/nhs-number");
    let (code, _) = json(dir.path(), &["--config", "other.yaml", "posts"]);
    assert_eq!(code, 1, "other.yaml does not ignore the rule");
}

#[test]
fn configuration_relevels_rules_and_sets_fail_on() {
    let dir = project(&[
        (
            ".postlint.yaml",
            "severity:\n  confidentiality: info\nfail-on: warning\n",
        ),
        ("a.txt", NUMBER_POST),
    ]);
    let (code, report) = json(dir.path(), &["a.txt"]);
    assert_eq!(code, 0, "re-levelled to info, below fail-on");
    assert_eq!(report["files"][0]["diagnostics"][0]["severity"], "info");
    let (code, _) = json(dir.path(), &["--fail-on", "info", "a.txt"]);
    assert_eq!(code, 1, "the command line wins over the configuration");
}

#[test]
fn unknown_keys_and_rule_ids_in_configuration_are_errors_at_their_position() {
    let dir = project(&[
        (
            ".postlint.yaml",
            "fail-on: warning\nignore:\n  - confidentiality/nhs-numbr\n",
        ),
        ("a.txt", "hi\n"),
    ]);
    let (code, _, stderr) = run(dir.path(), &["check", "a.txt"]);
    assert_eq!(code, 2);
    assert!(stderr.contains(".postlint.yaml:3:5: unknown rule or category `confidentiality/nhs-numbr` (did you mean `confidentiality/nhs-number`?)"), "{stderr}");

    std::fs::write(
        dir.path().join(".postlint.yaml"),
        "fail-on: warning\nterms:\n  wards: [Elm]\n",
    )
    .unwrap();
    let (code, _, stderr) = run(dir.path(), &["check", "a.txt"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains(".postlint.yaml:3:3: unknown field `wards`"),
        "{stderr}"
    );
}

#[test]
fn include_and_exclude_apply_to_walked_folders() {
    let dir = project(&[
        (
            ".postlint.yaml",
            "include: ['posts/**']\nexclude: ['posts/archive/**']\n",
        ),
        ("posts/new.txt", NUMBER_POST),
        ("posts/archive/old.txt", NUMBER_POST),
        ("notes/todo.txt", NUMBER_POST),
    ]);
    let (_, report) = json(dir.path(), &["."]);
    let paths: Vec<String> = rules_found(&report).into_iter().map(|(p, _)| p).collect();
    assert_eq!(paths.len(), 1, "{paths:?}");
    assert!(paths[0].ends_with("posts/new.txt"));
    // A file named on the command line is always checked.
    let (_, report) = json(dir.path(), &["notes/todo.txt"]);
    assert_eq!(rules_found(&report).len(), 1);
}

#[test]
fn organisation_terms_extend_lexicons_and_conditions() {
    let rule = "rules:\n  - id: employer/named-trust\n    severity: warning\n    message: m\n    explanation: e\n    fix: f\n    guidance: [{source: s}]\n    match:\n      any: [{lexicon: org-employer-names}, {condition: org-hospital-number}]\n    examples: {bad: [x], good: [y]}\n";
    let config = "rules: [local.yaml]\nterms:\n  employer-names: [Northtown Trust, NTFT]\n  hospital-number: '(?-u:\\b)NT[0-9]{7}(?-u:\\b)'\n";
    let dir = project(&[
        (".postlint.yaml", config),
        ("local.yaml", rule),
        ("a.txt", "Proud of NTFT today. Ref NT1234567.\n"),
    ]);
    let (_, report) = json(dir.path(), &["--select", "employer/named-trust", "a.txt"]);
    let matched: Vec<&str> = report["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["matched"].as_str().unwrap())
        .collect();
    assert_eq!(matched, ["NTFT", "NT1234567"]);

    // A bad pattern in the configuration is reported at its own position there.
    std::fs::write(
        dir.path().join(".postlint.yaml"),
        "rules: [local.yaml]\nterms:\n  hospital-number: '(NT'\n",
    )
    .unwrap();
    let (code, _, stderr) = run(dir.path(), &["check", "a.txt"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains(".postlint.yaml:3:20: invalid regex"),
        "{stderr}"
    );
}

#[test]
fn waivers_from_front_matter_comments_and_configuration() {
    let dir = project(&[
        (
            ".postlint.yaml",
            "allow:\n  - path: 'stories/*.md'\n    rule: confidentiality/nhs-number\n    reason: Numbers from the NHS test range, agreed with IG\n",
        ),
        ("stories/one.md", NUMBER_POST),
        (
            "fm.md",
            "---\npostlint:\n  allow:\n    - rule: confidentiality\n      reason: Training material using the NHS test range\n---\nPt NHS no 999 000 0018\n",
        ),
        (
            "line.md",
            "<!-- postlint-allow confidentiality/nhs-number: test range number in a training slide -->\nPt NHS no 999 000 0018\n\nPt NHS no 999 000 0026\n",
        ),
    ]);
    let (code, report) = json(dir.path(), &["."]);
    assert_eq!(code, 1, "line.md's second number is not waived");
    let diags = diagnostics(&report);
    let waived: Vec<&str> = diags
        .iter()
        .filter_map(|d| d["waived"]["source"].as_str())
        .collect();
    assert_eq!(waived.len(), 3, "{diags:?}");
    assert!(
        waived.contains(&"front-matter")
            && waived.contains(&"comment")
            && waived.contains(&"config")
    );
    assert_eq!(report["summary"]["waived"], 3);
    assert_eq!(report["summary"]["errors"], 1);
}

#[test]
fn a_waiver_without_a_reason_fails_and_an_unused_one_is_reported() {
    let dir = project(&[
        ("no-reason.md", "<!-- postlint-allow conduct -->\nhello\n"),
        (
            "unused.md",
            "---\npostlint:\n  allow:\n    - {rule: advertising, reason: our own product page}\n---\nhello\n",
        ),
    ]);
    let (code, report) = json(dir.path(), &["no-reason.md"]);
    assert_eq!(code, 2);
    assert_eq!(report["files"][0]["notes"][0]["level"], "error");
    assert!(
        report["files"][0]["notes"][0]["message"]
            .as_str()
            .unwrap()
            .contains("has no reason")
    );
    let (code, stdout, _) = run(dir.path(), &["check", "--color", "never", "unused.md"]);
    assert_eq!(code, 0);
    assert!(
        stdout.contains("unused.md:4: the waiver for `advertising` waives nothing"),
        "{stdout}"
    );
}

/// The official SARIF 2.1.0 schema, as shipped in the source of the
/// `serde-sarif` crate (a dev-dependency, so cargo has downloaded it): the
/// version comes from Cargo.lock, the source from cargo's registry cache.
fn sarif_schema() -> Value {
    let lock =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.lock")).unwrap();
    let version = lock
        .split("[[package]]")
        .find(|p| p.contains("name = \"serde-sarif\""))
        .and_then(|p| p.lines().find_map(|l| l.strip_prefix("version = ")))
        .map(|v| v.trim_matches('"').to_owned())
        .expect("serde-sarif is in Cargo.lock");
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(std::env::var_os("HOME").unwrap()).join(".cargo"));
    let schema = std::fs::read_dir(home.join("registry/src"))
        .unwrap()
        .filter_map(Result::ok)
        .map(|index| {
            index
                .path()
                .join(format!("serde-sarif-{version}/src/schema.json"))
        })
        .find(|p| p.is_file())
        .expect("the serde-sarif source is in cargo's registry cache");
    serde_json::from_str(&std::fs::read_to_string(schema).unwrap()).unwrap()
}

#[test]
fn sarif_validates_against_the_official_schema() {
    let dir = project(&[
        ("a.txt", NUMBER_POST),
        (
            "b.md",
            "---\npostlint:\n  allow:\n    - {rule: confidentiality, reason: test range}\n---\nPt NHS no 999 000 0018\n",
        ),
        ("c.bin", "PK\u{0}\u{0}"),
        ("d.md", "<!-- postlint-allow conduct -->\nhi\n"),
        (
            "e f.txt",
            "Only my friends can see this: the ward round was a shambles.\n",
        ),
    ]);
    let (code, stdout, _) = run(dir.path(), &["check", "--format", "sarif", "."]);
    assert_eq!(code, 2, "d.md's waiver has no reason");
    let sarif: Value = serde_json::from_str(&stdout).unwrap();
    // The published schema fails its own meta-schema's `regex` format check: the
    // `language` patterns have a stray `]?`. Mend those patterns so the rest of
    // the schema, formats included, can be enforced.
    fn mend(v: &mut Value) -> usize {
        match v {
            Value::Object(map) => map
                .iter_mut()
                .map(|(k, v)| {
                    if k == "pattern" && v == "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$" {
                        *v = Value::from("^[a-zA-Z]{2}$|^[a-zA-Z]{2}-[a-zA-Z]{2}$");
                        1
                    } else {
                        mend(v)
                    }
                })
                .sum(),
            Value::Array(items) => items.iter_mut().map(mend).sum(),
            _ => 0,
        }
    }
    let mut schema = sarif_schema();
    assert_eq!(mend(&mut schema), 2);
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");

    let run = &sarif["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let results = run["results"].as_array().unwrap();
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    for r in results {
        let index = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], r["ruleId"]);
        assert!(
            rules[index]["helpUri"]
                .as_str()
                .unwrap()
                .starts_with("https://")
        );
    }
    let suppressed: Vec<&Value> = results
        .iter()
        .filter(|r| r["suppressions"].is_array())
        .collect();
    assert_eq!(suppressed.len(), 1);
    assert_eq!(
        suppressed[0]["suppressions"][0]["justification"],
        "test range"
    );
    assert!(results.iter().any(|r| {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap()
            .ends_with("e%20f.txt")
    }));
    assert_eq!(run["invocations"][0]["executionSuccessful"], false);
}

#[test]
fn sarif_fingerprints_are_stable_across_runs() {
    let dir = project(&[("a.txt", NUMBER_POST)]);
    let fingerprints = || {
        let (_, stdout, _) = run(dir.path(), &["check", "--format", "sarif", "a.txt"]);
        let v: Value = serde_json::from_str(&stdout).unwrap();
        v["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["partialFingerprints"]["postlint/v1"].clone())
            .collect::<Vec<_>>()
    };
    let first = fingerprints();
    assert!(!first.is_empty());
    assert_eq!(first, fingerprints());
}

#[test]
fn github_annotations_are_escaped_workflow_commands() {
    let dir = project(&[("a, b.txt", "Pt NHS no 999 000 0018 — 100% urgent\n")]);
    let (code, stdout, _) = run(dir.path(), &["check", "--format", "github", "."]);
    assert_eq!(code, 1);
    let line = stdout
        .lines()
        .find(|l| l.contains("confidentiality/nhs-number"))
        .unwrap();
    assert!(line.starts_with("::error file=./a%2C b.txt,line=1,endLine=1,col=11,endColumn=23,title=postlint confidentiality/nhs-number::"), "{line}");
    let message = line.split_once("::").unwrap().1.split_once("::").unwrap().1;
    assert!(
        !message.contains('\n') && message.contains("%0AWhy: "),
        "{message}"
    );
}

#[test]
fn junit_is_well_formed_with_a_case_per_file_and_rule() {
    let dir = project(&[
        ("a.txt", NUMBER_POST),
        ("clean.txt", "Lovely day on the ward team away day.\n"),
        ("bad.txt", "\u{FEFF}ok"),
    ]);
    std::fs::write(dir.path().join("bad.txt"), b"a\xffb").unwrap();
    let (code, stdout, _) = run(dir.path(), &["check", "--format", "junit", "."]);
    assert_eq!(code, 2);
    let xml = roxmltree::Document::parse(&stdout).unwrap();
    let root = xml.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    let cases: Vec<(String, String)> = root
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .map(|n| {
            (
                n.attribute("classname").unwrap().to_owned(),
                n.attribute("name").unwrap().to_owned(),
            )
        })
        .collect();
    assert!(
        cases.contains(&(
            "./a.txt".to_owned(),
            "confidentiality/nhs-number".to_owned()
        )),
        "{cases:?}"
    );
    assert!(cases.contains(&("./clean.txt".to_owned(), "postlint".to_owned())));
    assert_eq!(root.attribute("errors"), Some("1"));
    assert!(
        root.descendants()
            .any(|n| n.has_tag_name("failure") && n.attribute("type") == Some("error"))
    );
}

#[test]
fn an_nhs_number_never_appears_in_machine_output_by_default() {
    let dir = project(&[
        ("a.txt", NUMBER_POST),
        ("b.txt", "note to self: 9991234004 - report due weds\n"),
    ]);
    for format in ["json", "sarif", "github", "junit"] {
        let (_, stdout, stderr) = run(dir.path(), &["check", "--format", format, "."]);
        for raw in RAW_NUMBERS {
            assert!(
                !stdout.contains(raw) && !stderr.contains(raw),
                "{format} output leaks {raw}:\n{stdout}"
            );
        }
        assert!(
            stdout.contains("9•• ••• ••04") || stdout.contains("9•••••••04"),
            "{format} shows the masked match:\n{stdout}"
        );
        let (_, shown, _) = run(
            dir.path(),
            &["check", "--format", format, "--show-sensitive", "."],
        );
        assert!(
            shown.contains("999 123 4004"),
            "{format} --show-sensitive reveals it"
        );
    }
}

#[test]
fn human_output_is_masked_when_piped_or_in_ci() {
    let dir = project(&[("a.txt", NUMBER_POST)]);
    // stdout here is a pipe, not a terminal.
    let (_, stdout, _) = run(dir.path(), &["check", "--color", "never", "a.txt"]);
    assert!(
        !stdout.contains("999 123 4004") && stdout.contains("Pt NHS no 9•• ••• ••04"),
        "{stdout}"
    );
    let out = postlint(dir.path())
        .env("CI", "true")
        .args(["check", "a.txt"])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stdout).contains("999 123 4004"));
    let (_, stdout, _) = run(dir.path(), &["check", "--show-sensitive", "a.txt"]);
    assert!(stdout.contains("999 123 4004"));
}

#[test]
fn init_writes_a_starter_configuration_once() {
    let dir = project(&[]);
    let (code, stdout, _) = run(dir.path(), &["init"]);
    assert_eq!(code, 0, "{stdout}");
    let written = std::fs::read_to_string(dir.path().join(".postlint.yaml")).unwrap();
    assert!(written.contains("employer-names"));
    let (code, _, stderr) = run(dir.path(), &["init"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("already exists"));
    assert_eq!(run(dir.path(), &["init", "--force"]).0, 0);
    // The starter configuration is valid.
    std::fs::write(dir.path().join("a.txt"), "hello\n").unwrap();
    assert_eq!(run(dir.path(), &["check", "a.txt"]).0, 0);
}

fn git(dir: &Path, args: &[&str]) {
    let ok = Process::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
        .status
        .success();
    assert!(ok, "git {args:?}");
}

#[test]
fn changed_since_checks_only_drafts_git_reports_as_changed() {
    let dir = project(&[
        ("posts/old.txt", NUMBER_POST),
        ("posts/edited.txt", "hello\n"),
        ("README.txt", NUMBER_POST),
    ]);
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-qm", "base"]);
    std::fs::write(dir.path().join("posts/edited.txt"), NUMBER_POST).unwrap();
    std::fs::write(dir.path().join("posts/new.md"), NUMBER_POST).unwrap();
    std::fs::write(dir.path().join("posts/photo.png"), NUMBER_POST).unwrap();
    let (code, report) = json(dir.path(), &["--changed-since", "HEAD", "posts"]);
    assert_eq!(code, 1);
    assert_eq!(paths(&report), ["posts/edited.txt", "posts/new.md"]);

    let outside = project(&[("a.txt", "hi\n")]);
    let (code, _, stderr) = run(outside.path(), &["check", "--changed-since", "HEAD"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("--changed-since only works inside a git repository"),
        "{stderr}"
    );
}
