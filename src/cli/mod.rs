//! The `postlint` command line: parse arguments, run a command, report errors
//! once, and turn the outcome into an exit status.
//!
//! Only this module (and `main.rs`) touches the terminal, the environment and
//! the process exit code; everything else is the library.

mod args;
mod check;
mod heap;
mod inputs;
mod rule_commands;

use std::io::{self, Write};
use std::process::ExitCode;

use anstyle::{AnsiColor, Style};
use clap::Parser;

use args::{Cli, Command, RuleSource};
use postlint::{RuleSet, RuleSetBuilder};

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Nothing at or above the fail level.
    Clean,
    /// Findings at or above the fail level.
    Findings,
    /// Usage, input or rule-file error.
    Error,
}

impl From<Status> for ExitCode {
    fn from(s: Status) -> ExitCode {
        ExitCode::from(match s {
            Status::Clean => 0,
            Status::Findings => 1,
            Status::Error => 2,
        })
    }
}

/// Run the command line and return the exit code.
pub fn main() -> ExitCode {
    heap::prepare();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version go to stdout with status 0; usage errors exit 2.
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    cli.color.write_global();
    let result = match cli.command {
        Command::Check(args) => check::run(args),
        Command::Rules(args) => rule_commands::list(args),
        Command::Explain(args) => rule_commands::explain(args),
        Command::TestRules(args) => rule_commands::test(args),
        Command::Init(args) => init(args),
    };
    match result {
        Ok(status) => status.into(),
        // `postlint ... | head` closes our stdout early: stop quietly.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            error(&format!("cannot write output: {e}"));
            Status::Error.into()
        }
    }
}

const ERROR: Style = Style::new()
    .fg_color(Some(anstyle::Color::Ansi(AnsiColor::Red)))
    .bold();
const WARNING: Style = Style::new()
    .fg_color(Some(anstyle::Color::Ansi(AnsiColor::Yellow)))
    .bold();

/// Print an error message to stderr.
pub fn error(message: &str) {
    let _ = writeln!(anstream::stderr(), "{ERROR}error{ERROR:#}: {message}");
}

/// Print a warning message to stderr.
pub fn warning(message: &str) {
    let _ = writeln!(anstream::stderr(), "{WARNING}warning{WARNING:#}: {message}");
}

/// Load rules as `source` asks; on failure print every problem and return `None`.
fn load_rules(source: &RuleSource) -> Option<RuleSet> {
    let mut builder = RuleSetBuilder::new().builtin(!source.no_default_rules);
    for path in &source.rules {
        builder.add_path(path);
    }
    match builder.build() {
        Ok(rules) => Some(rules),
        Err(errors) => {
            report_rule_errors(&errors);
            None
        }
    }
}

/// Print every rule-file problem, then a count.
fn report_rule_errors(errors: &postlint::RuleErrors) {
    for e in &errors.0 {
        error(&e.to_string());
    }
    let n = errors.0.len();
    error(&format!(
        "{n} problem{} in rule files; nothing was checked",
        if n == 1 { "" } else { "s" }
    ));
}

/// `postlint init`: write the starter configuration, atomically, without
/// replacing an existing file unless asked to.
fn init(args: args::InitArgs) -> io::Result<Status> {
    let path = std::path::Path::new(postlint::config::FILE_NAMES[0]);
    if path.exists() && !args.force {
        error(&format!(
            "{} already exists; use --force to replace it",
            path.display()
        ));
        return Ok(Status::Error);
    }
    let temp = path.with_extension("yaml.tmp");
    let written = std::fs::write(&temp, postlint::config::STARTER)
        .and_then(|()| std::fs::rename(&temp, path));
    match written {
        Ok(()) => {
            let mut out = anstream::stdout().lock();
            writeln!(
                out,
                "Wrote {}: edit it to name your organisation, wards and sites.",
                path.display()
            )?;
            Ok(Status::Clean)
        }
        Err(e) => {
            let _ = std::fs::remove_file(&temp);
            error(&format!("cannot write {}: {e}", path.display()));
            Ok(Status::Error)
        }
    }
}
