//! The rule engine's primitives, each tested through a small rule written the
//! way a user would write it: phrases and lexicons, patterns and validators,
//! composition, proximity, scopes, suppressors, modifiers, and load errors.

use postlint::{RuleError, RuleSet, RuleSetBuilder, Severity};

/// A rule set holding one rule `conduct/t` whose body (match, unless, modifiers)
/// is `body`, plus any extra top-level YAML (lexicons, conditions) in `extra`.
fn set_with(body: &str, extra: &str) -> RuleSet {
    let text = rule_file(body, extra);
    let mut b = RuleSetBuilder::new();
    b.add_source("test.yaml", &text);
    b.build()
        .unwrap_or_else(|e| panic!("rule should load:\n{e}\n---\n{text}"))
}

fn set(body: &str) -> RuleSet {
    set_with(body, "")
}

fn rule_file(body: &str, extra: &str) -> String {
    format!(
        "rules:\n  - id: conduct/t\n    severity: warning\n    message: m\n    explanation: e\n    fix: f\n    guidance: [{{source: s}}]\n    examples: {{bad: [x], good: [y]}}\n{body}{extra}"
    )
}

/// The matched texts.
fn hits(rules: &RuleSet, text: &str) -> Vec<String> {
    rules
        .lint(text)
        .iter()
        .map(|f| text[f.span.range()].to_owned())
        .collect()
}

/// The matched texts with their severities.
fn graded(rules: &RuleSet, text: &str) -> Vec<(String, Severity)> {
    rules
        .lint(text)
        .iter()
        .map(|f| (text[f.span.range()].to_owned(), f.severity))
        .collect()
}

/// Load errors as `line:column: message` strings.
fn load_errors(text: &str) -> Vec<String> {
    let mut b = RuleSetBuilder::new();
    b.add_source("bad.yaml", text);
    match b.build() {
        Ok(_) => panic!("expected load errors for:\n{text}"),
        Err(errors) => errors
            .0
            .iter()
            .map(|e| match e {
                RuleError::Invalid {
                    origin,
                    line,
                    column,
                    message,
                } => {
                    assert_eq!(origin, "bad.yaml");
                    format!("{line}:{column}: {message}")
                }
                other => other.to_string(),
            })
            .collect(),
    }
}

#[test]
fn phrases_match_whole_words_case_insensitively() {
    let r = set("    match: {phrases: [bed blocker, 'ward*']}\n");
    assert_eq!(
        hits(
            &r,
            "Two BED-BLOCKERS? No: one Bed Blocker, wards and Ward 4, not forward."
        ),
        ["Bed Blocker", "wards", "Ward"]
    );
}

#[test]
fn case_sensitive_phrases() {
    let r = set("    match: {phrases: [CHI], case-sensitive: true}\n");
    assert_eq!(hits(&r, "chi CHI Chi"), ["CHI"]);
}

#[test]
fn lexicons_are_shared_by_name() {
    let r = set_with(
        "    match: {lexicon: [pets, colours]}\n",
        "lexicons:\n  pets: {terms: [cat, dog]}\n  colours: {terms: [red]}\n",
    );
    assert_eq!(hits(&r, "A red dog and a catalogue."), ["red", "dog"]);
}

#[test]
fn patterns_report_the_hit_group_and_validators_filter() {
    let r = set("    match: {pattern: 'no\\.? (?P<hit>[0-9 ]{12})', validate: nhs-number}\n");
    assert_eq!(
        hits(&r, "no. 999 000 0018 and no 999 000 0019"),
        ["999 000 0018"]
    );
}

#[test]
fn any_all_not_and_at_least() {
    let any = set("    match: {any: [{phrases: [cat]}, {phrases: [dog]}]}\n");
    assert_eq!(hits(&any, "cat dog"), ["cat", "dog"]);

    // `all` reports its first entry when the others match anywhere in the post.
    let all =
        set("    match: {all: [{phrases: [cat]}, {phrases: [dog]}, {not: {phrases: [fish]}}]}\n");
    assert_eq!(hits(&all, "cat. Later a dog."), ["cat"]);
    assert!(hits(&all, "cat").is_empty());
    assert!(hits(&all, "cat dog fish").is_empty());

    let two = set(
        "    match: {at-least: {count: 2, of: [{phrases: [a1]}, {phrases: [b2]}, {phrases: [c3]}]}}\n",
    );
    assert_eq!(hits(&two, "a1 c3"), ["a1", "c3"]);
    assert!(hits(&two, "a1 a1").is_empty());
}

#[test]
fn near_counts_words_and_can_stay_in_the_sentence() {
    let r =
        set("    match: {near: {anchor: {phrases: [patient]}, to: {phrases: [bed]}, words: 3}}\n");
    assert_eq!(hits(&r, "the patient in bed 4"), ["patient"]);
    assert!(hits(&r, "the patient was moved across to the bed").is_empty());
    // Punctuation and spaces are not words; emoji are.
    assert_eq!(hits(&r, "patient — 😂, bed"), ["patient"]);
    assert!(hits(&r, "patient 😂 😂 😂 bed").is_empty());

    let same = set(
        "    match: {near: {anchor: {phrases: [patient]}, to: {phrases: [bed]}, words: 10, same-sentence: true}}\n",
    );
    assert!(hits(&same, "Saw a patient. Bed 4 is free.").is_empty());
    assert_eq!(hits(&same, "Saw a patient in bed 4."), ["patient"]);

    let sentence = set(
        "    match: {near: {anchor: {phrases: [patient]}, to: {phrases: [bed]}, same-sentence: true}}\n",
    );
    assert_eq!(
        hits(
            &sentence,
            "A patient who was a great talker about everything under the sun, in bed 4."
        ),
        ["patient"]
    );
}

#[test]
fn within_scopes_are_measured_from_the_anchor() {
    let hit = set(
        "    match: {all: [{pattern: '[0-9]+'}, {pattern: '(?-u:\\b)[0-9]{3}(?-u:\\b)', within: hit}]}\n",
    );
    assert_eq!(hits(&hit, "12 345 6789"), ["345"]);

    let sentence =
        set("    match: {all: [{phrases: [client]}, {phrases: [today], within: sentence}]}\n");
    assert_eq!(
        hits(&sentence, "A client came today. Another client left."),
        ["client"]
    );

    let words = set(
        "    match: {all: [{phrases: [client]}, {phrases: [today], within: {words: 2, same-sentence: true}}]}\n",
    );
    assert_eq!(
        hits(&words, "client seen today. today, a client"),
        ["client", "client"]
    );
    assert!(hits(&words, "client. Today").is_empty());
}

#[test]
fn unless_drops_matches_in_the_same_sentence_by_default() {
    let r = set("    match: {phrases: [friend request]}\n    unless: [{phrases: [declined]}]\n");
    assert!(hits(&r, "Got a friend request from a patient and declined it.").is_empty());
    assert_eq!(
        hits(&r, "I declined lunch. Then a friend request arrived."),
        ["friend request"]
    );

    // `within: hit`: only when the suppressor overlaps the match itself.
    let url = set(
        "    match: {pattern: '[0-9]{10}'}\n    unless: [{pattern: 'https?://\\S+', within: hit}]\n",
    );
    assert_eq!(
        hits(&url, "see https://x.com/s/9990000018 and 9990000026"),
        ["9990000026"]
    );

    // `unless` on an inner matcher filters only that matcher's matches.
    let inner =
        set("    match: {any: [{phrases: [cat], unless: [{phrases: [not]}]}, {phrases: [dog]}]}\n");
    assert_eq!(hits(&inner, "not a cat but a dog"), ["dog"]);
}

#[test]
fn valid_tests_the_anchor_and_all_can_be_a_test() {
    // Numbers after "no" are errors when they are valid NHS numbers.
    let r = set(
        "    match: {pattern: '[0-9]{10}'}\n    modifiers:\n      - {when: {all: [{valid: nhs-number}, {phrases: [no], within: 2}]}, severity: error}\n",
    );
    assert_eq!(
        graded(&r, "no 9990000018"),
        [("9990000018".to_owned(), Severity::Error)]
    );
    assert_eq!(
        graded(&r, "no 9990000019"),
        [("9990000019".to_owned(), Severity::Warning)]
    );
    assert_eq!(
        graded(&r, "ok 9990000018"),
        [("9990000018".to_owned(), Severity::Warning)]
    );
    // `valid` needs a match to test, so it cannot stand at the top of a rule.
    let e = load_errors(&rule_file("    match: {valid: nhs-number}\n", ""));
    assert!(e.iter().any(|m| m.contains("must find text")), "{e:?}");
    let e = load_errors(&rule_file(
        "    match: {all: [{phrases: [a]}, {valid: nhs}]}\n",
        "",
    ));
    assert!(e[0].contains("unknown validator `nhs`"), "{e:?}");
}

#[test]
fn named_conditions_can_be_reused_and_nested() {
    let r = set_with(
        "    match: {phrases: [patient]}\n    unless: [{condition: negated}]\n",
        "conditions:\n  negated: {match: {condition: refusal}}\n  refusal: {match: {phrases: [said no]}}\n",
    );
    assert!(hits(&r, "A patient asked me out and I said no.").is_empty());
    assert_eq!(hits(&r, "A patient asked me out."), ["patient"]);
}

#[test]
fn modifiers_change_severity_and_add_notes() {
    let r = set(
        "    match: {phrases: [patient]}\n    modifiers:\n      - {when: {phrases: [bed]}, severity: error}\n      - {when: {phrases: [consent], within: post}, lower: 1, note: consent noted}\n",
    );
    assert_eq!(
        graded(&r, "patient"),
        [("patient".to_owned(), Severity::Warning)]
    );
    assert_eq!(
        graded(&r, "patient in bed 3"),
        [("patient".to_owned(), Severity::Error)]
    );
    let f = r.lint("patient in bed 3. Shared with consent.");
    assert_eq!(f[0].severity, Severity::Warning);
    assert_eq!(f[0].notes, ["consent noted"]);
    let raise =
        set("    match: {phrases: [x]}\n    modifiers: [{when: {phrases: [y]}, raise: 5}]\n");
    assert_eq!(graded(&raise, "x y"), [("x".to_owned(), Severity::Error)]);
}

#[test]
fn overlapping_matches_are_reported_once() {
    let r = set("    match: {phrases: [patient, patient's daughter]}\n");
    assert_eq!(hits(&r, "my patient's daughter"), ["patient's daughter"]);
}

#[test]
fn selection_by_id_and_category_and_off_by_default_rules() {
    let text = "rules:\n  - {id: conduct/a, severity: info, message: m, explanation: e, fix: f, guidance: [{source: s}], examples: {bad: [x], good: [y]}, match: {phrases: [aa]}}\n  - {id: privacy/b, severity: info, message: m, explanation: e, fix: f, guidance: [{source: s}], examples: {bad: [x], good: [y]}, match: {phrases: [bb]}, enabled: false}\n";
    let mut b = RuleSetBuilder::new();
    b.add_source("t.yaml", text);
    let mut r = b.build().unwrap();
    let ids = |r: &RuleSet, t: &str| {
        r.lint(t)
            .iter()
            .map(|f| f.rule.id.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&r, "aa bb"), ["conduct/a"]);
    r.select(&["privacy".into()], &[]).unwrap();
    assert_eq!(ids(&r, "aa bb"), ["privacy/b"]);
    r.select(&[], &["conduct/a".into()]).unwrap();
    assert!(ids(&r, "aa bb").is_empty());
    let err = r.select(&["conduct/aa".into()], &[]).unwrap_err();
    assert_eq!(err.suggestion.as_deref(), Some("conduct/a"));
}

#[test]
fn load_errors_point_at_the_problem() {
    let base = |body: &str| rule_file(body, "");
    // Line numbers below count from the `rules:` line (1) of `rule_file`.
    let e = load_errors(&base("    match: {patern: x}\n"));
    assert!(e[0].starts_with("9:13: unknown field `patern`"), "{e:?}");

    let e = load_errors(&base("    match:\n      pattern: '(unclosed'\n"));
    assert!(
        e[0].starts_with("10:16: invalid regex: unclosed group"),
        "{e:?}"
    );

    let e = load_errors(&base("    match: {lexicon: servce-users}\n"));
    assert_eq!(e, ["9:22: unknown lexicon `servce-users`"]);

    let e = load_errors(&rule_file(
        "    match: {lexicon: servce-users}\n",
        "lexicons:\n  service-users: {terms: [a]}\n",
    ));
    assert_eq!(
        e,
        ["9:22: unknown lexicon `servce-users` (did you mean `service-users`?)"]
    );

    let e = load_errors(&base("    match: {pattern: x, validate: nhs}\n"));
    assert!(
        e[0].contains("unknown validator `nhs`; available: nhs-number, chi-number"),
        "{e:?}"
    );

    let e = load_errors(&base("    match: {phrases: [a], pattern: b}\n"));
    assert!(
        e[0].contains("exactly one of") && e[0].contains("found: phrases/lexicon, pattern"),
        "{e:?}"
    );

    let e = load_errors(&base("    match: {phrases: [a], within: 3}\n"));
    assert!(e[0].contains("`within` is measured from a match"), "{e:?}");

    let e = load_errors(&base(
        "    match: {all: [{not: {phrases: [a]}}, {phrases: [b]}]}\n",
    ));
    assert!(e[0].contains("cannot be `not`"), "{e:?}");

    let e = load_errors(&base(
        "    match: {at-least: {count: 3, of: [{phrases: [a]}]}}\n",
    ));
    assert!(
        e[0].contains("between 1 and the number of entries (1)"),
        "{e:?}"
    );

    let e = load_errors(&base("    sensitive: yes\n    match: {phrases: [a]}\n"));
    assert!(e[0].starts_with("9:16: invalid boolean"), "{e:?}");
}

#[test]
fn empty_phrases_are_reported_where_they_are_written() {
    // In a rule's own list, and in a lexicon of the same file.
    let e = load_errors(&rule_file("    match: {phrases: [a, '']}\n", ""));
    assert_eq!(e, ["9:26: empty phrase"]);
    let e = load_errors(&rule_file(
        "    match: {lexicon: people}\n",
        "lexicons:\n  people: {terms: [b, ' ']}\n",
    ));
    assert_eq!(e, ["11:23: empty phrase"]);
}

#[test]
fn rule_level_checks() {
    let e = load_errors(
        "rules:\n  - {id: gossip/x, severity: info, message: m, explanation: e, fix: f, guidance: [{source: s}], examples: {bad: [x], good: [y]}, match: {phrases: [a]}}\n",
    );
    assert!(e[0].contains("unknown category `gossip`"), "{e:?}");

    let e = load_errors(
        "rules:\n  - {id: conduct/Bad_Name, severity: info, message: m, explanation: e, fix: f, guidance: [{source: s}], examples: {bad: [x], good: [y]}, match: {phrases: [a]}}\n",
    );
    assert!(e[0].contains("lower-case words joined by hyphens"), "{e:?}");

    let e = load_errors(
        "rules:\n  - {id: conduct/x, severity: info, message: m, explanation: e, fix: f, guidance: [], examples: {bad: [], good: [y]}, match: {phrases: [a]}}\n",
    );
    assert!(
        e.iter().any(|m| m.contains("at least one citation")),
        "{e:?}"
    );
    assert!(
        e.iter()
            .any(|m| m.contains("at least one `bad` and one `good`")),
        "{e:?}"
    );

    let one = "  - {id: conduct/x, severity: info, message: m, explanation: e, fix: f, guidance: [{source: s}], examples: {bad: [x], good: [y]}, match: {phrases: [a]}}\n";
    let e = load_errors(&format!("rules:\n{one}{one}"));
    assert_eq!(
        e,
        ["3:10: duplicate rule id `conduct/x` (first defined at bad.yaml:2:10)"]
    );
}

#[test]
fn condition_cycles_are_refused() {
    let e = load_errors(&rule_file(
        "    match: {condition: a}\n",
        "conditions:\n  a: {match: {condition: b}}\n  b: {match: {any: [{condition: a}]}}\n",
    ));
    assert!(e.iter().any(|m| m.contains("refers to itself")), "{e:?}");
}

#[test]
fn hostile_rule_files_are_refused_not_obeyed() {
    // Deep nesting is stopped by the YAML budget.
    let deep = format!("rules: {}{}", "[".repeat(5_000), "]".repeat(5_000));
    assert!(!load_errors(&deep).is_empty());
    // A pattern whose compiled form is too big is reported at its position.
    let e = load_errors(&rule_file(
        "    match: {pattern: '(?:\\w{100}){100}'}\n",
        "",
    ));
    assert!(
        e[0].starts_with("9:22: invalid regex: the compiled pattern is larger"),
        "{e:?}"
    );
    // An absurd proximity window is refused.
    let e = load_errors(&rule_file(
        "    match: {near: {anchor: {phrases: [a]}, to: {phrases: [b]}, words: 100000000}}\n",
        "",
    ));
    assert!(e[0].contains("at most 1000"), "{e:?}");
}

#[test]
fn every_problem_in_every_file_is_reported() {
    let mut b = RuleSetBuilder::new();
    b.add_source("one.yaml", &rule_file("    match: {lexicon: nope}\n", ""));
    b.add_source("two.yaml", "rules: [{id: 3}]\n");
    let errors = b.build().unwrap_err().0;
    assert_eq!(errors.len(), 2, "{errors:?}");
}
