//! Words and sentences of a post, as byte ranges (Unicode UAX #29 segmentation).
//!
//! Proximity conditions ("within 6 words", "in the same sentence") are measured
//! here. A *token* is a UAX #29 word segment that holds a letter, digit, emoji
//! or other symbol; white space and punctuation are not tokens, so `#OTalk` is
//! one token and `Mrs. K,` is two. Sentences follow UAX #29 (line breaks end a
//! sentence), with two repairs: a full stop after a title or a reference label
//! (`Mr.`, `Dr.`, `no. 5`) does not end the sentence, and an emoji followed by
//! a capital letter does (`home today 🎉 Our caseload...`), since posts often
//! use an emoji where prose would use a full stop.

use unicode_segmentation::UnicodeSegmentation;

use super::{Span, is_word_char};

/// Token and sentence boundaries of one text.
#[derive(Debug)]
pub struct Segments {
    tokens: Vec<Span>,
    sentences: Vec<Span>,
}

/// Titles after which a full stop never ends a sentence.
const TITLES: &[&str] = &[
    "mr", "mrs", "ms", "mx", "dr", "prof", "st", "rev", "e.g", "i.e", "vs", "approx",
];
/// Labels after which a full stop does not end a sentence when a number follows.
const NUMBER_LABELS: &[&str] = &["no", "nos", "ref", "tel", "num", "reg"];

impl Segments {
    /// Segment `text`.
    pub fn new(text: &str) -> Self {
        let tokens = text
            .split_word_bound_indices()
            .filter(|(_, w)| w.chars().any(is_token_char))
            .map(|(i, w)| Span::new(i, i + w.len()))
            .collect();
        let mut sentences: Vec<Span> = Vec::new();
        let mut glue_next = false;
        for (i, s) in text.split_sentence_bound_indices() {
            let span = Span::new(i, i + s.len());
            match sentences.last_mut() {
                Some(last) if glue_next => *last = last.cover(span),
                _ => sentences.push(span),
            }
            glue_next = ends_with_abbreviation(s, &text[i + s.len()..]);
        }
        let sentences = sentences
            .into_iter()
            .flat_map(|sentence| split_after_emoji(text, sentence))
            .collect();
        Segments { tokens, sentences }
    }

    /// The sentence that contains byte `offset` (the last one if `offset` is at the end).
    pub fn sentence_at(&self, offset: usize) -> Span {
        let i = self.sentences.partition_point(|s| s.end <= offset);
        self.sentences
            .get(i)
            .or(self.sentences.last())
            .copied()
            .unwrap_or(Span::new(0, 0))
    }

    /// The sentence or sentences that `span` touches.
    pub fn sentences_of(&self, span: Span) -> Span {
        let first = self.sentence_at(span.start);
        let last = self.sentence_at(span.end.saturating_sub(1).max(span.start));
        first.cover(last)
    }

    /// `span` widened by `words` tokens on each side (clamped to the text).
    pub fn widen(&self, span: Span, words: usize) -> Span {
        // Tokens `first..after` overlap the span; widen by `words` on each side.
        let first = self.tokens.partition_point(|t| t.end <= span.start);
        let after = self.tokens.partition_point(|t| t.start < span.end);
        let lo = first.saturating_sub(words);
        let hi = after.saturating_add(words).min(self.tokens.len());
        let start = if lo < first {
            self.tokens[lo].start.min(span.start)
        } else {
            span.start
        };
        let end = if hi > after {
            self.tokens[hi - 1].end.max(span.end)
        } else {
            span.end
        };
        Span::new(start, end)
    }

    /// Number of tokens in the text.
    pub fn token_count(&self) -> usize {
        self.tokens.len()
    }
}

fn is_token_char(c: char) -> bool {
    is_word_char(c) || !(c.is_whitespace() || is_punctuation(c))
}

/// Punctuation in the scripts posts use; everything else that is not a letter,
/// digit or space (emoji, symbols) counts as part of a token.
fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(c,
            '\u{00A1}'..='\u{00BF}' | '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{205E}'
            | '\u{3000}'..='\u{303F}' | '\u{FE10}'..='\u{FE1F}' | '\u{FE30}'..='\u{FE4F}'
            | '\u{FF01}'..='\u{FF0F}' | '\u{FF1A}'..='\u{FF20}' | '\u{FF3B}'..='\u{FF40}'
            | '\u{FF5B}'..='\u{FF65}')
            && c != '\u{00B0}'
}

/// `sentence` split after each emoji that is followed by white space and a
/// capital letter.
fn split_after_emoji(text: &str, sentence: Span) -> Vec<Span> {
    let body = &text[sentence.start..sentence.end];
    let mut parts = Vec::new();
    let mut start = sentence.start;
    let mut chars = body.char_indices().peekable();
    let mut after_emoji = false;
    while let Some((i, c)) = chars.next() {
        if is_emoji(c) || (after_emoji && is_emoji_modifier(c)) {
            after_emoji = true;
        } else if c.is_whitespace() {
            if after_emoji && chars.peek().is_some_and(|&(_, next)| next.is_uppercase()) {
                let end = sentence.start + i + c.len_utf8();
                parts.push(Span::new(start, end));
                start = end;
                after_emoji = false;
            }
        } else {
            after_emoji = false;
        }
    }
    parts.push(Span::new(start, sentence.end));
    parts
}

/// A pictographic emoji (the common blocks; enough to see sentence ends).
fn is_emoji(c: char) -> bool {
    matches!(u32::from(c), 0x1F300..=0x1FAFF | 0x2600..=0x27BF | 0x1F000..=0x1F2FF)
}

/// Characters that continue an emoji: variation selectors, joiners, skin tones.
fn is_emoji_modifier(c: char) -> bool {
    matches!(u32::from(c), 0xFE0E | 0xFE0F | 0x200D) || is_emoji(c)
}

/// Whether `sentence` ends in a full stop that belongs to an abbreviation, given
/// the text that follows it.
fn ends_with_abbreviation(sentence: &str, rest: &str) -> bool {
    let trimmed = sentence.trim_end();
    let Some(body) = trimmed.strip_suffix('.') else {
        return false;
    };
    if sentence.contains('\n') && sentence.ends_with('\n') {
        return false;
    }
    let word: String = body
        .chars()
        .rev()
        .take_while(|c| is_word_char(*c) || *c == '.')
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect::<String>()
        .to_lowercase();
    if TITLES.contains(&word.as_str()) {
        return true;
    }
    NUMBER_LABELS.contains(&word.as_str())
        && rest
            .split_whitespace()
            .next()
            .is_some_and(|next| next.chars().any(|c| c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        let seg = Segments::new(text);
        seg.sentences.iter().map(|s| &text[s.range()]).collect()
    }

    #[test]
    fn tokens_skip_spaces_and_punctuation_but_keep_emoji() {
        let text = "Mrs. K, 82 😂 #OTalk!";
        let seg = Segments::new(text);
        let words: Vec<&str> = seg.tokens.iter().map(|t| &text[t.range()]).collect();
        assert_eq!(words, ["Mrs", "K", "82", "😂", "OTalk"]);
    }

    #[test]
    fn titles_and_number_labels_do_not_end_sentences() {
        assert_eq!(
            sentences("Saw Mr. Smith today. He was fine."),
            ["Saw Mr. Smith today. ", "He was fine."]
        );
        assert_eq!(
            sentences("Hospital no. K4471923 is late."),
            ["Hospital no. K4471923 is late."]
        );
        assert_eq!(
            sentences("I said no. Then left."),
            ["I said no. ", "Then left."]
        );
    }

    #[test]
    fn an_emoji_before_a_capital_letter_ends_a_sentence() {
        assert_eq!(
            sentences("Home today 🎉 Our caseload has doubled"),
            ["Home today 🎉 ", "Our caseload has doubled"]
        );
        // Skin tones and joiners belong to the emoji.
        assert_eq!(
            sentences("Great shift 👩🏾‍⚕️ Back on Monday"),
            ["Great shift 👩🏾‍⚕️ ", "Back on Monday"]
        );
        // A lower-case word after an emoji does not split; a capital does,
        // even a name (the cost of reading emoji as full stops).
        assert_eq!(sentences("I 💜 this team"), ["I 💜 this team"]);
        assert_eq!(
            sentences("Love ❤️ Leeds and 🎉 more"),
            ["Love ❤️ ", "Leeds and 🎉 more"]
        );
    }

    #[test]
    fn line_breaks_end_sentences() {
        assert_eq!(
            sentences("first line\nsecond line"),
            ["first line\n", "second line"]
        );
    }

    #[test]
    fn widen_counts_tokens_not_bytes() {
        let text = "one two three four five six";
        let seg = Segments::new(text);
        let three = Span::new(8, 13);
        assert_eq!(&text[seg.widen(three, 1).range()], "two three four");
        assert_eq!(&text[seg.widen(three, 10).range()], text);
        assert_eq!(&text[seg.widen(three, 0).range()], "three");
    }

    #[test]
    fn sentence_lookup() {
        let text = "A b. C d.";
        let seg = Segments::new(text);
        assert_eq!(&text[seg.sentence_at(6).range()], "C d.");
        assert_eq!(&text[seg.sentences_of(Span::new(2, 7)).range()], text);
        assert_eq!(&text[seg.sentence_at(text.len()).range()], "C d.");
    }
}
