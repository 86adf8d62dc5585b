//! Every rule of the embedded pack proves itself: each `bad` example must be
//! flagged (with the stated match and severity) and each `good` one must not.

use postlint::RuleSet;

#[test]
fn every_builtin_rule_passes_its_own_examples() {
    let rules =
        RuleSet::builtin().unwrap_or_else(|e| panic!("the embedded pack must compile:\n{e}"));
    assert!(!rules.rules().is_empty());
    let failures: Vec<String> = rules
        .rules()
        .iter()
        .flat_map(|rule| rules.check_examples(rule))
        .map(|f| f.to_string())
        .collect();
    assert!(
        failures.is_empty(),
        "{} failing examples:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_builtin_pattern_compiles() {
    // Built-in patterns compile lazily at run time; this is what makes that safe.
    let rules = RuleSet::builtin().unwrap();
    let errors = rules.compile_all_patterns();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    assert!(rules.search_terms().patterns.len() > 50);
}
