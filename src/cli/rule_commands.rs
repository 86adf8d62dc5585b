//! `postlint rules`, `postlint explain` and `postlint test-rules`.

use std::io::{self, BufWriter, Write};

use postlint::RuleSetBuilder;
use serde::Serialize;

use super::args::{ExplainArgs, ListFormat, RulesArgs, TestRulesArgs};
use super::{Status, error, load_rules};

pub fn list(args: RulesArgs) -> io::Result<Status> {
    let Some(rules) = load_rules(&args.source) else {
        return Ok(Status::Error);
    };
    let mut out = BufWriter::new(anstream::stdout().lock());
    match args.format {
        ListFormat::Text => {
            let width = rules.rules().iter().map(|r| r.id.len()).max().unwrap_or(0);
            for r in rules.rules() {
                let off = if r.enabled { "" } else { " (off by default)" };
                writeln!(
                    out,
                    "{:width$}  {:7}  {}{off}",
                    r.id,
                    r.severity.as_str(),
                    r.message
                )?;
            }
        }
        ListFormat::Markdown => write!(out, "{}", postlint::rules::reference(&rules))?,
        ListFormat::Json => {
            #[derive(Serialize)]
            struct Entry<'a> {
                id: &'a str,
                category: &'a str,
                severity: &'a str,
                message: &'a str,
                enabled: bool,
                sensitive: bool,
                explanation: &'a str,
                fix: &'a str,
                guidance: &'a [postlint::Citation],
            }
            let entries: Vec<Entry<'_>> = rules
                .rules()
                .iter()
                .map(|r| Entry {
                    id: &r.id,
                    category: r.category(),
                    severity: r.severity.as_str(),
                    message: &r.message,
                    enabled: r.enabled,
                    sensitive: r.sensitive,
                    explanation: &r.explanation,
                    fix: &r.fix,
                    guidance: &r.guidance,
                })
                .collect();
            serde_json::to_writer_pretty(&mut out, &entries)?;
            writeln!(out)?;
        }
    }
    out.flush()?;
    Ok(Status::Clean)
}

pub fn explain(args: ExplainArgs) -> io::Result<Status> {
    let Some(rules) = load_rules(&args.source) else {
        return Ok(Status::Error);
    };
    match rules.find(args.rule.trim()) {
        Ok(rule) => {
            let mut out = anstream::stdout().lock();
            write!(out, "{}", postlint::rules::markdown(rule))?;
            out.flush()?;
            Ok(Status::Clean)
        }
        Err(e) => {
            error(&format!("{e}; see `postlint rules` for the list"));
            Ok(Status::Error)
        }
    }
}

pub fn test(args: TestRulesArgs) -> io::Result<Status> {
    let mut builder = RuleSetBuilder::new().builtin(args.paths.is_empty());
    for path in &args.paths {
        builder.add_path(path);
    }
    let rules = match builder.build() {
        Ok(rules) => rules,
        Err(errors) => {
            for e in &errors.0 {
                error(&e.to_string());
            }
            return Ok(Status::Error);
        }
    };
    let mut out = BufWriter::new(anstream::stdout().lock());
    let (mut examples, mut failed) = (0, 0);
    for rule in rules.rules() {
        examples += rule.bad_examples.len() + rule.good_examples.len();
        for failure in rules.check_examples(rule) {
            failed += 1;
            writeln!(out, "FAIL {failure}")?;
        }
    }
    let n = rules.rules().len();
    if failed == 0 {
        writeln!(out, "{n} rules, {examples} examples: all passed.")?;
    } else {
        writeln!(out, "{n} rules, {examples} examples: {failed} failed.")?;
    }
    out.flush()?;
    Ok(if failed == 0 {
        Status::Clean
    } else {
        Status::Findings
    })
}
