//! Running rules over a post: matching, suppression, severity modifiers.
//!
//! Pure and single-threaded: text in, findings out. Callers that check many
//! files parallelise over files, not inside a post.

use crate::matcher::Post;
use crate::rules::{Rule, RuleSet, Severity, SeverityChange};
use crate::text::Span;

/// One problem found in a post.
#[derive(Debug, Clone)]
pub struct Finding<'r> {
    /// The rule that found it.
    pub rule: &'r Rule,
    /// Severity after modifiers.
    pub severity: Severity,
    /// What was matched, as a byte range into the text that was linted.
    pub span: Span,
    /// Extra notes added by modifiers (e.g. about consent).
    pub notes: Vec<&'r str>,
}

impl RuleSet {
    /// Lint one post with the active rules. Findings are ordered by position, then rule id.
    pub fn lint(&self, text: &str) -> Vec<Finding<'_>> {
        let post = Post::new(text, &self.tables);
        let mut findings: Vec<Finding<'_>> = self
            .active_rules()
            .flat_map(|rule| run_rule(rule, &post))
            .collect();
        findings.sort_by(|a, b| {
            (a.span.start, &a.rule.id, a.span.end).cmp(&(b.span.start, &b.rule.id, b.span.end))
        });
        findings
    }

    /// Lint one post with a single rule (active or not), as its examples are run.
    pub fn lint_with<'r>(&'r self, rule: &'r Rule, text: &str) -> Vec<Finding<'r>> {
        let post = Post::new(text, &self.tables);
        run_rule(rule, &post)
    }
}

fn run_rule<'r>(rule: &'r Rule, post: &Post<'_>) -> Vec<Finding<'r>> {
    let mut hits = merge_overlaps(post.eval(&rule.matcher, post.whole()).hits);
    if rule.first_only {
        hits.truncate(1);
    }
    hits.into_iter()
        .map(|span| {
            let mut severity = rule.severity;
            let mut notes = Vec::new();
            for m in &rule.modifiers {
                if !post.holds_around(&m.when, span) {
                    continue;
                }
                severity = match m.change {
                    SeverityChange::None => severity,
                    SeverityChange::Set(s) => s,
                    SeverityChange::Lower(n) => severity.lowered(n),
                    SeverityChange::Raise(n) => severity.raised(n),
                };
                if let Some(note) = &m.note {
                    notes.push(note.as_str());
                }
            }
            Finding {
                rule,
                severity,
                span,
                notes,
            }
        })
        .collect()
}

/// Keep one span per overlapping group: the earliest, and the longest of those.
fn merge_overlaps(mut hits: Vec<Span>) -> Vec<Span> {
    hits.sort_by_key(|h| (h.start, std::cmp::Reverse(h.end)));
    let mut out: Vec<Span> = Vec::with_capacity(hits.len());
    for h in hits {
        match out.last() {
            Some(last) if last.overlaps(h) => {}
            _ => out.push(h),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlapping_hits_collapse_to_the_first_longest() {
        let spans = vec![
            Span::new(5, 8),
            Span::new(0, 3),
            Span::new(0, 6),
            Span::new(10, 12),
        ];
        assert_eq!(
            merge_overlaps(spans),
            vec![Span::new(0, 6), Span::new(10, 12)]
        );
    }
}
