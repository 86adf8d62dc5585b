//! A folded copy of a text for phrase matching, with a map back to the original.
//!
//! Folding makes the spellings people actually type compare equal: it lower-cases
//! (full Unicode lower-casing, so `É` matches `é`), turns curly apostrophes and
//! quotes into straight ones, treats hyphens as spaces (`bed-blocker` matches
//! `bed blocker`), collapses runs of white space, and drops invisible characters
//! (zero-width spaces, soft hyphens, joiners) that would otherwise split a word.
//! Phrase lists are folded with the same function, so a list entry and the text
//! meet in the same form.

/// A folded copy of a text plus, for every folded byte, the byte range of the
/// original character it came from.
#[derive(Debug)]
pub struct Folded {
    text: String,
    /// For folded byte `i`: start of the original character that produced it.
    starts: Vec<u32>,
    /// For folded byte `i`: end of the original character that produced it.
    ends: Vec<u32>,
}

/// What one original character becomes in the folded text.
enum Folding {
    /// Emit this character (lower-cased when folding text).
    Chars(char),
    /// Emit a single space, merged with neighbouring spaces.
    Space,
    /// Emit nothing.
    Drop,
}

fn classify(c: char) -> Folding {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{02BC}' | '\u{2032}' | '`' | '\u{00B4}' => {
            Folding::Chars('\'')
        }
        '\u{201C}' | '\u{201D}' | '\u{201F}' | '\u{2033}' => Folding::Chars('"'),
        '-' | '\u{2010}' | '\u{2011}' => Folding::Space,
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' => {
            Folding::Drop
        }
        c if c.is_whitespace() => Folding::Space,
        c => Folding::Chars(c),
    }
}

impl Folded {
    /// Fold `original` (lower-casing it).
    pub fn new(original: &str) -> Self {
        let mut text = String::with_capacity(original.len());
        let mut starts = Vec::with_capacity(original.len());
        let mut ends = Vec::with_capacity(original.len());
        let mut last_was_space = true;
        for (offset, c) in original.char_indices() {
            let start = to_u32(offset);
            let end = to_u32(offset + c.len_utf8());
            let mut push = |out: char, text: &mut String| {
                let before = text.len();
                text.push(out);
                for _ in before..text.len() {
                    starts.push(start);
                    ends.push(end);
                }
            };
            match classify(c) {
                Folding::Drop => {}
                Folding::Space => {
                    if !last_was_space {
                        push(' ', &mut text);
                        last_was_space = true;
                    }
                }
                Folding::Chars(c) if c.is_ascii() => {
                    push(c.to_ascii_lowercase(), &mut text);
                    last_was_space = false;
                }
                Folding::Chars(c) => {
                    for lower in c.to_lowercase() {
                        push(lower, &mut text);
                    }
                    last_was_space = false;
                }
            }
        }
        Folded { text, starts, ends }
    }

    /// The folded text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The original byte range behind the folded range `start..end` (non-empty).
    pub fn original(&self, start: usize, end: usize) -> (usize, usize) {
        debug_assert!(start < end && end <= self.text.len());
        (self.starts[start] as usize, self.ends[end - 1] as usize)
    }
}

fn to_u32(n: usize) -> u32 {
    // Inputs are capped far below 4 GiB before they reach the matcher (see
    // `input::MAX_FILE_SIZE`), so this conversion cannot truncate.
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Fold a phrase-list entry the way [`Folded::new`] folds text, trimming the ends.
/// With `lowercase` false the case is kept (for case-sensitive comparisons).
pub(crate) fn fold_term(term: &str, lowercase: bool) -> String {
    let mut out = String::with_capacity(term.len());
    let mut last_was_space = true;
    for c in term.chars() {
        // Most phrases are plain ASCII words: skip the Unicode tables.
        if c.is_ascii_alphanumeric() {
            out.push(if lowercase { c.to_ascii_lowercase() } else { c });
            last_was_space = false;
            continue;
        }
        match classify(c) {
            Folding::Drop => {}
            Folding::Space => {
                if !last_was_space {
                    out.push(' ');
                    last_was_space = true;
                }
            }
            Folding::Chars(c) => {
                if lowercase {
                    out.extend(c.to_lowercase());
                } else {
                    out.push(c);
                }
                last_was_space = false;
            }
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// A phrase-list entry as the phrase table holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FoldedPhrase<S> {
    /// The phrase folded (see [`fold_term`]), without a trailing `*`.
    pub folded: S,
    /// The phrase folded with its letter case kept, for case-sensitive
    /// lists; `None` when that is `folded` (ASCII without capitals).
    pub exact: Option<S>,
    /// The entry ended in `*`: it matches as the start of a word.
    pub prefix: bool,
    /// `folded` is words joined by spaces or apostrophes (see
    /// [`is_word_run`]).
    pub word_run: bool,
}

/// Prepare a phrase-list entry for the phrase table; `None` if nothing is
/// left once it is folded. `build.rs` runs this over the built-in lexicons.
pub(crate) fn fold_phrase(phrase: &str) -> Option<FoldedPhrase<String>> {
    let (body, prefix) = match phrase.trim().strip_suffix('*') {
        Some(body) => (body, true),
        None => (phrase, false),
    };
    let folded = fold_term(body, true);
    if folded.is_empty() {
        return None;
    }
    let exact = if body.is_ascii() && !body.bytes().any(|b| b.is_ascii_uppercase()) {
        None
    } else {
        Some(fold_term(body, false))
    };
    Some(FoldedPhrase {
        word_run: is_word_run(&folded),
        folded,
        exact,
        prefix,
    })
}

/// Whether a folded phrase is words joined by spaces or apostrophes, starting
/// and ending with a word character: such a phrase can only match from a
/// word start to a word end.
pub(crate) fn is_word_run(folded: &str) -> bool {
    folded.chars().next().is_some_and(is_word_char)
        && folded.chars().next_back().is_some_and(is_word_char)
        && folded
            .chars()
            .all(|c| is_word_char(c) || c == ' ' || c == '\'')
}

/// Characters that belong to a word for whole-word matching: letters, digits,
/// marks that combine with them, and the underscore (so `@OT_Sam` is one word).
pub(crate) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || is_combining_mark(c)
}

fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_quotes_hyphens_and_spaces() {
        let f = Folded::new("Bed-Blocker’s  NOTES\u{200B}x");
        assert_eq!(f.as_str(), "bed blocker's notesx");
    }

    #[test]
    fn maps_back_to_original_bytes() {
        let original = "Café ÉCOLE";
        let f = Folded::new(original);
        assert_eq!(f.as_str(), "café école");
        let start = f.as_str().find("école").unwrap();
        let (s, e) = f.original(start, start + "école".len());
        assert_eq!(&original[s..e], "ÉCOLE");
    }

    #[test]
    fn multi_char_lowercase_maps_to_one_original_char() {
        // U+0130 lower-cases to two characters.
        let original = "xİy";
        let f = Folded::new(original);
        let (s, e) = f.original(1, f.as_str().len() - 1);
        assert_eq!(&original[s..e], "İ");
    }

    #[test]
    fn terms_fold_like_text() {
        assert_eq!(fold_term("  Bed–blocker ", true), "bed–blocker");
        assert_eq!(fold_term("bed-blocker", true), "bed blocker");
        assert_eq!(fold_term("Mrs O’Neill", false), "Mrs O'Neill");
    }
}
