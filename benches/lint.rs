//! Lint throughput against the bare-scan limit (issue 6).
//!
//! ```sh
//! cargo bench --bench lint                 # everything
//! cargo bench --bench lint -- corpus_10k   # one group (divan filters by name)
//! ```
//!
//! All benchmarks run on the deterministic corpus of `benches/common/corpus.rs`
//! (the same posts `cargo run --release --example gen_corpus` writes) and on
//! the full default pack, on one thread:
//!
//! * `build_builtin`: compiling the embedded pack (`RuleSet::builtin()`).
//! * `one_post`: `RuleSet::lint` on one mid-length post with a breach.
//! * `corpus_10k::lint_each_post`: `RuleSet::lint` on each of the 10,000 posts.
//! * `corpus_10k::check_file`: the 10,000 posts as one `.txt` thread file
//!   through `FileReport::check_as` (parsing, linting, line/column, waivers):
//!   what `postlint check posts.txt` does before printing.
//! * `corpus_10k::bare_scan_file`: the bare scan of the same file text: one
//!   Aho-Corasick pass (ASCII case-insensitive, overlapping, `MatchKind::Standard`)
//!   over every phrase of the pack plus one `RegexSet` pass over every pattern,
//!   both from `RuleSet::search_terms()`.
//! * `corpus_10k::bare_scan_each_post`: the same scan post by post. A
//!   `RegexSet` may stop as soon as every pattern has matched once, which over
//!   one 6 MB text can be early; per post it cannot stop before each post's end.
//!   One pass takes minutes (the set's lazy DFA gives up on ~360 Unicode
//!   patterns and it falls back to an NFA simulation), so:
//! * `sample_200::{lint_each_post, bare_scan_each_post}`: both on the first
//!   200 posts of the corpus, for a lint/bare-scan ratio that finishes.
//!
//! Each reports bytes/s and posts/s (divan's `BytesCount` and `ItemsCount`).
//! The lint/bare-scan ratio is `check_file` / `bare_scan_file` (and
//! `lint_each_post` / `bare_scan_each_post`, in `corpus_10k` or `sample_200`)
//! from the same run.

#[path = "common/corpus.rs"]
mod corpus;

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use divan::counter::{BytesCount, ItemsCount};
use divan::{Bencher, black_box};
use postlint::RuleSet;
use postlint::draft::{DraftKind, ParseOptions};
use postlint::input::Document;
use postlint::report::FileReport;
use postlint::rules::SearchTerms;
use regex::{RegexSet, RegexSetBuilder};

fn main() {
    divan::main();
}

/// Posts in the large corpus.
const POSTS: usize = 10_000;

struct Fixture {
    rules: RuleSet,
    posts: Vec<String>,
    /// The posts as one `.txt` thread file.
    file: String,
    scan: BareScan,
}

static FIXTURE: LazyLock<Fixture> = LazyLock::new(|| {
    let rules = RuleSet::builtin().expect("the default pack compiles");
    let generated = corpus::posts(POSTS);
    let file = corpus::thread_file(&generated);
    let scan = BareScan::new(&rules.search_terms());
    Fixture {
        posts: generated.into_iter().map(|p| p.text).collect(),
        rules,
        file,
        scan,
    }
});

/// One Aho-Corasick automaton over every phrase and one `RegexSet` over every
/// pattern: the least work any linter of this pack must do.
struct BareScan {
    phrases: AhoCorasick,
    patterns: RegexSet,
}

impl BareScan {
    fn new(terms: &SearchTerms) -> Self {
        let phrases = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(&terms.phrases)
            .expect("the phrases build an automaton");
        let patterns = RegexSetBuilder::new(&terms.patterns)
            .size_limit(256 << 20)
            .dfa_size_limit(256 << 20)
            .build()
            .expect("the patterns build a RegexSet");
        BareScan { phrases, patterns }
    }

    /// Phrase matches plus patterns matched, so nothing is optimised away.
    fn scan(&self, text: &str) -> usize {
        self.phrases.find_overlapping_iter(text).count() + self.patterns.matches(text).len()
    }
}

fn bytes_of<S: AsRef<str>>(posts: &[S]) -> usize {
    posts.iter().map(|p| p.as_ref().len()).sum()
}

#[divan::bench(sample_count = 20, sample_size = 1)]
fn build_builtin() -> RuleSet {
    RuleSet::builtin().expect("the default pack compiles")
}

#[divan::bench]
fn one_post(bencher: Bencher) {
    let f = &*FIXTURE;
    // A post of typical length with a planted breach, so the rules' checks
    // around a match run too.
    let post = corpus::posts(200)
        .into_iter()
        .find(|p| p.breach.is_some() && (250..600).contains(&p.text.len()))
        .expect("the corpus has a mid-length post with a breach")
        .text;
    bencher
        .counter(BytesCount::of_str(&post))
        .counter(ItemsCount::new(1usize))
        .bench(|| f.rules.lint(black_box(&post)).len());
}

/// Run `work` on each of the first `count` posts of the corpus in turn.
fn each_post(bencher: Bencher, count: usize, work: impl Fn(&str) -> usize + Sync) {
    let posts = &FIXTURE.posts[..count];
    bencher
        .counter(BytesCount::new(bytes_of(posts)))
        .counter(ItemsCount::new(count))
        .bench(|| posts.iter().map(|p| work(black_box(p))).sum::<usize>());
}

#[divan::bench_group(sample_count = 10, sample_size = 1)]
mod sample_200 {
    use super::{FIXTURE, each_post};
    use divan::Bencher;

    /// Posts in the sample.
    const SAMPLE: usize = 200;

    #[divan::bench]
    fn lint_each_post(bencher: Bencher) {
        each_post(bencher, SAMPLE, |post| FIXTURE.rules.lint(post).len());
    }

    #[divan::bench]
    fn bare_scan_each_post(bencher: Bencher) {
        each_post(bencher, SAMPLE, |post| FIXTURE.scan.scan(post));
    }
}

#[divan::bench_group(sample_count = 10, sample_size = 1)]
mod corpus_10k {
    use super::{
        BytesCount, Document, DraftKind, FIXTURE, FileReport, ItemsCount, POSTS, ParseOptions,
        black_box, each_post,
    };
    use divan::Bencher;

    #[divan::bench]
    fn lint_each_post(bencher: Bencher) {
        each_post(bencher, POSTS, |post| FIXTURE.rules.lint(post).len());
    }

    #[divan::bench]
    fn check_file(bencher: Bencher) {
        let f = &*FIXTURE;
        let options = ParseOptions::default();
        bencher
            .counter(BytesCount::of_str(&f.file))
            .counter(ItemsCount::new(POSTS))
            .with_inputs(|| Document {
                name: "posts.txt".to_owned(),
                text: f.file.clone(),
            })
            .bench_values(|doc| {
                FileReport::check_as(&f.rules, doc, DraftKind::Text, &options, &[])
                    .diagnostics()
                    .len()
            });
    }

    #[divan::bench]
    fn bare_scan_file(bencher: Bencher) {
        let f = &*FIXTURE;
        bencher
            .counter(BytesCount::of_str(&f.file))
            .counter(ItemsCount::new(POSTS))
            .bench(|| f.scan.scan(black_box(&f.file)));
    }

    #[divan::bench]
    fn bare_scan_each_post(bencher: Bencher) {
        each_post(bencher, POSTS, |post| FIXTURE.scan.scan(post));
    }
}
