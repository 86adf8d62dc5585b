//! Running a rule's own examples (`postlint test-rules`, and the test suite).

use std::fmt;

use super::{Example, Rule, RuleSet};
use crate::draft::{self, ParseOptions};
use crate::input::Document;
use crate::{Finding, Span};

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
    /// Run `rule` on `example` read as its format, with its platform and account.
    /// Spans are relative to the example text.
    fn run_example<'r>(
        &'r self,
        rule: &'r Rule,
        example: &Example,
    ) -> Result<Vec<Finding<'r>>, String> {
        let doc = Document {
            name: "example".into(),
            text: example.text.clone(),
        };
        let options = ParseOptions {
            defaults: example.context,
            csv_column: None,
        };
        let parsed = draft::parse(&doc, example.kind, &options)
            .map_err(|e| format!("the example does not parse: {e}"))?;
        let mut findings = Vec::new();
        for post in &parsed.posts {
            for mut f in self.lint_post_with(rule, post) {
                f.span = Span::new(f.span.start + post.span.start, f.span.end + post.span.start);
                findings.push(f);
            }
        }
        Ok(findings)
    }

    /// Run every bad and good example of `rule`; return those that fail.
    pub fn check_examples<'r>(&'r self, rule: &'r Rule) -> Vec<ExampleFailure<'r>> {
        let mut failures = Vec::new();
        for example in &rule.bad_examples {
            let findings = match self.run_example(rule, example) {
                Ok(f) => f,
                Err(problem) => {
                    failures.push(ExampleFailure {
                        rule,
                        kind: ExampleKind::Bad,
                        example,
                        problem,
                    });
                    continue;
                }
            };
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
            let findings = match self.run_example(rule, example) {
                Ok(f) => f,
                Err(problem) => {
                    failures.push(ExampleFailure {
                        rule,
                        kind: ExampleKind::Good,
                        example,
                        problem,
                    });
                    continue;
                }
            };
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
