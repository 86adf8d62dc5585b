//! YAML front matter: the `---` block at the top of Markdown drafts and of
//! `.tweet`/`.toot` files (twitter-together and toot-together put `reply`,
//! `retweet` and `media` there).
//!
//! postlint reads three fields and ignores any others a publishing tool uses:
//!
//! ```yaml
//! ---
//! platform: x              # x (or twitter), bluesky, mastodon, linkedin, instagram, facebook, threads
//! account: personal        # or organisation (`audience` is accepted too)
//! postlint:
//!   allow:
//!     - rule: confidentiality/service-user-named
//!       reason: Written consent from the family, recorded by the comms team (ref 2025-114)
//! ---
//! ```
//!
//! The block is split by hand (it starts with a line `---` and ends at the next
//! line that is `---` or `...`) and parsed with the same strict YAML module as
//! rule files, so errors carry the file's own line and column.

use serde::Deserialize;

use super::platform::Platform;
use super::{Account, DraftError};
use crate::text::Span;
use crate::yaml::{self, Located};

/// What the front matter says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FrontMatter {
    /// The platform the draft is for.
    pub platform: Option<Platform>,
    /// Whose account will publish it.
    pub account: Option<Account>,
    /// Findings the author has waived for this file, with reasons.
    pub allow: Vec<AllowEntry>,
}

/// One `postlint.allow` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllowEntry {
    /// Rule id or category.
    pub rule: String,
    /// Why the finding is acceptable (required; checked by the caller).
    pub reason: Option<String>,
    /// 1-based line of the entry in the file.
    pub line: usize,
    /// 1-based column of the entry in the file.
    pub column: usize,
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
struct Raw {
    #[serde(default)]
    platform: Option<Located<String>>,
    #[serde(default)]
    account: Option<Located<String>>,
    #[serde(default)]
    audience: Option<Located<String>>,
    #[serde(default)]
    postlint: Option<Block>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Block {
    #[serde(default)]
    allow: Vec<Located<AllowRaw>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct AllowRaw {
    rule: String,
    #[serde(default)]
    reason: Option<String>,
}

/// Where the front matter is: its YAML (without the `---` lines) and the start
/// of the body after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Split {
    /// The YAML between the fences.
    pub yaml: Span,
    /// Everything from the opening fence to the end of the closing fence line.
    pub block: Span,
    /// 1-based line where the YAML starts.
    pub first_line: usize,
}

/// Find a front matter block at `start` (the first byte after any BOM).
/// A block must open with `---`, close with `---` or `...`, and its first
/// non-blank line must look like a YAML key, so a thread that starts with a
/// separator line is not mistaken for front matter.
pub(super) fn split(text: &str, start: usize) -> Option<Split> {
    let rest = &text[start..];
    let first_end = rest.find('\n')?;
    if rest[..first_end].trim_end() != "---" {
        return None;
    }
    let yaml_start = start + first_end + 1;
    let mut offset = yaml_start;
    for line in text[yaml_start..].split_inclusive('\n') {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            let yaml = Span::new(yaml_start, offset);
            let looks_like_yaml = text[yaml.range()]
                .lines()
                .map(str::trim)
                .find(|l| !l.is_empty() && !l.starts_with('#'))
                .is_none_or(starts_with_key);
            return looks_like_yaml.then_some(Split {
                yaml,
                block: Span::new(start, offset + line.len()),
                first_line: text[..yaml_start].matches('\n').count() + 1,
            });
        }
        offset += line.len();
    }
    None
}

/// `key:` followed by a space or the end of the line (so `https://...` is not a key).
fn starts_with_key(line: &str) -> bool {
    let key_len = line
        .find(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | '-')))
        .unwrap_or(line.len());
    let rest = &line[key_len..];
    key_len > 0 && rest.starts_with(':') && rest[1..].chars().next().is_none_or(char::is_whitespace)
}

/// Parse the YAML of a split block.
pub(super) fn parse(text: &str, split: Split) -> Result<FrontMatter, DraftError> {
    let yaml_text = &text[split.yaml.range()];
    if yaml_text.trim().is_empty() {
        return Ok(FrontMatter::default());
    }
    let at = |line: usize, column: usize, message: String| DraftError::FrontMatter {
        line: line + split.first_line - 1,
        column,
        message,
    };
    let raw: Raw = yaml::parse(yaml_text).map_err(|e| at(e.line, e.column, e.message))?;
    let mut fm = FrontMatter::default();
    if let Some(p) = raw.platform {
        fm.platform = Some(Platform::from_name(&p.value).ok_or_else(|| {
            let (line, column) = yaml::line_column(&p);
            let names: Vec<&str> = Platform::ALL.iter().map(|p| p.as_str()).collect();
            at(
                line,
                column,
                format!(
                    "unknown platform `{}`; use one of: {}",
                    p.value,
                    names.join(", ")
                ),
            )
        })?);
    }
    if let Some(a) = raw.account.or(raw.audience) {
        fm.account = Some(Account::from_name(&a.value).ok_or_else(|| {
            let (line, column) = yaml::line_column(&a);
            at(
                line,
                column,
                format!(
                    "unknown account `{}`; use `personal` or `organisation`",
                    a.value
                ),
            )
        })?);
    }
    for entry in raw.postlint.map(|b| b.allow).unwrap_or_default() {
        let (line, column) = yaml::line_column(&entry);
        fm.allow.push(AllowEntry {
            rule: entry.value.rule.trim().to_owned(),
            reason: entry
                .value
                .reason
                .map(|r| r.trim().to_owned())
                .filter(|r| !r.is_empty()),
            line: line + split.first_line - 1,
            column,
        });
    }
    Ok(fm)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_parses() {
        let text =
            "---\nplatform: twitter\naccount: organisation\nmedia:\n  - file: a.png\n---\nHello\n";
        let s = split(text, 0).unwrap();
        assert_eq!(
            &text[s.yaml.range()],
            "platform: twitter\naccount: organisation\nmedia:\n  - file: a.png\n"
        );
        assert_eq!(&text[s.block.end..], "Hello\n");
        let fm = parse(text, s).unwrap();
        assert_eq!(fm.platform, Some(Platform::X));
        assert_eq!(fm.account, Some(Account::Organisation));
    }

    #[test]
    fn a_thread_separator_is_not_front_matter() {
        assert_eq!(split("---\nfirst post\n---\nsecond\n", 0), None);
        assert_eq!(
            split("---\nhttps://example.com/status/1\n---\nquote\n", 0),
            None
        );
        assert_eq!(split("no front matter\n", 0), None);
        assert_eq!(split("---\nplatform: x\nnever closed\n", 0), None);
    }

    #[test]
    fn errors_use_file_lines() {
        let text = "---\nplatform: x\nplatform: y\n---\nbody";
        match parse(text, split(text, 0).unwrap()) {
            Err(DraftError::FrontMatter { line, .. }) => assert_eq!(line, 3),
            other => panic!("{other:?}"),
        }
        let text = "---\naudience: everyone\n---\n";
        assert!(matches!(
            parse(text, split(text, 0).unwrap()),
            Err(DraftError::FrontMatter { line: 2, .. })
        ));
    }

    #[test]
    fn waivers_keep_their_lines() {
        let text = "---\npostlint:\n  allow:\n    - rule: conduct/profanity\n      reason: quoting a patient leaflet\n    - {rule: privacy}\n---\nx";
        let fm = parse(text, split(text, 0).unwrap()).unwrap();
        assert_eq!(fm.allow.len(), 2);
        assert_eq!(
            (fm.allow[0].line, fm.allow[0].reason.as_deref()),
            (4, Some("quoting a patient leaflet"))
        );
        assert_eq!((fm.allow[1].line, fm.allow[1].reason.as_deref()), (6, None));
    }
}
