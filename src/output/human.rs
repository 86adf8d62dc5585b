//! Human-readable output in the style of rustc and ruff.
//!
//! ```text
//! error[confidentiality/nhs-number]: Possible NHS number
//!   --> draft.txt:1:45
//!    |
//!  1 | Can anyone help trace a referral? Pt NHS no 999 000 0018, came through Friday.
//!    |                                             ^^^^^^^^^^^^
//!    = why: This looks like an NHS number ...
//!    = fix: Delete the number ...
//!    = see: HCPC Standards of conduct, performance and ethics, 5.1 <https://...>
//! ```
//!
//! Carets are aligned by display width per grapheme cluster (`unicode-width`),
//! so emoji with skin tones or ZWJ sequences, CJK and combining marks line up in
//! a terminal. Long lines are cut to a window around the match. Control
//! characters in a draft are shown as `�` so a draft cannot drive the terminal.

use std::collections::HashSet;
use std::io::{self, Write};

use anstyle::{AnsiColor, Style};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use super::{Options, Reporter, mask};
use crate::report::{Diagnostic, FileReport, NoteLevel, Outcome, Summary};
use crate::rules::Severity;
use crate::text::{LineIndex, Span};

/// Widest source excerpt shown, in terminal columns.
const SNIPPET_WIDTH: usize = 96;
/// Columns of context kept before a match when a line must be cut.
const CONTEXT_BEFORE: usize = 32;
/// Wrap explanation paragraphs at this many columns.
const TEXT_WIDTH: usize = 92;

pub(super) struct Human {
    options: Options,
    concise: bool,
    /// Rules whose explanation has been printed: later findings refer back to it.
    explained: HashSet<String>,
}

impl Human {
    pub fn new(options: Options, concise: bool) -> Self {
        Human {
            options,
            concise,
            explained: HashSet::new(),
        }
    }
}

fn severity_style(s: Severity) -> Style {
    let colour = match s {
        Severity::Error => AnsiColor::Red,
        Severity::Warning => AnsiColor::Yellow,
        Severity::Info => AnsiColor::Cyan,
    };
    Style::new().fg_color(Some(colour.into())).bold()
}

const BOLD: Style = Style::new().bold();
const GUTTER: Style = Style::new()
    .fg_color(Some(anstyle::Color::Ansi(AnsiColor::Blue)))
    .bold();

impl Reporter for Human {
    fn begin(&mut self, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }

    fn file(&mut self, out: &mut dyn Write, report: &FileReport<'_>) -> io::Result<()> {
        let Outcome::Checked(diagnostics) = &report.outcome else {
            return Ok(());
        };
        let index = (!diagnostics.is_empty()).then(|| LineIndex::new(&report.text));
        for d in diagnostics {
            if let Some(w) = &d.waived {
                let style = severity_style(d.severity);
                writeln!(
                    out,
                    "{}:{}:{}: {style}{}{style:#}[{}] waived: {}",
                    report.name, d.start.line, d.start.column, d.severity, d.rule.id, w.reason
                )?;
            } else if self.concise {
                self.concise_line(out, report, d)?;
            } else if let Some(index) = &index {
                self.full(out, report, index, d)?;
            }
        }
        for note in &report.notes {
            let (style, level) = match note.level {
                NoteLevel::Error => (severity_style(Severity::Error), "error"),
                NoteLevel::Warning => (severity_style(Severity::Warning), "warning"),
            };
            writeln!(
                out,
                "{style}{level}{style:#}: {}:{}: {}",
                report.name, note.line, note.message
            )?;
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, s: &Summary) -> io::Result<()> {
        let files = plural(s.checked, "file", "files");
        let waived = if s.waived > 0 {
            format!(" ({} waived)", s.waived)
        } else {
            String::new()
        };
        if s.problems() == 0 {
            writeln!(out, "{BOLD}No problems found{BOLD:#} in {files}{waived}.")?;
        } else {
            writeln!(
                out,
                "{BOLD}Found {}{BOLD:#} in {files}: {}, {}, {}{waived}.",
                plural(s.problems(), "problem", "problems"),
                plural(s.errors, "error", "errors"),
                plural(s.warnings, "warning", "warnings"),
                plural(s.infos, "info", "info"),
            )?;
        }
        Ok(())
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl Human {
    fn concise_line(
        &self,
        out: &mut dyn Write,
        report: &FileReport<'_>,
        d: &Diagnostic<'_>,
    ) -> io::Result<()> {
        let style = severity_style(d.severity);
        writeln!(
            out,
            "{}:{}:{}: {style}{}{style:#}[{}] {}",
            report.name, d.start.line, d.start.column, d.severity, d.rule.id, d.message
        )
    }

    fn full(
        &mut self,
        out: &mut dyn Write,
        report: &FileReport<'_>,
        index: &LineIndex,
        d: &Diagnostic<'_>,
    ) -> io::Result<()> {
        let style = severity_style(d.severity);
        writeln!(
            out,
            "{style}{}[{}]{style:#}{BOLD}: {}{BOLD:#}",
            d.severity, d.rule.id, d.message
        )?;
        let number = d.start.line.to_string();
        let pad = " ".repeat(number.len());
        let which = match d.row {
            Some(row) => format!(" (row {row})"),
            None if d.post > 1 => format!(" (post {} of the thread)", d.post),
            None => String::new(),
        };
        writeln!(
            out,
            "{pad}{GUTTER}-->{GUTTER:#} {}:{}:{}{which}",
            report.name, d.start.line, d.start.column
        )?;
        writeln!(out, "{pad} {GUTTER}|{GUTTER:#}")?;

        let line = index.line_span(&report.text, d.start.line);
        let hit = Span::new(
            d.span.start.max(line.start),
            d.span.end.min(line.end).max(d.span.start.max(line.start)),
        );
        let masked = self.options.mask_human && !self.options.show_sensitive && d.rule.sensitive;
        let (shown, carets_at, carets_len) = excerpt(&report.text, line, hit, masked);
        writeln!(out, "{GUTTER}{number} |{GUTTER:#} {shown}")?;
        writeln!(
            out,
            "{pad} {GUTTER}|{GUTTER:#} {}{style}{}{style:#}",
            " ".repeat(carets_at),
            "^".repeat(carets_len)
        )?;

        let label_pad = format!("{pad} {GUTTER}={GUTTER:#} ");
        for note in &d.notes {
            write_labelled(out, &label_pad, "note", note)?;
        }
        if self.explained.insert(d.rule.id.clone()) {
            write_labelled(out, &label_pad, "why", &d.rule.explanation)?;
            write_labelled(out, &label_pad, "fix", &d.rule.fix)?;
            for citation in &d.rule.guidance {
                write_labelled(out, &label_pad, "see", &citation.to_string())?;
            }
        } else {
            let again = format!("as above; `postlint explain {}` shows it again", d.rule.id);
            write_labelled(out, &label_pad, "why", &again)?;
        }
        writeln!(out)
    }
}

/// The line shown for a finding, and where (in columns) and how wide its carets are.
fn excerpt(text: &str, line: Span, hit: Span, masked: bool) -> (String, usize, usize) {
    let before = &text[line.start..hit.start];
    let matched = &text[hit.range()];
    let after = &text[hit.end..line.end];
    let matched = if masked {
        mask(matched)
    } else {
        matched.to_owned()
    };
    let (mut before, mut matched, mut after) =
        (printable(before), printable(&matched), printable(after));
    let (wb, wm) = (before.width(), matched.width());
    if wb + wm + after.width() > SNIPPET_WIDTH {
        if wb > CONTEXT_BEFORE {
            before = format!("…{}", take_end(&before, CONTEXT_BEFORE - 1));
        }
        let room = SNIPPET_WIDTH.saturating_sub(before.width());
        if matched.width() > room {
            matched = format!("{}…", take_start(&matched, room.saturating_sub(1).max(1)));
            after.clear();
        } else {
            let room = room - matched.width();
            if after.width() > room {
                after = format!("{}…", take_start(&after, room.saturating_sub(1)));
            }
        }
    }
    let at = before.width();
    let len = matched.width().max(1);
    (format!("{before}{matched}{after}"), at, len)
}

/// Replace characters that would move the cursor or change the terminal.
fn printable(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\t' => ' ',
            c if c.is_control()
                || ('\u{202A}'..='\u{202E}').contains(&c)
                || ('\u{2066}'..='\u{2069}').contains(&c) =>
            {
                '\u{FFFD}'
            }
            c => c,
        })
        .collect()
}

/// The longest prefix of `s` at most `width` columns wide (whole graphemes).
fn take_start(s: &str, width: usize) -> &str {
    let mut used = 0;
    for (i, g) in s.grapheme_indices(true) {
        used += g.width();
        if used > width {
            return &s[..i];
        }
    }
    s
}

/// The longest suffix of `s` at most `width` columns wide (whole graphemes).
fn take_end(s: &str, width: usize) -> &str {
    let mut used = 0;
    for (i, g) in s.grapheme_indices(true).rev() {
        used += g.width();
        if used > width {
            return &s[i + g.len()..];
        }
    }
    s
}

/// Write `= label: text`, wrapping the text and indenting continuation lines.
fn write_labelled(out: &mut dyn Write, pad: &str, label: &str, text: &str) -> io::Result<()> {
    let indent = " ".repeat(visible_width(pad) + label.len() + 2);
    let mut first = true;
    for paragraph in text.split("\n\n") {
        for line in wrap(paragraph, TEXT_WIDTH.saturating_sub(indent.len()).max(20)) {
            if first {
                writeln!(out, "{pad}{BOLD}{label}:{BOLD:#} {line}")?;
                first = false;
            } else {
                writeln!(out, "{indent}{line}")?;
            }
        }
    }
    Ok(())
}

fn visible_width(styled: &str) -> usize {
    anstream::adapter::strip_str(styled).to_string().width()
}

/// Greedy word wrap by display width.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.width() + 1 + word.width() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn carets(text: &str, matched: &str) -> (String, String) {
        let start = text.find(matched).unwrap();
        let hit = Span::new(start, start + matched.len());
        let (shown, at, len) = excerpt(text, Span::new(0, text.len()), hit, false);
        (shown, format!("{}{}", " ".repeat(at), "^".repeat(len)))
    }

    #[test]
    fn carets_align_under_wide_and_combined_characters() {
        // 👍🏽 (emoji + skin tone) and 👨‍👩‍👧 (ZWJ family) are two columns each,
        // 中文 is four, and e + combining acute is one.
        let (shown, marks) = carets("👍🏽👨‍👩‍👧中文e\u{301} NHS 999 000 0018", "999 000 0018");
        assert_eq!(
            marks,
            format!("{}{}", " ".repeat(2 + 2 + 4 + 1 + 5), "^".repeat(12))
        );
        assert!(shown.ends_with("999 000 0018"));
    }

    #[test]
    fn long_lines_are_cut_around_the_match() {
        let text = format!("{} MATCH {}", "a".repeat(300), "b".repeat(300));
        let (shown, marks) = carets(&text, "MATCH");
        assert!(shown.width() <= SNIPPET_WIDTH + 1, "{}", shown.width());
        assert!(shown.starts_with('…') && shown.ends_with('…'));
        let at = marks.find('^').unwrap();
        assert_eq!(
            take_start(&shown[shown.char_indices().nth(at).unwrap().0..], 5),
            "MATCH"
        );
    }

    #[test]
    fn control_characters_are_neutralised() {
        assert_eq!(printable("a\u{1b}[31mb\tc"), "a\u{FFFD}[31mb c");
    }

    #[test]
    fn wraps_by_words() {
        assert_eq!(wrap("aa bb cc dd", 5), ["aa bb", "cc dd"]);
        assert_eq!(wrap("", 5), [""]);
    }
}
