//! SARIF 2.1.0, the format code-scanning services (GitHub, Azure DevOps,
//! GitLab) read.
//!
//! One run, with every rule that produced a result described in
//! `tool.driver.rules` (message, explanation, fix, citations, help URI), and one
//! result per finding with its region (`columnKind: unicodeCodePoints`, so
//! columns count characters as in the other formats), a fingerprint that is
//! stable across runs, and `suppressions` for waived findings with the
//! waiver's justification. Skipped and unreadable inputs, waiver problems and
//! unused waivers are tool execution notifications. Results are kept (not the
//! drafts) until the end, because SARIF lists rules before results.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Write};

use serde_json::{Value, json};

use super::{Options, Reporter, shown_match};
use crate::report::{Diagnostic, FileReport, NoteLevel, Outcome, Summary};
use crate::rules::{Rule, Severity, markdown_without_examples};
use crate::waiver::WaiverSource;

pub(super) struct Sarif {
    options: Options,
    /// Rule descriptors by id (sorted, so `ruleIndex` is stable).
    rules: BTreeMap<String, Value>,
    /// Results with the rule id they refer to (index filled in at the end).
    results: Vec<(String, Value)>,
    notifications: Vec<Value>,
    failed: bool,
}

impl Sarif {
    pub fn new(options: Options) -> Self {
        Sarif {
            options,
            rules: BTreeMap::new(),
            results: Vec::new(),
            notifications: Vec::new(),
            failed: false,
        }
    }
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn descriptor(rule: &Rule) -> Value {
    let mut help = format!(
        "{}\n\nWhy: {}\n\nFix: {}\n\nGuidance:",
        rule.message, rule.explanation, rule.fix
    );
    for c in &rule.guidance {
        let _ = write!(help, "\n- {c}");
    }
    let mut d = json!({
        "id": rule.id,
        "name": rule.id.replace(['/', '-'], "_"),
        "shortDescription": {"text": rule.message},
        "fullDescription": {"text": rule.explanation},
        "help": {"text": help, "markdown": markdown_without_examples(rule)},
        "defaultConfiguration": {"level": level(rule.severity)},
        "properties": {"tags": [rule.category()], "sensitive": rule.sensitive},
    });
    if let Some(url) = rule.guidance.iter().find_map(|c| c.url.as_deref()) {
        d["helpUri"] = json!(url);
    }
    d
}

/// A relative URI reference for a path: forward slashes, unsafe bytes escaped.
fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/:@!$&'()*+,;=".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// A fingerprint that stays the same across runs of the same input: rule,
/// file, post, and the finding's position among that rule's findings in the
/// post. It deliberately leaves out the matched text (which may identify a
/// person and, for short identifiers, could be recovered from a hash).
fn fingerprint(path: &str, d: &Diagnostic<'_>, occurrence: usize) -> String {
    // FNV-1a, 64 bits: small, deterministic, no dependency.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in [
        d.rule.id.as_str(),
        path,
        &d.post.to_string(),
        &occurrence.to_string(),
    ] {
        for b in part.bytes().chain([0]) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

fn location(path: &str, line: usize, column: Option<(usize, usize, usize)>) -> Value {
    let mut region = json!({"startLine": line});
    if let Some((start_column, end_line, end_column)) = column {
        region = json!({"startLine": line, "startColumn": start_column, "endLine": end_line, "endColumn": end_column});
    }
    json!({"physicalLocation": {"artifactLocation": {"uri": uri(path)}, "region": region}})
}

impl Reporter for Sarif {
    fn begin(&mut self, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }

    fn file(&mut self, _out: &mut dyn Write, report: &FileReport<'_>) -> io::Result<()> {
        let notify = |level: &str, text: String, line: Option<usize>| {
            let mut n = json!({"level": level, "message": {"text": text}});
            if let Some(line) = line {
                n["locations"] = json!([location(&report.name, line, None)]);
            }
            n
        };
        match &report.outcome {
            Outcome::Skipped(why) => {
                self.notifications
                    .push(notify("warning", format!("{}: {why}", report.name), None))
            }
            Outcome::Failed(why) => {
                self.failed = true;
                self.notifications
                    .push(notify("error", format!("{}: {why}", report.name), None));
            }
            Outcome::Checked(_) => {}
        }
        for note in &report.notes {
            let level = match note.level {
                NoteLevel::Error => {
                    self.failed = true;
                    "error"
                }
                NoteLevel::Warning => "warning",
            };
            self.notifications.push(notify(
                level,
                format!("{}:{}: {}", report.name, note.line, note.message),
                Some(note.line),
            ));
        }
        let mut seen: BTreeMap<(&str, usize), usize> = BTreeMap::new();
        for d in report.diagnostics() {
            self.rules
                .entry(d.rule.id.clone())
                .or_insert_with(|| descriptor(d.rule));
            let occurrence = seen.entry((d.rule.id.as_str(), d.post)).or_insert(0);
            *occurrence += 1;
            let mut region = json!({
                "startLine": d.start.line,
                "startColumn": d.start.column,
                "endLine": d.end.line,
                "endColumn": d.end.column,
                "byteOffset": d.start.byte,
                "byteLength": d.end.byte - d.start.byte,
            });
            region["snippet"] = json!({"text": shown_match(report, d, self.options)});
            let mut result = json!({
                "ruleId": d.rule.id,
                "level": level(d.severity),
                "message": {"text": format!("{}. Fix: {}", d.message, d.rule.fix)},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri(&report.name)}, "region": region}}],
                "partialFingerprints": {"postlint/v1": fingerprint(&report.name, d, *occurrence)},
            });
            if let Some(row) = d.row {
                result["properties"] = json!({"csvRow": row});
            }
            if let Some(w) = &d.waived {
                let kind = if w.source == WaiverSource::Config {
                    "external"
                } else {
                    "inSource"
                };
                result["suppressions"] =
                    json!([{"kind": kind, "status": "accepted", "justification": w.reason}]);
            }
            self.results.push((d.rule.id.clone(), result));
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, _summary: &Summary) -> io::Result<()> {
        let index: BTreeMap<&str, usize> = self
            .rules
            .keys()
            .enumerate()
            .map(|(i, id)| (id.as_str(), i))
            .collect();
        let results: Vec<Value> = self
            .results
            .drain(..)
            .map(|(id, mut r)| {
                r["ruleIndex"] = json!(index[id.as_str()]);
                r
            })
            .collect();
        let doc = json!({
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [{
                "tool": {"driver": {
                    "name": "postlint",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "informationUri": "https://www.hcpc-uk.org/standards/meeting-our-standards/communication-and-using-social-media/guidance-on-use-of-social-media/",
                    "rules": self.rules.values().collect::<Vec<_>>(),
                }},
                "columnKind": "unicodeCodePoints",
                "invocations": [{
                    "executionSuccessful": !self.failed,
                    "toolExecutionNotifications": self.notifications,
                }],
                "results": results,
            }],
        });
        serde_json::to_writer_pretty(&mut *out, &doc).map_err(io::Error::from)?;
        writeln!(out)
    }
}

#[cfg(test)]
mod tests {
    use super::uri;

    #[test]
    fn uris_are_escaped() {
        assert_eq!(uri("posts/my draft #1.md"), "posts/my%20draft%20%231.md");
        assert_eq!(uri("a\\b.txt"), "a/b.txt");
        assert_eq!(uri("café.md"), "caf%C3%A9.md");
    }
}
