//! Command-line arguments (clap derive).

use std::path::PathBuf;

use clap::builder::TypedValueParser as _;
use clap::{Args, Parser, Subcommand, ValueEnum};
use postlint::config::FailOn;
use postlint::draft::platform::Platform;

const AFTER_HELP: &str = "\
Exit status:
  0  no finding at or above the --fail-on level
  1  findings at or above the --fail-on level
  2  usage error, unreadable input, or invalid rule file

Examples:
  postlint check draft.txt
  postlint check posts/ --format json
  pbpaste | postlint check -
  postlint explain confidentiality/nhs-number";

/// Check social media drafts against UK professional guidance for health and
/// care staff (RCOT, HCPC, NMC, GMC, ASA) before you post.
#[derive(Debug, Parser)]
#[command(name = "postlint", version, about, after_help = AFTER_HELP, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    #[command(flatten)]
    pub color: colorchoice_clap::Color,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check drafts: files, folders (.txt, .md, .tweet, .toot, .csv), globs, or `-` for stdin.
    Check(CheckArgs),
    /// List the rules (id, severity, message).
    Rules(RulesArgs),
    /// Explain a rule: why it matters, how to fix it, the guidance, examples.
    Explain(ExplainArgs),
    /// Run the examples in rule files (or in the built-in pack) and report failures.
    TestRules(TestRulesArgs),
    /// Write a commented starter `.postlint.yaml` in the current folder.
    Init(InitArgs),
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Replace an existing `.postlint.yaml`.
    #[arg(long)]
    pub force: bool,
}

/// Where rules come from.
#[derive(Debug, Args, Clone, Default)]
pub struct RuleSource {
    /// Add rules from a YAML file or folder (repeatable).
    #[arg(long = "rules", value_name = "PATH")]
    pub rules: Vec<PathBuf>,
    /// Do not use the built-in rules (their lexicons and conditions stay available).
    #[arg(long)]
    pub no_default_rules: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files, folders or globs to check; `-` (or nothing, with piped input) reads stdin.
    #[arg(value_name = "PATH")]
    pub paths: Vec<String>,
    #[command(flatten)]
    pub source: RuleSource,
    /// Only run these rules or categories (comma-separated, repeatable).
    #[arg(long, value_name = "RULE", value_delimiter = ',')]
    pub select: Vec<String>,
    /// Do not run these rules or categories (comma-separated, repeatable).
    #[arg(long, value_name = "RULE", value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Exit with status 1 when a finding is at or above this level [default: the
    /// configuration's `fail-on`, or warning].
    #[arg(long, value_name = "LEVEL", value_parser = fail_on_parser())]
    pub fail_on: Option<FailOn>,
    /// Use this configuration file instead of looking for `.postlint.yaml`.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Ignore configuration files.
    #[arg(long)]
    pub no_config: bool,
    /// Check only drafts that git reports as added or modified since REV (and
    /// untracked drafts), within the given paths.
    #[arg(long, value_name = "REV")]
    pub changed_since: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Human)]
    pub format: FormatArg,
    /// Show the matched text of sensitive rules (identifiers, names) instead of masking
    /// it (it is masked in machine formats, and in human output when stdout is not a
    /// terminal or `CI` is set).
    #[arg(long)]
    pub show_sensitive: bool,
    /// Name to report for text read from stdin; its extension sets the format (e.g. `draft.md`).
    #[arg(long, value_name = "NAME", default_value = "<stdin>")]
    pub stdin_filename: String,
    /// Platform the drafts are for, unless their front matter says (x, bluesky, mastodon,
    /// linkedin, instagram, facebook, threads): enables its length checks.
    #[arg(long, value_name = "PLATFORM", value_parser = parse_platform)]
    pub platform: Option<Platform>,
    /// Whose account publishes the drafts, unless their front matter says.
    #[arg(long, value_enum, value_name = "ACCOUNT")]
    pub account: Option<AccountArg>,
    /// CSV column holding the post text (default: the first of text, message, post,
    /// content, caption).
    #[arg(long, value_name = "NAME")]
    pub csv_column: Option<String>,
    /// Worker threads for checking files in parallel [default: one per CPU].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub threads: Option<u16>,
    /// Refuse inputs larger than this (bytes; K, M and G suffixes allowed).
    #[arg(long, value_name = "SIZE", default_value = "64M", value_parser = parse_size)]
    pub max_file_size: u64,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    #[command(flatten)]
    pub source: RuleSource,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The rule id, e.g. confidentiality/nhs-number.
    #[arg(value_name = "RULE")]
    pub rule: String,
    #[command(flatten)]
    pub source: RuleSource,
}

#[derive(Debug, Args)]
pub struct TestRulesArgs {
    /// Rule files or folders; without any, the built-in pack is tested.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AccountArg {
    /// An individual's own account.
    Personal,
    /// An organisation's official account.
    Organisation,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// Diagnostics with the source line, explanation, fix and guidance.
    Human,
    /// One line per finding.
    Concise,
    /// Versioned JSON (see the README).
    Json,
    /// SARIF 2.1.0 for code scanning.
    Sarif,
    /// GitHub Actions annotations.
    Github,
    /// JUnit XML.
    Junit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// One line per rule.
    Text,
    /// A JSON array.
    Json,
    /// The rule reference in Markdown (as in docs/rules.md).
    Markdown,
}

fn fail_on_parser() -> impl clap::builder::TypedValueParser<Value = FailOn> {
    clap::builder::PossibleValuesParser::new(["error", "warning", "info", "never"]).map(|v| match v
        .as_str()
    {
        "error" => FailOn::Error,
        "info" => FailOn::Info,
        "never" => FailOn::Never,
        _ => FailOn::Warning,
    })
}

fn parse_platform(text: &str) -> Result<Platform, String> {
    Platform::from_name(text).ok_or_else(|| {
        let names: Vec<&str> = Platform::ALL.iter().map(|p| p.as_str()).collect();
        format!(
            "unknown platform `{text}`; use one of: {}",
            names.join(", ")
        )
    })
}

/// Parse `1000`, `512K`, `64M`, `1G` (binary multiples).
fn parse_size(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let (digits, multiplier) = match t.char_indices().last() {
        Some((i, 'k' | 'K')) => (&t[..i], 1u64 << 10),
        Some((i, 'm' | 'M')) => (&t[..i], 1 << 20),
        Some((i, 'g' | 'G')) => (&t[..i], 1 << 30),
        _ => (t, 1),
    };
    digits
        .trim()
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(multiplier))
        .filter(|n| *n > 0)
        .ok_or_else(|| {
            format!("`{text}` is not a size; use a number of bytes, optionally with K, M or G")
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("10"), Ok(10));
        assert_eq!(parse_size("2K"), Ok(2048));
        assert_eq!(parse_size("64M"), Ok(64 << 20));
        assert!(parse_size("0").is_err());
        assert!(parse_size("lots").is_err());
    }

    #[test]
    fn clap_definition_is_valid() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
