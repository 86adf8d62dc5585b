//! The rule examples in the documentation are real: every YAML block that
//! defines rules in README.md and rules/README.md must load (next to the
//! built-in lexicons and conditions) and pass its own examples.

use postlint::RuleSetBuilder;

fn yaml_blocks(markdown: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in markdown.lines() {
        match (&mut current, line.trim_start()) {
            (None, "```yaml") => current = Some(String::new()),
            (Some(block), "```") => {
                blocks.push(std::mem::take(block));
                current = None;
            }
            (Some(block), _) => {
                block.push_str(line);
                block.push('\n');
            }
            (None, _) => {}
        }
    }
    blocks
}

fn check_rule_blocks(path: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    let blocks: Vec<String> = yaml_blocks(&text)
        .into_iter()
        .filter(|b| b.starts_with("rules:"))
        .collect();
    assert!(!blocks.is_empty(), "{path} has no rule examples");
    for block in blocks {
        let mut builder = RuleSetBuilder::new().builtin(false);
        builder.add_source(path, &block);
        let rules = builder
            .build()
            .unwrap_or_else(|e| panic!("{path}: example does not load:\n{e}\n{block}"));
        for rule in rules.rules() {
            let failures: Vec<String> = rules
                .check_examples(rule)
                .iter()
                .map(ToString::to_string)
                .collect();
            assert!(failures.is_empty(), "{path}: {}", failures.join("\n"));
        }
    }
}

#[test]
fn readme_rule_example_works() {
    check_rule_blocks("README.md");
}

#[test]
fn rule_format_examples_work() {
    check_rule_blocks("rules/README.md");
}

#[test]
fn rule_reference_is_up_to_date() {
    let rules = postlint::RuleSet::builtin().unwrap();
    let generated = postlint::rules::reference(&rules);
    let committed = std::fs::read_to_string("docs/rules.md").unwrap_or_default();
    assert!(
        committed == generated,
        "docs/rules.md is out of date: run `cargo run -- rules --format markdown > docs/rules.md`"
    );
}

#[test]
fn readme_configuration_example_is_valid() {
    let text = std::fs::read_to_string("README.md").unwrap();
    let block = yaml_blocks(&text)
        .into_iter()
        .find(|b| b.starts_with("# .postlint.yaml"))
        .expect("README shows a configuration");
    let config = postlint::config::Config::parse(std::path::Path::new(".postlint.yaml"), &block)
        .unwrap_or_else(|e| panic!("{e}"));
    let mut rules = postlint::RuleSet::builtin().unwrap();
    config
        .apply_to(&mut rules)
        .unwrap_or_else(|e| panic!("{e}"));
}
