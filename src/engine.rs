//! Running rules over a post: matching, suppression, severity modifiers.
//!
//! Pure and single-threaded: text in, findings out. Callers that check many
//! files parallelise over files, not inside a post.

use std::borrow::Cow;

use crate::draft;
use crate::matcher::{Input, Post};
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
    /// The message: the rule's, with any `{measured}`, `{limit}` and
    /// `{platform}` filled in.
    pub message: Cow<'r, str>,
    /// Extra notes added by modifiers (e.g. about consent).
    pub notes: Vec<&'r str>,
}

impl RuleSet {
    /// Lint one post (plain text, nothing else known) with the active rules.
    /// Findings are ordered by position, then rule id.
    pub fn lint(&self, text: &str) -> Vec<Finding<'_>> {
        self.lint_input(Input::plain(text))
    }

    /// Lint a post of a parsed draft. Spans are relative to the post's view.
    pub fn lint_post(&self, post: &draft::Post) -> Vec<Finding<'_>> {
        self.lint_input(input(post))
    }

    fn lint_input(&self, input: Input<'_>) -> Vec<Finding<'_>> {
        let post = Post::new(input, &self.tables);
        let mut findings: Vec<Finding<'_>> = self
            .active_with_levels()
            .flat_map(|(rule, level)| run_rule(rule, &post, level))
            .collect();
        findings.sort_by(|a, b| {
            (a.span.start, &a.rule.id, a.span.end).cmp(&(b.span.start, &b.rule.id, b.span.end))
        });
        findings
    }

    /// Lint a post with a single rule (active or not), as its examples are run.
    pub fn lint_post_with<'r>(&'r self, rule: &'r Rule, post: &draft::Post) -> Vec<Finding<'r>> {
        run_rule(rule, &Post::new(input(post), &self.tables), None)
    }
}

fn input(post: &draft::Post) -> Input<'_> {
    Input {
        text: &post.view,
        context: post.context,
        uncounted: &post.uncounted,
        elements: &post.elements,
    }
}

/// Run `rule` on `post`; `level`, when set by configuration, is the severity
/// of every finding.
fn run_rule<'r>(rule: &'r Rule, post: &Post<'_>, level: Option<Severity>) -> Vec<Finding<'r>> {
    let mut hits = merge_overlaps(post.eval(&rule.matcher, post.whole()).hits);
    if rule.first_only {
        hits.truncate(1);
    }
    let message: Cow<'r, str> = match rule.measure.and_then(|kind| post.measure(kind)) {
        Some(m) => Cow::Owned(
            rule.message
                .replace("{measured}", &m.measured.to_string())
                .replace("{limit}", &m.limit.to_string())
                .replace("{platform}", m.platform.display_name()),
        ),
        None => Cow::Borrowed(rule.message.as_str()),
    };
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
                severity: level.unwrap_or(severity),
                span,
                message: message.clone(),
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
