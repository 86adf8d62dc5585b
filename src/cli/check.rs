//! `postlint check`: read each input, lint it, stream the report.

use std::io::{self, BufWriter, IsTerminal, Write};

use std::path::Path;

use postlint::draft::{Account, DraftKind, ParseOptions, PostContext};
use postlint::input::{self, InputError};
use postlint::output::{self, Format, Options};
use postlint::report::{FileReport, Outcome, Summary};
use postlint::{RuleSet, Severity};

use super::args::{AccountArg, CheckArgs, FailOn, FormatArg};
use super::inputs::{self, Input};
use super::{Status, error, load_rules, warning};

pub fn run(args: CheckArgs) -> io::Result<Status> {
    let Some(mut rules) = load_rules(&args.source) else {
        return Ok(Status::Error);
    };
    if let Err(e) = rules.select(&args.select, &args.ignore) {
        error(&format!("{e}; see `postlint rules` for the list"));
        return Ok(Status::Error);
    }

    let inputs = if args.paths.is_empty() {
        if io::stdin().is_terminal() {
            error(
                "nothing to check: give files or folders, or pipe a draft in (for example `pbpaste | postlint check -`)",
            );
            return Ok(Status::Error);
        }
        vec![Input::Stdin]
    } else {
        inputs::expand(&args.paths)
    };

    let format = match args.format {
        FormatArg::Human => Format::Human,
        FormatArg::Concise => Format::Concise,
        FormatArg::Json => Format::Json,
    };
    let options = Options {
        show_sensitive: args.show_sensitive,
        mask_human: false,
    };
    let mut reporter = output::reporter(format, options);
    let mut out = BufWriter::new(anstream::stdout().lock());
    reporter.begin(&mut out)?;

    let parse = ParseOptions {
        defaults: PostContext {
            platform: args.platform,
            account: args.account.map(|a| match a {
                AccountArg::Personal => Account::Personal,
                AccountArg::Organisation => Account::Organisation,
            }),
        },
        csv_column: args.csv_column.clone(),
    };
    let mut summary = Summary::default();
    let mut stdin_used = false;
    for input in inputs {
        let report = check_one(&rules, input, &args, &parse, &mut stdin_used);
        match &report.outcome {
            Outcome::Skipped(why) => warning(&format!("{}: {why}", report.name)),
            Outcome::Failed(why) => error(&format!("{}: {why}", report.name)),
            Outcome::Checked(_) => {}
        }
        summary.add(&report);
        reporter.file(&mut out, &report)?;
    }
    reporter.finish(&mut out, &summary)?;
    out.flush()?;

    Ok(if summary.failed > 0 {
        Status::Error
    } else if fail_level(args.fail_on).is_some_and(|level| summary.at_or_above(level) > 0) {
        Status::Findings
    } else {
        Status::Clean
    })
}

fn fail_level(fail_on: FailOn) -> Option<Severity> {
    match fail_on {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Info => Some(Severity::Info),
        FailOn::Never => None,
    }
}

fn check_one<'r>(
    rules: &'r RuleSet,
    input: Input,
    args: &CheckArgs,
    parse: &ParseOptions,
    stdin_used: &mut bool,
) -> FileReport<'r> {
    let (name, read) = match input {
        Input::Stdin => {
            let name = args.stdin_filename.clone();
            if std::mem::replace(stdin_used, true) {
                return failed(name, "standard input can only be read once".into());
            }
            let read = input::read_stream(&name, io::stdin().lock(), args.max_file_size);
            (name, read)
        }
        Input::File(path) => (
            path.display().to_string(),
            input::read_file(&path, args.max_file_size),
        ),
        Input::Missing(name, why) => return failed(name, why),
    };
    match read {
        Ok(doc) => {
            let kind = DraftKind::from_path(Path::new(&doc.name));
            FileReport::check_as(rules, doc, kind, parse)
        }
        Err(e) if e.is_skip() => FileReport {
            name,
            text: String::new(),
            outcome: Outcome::Skipped(e.to_string()),
        },
        Err(InputError::Io(e)) => failed(name, inputs::describe_io(&e)),
        Err(e) => failed(name, e.to_string()),
    }
}

fn failed(name: String, why: String) -> FileReport<'static> {
    FileReport {
        name,
        text: String::new(),
        outcome: Outcome::Failed(why),
    }
}
