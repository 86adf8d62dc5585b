//! Justified waivers: findings a team has agreed are acceptable, with the
//! reason written down where reviewers see it.
//!
//! A waiver names a rule id or a category and must give a reason. It applies:
//! * to one file, from its front matter (`postlint: {allow: [{rule, reason}]}`);
//! * to one line of a Markdown draft, from an HTML comment, which platforms do
//!   not publish: `<!-- postlint-allow RULE: reason -->` waives findings on its
//!   own line, or on the next non-blank line when the comment stands alone;
//! * to files matching a glob, from the project configuration (`allow:`).
//!
//! Waived findings stay in the report, marked with the waiver, and do not count
//! towards the exit status. A waiver that waives nothing is reported, so stale
//! waivers do not pile up.

use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use crate::config::PathWaiver;
use crate::draft::FrontMatter;
use crate::rules::RuleSet;

/// Where a waiver was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum WaiverSource {
    /// The draft's front matter.
    FrontMatter,
    /// An HTML comment in a Markdown draft.
    Comment,
    /// The project configuration file.
    Config,
}

/// A waiver that applies to one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Waiver {
    /// Rule id or category.
    pub rule: String,
    /// Why the finding is acceptable.
    pub reason: String,
    /// Where it was written.
    pub source: WaiverSource,
    /// Line where it was written (in the draft, or in the configuration file).
    pub line: usize,
    /// The lines it covers, inclusive (`None`: the whole file).
    #[serde(skip)]
    pub lines: Option<(usize, usize)>,
}

impl Waiver {
    /// Whether this waiver covers a finding of `rule_id` starting on `line`.
    pub fn covers(&self, rule_id: &str, line: usize) -> bool {
        let rule_ok =
            rule_id == self.rule || rule_id.split_once('/').is_some_and(|(c, _)| c == self.rule);
        rule_ok && self.lines.is_none_or(|(a, b)| (a..=b).contains(&line))
    }
}

/// A waiver that could not be accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaiverProblem {
    /// Line in the draft.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

static COMMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"<!--\s*postlint-allow\s+([A-Za-z0-9/_-]+)\s*(?::\s*((?s:.)*?))?\s*-->")
        .expect("the waiver comment pattern is valid")
});

/// The waivers that apply to a draft, and the problems with any of them.
pub fn collect(
    text: &str,
    markdown: bool,
    front_matter: &FrontMatter,
    from_config: &[&PathWaiver],
    rules: &RuleSet,
) -> (Vec<Waiver>, Vec<WaiverProblem>) {
    let mut waivers = Vec::new();
    let mut problems = Vec::new();
    let mut accept = |rule: &str,
                      reason: Option<&str>,
                      line: usize,
                      source: WaiverSource,
                      lines: Option<(usize, usize)>| {
        if let Err(e) = rules.check_selector(rule) {
            problems.push(WaiverProblem {
                line,
                message: format!("waiver: {e}"),
            });
            return;
        }
        match reason.map(str::trim).filter(|r| !r.is_empty()) {
            Some(reason) => waivers.push(Waiver {
                rule: rule.trim_end_matches('/').to_owned(),
                reason: reason.to_owned(),
                source,
                line,
                lines,
            }),
            None => problems.push(WaiverProblem {
                line,
                message: format!(
                    "the waiver for `{rule}` has no reason: say why the finding is acceptable"
                ),
            }),
        }
    };
    for entry in &front_matter.allow {
        accept(
            &entry.rule,
            entry.reason.as_deref(),
            entry.line,
            WaiverSource::FrontMatter,
            None,
        );
    }
    if markdown {
        for c in COMMENT.captures_iter(text) {
            let whole = c.get(0).map_or(0..0, |m| m.range());
            let line = text[..whole.start].matches('\n').count() + 1;
            let line_start = text[..whole.start].rfind('\n').map_or(0, |i| i + 1);
            let line_end = text[whole.end..]
                .find('\n')
                .map_or(text.len(), |i| whole.end + i);
            let alone = text[line_start..whole.start].trim().is_empty()
                && text[whole.end..line_end].trim().is_empty();
            let covered = if alone {
                next_non_blank_line(text, line_end).unwrap_or(line)
            } else {
                line
            };
            let reason = c.get(2).map(|m| m.as_str());
            accept(
                &c[1],
                reason,
                line,
                WaiverSource::Comment,
                Some((covered, covered)),
            );
        }
    }
    for w in from_config {
        accept(
            &w.rule.value,
            w.reason.as_deref(),
            w.line,
            WaiverSource::Config,
            None,
        );
    }
    (waivers, problems)
}

/// The 1-based number of the first non-blank line after byte `from`.
fn next_non_blank_line(text: &str, from: usize) -> Option<usize> {
    let mut line = text[..from].matches('\n').count() + 1;
    for l in text[from..].split('\n').skip(1) {
        line += 1;
        if !l.trim().is_empty() {
            return Some(line);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> RuleSet {
        RuleSet::builtin().unwrap()
    }

    #[test]
    fn comments_cover_their_line_or_the_next() {
        let text = "Intro\n<!-- postlint-allow conduct: quoting a leaflet -->\n\nQuoted line\nSame line text <!-- postlint-allow confidentiality/nhs-number: a test number from the NHS test range -->\n";
        let (w, p) = collect(text, true, &FrontMatter::default(), &[], &rules());
        assert!(p.is_empty(), "{p:?}");
        assert_eq!(w[0].lines, Some((4, 4)));
        assert!(w[0].covers("conduct/derogatory-terms-for-patients", 4));
        assert!(!w[0].covers("conduct/derogatory-terms-for-patients", 5));
        assert_eq!(w[1].lines, Some((5, 5)));
        assert!(w[1].covers("confidentiality/nhs-number", 5));
        assert!(!w[1].covers("confidentiality/chi-number", 5));
    }

    #[test]
    fn a_reason_is_required_and_rules_must_exist() {
        let text =
            "<!-- postlint-allow conduct -->\nx\n<!-- postlint-allow conduct/nope: because -->\n";
        let (w, p) = collect(text, true, &FrontMatter::default(), &[], &rules());
        assert!(w.is_empty());
        assert_eq!(p.len(), 2);
        assert!(p[0].message.contains("has no reason"));
        assert!(p[1].message.contains("unknown rule"));
        // Comments are not waivers outside Markdown.
        assert!(
            collect(text, false, &FrontMatter::default(), &[], &rules())
                .1
                .is_empty()
        );
    }
}
