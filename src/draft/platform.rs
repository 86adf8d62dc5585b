//! Social platforms and how each counts the length of a post.
//!
//! | Platform | Limit | Counted as |
//! | --- | --- | --- |
//! | X (Twitter) | 280 | weighted: after NFC, each URL counts 23, each emoji 2, characters in U+0000-U+10FF, U+2000-U+200D, U+2010-U+201F and U+2032-U+2037 count 1, all others (CJK, for instance) 2 (twitter-text configuration v3) |
//! | Bluesky | 300 | grapheme clusters (what a reader sees as one character) |
//! | Mastodon | 500 | grapheme clusters, each URL counted as 23 and `@user@server` mentions as `@user` (Mastodon's status length validator) |
//! | Threads | 500 | grapheme clusters |
//! | LinkedIn | 3,000 | characters (Unicode scalar values) |
//! | Instagram | 2,200 (and at most 30 hashtags) | characters |
//! | Facebook | 63,206 | characters |

use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

/// A platform a draft is meant for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Platform {
    /// X, formerly Twitter (`twitter` is accepted as a name).
    #[serde(alias = "twitter")]
    X,
    /// Bluesky.
    Bluesky,
    /// Mastodon.
    Mastodon,
    /// LinkedIn.
    Linkedin,
    /// Instagram.
    Instagram,
    /// Facebook.
    Facebook,
    /// Threads.
    Threads,
}

impl Platform {
    /// Every platform, for help and error messages.
    pub const ALL: [Platform; 7] = [
        Platform::X,
        Platform::Bluesky,
        Platform::Mastodon,
        Platform::Linkedin,
        Platform::Instagram,
        Platform::Facebook,
        Platform::Threads,
    ];

    /// The platform's name as written in front matter and on the command line.
    pub const fn as_str(self) -> &'static str {
        match self {
            Platform::X => "x",
            Platform::Bluesky => "bluesky",
            Platform::Mastodon => "mastodon",
            Platform::Linkedin => "linkedin",
            Platform::Instagram => "instagram",
            Platform::Facebook => "facebook",
            Platform::Threads => "threads",
        }
    }

    /// The platform's name for people.
    pub const fn display_name(self) -> &'static str {
        match self {
            Platform::X => "X",
            Platform::Bluesky => "Bluesky",
            Platform::Mastodon => "Mastodon",
            Platform::Linkedin => "LinkedIn",
            Platform::Instagram => "Instagram",
            Platform::Facebook => "Facebook",
            Platform::Threads => "Threads",
        }
    }

    /// The platform called `name` (case-insensitive; `twitter` means X).
    pub fn from_name(name: &str) -> Option<Platform> {
        let lower = name.trim().to_ascii_lowercase();
        if lower == "twitter" {
            return Some(Platform::X);
        }
        Platform::ALL.into_iter().find(|p| p.as_str() == lower)
    }

    /// Longest post the platform accepts, in its own units.
    pub const fn max_length(self) -> usize {
        match self {
            Platform::X => 280,
            Platform::Bluesky => 300,
            Platform::Mastodon | Platform::Threads => 500,
            Platform::Linkedin => 3_000,
            Platform::Instagram => 2_200,
            Platform::Facebook => 63_206,
        }
    }

    /// Most hashtags a post may carry, where the platform sets a limit.
    pub const fn max_hashtags(self) -> Option<usize> {
        match self {
            Platform::Instagram => Some(30),
            _ => None,
        }
    }

    /// The length of `text` as this platform counts it.
    pub fn length(self, text: &str) -> usize {
        match self {
            Platform::X => x_weighted_length(text),
            Platform::Bluesky | Platform::Threads => text.graphemes(true).count(),
            Platform::Mastodon => mastodon_length(text),
            Platform::Linkedin | Platform::Instagram | Platform::Facebook => text.chars().count(),
        }
    }
}

impl std::fmt::Display for Platform {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.display_name())
    }
}

/// Web addresses as the platforms shorten them: with a scheme, or a bare
/// domain with a common top-level domain.
static URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)https?://[^\s<>]+|(?-u:\b)(?:[a-z0-9-]+\.)+(?:com|org|net|uk|io|ly|co|gov|nhs|info|me|app|dev|social|xyz)(?:/[^\s<>]*)?",
    )
    .expect("the URL pattern is valid")
});

/// `@user@server` mentions (Mastodon counts only `@user`).
static MENTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"@([A-Za-z0-9_]+)@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
        .expect("the mention pattern is valid")
});

/// Hashtags: `#` then letters, digits or underscores, not straight after a word.
static HASHTAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^\w&#])(#[\p{L}\p{N}_]*\p{L}[\p{L}\p{N}_]*)")
        .expect("the hashtag pattern is valid")
});

/// Length of the transformed URL on X and Mastodon.
const SHORT_URL: usize = 23;

fn x_weighted_length(text: &str) -> usize {
    let text: String = text.nfc().collect();
    let mut total = 0;
    let mut last = 0;
    for url in URL.find_iter(&text) {
        total += x_weigh(&text[last..url.start()]) + SHORT_URL;
        last = url.end();
    }
    total + x_weigh(&text[last..])
}

fn x_weigh(text: &str) -> usize {
    text.graphemes(true)
        .map(|g| {
            if is_emoji(g) {
                2
            } else {
                g.chars().map(|c| if is_light(c) { 1 } else { 2 }).sum()
            }
        })
        .sum()
}

/// Code points X counts as one (the ranges of weight 100 in twitter-text v3).
fn is_light(c: char) -> bool {
    matches!(c, '\u{0000}'..='\u{10FF}' | '\u{2000}'..='\u{200D}' | '\u{2010}'..='\u{201F}' | '\u{2032}'..='\u{2037}')
}

/// Whether a grapheme cluster is an emoji (pictographs, flags (regional
/// indicators are in U+1F1E6-U+1F1FF), keycaps, or a
/// symbol made emoji by U+FE0F).
fn is_emoji(g: &str) -> bool {
    g.chars().any(|c| {
        matches!(c, '\u{1F000}'..='\u{1FAFF}' | '\u{FE0F}' | '\u{20E3}')
            || (matches!(c, '\u{2600}'..='\u{27BF}' | '\u{2B00}'..='\u{2BFF}')
                && g.chars().count() == 1)
    })
}

fn mastodon_length(text: &str) -> usize {
    let without_domains = MENTION.replace_all(text, "@$1");
    let mut total = 0;
    let mut last = 0;
    for url in URL.find_iter(&without_domains) {
        total += without_domains[last..url.start()].graphemes(true).count() + SHORT_URL;
        last = url.end();
    }
    total + without_domains[last..].graphemes(true).count()
}

/// Byte ranges of the hashtags in `text`.
pub fn hashtags(text: &str) -> Vec<std::ops::Range<usize>> {
    HASHTAG
        .captures_iter(text)
        .filter_map(|c| c.get(1))
        .map(|m| m.range())
        .collect()
}

/// The text of `view` that counts towards a post's length: everything but the
/// `uncounted` ranges (markup, poll options), with the ends trimmed. `view`
/// may be a prefix of the text the ranges were found in, so they are cut to
/// its length.
pub fn countable(view: &str, uncounted: &[crate::Span]) -> String {
    let mut out = String::with_capacity(view.len());
    let mut last = 0;
    for s in uncounted {
        let (start, end) = (s.start.min(view.len()), s.end.min(view.len()));
        if start > last {
            out.push_str(&view[last..start]);
        }
        last = last.max(end);
    }
    if last < view.len() {
        out.push_str(&view[last..]);
    }
    out.trim().to_owned()
}

/// If `view` is over the platform's limit: its length as the platform counts
/// it, and the byte offset in `view` of the first grapheme that no longer fits.
pub fn overflow(
    platform: Platform,
    view: &str,
    uncounted: &[crate::Span],
) -> Option<(usize, usize)> {
    let limit = platform.max_length();
    let measured = platform.length(&countable(view, uncounted));
    if measured <= limit {
        return None;
    }
    // Lengths grow with the prefix, so find the longest prefix that fits.
    let boundaries: Vec<usize> = view
        .grapheme_indices(true)
        .map(|(i, _)| i)
        .chain([view.len()])
        .collect();
    let fits = boundaries
        .partition_point(|&end| platform.length(&countable(&view[..end], uncounted)) <= limit);
    let at = boundaries[fits.saturating_sub(1).min(boundaries.len() - 1)];
    Some((measured, at))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn x_weights_urls_emoji_cjk_and_combining_marks() {
        assert_eq!(Platform::X.length("hello"), 5);
        assert_eq!(
            Platform::X.length("see https://example.com/a/very/long/path?query=1"),
            4 + 23
        );
        assert_eq!(Platform::X.length("nhs.uk/conditions"), 23);
        // Emoji count 2 whatever their code points: skin tone, ZWJ family, flag, keycap.
        assert_eq!(Platform::X.length("👍"), 2);
        assert_eq!(Platform::X.length("👍🏽"), 2);
        assert_eq!(Platform::X.length("👨‍👩‍👧"), 2);
        assert_eq!(Platform::X.length("🇬🇧"), 2);
        assert_eq!(Platform::X.length("❤️"), 2);
        // CJK counts 2 per character; Latin with a combining mark is one after NFC.
        assert_eq!(Platform::X.length("中文"), 4);
        assert_eq!(Platform::X.length("e\u{301}"), 1);
        // U+2026 (…) is outside the light ranges, so it counts 2.
        assert_eq!(Platform::X.length("“quotes” – dash…"), 17);
        assert_eq!(Platform::X.length(&"a".repeat(280)), 280);
    }

    #[test]
    fn bluesky_and_threads_count_graphemes() {
        assert_eq!(Platform::Bluesky.length("👨‍👩‍👧🇬🇧e\u{301}中"), 4);
        assert_eq!(Platform::Threads.length("👍🏽"), 1);
    }

    #[test]
    fn mastodon_counts_urls_and_mentions_short() {
        assert_eq!(
            Platform::Mastodon.length("hi @ot_jo@mastodon.social"),
            3 + 6
        );
        assert_eq!(
            Platform::Mastodon.length("https://example.com/a/very/long/path 👍🏽"),
            23 + 2
        );
    }

    #[test]
    fn character_platforms_count_scalars() {
        assert_eq!(Platform::Linkedin.length("e\u{301}👍🏽"), 4);
    }

    #[test]
    fn overflow_points_at_the_first_grapheme_past_the_limit() {
        let text = format!("{}👍🏽 tail", "a".repeat(279));
        let (measured, at) = overflow(Platform::X, &text, &[]).unwrap();
        // 279 + emoji (2) = 281 > 280: the emoji is the first that does not fit.
        assert_eq!(measured, 279 + 2 + 5);
        assert_eq!(&text[at..], "👍🏽 tail");
        assert_eq!(overflow(Platform::X, "short", &[]), None);
        // Uncounted ranges (poll options) do not count.
        let poll = format!("{}\n( ) {}", "a".repeat(270), "b".repeat(20));
        let options = [crate::Span::new(271, poll.len())];
        assert_eq!(overflow(Platform::X, &poll, &options), None);
    }

    #[test]
    fn ranges_past_the_end_of_a_prefix_are_cut_to_it() {
        // A poll option after the limit: the prefix view ends before it.
        let text = "aaaa bbbb\n( ) Leaflets";
        let poll = crate::Span::new(10, text.len());
        assert_eq!(countable(&text[..7], &[poll]), "aaaa bb");
        assert_eq!(countable(&text[..12], &[poll]), "aaaa bbbb");
        let long = format!("{}\n( ) Leaflets\n( ) Videos\n", "a ".repeat(150));
        let option = crate::Span::new(301, long.len());
        assert!(overflow(Platform::X, &long, &[option]).is_some());
    }

    #[test]
    fn countable_skips_ranges_and_trims() {
        assert_eq!(
            countable("  ab  cd ef ", &[crate::Span::new(4, 7)]),
            "abd ef"
        );
    }

    #[test]
    fn hashtags_are_found_but_not_inside_words_or_urls_fragments() {
        let text = "#OTalk and #ChooseOT, not a#b or #123 or &#39;";
        let tags: Vec<&str> = hashtags(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(tags, ["#OTalk", "#ChooseOT"]);
    }

    #[test]
    fn names() {
        assert_eq!(Platform::from_name("Twitter"), Some(Platform::X));
        assert_eq!(Platform::from_name("LinkedIn"), Some(Platform::Linkedin));
        assert_eq!(Platform::from_name("myspace"), None);
    }
}
