//! `postlint check`: find the inputs, pick each one's configuration, lint it,
//! stream the report, and decide the exit status.

use std::collections::HashMap;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};

use postlint::config::{self, Config, FailOn, PathWaiver};
use postlint::draft::{Account, DraftKind, ParseOptions, PostContext};
use postlint::input::{self, Document, InputError};
use postlint::output::{self, Format, Options};
use postlint::report::{FileReport, Outcome, Summary};
use postlint::{RuleSet, RuleSetBuilder};
use rayon::prelude::*;

use super::args::{AccountArg, CheckArgs, FormatArg};
use super::inputs::{self, Input};
use super::{Status, error, warning};

/// A rule set prepared for one configuration (or none).
struct Prepared {
    rules: RuleSet,
    config: Option<Config>,
}

impl Prepared {
    fn fail_on(&self, cli: Option<FailOn>) -> FailOn {
        cli.or(self.config.as_ref().and_then(|c| c.fail_on))
            .unwrap_or(FailOn::Warning)
    }
}

/// Where each input's configuration comes from.
enum ConfigChoice {
    /// `--no-config`.
    None,
    /// `--config FILE`.
    Fixed(PathBuf),
    /// Look for `.postlint.yaml` above each input.
    Discover,
}

pub fn run(args: CheckArgs) -> io::Result<Status> {
    let choice = match (&args.config, args.no_config) {
        (_, true) => ConfigChoice::None,
        (Some(path), _) => ConfigChoice::Fixed(path.clone()),
        (None, false) => ConfigChoice::Discover,
    };
    let inputs = match collect_inputs(&args) {
        Ok(inputs) => inputs,
        Err(message) => {
            error(&message);
            return Ok(Status::Error);
        }
    };

    // Load every configuration the inputs need before printing anything, so a
    // bad rule or configuration file gives errors, not a half-written report.
    let inputs: Vec<(Input, Option<PathBuf>)> = inputs
        .into_iter()
        .map(|input| {
            let config = match &choice {
                ConfigChoice::None => None,
                ConfigChoice::Fixed(path) => Some(path.clone()),
                ConfigChoice::Discover => {
                    config::discover(input.location().unwrap_or(Path::new(".")))
                }
            };
            (input, config)
        })
        .collect();
    let mut prepared: HashMap<Option<PathBuf>, Prepared> = HashMap::new();
    let mut config_failed = false;
    for (_, config) in &inputs {
        if !prepared.contains_key(config) {
            match prepare(&args, config.as_deref()) {
                Some(p) => {
                    prepared.insert(config.clone(), p);
                }
                None => config_failed = true,
            }
        }
    }
    if config_failed || prepared.is_empty() && !inputs.is_empty() {
        return Ok(Status::Error);
    }
    if inputs.is_empty() {
        // Nothing to check (e.g. no changed drafts): still validate the default setup.
        if prepare(&args, None).is_none() {
            return Ok(Status::Error);
        }
    }

    let format = match args.format {
        FormatArg::Human => Format::Human,
        FormatArg::Concise => Format::Concise,
        FormatArg::Json => Format::Json,
        FormatArg::Sarif => Format::Sarif,
        FormatArg::Github => Format::Github,
        FormatArg::Junit => Format::Junit,
    };
    let stdout_is_terminal = io::stdout().is_terminal();
    let options = Options {
        show_sensitive: args.show_sensitive,
        mask_human: !stdout_is_terminal || running_in_ci(),
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
    // Files a configuration's include/exclude leave out are dropped up front.
    let inputs: Vec<(Input, Option<PathBuf>)> = inputs
        .into_iter()
        .filter(|(input, config)| match input {
            Input::File { path, walked: true } => prepared[config]
                .config
                .as_ref()
                .is_none_or(|c| c.wants(path)),
            _ => true,
        })
        .collect();
    // Standard input is read once, before the parallel work.
    let first_stdin = inputs.iter().position(|(i, _)| *i == Input::Stdin);
    let stdin = first_stdin
        .map(|_| input::read_stream(&args.stdin_filename, io::stdin().lock(), args.max_file_size));
    // One input (the common case in editors and hooks) is checked on this
    // thread: starting worker threads would cost more than the check.
    let pool = if inputs.len() > 1 {
        match rayon::ThreadPoolBuilder::new()
            .num_threads(args.threads.map_or(0, usize::from))
            .build()
        {
            Ok(pool) => Some(pool),
            Err(e) => {
                error(&format!("cannot start worker threads: {e}"));
                return Ok(Status::Error);
            }
        }
    } else {
        None
    };

    let mut summary = Summary::default();
    let mut failing = 0;
    let check = |position: usize, (input, config): &(Input, Option<PathBuf>)| {
        let stdin_doc = match input {
            Input::Stdin if Some(position) == first_stdin => stdin.as_ref(),
            _ => None,
        };
        check_one(&prepared[config], input, &args, &parse, stdin_doc)
    };
    let mut report = |report: FileReport<'_>, config: &Option<PathBuf>| -> io::Result<()> {
        match &report.outcome {
            Outcome::Skipped(why) => warning(&format!("{}: {why}", report.name)),
            Outcome::Failed(why) => error(&format!("{}: {why}", report.name)),
            Outcome::Checked(_) => {}
        }
        if let Some(level) = prepared[config].fail_on(args.fail_on).level() {
            failing += report
                .diagnostics()
                .iter()
                .filter(|d| d.waived.is_none() && d.severity >= level)
                .count();
        }
        summary.add(&report);
        reporter.file(&mut out, &report)
    };
    match &pool {
        None => {
            for (position, item) in inputs.iter().enumerate() {
                report(check(position, item), &item.1)?;
            }
        }
        // Files are checked in parallel a chunk at a time and reported in
        // input order, so output is the same as a single-threaded run and
        // memory is bounded by two chunks, not by the number of files. While
        // this thread prints one chunk, the workers check the next.
        Some(pool) => {
            let chunks: Vec<&[(Input, Option<PathBuf>)]> = inputs.chunks(CHUNK).collect();
            pool.in_place_scope(|scope| -> io::Result<()> {
                let start = |index: usize| {
                    let (sender, receiver) = std::sync::mpsc::sync_channel(1);
                    if let Some(chunk) = chunks.get(index) {
                        let check = &check;
                        scope.spawn(move |_| {
                            let reports: Vec<FileReport<'_>> = chunk
                                .par_iter()
                                .enumerate()
                                .map(|(i, item)| check(index * CHUNK + i, item))
                                .collect();
                            // The receiver is gone only when printing failed.
                            let _ = sender.send(reports);
                        });
                    }
                    receiver
                };
                let mut next = start(0);
                for (index, chunk) in chunks.iter().enumerate() {
                    let current = std::mem::replace(&mut next, start(index + 1));
                    let reports = current.recv().map_err(io::Error::other)?;
                    for (file, (_, config)) in reports.into_iter().zip(chunk.iter()) {
                        report(file, config)?;
                    }
                }
                Ok(())
            })?;
        }
    }
    reporter.finish(&mut out, &summary)?;
    out.flush()?;
    // The compiled rule tables are large and the process is about to exit:
    // the operating system reclaims them at once, where dropping them piece
    // by piece costs a noticeable share of checking one post.
    std::mem::forget(prepared);

    Ok(if summary.failed > 0 {
        Status::Error
    } else if failing > 0 {
        Status::Findings
    } else {
        Status::Clean
    })
}

/// Whether we run under a CI system (which sets `CI`), where logs are shared.
fn running_in_ci() -> bool {
    std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "0" && v != "false")
}

/// The inputs from the arguments, stdin, or `--changed-since`.
fn collect_inputs(args: &CheckArgs) -> Result<Vec<Input>, String> {
    if let Some(rev) = &args.changed_since {
        return changed_since(rev, &args.paths);
    }
    if args.paths.is_empty() {
        if io::stdin().is_terminal() {
            return Err("nothing to check: give files or folders, or pipe a draft in (for example `pbpaste | postlint check -`)".into());
        }
        return Ok(vec![Input::Stdin]);
    }
    Ok(inputs::expand(&args.paths))
}

/// Drafts git reports as added, modified or renamed since `rev`, plus
/// untracked drafts, limited to `paths` when given.
fn changed_since(rev: &str, paths: &[String]) -> Result<Vec<Input>, String> {
    let git = |args: &[&str]| -> Result<String, String> {
        let output = std::process::Command::new("git")
            .args(args)
            .output()
            .map_err(|e| format!("--changed-since needs git, which could not be run: {e}"))?;
        if output.status.success() {
            Ok(String::from_utf8_lossy(&output.stdout).into_owned())
        } else {
            Err(String::from_utf8_lossy(&output.stderr).trim().to_owned())
        }
    };
    let root = git(&["rev-parse", "--show-toplevel"])
        .map_err(|e| format!("--changed-since only works inside a git repository ({e})"))?;
    let root = PathBuf::from(root.trim());
    let root_str = root.display().to_string();
    let changed = git(&[
        "-C",
        &root_str,
        "diff",
        "--name-only",
        "-z",
        "--diff-filter=AMR",
        rev,
        "--",
    ])
    .map_err(|e| format!("--changed-since {rev}: {e}"))?;
    let untracked = git(&[
        "-C",
        &root_str,
        "ls-files",
        "-z",
        "--others",
        "--exclude-standard",
    ])?;
    let within: Vec<PathBuf> = paths
        .iter()
        .map(|p| std::path::absolute(p).unwrap_or_else(|_| PathBuf::from(p)))
        .collect();
    let cwd = std::env::current_dir().unwrap_or_default();
    let mut files: Vec<PathBuf> = changed
        .split('\0')
        .chain(untracked.split('\0'))
        .filter(|p| !p.is_empty())
        .map(|p| root.join(p))
        .filter(|p| p.is_file() && inputs::has_draft_extension(p))
        .filter(|p| within.is_empty() || within.iter().any(|w| p.starts_with(w)))
        .map(|p| p.strip_prefix(&cwd).map(Path::to_owned).unwrap_or(p))
        .collect();
    files.sort();
    files.dedup();
    Ok(files
        .into_iter()
        .map(|path| Input::File { path, walked: true })
        .collect())
}

/// Load the rules for a configuration (or the defaults); print problems and
/// return `None` if they do not load.
fn prepare(args: &CheckArgs, config_path: Option<&Path>) -> Option<Prepared> {
    let config = match config_path.map(Config::load).transpose() {
        Ok(config) => config,
        Err(e) => {
            error(&e.to_string());
            return None;
        }
    };
    if let Some(Err(e)) = config.as_ref().map(Config::check_globs) {
        error(&e.to_string());
        return None;
    }
    let mut builder = RuleSetBuilder::new().builtin(!args.source.no_default_rules);
    if let Some(config) = &config {
        builder.config(config);
    }
    for path in &args.source.rules {
        builder.add_path(path);
    }
    let mut rules = match builder.build() {
        Ok(rules) => rules,
        Err(errors) => {
            super::report_rule_errors(&errors);
            return None;
        }
    };
    let (mut select, mut ignore) = config.as_ref().map(Config::selection).unwrap_or_default();
    if !args.select.is_empty() {
        select.clone_from(&args.select);
    }
    ignore.extend(args.ignore.iter().cloned());
    if let Some(Err(e)) = config.as_ref().map(|c| c.apply_to(&mut rules)) {
        error(&e.to_string());
        return None;
    }
    if let Err(e) = rules.select(&select, &ignore) {
        error(&format!("{e}; see `postlint rules` for the list"));
        return None;
    }
    Some(Prepared { rules, config })
}

/// Inputs checked in parallel before their reports are written in order.
const CHUNK: usize = 256;

/// Read and check one input. `stdin` is what standard input held, for the
/// first `-` only (it can be read once).
fn check_one<'r>(
    setup: &'r Prepared,
    input: &Input,
    args: &CheckArgs,
    parse: &ParseOptions,
    stdin: Option<&Result<Document, InputError>>,
) -> FileReport<'r> {
    match input {
        Input::Stdin => {
            let name = args.stdin_filename.clone();
            match stdin {
                None => FileReport::failed(name, "standard input can only be read once".into()),
                Some(Ok(doc)) => check_document(setup, doc.clone(), Path::new(&name), parse),
                Some(Err(e)) => unreadable(name, e),
            }
        }
        Input::File { path, .. } => match input::read_file(path, args.max_file_size) {
            Ok(doc) => check_document(setup, doc, path, parse),
            Err(e) => unreadable(path.display().to_string(), &e),
        },
        Input::Missing(name, why) => FileReport::failed(name.clone(), why.clone()),
    }
}

fn check_document<'r>(
    setup: &'r Prepared,
    doc: Document,
    path: &Path,
    parse: &ParseOptions,
) -> FileReport<'r> {
    let kind = DraftKind::from_path(path);
    let waivers: Vec<&PathWaiver> = setup
        .config
        .as_ref()
        .map(|c| c.waivers_for(path))
        .unwrap_or_default();
    FileReport::check_as(&setup.rules, doc, kind, parse, &waivers)
}

/// The report for an input that could not be read as a draft.
fn unreadable(name: String, e: &InputError) -> FileReport<'static> {
    match e {
        e if e.is_skip() => FileReport::skipped(name, e.to_string()),
        InputError::Io(e) => FileReport::failed(name, inputs::describe_io(e)),
        e => FileReport::failed(name, e.to_string()),
    }
}
