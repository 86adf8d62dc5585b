//! Compiled matchers and their evaluation over one post.
//!
//! A rule's `match` compiles to a tree of [`Matcher`]s. Leaves (phrase lists and
//! regex patterns) are computed once per post and cached; composite nodes work on
//! the leaves' spans. Evaluation takes a *context*: the region of the post being
//! looked at and, inside `all`/`near` and in conditions attached to a match
//! (`unless`, modifiers), the *anchor* span that `within` is measured from.
//!
//! Semantics (documented for rule authors in `rules/README.md`):
//! * a leaf finds its spans that overlap the region;
//! * `any` finds the spans of every branch; `at-least` those of the branches
//!   that match, if at least `count` of them do;
//! * `all` finds the spans of its first entry for which every other entry
//!   matches, each looked for relative to that span;
//! * `not` matches when its entry finds nothing (it finds no spans itself);
//! * `valid` holds when the anchor's text passes a validator, `context` when
//!   the post's platform or account is as given; neither finds spans, and an
//!   `all` that starts with such a test only tests;
//! * `within` re-scopes a node to the anchor's sentence, a word window around
//!   it, the anchor itself, or the whole post;
//! * `unless` drops each span for which a suppressor matches (in the span's
//!   sentence unless the suppressor's own `within` says otherwise).

mod gate;
mod pattern;
pub(crate) mod required;
mod terms;
pub mod validators;

use std::borrow::Cow;
use std::cell::{OnceCell, RefCell};
use std::rc::Rc;

use crate::draft::platform::{self, Platform};
use crate::draft::{Account, Element, ElementKind, PostContext};
use crate::text::{Folded, Segments, Span};
pub(crate) use pattern::{Pattern, compile as compile_pattern};
pub(crate) use terms::{FnvMap, TermError, TermRef, TermTable};
use validators::Validator;

/// Where a condition is looked for, relative to the anchor span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    /// The anchor itself.
    Hit,
    /// The sentence(s) the anchor is in.
    Sentence,
    /// The whole post.
    Post,
    /// `words` tokens either side of the anchor, optionally cut to its sentence.
    Words { words: usize, same_sentence: bool },
}

/// A compiled matcher node.
#[derive(Debug)]
pub(crate) struct Matcher {
    pub kind: Kind,
    pub within: Option<Scope>,
    pub unless: Vec<Matcher>,
}

/// What a node does.
#[derive(Debug)]
pub(crate) enum Kind {
    /// A phrase list or pattern, by leaf id.
    Leaf(usize),
    /// A named condition, by index.
    Condition(usize),
    Any(Vec<Matcher>),
    All(Vec<Matcher>),
    Not(Box<Matcher>),
    AtLeast(usize, Vec<Matcher>),
    /// A test of the post's context (platform, account); finds no text.
    Context(ContextTest),
    /// A test that the anchor's text passes a validator; finds no text.
    Valid(Validator),
    /// `all` whose first entry is a test: every entry must hold; finds no text.
    AllTests(Vec<Matcher>),
}

/// `context:` in a rule: which posts a condition applies to.
#[derive(Debug, Clone, Default)]
pub(crate) struct ContextTest {
    /// The post's platform is one of these (empty: any, including unknown).
    pub platforms: Vec<Platform>,
    /// The post's account is this one (unknown counts as personal).
    pub account: Option<Account>,
}

impl ContextTest {
    fn holds(&self, context: &PostContext) -> bool {
        let platform_ok = self.platforms.is_empty()
            || context
                .platform
                .is_some_and(|p| self.platforms.contains(&p));
        let account_ok = self
            .account
            .is_none_or(|a| context.account.unwrap_or(Account::Personal) == a);
        platform_ok && account_ok
    }
}

/// What a `measure:` leaf measures against the post's platform.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MeasureKind {
    /// Length as the platform counts it, against its limit.
    PlatformLength,
    /// Number of hashtags, against the platform's limit (Instagram: 30).
    PlatformHashtags,
}

/// A measurement of a post that is over a platform limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Measurement {
    /// The platform whose limit applies.
    pub platform: Platform,
    /// What was measured (characters or hashtags).
    pub measured: usize,
    /// The platform's limit.
    pub limit: usize,
    /// Byte offset in the post where the excess starts.
    pub from: usize,
}

impl Matcher {
    pub fn new(kind: Kind) -> Self {
        Matcher {
            kind,
            within: None,
            unless: Vec::new(),
        }
    }
}

/// A leaf: the thing computed directly from the text.
#[derive(Debug)]
pub(crate) enum Leaf {
    Terms {
        terms: Vec<TermRef>,
        case_sensitive: bool,
    },
    Pattern {
        pattern: Pattern,
        validator: Option<Validator>,
    },
    Measure(MeasureKind),
    Element(ElementKind),
}

/// Everything matchers refer to by index: leaves, conditions, the phrase table.
#[derive(Debug, Default)]
pub(crate) struct Tables {
    pub terms: TermTable,
    pub leaves: Vec<Leaf>,
    pub conditions: Vec<Matcher>,
    /// Gate literals of the pattern leaves (see `gate`).
    pub gates: gate::Gates,
    /// For each leaf: whether it is a gated pattern.
    pub gated: Vec<bool>,
    /// For each phrase pattern id: the phrase-list leaves that hold it, as
    /// (leaf id, index in the leaf's terms); see [`Tables::holders`].
    term_index: Vec<(u32, u32)>,
    /// Where each pattern id's entries start in `term_index` (one more
    /// entry than there are patterns).
    term_index_starts: Vec<u32>,
}

impl Tables {
    /// Index the phrase-list leaves by phrase, once every leaf is known, so a
    /// post's phrase hits are shared out to the leaves in one pass. The
    /// index is one flat list grouped by phrase (a list per phrase would be
    /// tens of thousands of allocations when the pack loads).
    pub fn index_terms(&mut self) {
        let phrases = self.terms.phrases().len();
        let holders = || {
            self.leaves
                .iter()
                .enumerate()
                .filter_map(|(id, leaf)| match leaf {
                    Leaf::Terms { terms, .. } => Some((id, terms)),
                    _ => None,
                })
                .flat_map(|(id, terms)| {
                    terms
                        .iter()
                        .enumerate()
                        .map(move |(i, term)| (term.pattern as usize, (to_u32(id), to_u32(i))))
                })
        };
        // Count each phrase's holders, turn the counts into where each
        // phrase's run ends, then fill each run from its end: every `bounds`
        // entry is then where its run starts.
        let mut bounds = vec![0u32; phrases + 1];
        for (pattern, _) in holders() {
            bounds[pattern + 1] += 1;
        }
        for i in 1..bounds.len() {
            bounds[i] += bounds[i - 1];
        }
        let mut index = vec![(0, 0); bounds[phrases] as usize];
        for (pattern, holder) in holders() {
            bounds[pattern + 1] -= 1;
            index[bounds[pattern + 1] as usize] = holder;
        }
        // `bounds[p + 1]` now starts run `p`; shift back by one.
        bounds.remove(0);
        bounds.push(to_u32(index.len()));
        self.term_index = index;
        self.term_index_starts = bounds;
    }

    /// The phrase-list leaves that hold phrase `pattern`, as (leaf id, index
    /// in the leaf's terms).
    fn holders(&self, pattern: u32) -> &[(u32, u32)] {
        let pattern = pattern as usize;
        let (start, end) = (
            self.term_index_starts[pattern] as usize,
            self.term_index_starts[pattern + 1] as usize,
        );
        &self.term_index[start..end]
    }

    /// Work out the gates once every leaf is known. `known` gives what a
    /// pattern requires when that was worked out ahead of time (for the
    /// built-in pack, by `build.rs`); other patterns are analysed here.
    pub fn build_gates(&mut self, known: impl Fn(&str) -> Option<KnownRequired>) {
        let borrowed = |literals: &[&'static str]| -> Vec<Cow<'static, str>> {
            literals.iter().map(|l| Cow::Borrowed(*l)).collect()
        };
        let owned = |literals: Vec<String>| -> Vec<Cow<'static, str>> {
            literals.into_iter().map(Cow::Owned).collect()
        };
        let patterns: Vec<gate::PatternLiterals> = self
            .leaves
            .iter()
            .enumerate()
            .filter_map(|(leaf, kind)| match kind {
                Leaf::Pattern { pattern, .. } => {
                    let source = pattern.as_str();
                    let (mut sets, starts) = match known(source) {
                        Some(known) => (
                            known.sets.iter().map(|set| borrowed(set)).collect(),
                            borrowed(known.starts),
                        ),
                        None => {
                            let required = required::required(source);
                            (
                                required.sets.into_iter().map(owned).collect::<Vec<_>>(),
                                owned(required.starts),
                            )
                        }
                    };
                    sets.retain(|literals| gate::useful(literals));
                    Some(gate::PatternLiterals { leaf, sets, starts })
                }
                _ => None,
            })
            .collect();
        self.gated = vec![false; self.leaves.len()];
        for p in &patterns {
            self.gated[p.leaf] = !p.sets.is_empty();
        }
        self.gates = gate::Gates::new(&patterns);
    }
}

/// What a built-in pattern requires, as `build.rs` worked it out (see
/// [`required::Required`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct KnownRequired {
    pub sets: &'static [&'static [&'static str]],
    pub starts: &'static [&'static str],
}

/// The result of evaluating a node.
#[derive(Debug, Default)]
pub(crate) struct Outcome {
    pub ok: bool,
    pub hits: Vec<Span>,
}

impl Outcome {
    fn from_hits(hits: Vec<Span>) -> Self {
        Outcome {
            ok: !hits.is_empty(),
            hits,
        }
    }
}

/// Evaluation context: the region looked at and the anchor `within` refers to.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Ctx {
    pub region: Span,
    pub anchor: Option<Span>,
}

/// A post to evaluate: its text and what is known about it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Input<'a> {
    pub text: &'a str,
    pub context: PostContext,
    /// Ranges that do not count towards the post's length.
    pub uncounted: &'a [Span],
    pub elements: &'a [Element],
}

impl<'a> Input<'a> {
    /// Plain text with nothing else known.
    pub fn plain(text: &'a str) -> Self {
        Input {
            text,
            context: PostContext::default(),
            uncounted: &[],
            elements: &[],
        }
    }
}

/// Per-post evaluation state: the text plus lazily computed, cached analyses.
pub(crate) struct Post<'a> {
    text: &'a str,
    input: Input<'a>,
    tables: &'a Tables,
    folded: OnceCell<Folded>,
    segments: OnceCell<Segments>,
    /// For each leaf: its phrase hits, if it is a phrase list.
    term_hits: OnceCell<Vec<Vec<Span>>>,
    /// For each leaf: a gated pattern whose literals occur in the text; and
    /// where start literals occur, when the gates worked that out.
    open: OnceCell<(Vec<bool>, Option<gate::StartHits>)>,
    leaves: RefCell<Vec<Option<Rc<LeafHits>>>>,
}

/// A leaf's matches in a post, sorted by start, with the longest match's
/// length so that the matches overlapping a region can be found by binary
/// search (a post can hold thousands of matches).
struct LeafHits {
    spans: Vec<Span>,
    max_len: usize,
}

impl LeafHits {
    fn new(mut spans: Vec<Span>) -> Self {
        spans.sort_unstable();
        let max_len = spans.iter().map(|s| s.end - s.start).max().unwrap_or(0);
        LeafHits { spans, max_len }
    }

    /// The matches that overlap `region`.
    fn overlapping(&self, region: Span) -> impl Iterator<Item = Span> + '_ {
        let lo = self
            .spans
            .partition_point(|h| h.start + self.max_len <= region.start);
        let hi = self.spans.partition_point(|h| h.start < region.end);
        self.spans[lo..hi.max(lo)]
            .iter()
            .copied()
            .filter(move |h| h.overlaps(region))
    }
}

impl<'a> Post<'a> {
    pub fn new(input: Input<'a>, tables: &'a Tables) -> Self {
        Post {
            text: input.text,
            input,
            tables,
            folded: OnceCell::new(),
            segments: OnceCell::new(),
            term_hits: OnceCell::new(),
            open: OnceCell::new(),
            leaves: RefCell::new(vec![None; tables.leaves.len()]),
        }
    }

    /// The whole post as a context with no anchor.
    pub fn whole(&self) -> Ctx {
        Ctx {
            region: Span::new(0, self.text.len()),
            anchor: None,
        }
    }

    /// The context for a condition attached to `hit` (default: its sentence).
    pub fn around(&self, hit: Span) -> Ctx {
        Ctx {
            region: self.scope(Scope::Sentence, hit),
            anchor: Some(hit),
        }
    }

    fn segments(&self) -> &Segments {
        self.segments.get_or_init(|| Segments::new(self.text))
    }

    fn scope(&self, scope: Scope, anchor: Span) -> Span {
        match scope {
            Scope::Hit => anchor,
            Scope::Post => Span::new(0, self.text.len()),
            Scope::Sentence => self.segments().sentences_of(anchor),
            Scope::Words {
                words,
                same_sentence,
            } => {
                let window = self.segments().widen(anchor, words);
                if same_sentence {
                    let sentence = self.segments().sentences_of(anchor);
                    Span::new(
                        window.start.max(sentence.start),
                        window.end.min(sentence.end),
                    )
                } else {
                    window
                }
            }
        }
    }

    /// Evaluate `m` in `ctx`.
    pub fn eval(&self, m: &Matcher, ctx: Ctx) -> Outcome {
        let ctx = match (m.within, ctx.anchor) {
            (Some(scope), Some(anchor)) => Ctx {
                region: self.scope(scope, anchor),
                anchor: Some(anchor),
            },
            _ => ctx,
        };
        let mut out = match &m.kind {
            Kind::Leaf(id) => Outcome::from_hits(self.leaf(*id).overlapping(ctx.region).collect()),
            Kind::Condition(i) => self.eval(&self.tables.conditions[*i], ctx),
            Kind::Any(branches) => {
                let mut out = Outcome::default();
                for b in branches {
                    let o = self.eval(b, ctx);
                    out.ok |= o.ok;
                    out.hits.extend(o.hits);
                }
                sort_dedup(&mut out.hits);
                out
            }
            Kind::All(entries) => {
                let Some((first, rest)) = entries.split_first() else {
                    return Outcome::default();
                };
                if !entries.iter().all(|e| self.may_match(e)) {
                    return Outcome::default();
                }
                let anchors = self.eval(first, ctx).hits;
                Outcome::from_hits(
                    anchors
                        .into_iter()
                        .filter(|&a| {
                            let sub = Ctx {
                                region: ctx.region,
                                anchor: Some(a),
                            };
                            rest.iter().all(|e| self.eval(e, sub).ok)
                        })
                        .collect(),
                )
            }
            Kind::AllTests(entries) => Outcome {
                ok: entries.iter().all(|e| self.eval(e, ctx).ok),
                hits: Vec::new(),
            },
            Kind::Valid(v) => Outcome {
                ok: ctx.anchor.is_some_and(|a| v.check(&self.text[a.range()])),
                hits: Vec::new(),
            },
            Kind::Not(inner) => Outcome {
                ok: !self.eval(inner, ctx).ok,
                hits: Vec::new(),
            },
            Kind::Context(test) => Outcome {
                ok: test.holds(&self.input.context),
                hits: Vec::new(),
            },
            Kind::AtLeast(count, branches)
                if branches.iter().filter(|b| self.may_match(b)).count() < *count =>
            {
                Outcome::default()
            }
            Kind::AtLeast(count, branches) => {
                let mut matched = 0;
                let mut hits = Vec::new();
                for b in branches {
                    let o = self.eval(b, ctx);
                    if o.ok {
                        matched += 1;
                        hits.extend(o.hits);
                    }
                }
                if matched >= *count {
                    sort_dedup(&mut hits);
                    Outcome { ok: true, hits }
                } else {
                    Outcome::default()
                }
            }
        };
        if !m.unless.is_empty() && !out.hits.is_empty() {
            out.hits.retain(|&h| !self.suppressed(&m.unless, h));
            out.ok = !out.hits.is_empty();
        }
        out
    }

    /// Whether `m` could find anything in this post, worked out without
    /// running a regex: `false` only when something `m` cannot do without
    /// has no match anywhere in the post (a phrase list with no hits, a
    /// pattern whose gate literals are absent). A region or an `unless` only
    /// removes matches, so then `m` finds nothing wherever it is evaluated,
    /// and an `all` need not run its first entry's regex to learn that.
    fn may_match(&self, m: &Matcher) -> bool {
        match &m.kind {
            Kind::Leaf(id) => match &self.tables.leaves[*id] {
                Leaf::Pattern { .. } if self.leaves.borrow()[*id].is_none() => {
                    !self.tables.gated[*id] || self.is_open(*id)
                }
                _ => !self.leaf(*id).spans.is_empty(),
            },
            Kind::Condition(i) => self.may_match(&self.tables.conditions[*i]),
            Kind::Any(branches) => branches.iter().any(|b| self.may_match(b)),
            Kind::All(entries) | Kind::AllTests(entries) => {
                entries.iter().all(|e| self.may_match(e))
            }
            Kind::AtLeast(count, branches) => {
                branches.iter().filter(|b| self.may_match(b)).count() >= *count
            }
            Kind::Context(test) => test.holds(&self.input.context),
            Kind::Not(_) | Kind::Valid(_) => true,
        }
    }

    /// Whether any of `conditions` matches around `hit`.
    pub fn suppressed(&self, conditions: &[Matcher], hit: Span) -> bool {
        conditions.iter().any(|c| self.holds_around(c, hit))
    }

    /// Whether `condition` matches around `hit` (in its sentence unless the
    /// condition's own `within` says otherwise).
    pub fn holds_around(&self, condition: &Matcher, hit: Span) -> bool {
        self.eval(condition, self.around(hit)).ok
    }

    fn leaf(&self, id: usize) -> Rc<LeafHits> {
        if let Some(cached) = &self.leaves.borrow()[id] {
            return Rc::clone(cached);
        }
        let hits = if self.tables.gated[id] && !self.is_open(id) {
            Rc::new(LeafHits::new(Vec::new()))
        } else {
            Rc::new(LeafHits::new(self.compute_leaf(id)))
        };
        self.leaves.borrow_mut()[id] = Some(Rc::clone(&hits));
        hits
    }

    /// The gates' findings for this post (see `gate::Gates::open`).
    fn gates(&self) -> &(Vec<bool>, Option<gate::StartHits>) {
        self.open.get_or_init(|| {
            let mut open = vec![false; self.tables.leaves.len()];
            let starts = self.tables.gates.open(self.text, &mut open);
            (open, starts)
        })
    }

    /// Whether gated leaf `id` may match: one of its literals occurs.
    fn is_open(&self, id: usize) -> bool {
        self.gates().0.get(id).copied().unwrap_or(true)
    }

    /// Where a match of pattern leaf `id` could start, if that is known.
    fn starts(&self, id: usize) -> Option<Vec<usize>> {
        let hits = self.gates().1.as_ref()?;
        self.tables.gates.starts(id, hits)
    }

    /// Every phrase-list leaf's hits: the post is scanned once for every
    /// phrase of the rule set, and each hit is given to the leaves listing it.
    fn term_hits(&self) -> &[Vec<Span>] {
        self.term_hits.get_or_init(|| {
            let folded = self.folded.get_or_init(|| Folded::new(self.text));
            let mut out = vec![Vec::new(); self.tables.leaves.len()];
            for (pattern, hit) in self.tables.terms.scan(folded).iter() {
                for &(leaf, index) in self.tables.holders(pattern) {
                    let (leaf, index) = (leaf as usize, index as usize);
                    if let Leaf::Terms {
                        terms,
                        case_sensitive,
                    } = &self.tables.leaves[leaf]
                    {
                        let span = self.tables.terms.term_span(
                            terms[index],
                            *case_sensitive,
                            hit,
                            folded,
                            self.text,
                        );
                        out[leaf].extend(span);
                    }
                }
            }
            for spans in &mut out {
                spans.sort_unstable();
                spans.dedup();
            }
            out
        })
    }

    fn compute_leaf(&self, id: usize) -> Vec<Span> {
        match &self.tables.leaves[id] {
            Leaf::Terms { .. } => self.term_hits()[id].clone(),
            Leaf::Pattern { pattern, validator } => {
                let mut spans = pattern.find(self.text, self.starts(id).as_deref());
                spans.retain(|s| s.start < s.end);
                if let Some(v) = validator {
                    spans.retain(|s| v.check(&self.text[s.range()]));
                }
                spans
            }
            Leaf::Measure(kind) => {
                // From the first character over the limit to the end of the post.
                let end = self.text.trim_end().len();
                self.measure(*kind)
                    .map(|m| Span::new(m.from.min(end), end))
                    .filter(|s| s.start < s.end)
                    .into_iter()
                    .collect()
            }
            Leaf::Element(kind) => self
                .input
                .elements
                .iter()
                .filter(|e| e.kind == *kind)
                .map(|e| e.span)
                .collect(),
        }
    }

    /// The post's measurement against its platform's limit, if it is over it.
    pub fn measure(&self, kind: MeasureKind) -> Option<Measurement> {
        let platform = self.input.context.platform?;
        match kind {
            MeasureKind::PlatformLength => {
                platform::overflow(platform, self.text, self.input.uncounted).map(
                    |(measured, from)| Measurement {
                        platform,
                        measured,
                        limit: platform.max_length(),
                        from,
                    },
                )
            }
            MeasureKind::PlatformHashtags => {
                let limit = platform.max_hashtags()?;
                let tags = platform::hashtags(self.text);
                (tags.len() > limit).then(|| Measurement {
                    platform,
                    measured: tags.len(),
                    limit,
                    from: tags[limit].start,
                })
            }
        }
    }
}

/// `n` as a `u32` (table sizes are far below 4 billion).
fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn sort_dedup(hits: &mut Vec<Span>) {
    hits.sort_unstable();
    hits.dedup();
}

#[cfg(test)]
mod tests {
    use super::{Input, Kind, Leaf, Matcher, Pattern, Post, Tables};

    /// Tables with leaf 0 a built-in (lazily compiled) pattern that matches
    /// any word and leaf 1 the phrase list `zebra`; conditions none.
    fn tables() -> Tables {
        let mut tables = Tables::default();
        tables.leaves.push(Leaf::Pattern {
            pattern: Pattern::lazy(r"\w+"),
            validator: None,
        });
        let zebra = tables
            .terms
            .add("zebra")
            .unwrap_or_else(|_| panic!("a phrase"));
        tables.leaves.push(Leaf::Terms {
            terms: vec![zebra],
            case_sensitive: false,
        });
        tables.terms.finish().unwrap_or_else(|e| panic!("{e}"));
        tables.index_terms();
        tables.build_gates(|_| None);
        tables
    }

    fn all_word_and_zebra() -> Matcher {
        Matcher::new(Kind::All(vec![
            Matcher::new(Kind::Leaf(0)),
            Matcher::new(Kind::Leaf(1)),
        ]))
    }

    fn compiled(tables: &Tables) -> bool {
        match &tables.leaves[0] {
            Leaf::Pattern { pattern, .. } => pattern.is_compiled(),
            _ => unreachable!("leaf 0 is a pattern"),
        }
    }

    #[test]
    fn an_all_with_an_entry_absent_from_the_post_runs_no_regex() {
        let tables = tables();
        let post = Post::new(Input::plain("no striped animals here"), &tables);
        let out = post.eval(&all_word_and_zebra(), post.whole());
        assert!(!out.ok && out.hits.is_empty());
        assert!(!compiled(&tables), "the first entry's regex was not needed");

        let post = Post::new(Input::plain("a zebra crossing"), &tables);
        let out = post.eval(&all_word_and_zebra(), post.whole());
        assert_eq!(
            out.hits.len(),
            3,
            "every word, since `zebra` is in the post"
        );
        assert!(compiled(&tables));
    }
}
