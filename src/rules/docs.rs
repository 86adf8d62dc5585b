//! A rule's documentation as Markdown: used by `postlint explain` and by the
//! generated rule reference (`postlint rules --format markdown`).

use std::fmt::Write as _;

use super::Rule;

/// Render `rule` as a Markdown section (level-2 heading), examples included.
pub fn markdown(rule: &Rule) -> String {
    render(rule, true)
}

/// Render `rule` as Markdown without its examples (for outputs such as SARIF
/// that travel with results, where example identifiers would look like leaks).
pub fn markdown_without_examples(rule: &Rule) -> String {
    render(rule, false)
}

fn render(rule: &Rule, examples: bool) -> String {
    let mut s = String::new();
    // `write!` to a String cannot fail.
    let _ = writeln!(s, "## `{}`\n", rule.id);
    let _ = writeln!(s, "**{}**\n", rule.message);
    let mut facts = vec![format!("Severity: {}", rule.severity)];
    if rule.sensitive {
        facts.push("sensitive: the matched text is masked in machine-readable output".into());
    }
    if !rule.enabled {
        facts.push("off by default: enable with `--select`".into());
    }
    let _ = writeln!(s, "{}.\n", facts.join("; "));
    let _ = writeln!(s, "### Why it matters\n\n{}\n", rule.explanation);
    let _ = writeln!(s, "### How to fix it\n\n{}\n", rule.fix);
    let _ = writeln!(s, "### Guidance\n");
    for c in &rule.guidance {
        let section = c
            .section
            .as_deref()
            .map(|x| format!(", {x}"))
            .unwrap_or_default();
        match &c.url {
            Some(url) => {
                let _ = writeln!(s, "- [{}]({url}){section}", c.source);
            }
            None => {
                let _ = writeln!(s, "- {}{section}", c.source);
            }
        }
    }
    if !examples {
        return s;
    }
    let _ = writeln!(s, "\n### Flagged\n");
    for e in &rule.bad_examples {
        let _ = writeln!(s, "- {}", quote(&e.text));
    }
    let _ = writeln!(s, "\n### Not flagged\n");
    for e in &rule.good_examples {
        let _ = writeln!(s, "- {}", quote(&e.text));
    }
    s
}

/// An example as a Markdown code span on one line (line breaks shown as `⏎`).
fn quote(text: &str) -> String {
    let one_line = text.replace("\r\n", "\n").replace('\n', " ⏎ ");
    let fence = if one_line.contains('`') { "`` " } else { "`" };
    let close = if one_line.contains('`') { " ``" } else { "`" };
    format!("{fence}{one_line}{close}")
}
