//! Markdown drafts: lint what a reader will see.
//!
//! Code blocks, inline code, HTML (including `<!-- comments -->`), math, link
//! destinations and image URLs are blanked out: each of their bytes becomes a
//! space (line breaks are kept), so the text that is linted has exactly the
//! byte length of the file and every position still points into the file the
//! user opened. Link text and image alt text stay. Markup characters (`#`, `*`,
//! `>`) stay too; they are punctuation to the matcher.

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

use super::{Element, ElementKind};
use crate::text::Span;

/// A Markdown body with its unseen parts blanked.
pub(super) struct Masked {
    /// The body with blanked bytes (same length as the body).
    pub view: String,
    /// The blanked ranges (relative to the body): not counted for length.
    pub blanked: Vec<Span>,
    /// Images without alt text.
    pub elements: Vec<Element>,
}

/// Blank the parts of `body` a reader does not see as prose.
pub(super) fn mask(body: &str) -> Masked {
    let mut blank: Vec<Span> = Vec::new();
    let mut keep: Vec<Span> = Vec::new();
    let mut elements = Vec::new();
    // Links and images being read: (is image, start, alt text seen, keep children).
    let mut open: Vec<(bool, usize, bool, bool)> = Vec::new();
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        let span = Span::new(range.start, range.end);
        match event {
            Event::Start(Tag::CodeBlock(_))
            | Event::Code(_)
            | Event::Html(_)
            | Event::InlineHtml(_) => {
                blank.push(span);
            }
            Event::InlineMath(_) | Event::DisplayMath(_) => blank.push(span),
            Event::Start(Tag::Link { link_type, .. }) => {
                blank.push(span);
                let is_autolink = matches!(link_type, LinkType::Autolink | LinkType::Email);
                open.push((false, span.start, false, !is_autolink));
            }
            Event::Start(Tag::Image { .. }) => {
                blank.push(span);
                open.push((true, span.start, false, true));
            }
            Event::End(TagEnd::Link | TagEnd::Image) => {
                if let Some((is_image, start, saw_text, _)) = open.pop()
                    && is_image
                    && !saw_text
                {
                    elements.push(Element {
                        kind: ElementKind::ImageWithoutAlt,
                        span: Span::new(start, span.end),
                    });
                }
            }
            Event::Text(text) => {
                if let Some(top) = open.last_mut() {
                    if !text.trim().is_empty() {
                        top.2 = true;
                    }
                    if top.3 {
                        keep.push(span);
                    }
                }
            }
            _ => {}
        }
    }
    let mut bytes = body.as_bytes().to_vec();
    for s in &blank {
        for b in &mut bytes[s.range()] {
            if *b != b'\n' && *b != b'\r' {
                *b = b' ';
            }
        }
    }
    for s in &keep {
        bytes[s.range()].copy_from_slice(&body.as_bytes()[s.range()]);
    }
    // Blanking replaces whole characters and restoring copies whole characters,
    // so the bytes are still UTF-8; fall back to the body itself if not.
    let view = String::from_utf8(bytes).unwrap_or_else(|_| body.to_owned());
    Masked {
        view,
        blanked: subtract(blank, &keep),
        elements,
    }
}

/// `blank` minus `keep`, as sorted, non-overlapping spans.
fn subtract(mut blank: Vec<Span>, keep: &[Span]) -> Vec<Span> {
    blank.sort_unstable();
    let mut out: Vec<Span> = Vec::new();
    for b in blank {
        let mut pieces = vec![b];
        for k in keep.iter().filter(|k| k.overlaps(b)) {
            pieces = pieces
                .into_iter()
                .flat_map(|p| {
                    [
                        Span::new(p.start, k.start.min(p.end).max(p.start)),
                        Span::new(k.end.max(p.start).min(p.end), p.end),
                    ]
                })
                .filter(|p| p.start < p.end)
                .collect();
        }
        for p in pieces {
            match out.last_mut() {
                Some(last) if last.end >= p.start => last.end = last.end.max(p.end),
                _ => out.push(p),
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blanks_code_html_and_urls_but_keeps_link_text_and_alt() {
        let body = "See [the RCOT page](https://rcot.co.uk/x) and `pt 9990000018`.\n\n```\nNHS 999 000 0018\n```\n<!-- DOB 01/02/1950 -->\n![a ward photo](ward.png) ![](blank.png) <https://x.co/9990000026>\n";
        let m = mask(body);
        assert_eq!(m.view.len(), body.len());
        assert!(m.view.contains("See  the RCOT page "), "{}", m.view);
        assert!(!m.view.contains("rcot.co.uk"));
        assert!(!m.view.contains("9990000018") && !m.view.contains("999 000 0018"));
        assert!(!m.view.contains("DOB"));
        assert!(m.view.contains("a ward photo") && !m.view.contains("ward.png"));
        assert!(!m.view.contains("x.co"));
        assert_eq!(m.view.matches('\n').count(), body.matches('\n').count());
        assert_eq!(m.elements.len(), 1);
        assert_eq!(&body[m.elements[0].span.range()], "![](blank.png)");
    }

    #[test]
    fn positions_are_unchanged_around_multibyte_text() {
        let body = "😂 `中文` é [link 👍🏽](https://x.org/é)";
        let m = mask(body);
        assert_eq!(m.view.len(), body.len());
        let at = body.find("link").unwrap();
        assert_eq!(&m.view[at..at + 4], "link");
    }

    #[test]
    fn subtract_keeps_the_gaps() {
        let got = subtract(vec![Span::new(0, 10)], &[Span::new(2, 4), Span::new(6, 7)]);
        assert_eq!(
            got,
            vec![Span::new(0, 2), Span::new(4, 6), Span::new(7, 10)]
        );
    }
}
