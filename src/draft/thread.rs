//! Threads and polls in `.tweet`, `.toot` and `.txt` drafts.
//!
//! The conventions of twitter-together and toot-together: a line holding only
//! `---` separates the posts of a thread, and poll options are lines of the
//! form `( ) option` (twitter-together) or `[ ] option` (toot-together) after
//! the post's text. Each post is linted and length-checked on its own; poll
//! options are linted with their post but do not count towards its length.

use crate::text::Span;

/// One post of a thread: its span and the spans of its poll-option lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ThreadPost {
    pub span: Span,
    pub poll_options: Vec<Span>,
}

/// Split `text[body]` into posts. Posts holding only white space are dropped.
pub(super) fn split(text: &str, body: Span) -> Vec<ThreadPost> {
    let mut posts = Vec::new();
    let mut start = body.start;
    let mut options = Vec::new();
    let mut offset = body.start;
    for line in text[body.range()].split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        if content.trim_end() == "---" {
            push(
                text,
                &mut posts,
                Span::new(start, offset),
                std::mem::take(&mut options),
            );
            start = offset + line.len();
        } else if is_poll_option(content) {
            options.push(Span::new(offset, offset + content.len()));
        }
        offset += line.len();
    }
    push(text, &mut posts, Span::new(start, body.end), options);
    posts
}

fn push(text: &str, posts: &mut Vec<ThreadPost>, span: Span, poll_options: Vec<Span>) {
    if !text[span.range()].trim().is_empty() {
        posts.push(ThreadPost { span, poll_options });
    }
}

fn is_poll_option(line: &str) -> bool {
    let line = line.trim_start();
    (line.starts_with("( ) ") || line.starts_with("[ ] ")) && line.len() > 4
}

#[cfg(test)]
mod tests {
    use super::*;

    fn posts(text: &str) -> Vec<(String, Vec<String>)> {
        split(text, Span::new(0, text.len()))
            .into_iter()
            .map(|p| {
                (
                    text[p.span.range()].to_owned(),
                    p.poll_options
                        .iter()
                        .map(|o| text[o.range()].to_owned())
                        .collect(),
                )
            })
            .collect()
    }

    #[test]
    fn separators_split_posts_and_polls_are_found() {
        let text = "First post\n---\nSecond\n\n( ) Dog\n( ) Cat\n---\n\n";
        assert_eq!(
            posts(text),
            [
                ("First post\n".to_owned(), vec![]),
                (
                    "Second\n\n( ) Dog\n( ) Cat\n".to_owned(),
                    vec!["( ) Dog".to_owned(), "( ) Cat".to_owned()]
                ),
            ]
        );
    }

    #[test]
    fn crlf_and_toot_polls() {
        let text = "Poll!\r\n\r\n[ ] Yes\r\n[ ] No\r\n";
        let p = posts(text);
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].1, ["[ ] Yes", "[ ] No"]);
    }

    #[test]
    fn a_dashed_line_inside_text_is_not_a_separator() {
        assert_eq!(posts("a --- b\n---- c\n").len(), 1);
    }
}
