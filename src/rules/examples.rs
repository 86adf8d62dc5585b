//! Running a rule's own examples (`postlint test-rules`, and the test suite).

use std::fmt;

use super::{Example, Rule, RuleSet};

/// Which list an example came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExampleKind {
    /// Must be flagged.
    Bad,
    /// Must not be flagged.
    Good,
}

/// An example whose outcome differs from what the rule file says.
#[derive(Debug, Clone)]
pub struct ExampleFailure<'r> {
    /// The rule.
    pub rule: &'r Rule,
    /// Bad or good.
    pub kind: ExampleKind,
    /// The example.
    pub example: &'r Example,
    /// What went wrong.
    pub problem: String,
}

impl fmt::Display for ExampleFailure<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.kind {
            ExampleKind::Bad => "bad",
            ExampleKind::Good => "good",
        };
        let file = self
            .rule
            .origin
            .rsplit_once(':')
            .map_or(self.rule.origin.as_str(), |(f, _)| f);
        write!(
            f,
            "{file}:{}: {} {kind} example {:?}: {}",
            self.example.line, self.rule.id, self.example.text, self.problem
        )
    }
}

impl RuleSet {
    /// Run every bad and good example of `rule`; return those that fail.
    pub fn check_examples<'r>(&'r self, rule: &'r Rule) -> Vec<ExampleFailure<'r>> {
        let mut failures = Vec::new();
        for example in &rule.bad_examples {
            let findings = self.lint_with(rule, &example.text);
            let texts: Vec<&str> = findings
                .iter()
                .map(|f| &example.text[f.span.range()])
                .collect();
            let problem = if findings.is_empty() {
                Some("the rule did not fire".to_owned())
            } else if let Some(want) = &example.matched {
                (!texts.contains(&want.as_str()))
                    .then(|| format!("expected a match on {want:?}, got {texts:?}"))
            } else {
                None
            };
            let problem = problem.or_else(|| {
                let want = example.severity?;
                let relevant: Vec<_> = findings
                    .iter()
                    .filter(|f| {
                        example
                            .matched
                            .as_deref()
                            .is_none_or(|m| &example.text[f.span.range()] == m)
                    })
                    .collect();
                (!relevant.iter().any(|f| f.severity == want)).then(|| {
                    let got: Vec<&str> = relevant.iter().map(|f| f.severity.as_str()).collect();
                    format!("expected severity {want}, got {}", got.join(", "))
                })
            });
            if let Some(problem) = problem {
                failures.push(ExampleFailure {
                    rule,
                    kind: ExampleKind::Bad,
                    example,
                    problem,
                });
            }
        }
        for example in &rule.good_examples {
            let findings = self.lint_with(rule, &example.text);
            if !findings.is_empty() {
                let texts: Vec<&str> = findings
                    .iter()
                    .map(|f| &example.text[f.span.range()])
                    .collect();
                failures.push(ExampleFailure {
                    rule,
                    kind: ExampleKind::Good,
                    example,
                    problem: format!("the rule fired on {texts:?}"),
                });
            }
        }
        failures
    }
}
