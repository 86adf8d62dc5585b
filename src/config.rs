//! Project configuration: `.postlint.yaml` (or `postlint.yaml`).
//!
//! A team publishing from a repository keeps its choices next to its drafts:
//! which rules run and at what level, which paths are drafts, the names of its
//! organisation, wards and internal sites (so rules recognise them), and
//! waivers for findings it has agreed are acceptable. The file is found by
//! walking up from each checked file, or given with `--config`.
//!
//! Parsing is as strict as for rule files: unknown keys are errors, and after
//! the rules load, every rule id the file names is checked; both are reported
//! at the file's line and column.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::rules::spec::Entries;
use crate::rules::{RuleSet, Severity};
use crate::yaml::{self, Located};

/// File names looked for, in order, in each folder.
pub const FILE_NAMES: &[&str] = &[".postlint.yaml", "postlint.yaml"];

/// A loaded configuration file.
#[derive(Debug)]
pub struct Config {
    /// The file.
    pub path: PathBuf,
    /// Its folder: relative paths and globs in it are relative to this.
    pub dir: PathBuf,
    /// Extra rule files or folders.
    pub rules: Vec<PathBuf>,
    /// Rules or categories to run (empty: the default selection).
    pub select: Vec<Located<String>>,
    /// Rules or categories not to run.
    pub ignore: Vec<Located<String>>,
    /// Severity overrides by rule or category.
    pub severity: Vec<(Located<String>, Severity)>,
    /// Lowest severity that fails the check.
    pub fail_on: Option<FailOn>,
    /// Globs of drafts to check when walking folders (empty: all drafts).
    pub include: Vec<String>,
    /// Globs of paths never checked when walking folders.
    pub exclude: Vec<String>,
    /// Terms added to lexicons: (lexicon name, terms).
    pub lexicon_terms: Vec<(Located<String>, Vec<Located<String>>)>,
    /// Patterns added to conditions: (condition name, pattern).
    pub condition_patterns: Vec<(String, Located<String>)>,
    /// Waivers by path.
    pub allow: Vec<PathWaiver>,
}

/// The `fail-on` levels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FailOn {
    /// Only errors fail.
    Error,
    /// Warnings and errors fail.
    Warning,
    /// Any finding fails.
    Info,
    /// Nothing fails.
    Never,
}

impl FailOn {
    /// The lowest severity that fails, if any.
    pub fn level(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Info => Some(Severity::Info),
            FailOn::Never => None,
        }
    }
}

/// A waiver for files matching a glob.
#[derive(Debug, Clone)]
pub struct PathWaiver {
    /// Glob, relative to the config file's folder.
    pub path: String,
    /// Rule id or category.
    pub rule: Located<String>,
    /// Why the finding is acceptable (required).
    pub reason: Option<String>,
    /// Line of the entry in the config file.
    pub line: usize,
}

/// Why a configuration file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("{}: cannot read: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// The file says something invalid.
    #[error("{}:{line}:{column}: {message}", path.display())]
    Invalid {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong.
        message: String,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Raw {
    #[serde(default)]
    rules: Vec<String>,
    #[serde(default)]
    select: Vec<Located<String>>,
    #[serde(default)]
    ignore: Vec<Located<String>>,
    #[serde(default)]
    severity: Entries<Severity>,
    #[serde(default)]
    fail_on: Option<FailOn>,
    #[serde(default)]
    include: Vec<String>,
    #[serde(default)]
    exclude: Vec<String>,
    #[serde(default)]
    terms: Terms,
    #[serde(default)]
    extend_lexicons: Entries<Vec<Located<String>>>,
    #[serde(default)]
    allow: Vec<Located<RawWaiver>>,
}

/// Organisation terms that rules recognise.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Terms {
    #[serde(default)]
    employer_names: Vec<Located<String>>,
    #[serde(default)]
    site_names: Vec<Located<String>>,
    #[serde(default)]
    internal_domains: Vec<Located<String>>,
    #[serde(default)]
    approved_hashtags: Vec<Located<String>>,
    #[serde(default)]
    hospital_number: Option<Located<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawWaiver {
    path: String,
    rule: Located<String>,
    #[serde(default)]
    reason: Option<String>,
}

/// The lexicons that the `terms` keys extend, and the condition the
/// hospital-number pattern extends. The built-in pack defines them (empty) and
/// its rules use them.
pub const TERM_LEXICONS: &[(&str, &str)] = &[
    ("employer-names", "org-employer-names"),
    ("site-names", "org-site-names"),
    ("internal-domains", "org-internal-domains"),
    ("approved-hashtags", "org-approved-hashtags"),
];
/// The condition extended by `terms.hospital-number`.
pub const HOSPITAL_NUMBER_CONDITION: &str = "org-hospital-number";

impl Config {
    /// Read and check the configuration file at `path`.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_owned(),
            source,
        })?;
        Config::parse(path, &text)
    }

    /// Check configuration `text` that was read from `path`.
    pub fn parse(path: &Path, text: &str) -> Result<Config, ConfigError> {
        let raw: Raw = yaml::parse(text).map_err(|e| ConfigError::Invalid {
            path: path.to_owned(),
            line: e.line,
            column: e.column,
            message: e.message,
        })?;
        let dir = path.parent().map(Path::to_owned).unwrap_or_default();
        let mut lexicon_terms = Vec::new();
        let t = raw.terms;
        for ((_, lexicon), terms) in TERM_LEXICONS.iter().zip([
            t.employer_names,
            t.site_names,
            t.internal_domains,
            t.approved_hashtags,
        ]) {
            if !terms.is_empty() {
                lexicon_terms.push((unlocated(lexicon), terms));
            }
        }
        lexicon_terms.extend(raw.extend_lexicons.0);
        let mut allow = Vec::new();
        for w in raw.allow {
            let (line, _) = yaml::line_column(&w);
            let w = w.value;
            allow.push(PathWaiver {
                path: w.path,
                rule: w.rule,
                reason: w
                    .reason
                    .map(|r| r.trim().to_owned())
                    .filter(|r| !r.is_empty()),
                line,
            });
        }
        Ok(Config {
            path: path.to_owned(),
            dir: dir.clone(),
            rules: raw.rules.iter().map(|r| dir.join(r)).collect(),
            select: raw.select,
            ignore: raw.ignore,
            severity: raw.severity.0,
            fail_on: raw.fail_on,
            include: raw.include,
            exclude: raw.exclude,
            lexicon_terms,
            condition_patterns: t
                .hospital_number
                .map(|p| (HOSPITAL_NUMBER_CONDITION.to_owned(), p))
                .into_iter()
                .collect(),
            allow,
        })
    }

    /// An error at `at`, a value from this file.
    pub fn error_at<T>(&self, at: &Located<T>, message: impl Into<String>) -> ConfigError {
        let (line, column) = yaml::line_column(at);
        ConfigError::Invalid {
            path: self.path.clone(),
            line: line.max(1),
            column: column.max(1),
            message: message.into(),
        }
    }
}

impl Config {
    /// Check every rule id and category this file names against `rules` (each
    /// error at its line and column) and apply its severity overrides.
    pub fn apply_to(&self, rules: &mut RuleSet) -> Result<(), ConfigError> {
        let named = self
            .select
            .iter()
            .chain(&self.ignore)
            .chain(self.allow.iter().map(|w| &w.rule));
        for selector in named {
            rules
                .check_selector(&selector.value)
                .map_err(|e| self.error_at(selector, e.to_string()))?;
        }
        for (selector, severity) in &self.severity {
            rules
                .set_level(&selector.value, *severity)
                .map_err(|e| self.error_at(selector, e.to_string()))?;
        }
        for w in &self.allow {
            if w.reason.is_none() {
                return Err(self.error_at(
                    &w.rule,
                    format!(
                        "the waiver for `{}` needs a `reason`: say why the finding is acceptable",
                        w.rule.value
                    ),
                ));
            }
        }
        Ok(())
    }

    /// The rules and categories the file selects and ignores.
    pub fn selection(&self) -> (Vec<String>, Vec<String>) {
        let values = |v: &[Located<String>]| v.iter().map(|s| s.value.clone()).collect();
        (values(&self.select), values(&self.ignore))
    }

    /// The path waivers whose glob matches `path`.
    pub fn waivers_for(&self, path: &Path) -> Vec<&PathWaiver> {
        let relative = relative_to(path, &self.dir);
        self.allow
            .iter()
            .filter(|w| {
                globset::GlobBuilder::new(&w.path)
                    .literal_separator(true)
                    .build()
                    .is_ok_and(|g| g.compile_matcher().is_match(&relative))
            })
            .collect()
    }

    /// Whether a file found by walking folders should be checked, by `include`
    /// and `exclude`.
    pub fn wants(&self, path: &Path) -> bool {
        let relative = relative_to(path, &self.dir);
        let matches = |globs: &[String]| {
            globs.iter().any(|g| {
                globset::GlobBuilder::new(g)
                    .literal_separator(true)
                    .build()
                    .is_ok_and(|g| g.compile_matcher().is_match(&relative))
            })
        };
        (self.include.is_empty() || matches(&self.include)) && !matches(&self.exclude)
    }

    /// Check that every glob in the file is valid.
    pub fn check_globs(&self) -> Result<(), ConfigError> {
        for glob in self
            .include
            .iter()
            .chain(&self.exclude)
            .chain(self.allow.iter().map(|w| &w.path))
        {
            if let Err(e) = globset::GlobBuilder::new(glob)
                .literal_separator(true)
                .build()
            {
                return Err(ConfigError::Invalid {
                    path: self.path.clone(),
                    line: 1,
                    column: 1,
                    message: format!("invalid glob `{glob}`: {}", e.kind()),
                });
            }
        }
        Ok(())
    }
}

/// `path` relative to `dir` when it is inside it (both made absolute).
fn relative_to(path: &Path, dir: &Path) -> PathBuf {
    let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_owned());
    let (path, dir) = (abs(path), abs(dir));
    path.strip_prefix(&dir).map(Path::to_owned).unwrap_or(path)
}

fn unlocated(name: &str) -> Located<String> {
    Located::new(
        name.to_owned(),
        serde_saphyr::Location::UNKNOWN,
        serde_saphyr::Location::UNKNOWN,
    )
}

/// The configuration file that applies to `start` (a file or folder): the
/// first of [`FILE_NAMES`] found in its folder or any folder above it.
pub fn discover(start: &Path) -> Option<PathBuf> {
    let start = if start.is_dir() {
        start.to_owned()
    } else {
        start.parent().map(Path::to_owned).unwrap_or_default()
    };
    let absolute = std::path::absolute(&start).unwrap_or(start);
    absolute
        .ancestors()
        .flat_map(|dir| FILE_NAMES.iter().map(move |name| dir.join(name)))
        .find(|candidate| candidate.is_file())
}

/// A commented starter configuration, written by `postlint init`.
pub const STARTER: &str = r#"# postlint project configuration.
# postlint finds this file by walking up from each draft it checks.
# Every key is optional; delete what you do not need.

# Extra rule files or folders (relative to this file).
# rules: [postlint-rules/]

# Run only these rules or categories (default: every rule that is on by default).
# select: [confidentiality, advice, boundaries]

# Never run these rules or categories.
# ignore: [profile/opinions-disclaimer]

# Report these rules or categories at a different level (error, warning, info).
# severity:
#   conduct/profanity: warning

# Fail the check when a finding is at or above this level: error, warning, info, never.
fail-on: warning

# When walking folders, check only these paths / never these paths (globs,
# relative to this file; `*` stays in one folder, `**` crosses folders).
# include: ["posts/**"]
# exclude: ["posts/archive/**"]

# Your organisation's names, so rules recognise them.
terms:
  employer-names: []        # e.g. [Northtown NHS Foundation Trust, NTFT, Northtown General]
  site-names: []            # wards, units and sites, e.g. [Elm Ward, Oak Unit]
  internal-domains: []      # e.g. [intranet.northtown.nhs.uk, northtown.sharepoint.com]
  approved-hashtags: []     # campaign hashtags that are never names or places
  # hospital-number: '(?-u:\b)NT[0-9]{7}(?-u:\b)'   # your hospital-number format

# Findings your team has agreed are acceptable for some files. A reason is required.
# allow:
#   - path: "posts/patient-stories/*.md"
#     rule: confidentiality/service-user-named
#     reason: "Written consent recorded by the communications team"
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_starter_config_parses() {
        let c = Config::parse(Path::new("/repo/.postlint.yaml"), STARTER).unwrap();
        assert_eq!(c.fail_on, Some(FailOn::Warning));
        assert!(c.lexicon_terms.is_empty());
    }

    #[test]
    fn keys_and_positions() {
        let text = "rules: [local]\nseverity:\n  conduct/profanity: warning\nterms:\n  employer-names: [NTFT]\n  hospital-number: 'NT[0-9]{7}'\nallow:\n  - {path: 'a/*.md', rule: privacy, reason: ok}\n";
        let c = Config::parse(Path::new("/repo/.postlint.yaml"), text).unwrap();
        assert_eq!(c.rules, [PathBuf::from("/repo/local")]);
        assert_eq!(c.severity[0].0.value, "conduct/profanity");
        assert_eq!(c.lexicon_terms[0].0.value, "org-employer-names");
        assert_eq!(c.condition_patterns[0].0, HOSPITAL_NUMBER_CONDITION);
        assert_eq!(
            (c.allow[0].line, c.allow[0].reason.as_deref()),
            (8, Some("ok"))
        );
    }

    #[test]
    fn unknown_keys_are_errors_with_positions() {
        match Config::parse(Path::new("c.yaml"), "fail-on: warning\nselct: [x]\n") {
            Err(ConfigError::Invalid {
                line,
                column,
                message,
                ..
            }) => {
                assert_eq!((line, column), (2, 1));
                assert!(message.contains("unknown field `selct`"), "{message}");
            }
            other => panic!("{other:?}"),
        }
        assert!(Config::parse(Path::new("c.yaml"), "fail-on: sometimes\n").is_err());
        assert!(Config::parse(Path::new("c.yaml"), "terms: {wards: [a]}\n").is_err());
    }

    #[test]
    fn discovery_walks_up() {
        let dir = tempfile::tempdir().unwrap();
        let nested = dir.path().join("a/b");
        std::fs::create_dir_all(&nested).unwrap();
        std::fs::write(dir.path().join("postlint.yaml"), "").unwrap();
        let found = discover(&nested.join("draft.md")).unwrap();
        assert_eq!(found.file_name().unwrap(), "postlint.yaml");
        std::fs::write(nested.join(".postlint.yaml"), "").unwrap();
        assert_eq!(
            discover(&nested.join("draft.md")).unwrap(),
            std::path::absolute(nested.join(".postlint.yaml")).unwrap()
        );
    }
}
