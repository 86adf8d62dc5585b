//! Drafts as their users write them: plain text, Markdown with front matter,
//! `.tweet`/`.toot` threads with polls, and CSV bulk schedules.
//!
//! Parsing a [`Document`] gives its [`Post`]s. Each post has a *view*: the text
//! to lint, exactly as long as the post's span in the file, with the parts a
//! reader does not see (Markdown code and URLs, front matter, CSV quoting)
//! blanked. Because view offsets equal file offsets, every finding points at
//! the file's own line and column.

mod csv;
mod front_matter;
mod markdown;
pub mod platform;
mod thread;

use std::path::Path;

use serde::{Deserialize, Serialize};

pub use self::csv::TEXT_HEADERS;
pub use front_matter::{AllowEntry, FrontMatter};
use platform::Platform;

use crate::input::Document;
use crate::text::Span;

/// The formats postlint reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DraftKind {
    /// Plain text (`.txt` and anything unknown); `---` lines separate thread posts.
    Text,
    /// Markdown (`.md`, `.markdown`) with optional front matter.
    Markdown,
    /// twitter-together `.tweet` files: front matter, `---` threads, `( )` polls.
    Tweet,
    /// toot-together `.toot` files: front matter, `---` threads, `[ ]` polls.
    Toot,
    /// CSV bulk schedules (`.csv`): one post per row.
    Csv,
}

impl DraftKind {
    /// File extensions postlint looks for when it walks a folder.
    pub const EXTENSIONS: &'static [&'static str] =
        &["txt", "md", "markdown", "tweet", "toot", "csv"];

    /// The kind of a file, from its name (unknown extensions are plain text).
    pub fn from_path(path: &Path) -> DraftKind {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("md" | "markdown") => DraftKind::Markdown,
            Some("tweet") => DraftKind::Tweet,
            Some("toot") => DraftKind::Toot,
            Some("csv") => DraftKind::Csv,
            _ => DraftKind::Text,
        }
    }
}

/// Whose account publishes a post.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Account {
    /// An individual's own account (the default when unknown).
    Personal,
    /// An organisation's official account.
    Organisation,
}

impl Account {
    /// The account type called `name` (`organization` is accepted too).
    pub fn from_name(name: &str) -> Option<Account> {
        match name.trim().to_ascii_lowercase().as_str() {
            "personal" | "individual" => Some(Account::Personal),
            "organisation" | "organization" | "official" => Some(Account::Organisation),
            _ => None,
        }
    }
}

/// Facts about a post that rules can test (`context:` in a rule).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PostContext {
    /// The platform it is for, when known.
    pub platform: Option<Platform>,
    /// The account that publishes it, when known (unknown means personal).
    pub account: Option<Account>,
}

/// Things in a post that are not words, which rules can look for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ElementKind {
    /// A Markdown image with no alt text.
    ImageWithoutAlt,
}

/// An element of a post, with its span in the post's view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Element {
    /// What it is.
    pub kind: ElementKind,
    /// Where it is (relative to the post).
    pub span: Span,
}

/// One post of a draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Post {
    /// Where the post is in the document's text.
    pub span: Span,
    /// The text to lint: as long as `span`, with unseen parts blanked.
    pub view: String,
    /// 1-based position of the post in its file.
    pub index: usize,
    /// For CSV files, the 1-based data row.
    pub row: Option<usize>,
    /// Facts rules can test.
    pub context: PostContext,
    /// Ranges of the view that do not count towards the post's length (markup,
    /// poll options), relative to the post.
    pub uncounted: Vec<Span>,
    /// Non-text elements (relative to the post).
    pub elements: Vec<Element>,
}

impl Post {
    /// The post's text as a platform counts it: the view without its
    /// uncounted ranges, trimmed.
    pub fn countable_text(&self) -> String {
        platform::countable(&self.view, &self.uncounted)
    }
}

/// A parsed draft: its posts and its front matter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Draft {
    /// The posts, in file order.
    pub posts: Vec<Post>,
    /// The front matter (empty when there is none).
    pub front_matter: FrontMatter,
}

/// Why a draft could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DraftError {
    /// The front matter is not valid.
    #[error("front matter, line {line}, column {column}: {message}")]
    FrontMatter {
        /// 1-based line in the file.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// The CSV is malformed.
    #[error("CSV, line {line}: {message}")]
    Csv {
        /// 1-based line in the file.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// No column of a CSV file holds the post text.
    #[error("{}", no_text_column(wanted.as_deref(), found))]
    NoTextColumn {
        /// The column asked for with `--csv-column`, if any.
        wanted: Option<String>,
        /// The headers the file has.
        found: Vec<String>,
    },
}

fn no_text_column(wanted: Option<&str>, found: &[String]) -> String {
    let headers = found
        .iter()
        .map(|h| format!("`{h}`"))
        .collect::<Vec<_>>()
        .join(", ");
    match wanted {
        Some(w) => format!("CSV has no column `{w}` (its headers: {headers})"),
        None => format!(
            "CSV has no text column: name one with --csv-column (looked for {}; its headers: {headers})",
            TEXT_HEADERS.join(", ")
        ),
    }
}

/// How to read drafts.
#[derive(Debug, Clone, Default)]
pub struct ParseOptions {
    /// Context for posts whose front matter says nothing (from the command line).
    pub defaults: PostContext,
    /// The CSV column holding the text, instead of the usual header names.
    pub csv_column: Option<String>,
}

/// Split `doc` into posts.
pub fn parse(doc: &Document, kind: DraftKind, options: &ParseOptions) -> Result<Draft, DraftError> {
    let text = doc.text.as_str();
    let (body_start, _) = doc.body();
    let split = match kind {
        DraftKind::Csv => None,
        _ => front_matter::split(text, body_start),
    };
    let front_matter = match split {
        Some(s) => front_matter::parse(text, s)?,
        None => FrontMatter::default(),
    };
    let context = PostContext {
        platform: front_matter.platform.or(options.defaults.platform),
        account: front_matter.account.or(options.defaults.account),
    };
    let body = Span::new(split.map_or(body_start, |s| s.block.end), text.len());
    let mut posts = Vec::new();
    match kind {
        DraftKind::Markdown => {
            let masked = markdown::mask(&text[body.range()]);
            posts.push(Post {
                span: body,
                view: masked.view,
                index: 1,
                row: None,
                context,
                uncounted: masked.blanked,
                elements: masked.elements,
            });
        }
        DraftKind::Text | DraftKind::Tweet | DraftKind::Toot => {
            for (i, p) in thread::split(text, body).into_iter().enumerate() {
                posts.push(Post {
                    span: p.span,
                    view: text[p.span.range()].to_owned(),
                    index: i + 1,
                    row: None,
                    context,
                    uncounted: p
                        .poll_options
                        .iter()
                        .map(|o| Span::new(o.start - p.span.start, o.end - p.span.start))
                        .collect(),
                    elements: Vec::new(),
                });
            }
        }
        DraftKind::Csv => {
            for (i, (row, cell)) in csv::text_cells(text, body, options.csv_column.as_deref())?
                .into_iter()
                .enumerate()
            {
                posts.push(Post {
                    span: cell.span,
                    view: cell.view,
                    index: i + 1,
                    row: Some(row),
                    context,
                    uncounted: Vec::new(),
                    elements: Vec::new(),
                });
            }
        }
    }
    Ok(Draft {
        posts,
        front_matter,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Document {
        Document {
            name: "t".into(),
            text: text.into(),
        }
    }

    #[test]
    fn plain_text_is_one_post_after_the_bom() {
        let d = parse(
            &doc("\u{FEFF}hello"),
            DraftKind::Text,
            &ParseOptions::default(),
        )
        .unwrap();
        assert_eq!(d.posts.len(), 1);
        assert_eq!(d.posts[0].span, Span::new(3, 8));
        assert_eq!(d.posts[0].view, "hello");
    }

    #[test]
    fn front_matter_sets_context_over_defaults() {
        let options = ParseOptions {
            defaults: PostContext {
                platform: Some(Platform::Linkedin),
                account: None,
            },
            csv_column: None,
        };
        let d = parse(
            &doc("---\nplatform: bluesky\n---\nHi\n---\nSecond\n"),
            DraftKind::Tweet,
            &options,
        )
        .unwrap();
        assert_eq!(d.posts.len(), 2);
        assert!(
            d.posts
                .iter()
                .all(|p| p.context.platform == Some(Platform::Bluesky))
        );
        let d = parse(&doc("Hi"), DraftKind::Text, &options).unwrap();
        assert_eq!(d.posts[0].context.platform, Some(Platform::Linkedin));
    }

    #[test]
    fn poll_options_do_not_count() {
        let d = parse(
            &doc("Pick one\n\n( ) Tea\n( ) Coffee\n"),
            DraftKind::Tweet,
            &ParseOptions::default(),
        )
        .unwrap();
        assert_eq!(d.posts[0].countable_text(), "Pick one");
        assert!(d.posts[0].view.contains("Coffee"));
    }

    #[test]
    fn markdown_front_matter_is_not_linted() {
        let d = parse(
            &doc("---\nplatform: x\ntitle: NHS 999 000 0018\n---\n# Hi\n"),
            DraftKind::Markdown,
            &ParseOptions::default(),
        )
        .unwrap();
        assert_eq!(d.posts.len(), 1);
        assert!(!d.posts[0].view.contains("999"));
        assert_eq!(d.front_matter.platform, Some(Platform::X));
    }

    #[test]
    fn kinds_from_paths() {
        assert_eq!(
            DraftKind::from_path(Path::new("a/b.TWEET")),
            DraftKind::Tweet
        );
        assert_eq!(DraftKind::from_path(Path::new("notes")), DraftKind::Text);
        assert_eq!(
            DraftKind::from_path(Path::new("x.markdown")),
            DraftKind::Markdown
        );
    }
}
