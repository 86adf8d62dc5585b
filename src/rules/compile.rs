//! Turn parsed rule files into compiled rules and matchers.
//!
//! Compilation runs over all files together: first every lexicon and condition
//! name is registered (so any file may use any other file's), then conditions
//! and rules are compiled. Every problem is collected with its position; nothing
//! stops at the first error, so a rule author sees all of them at once.

use super::spec::{
    ConditionSpec, ContextSpec, ExampleSpec, LexiconSpec, LexiconTerms, MatcherSpec, ModifierSpec,
    PackFile, Report, RuleSpec, WithinSpec,
};
use super::{CATEGORIES, Citation, Example, Modifier, Rule, SeverityChange};
use crate::draft::platform::Platform;
use crate::draft::{Account, DraftKind, ElementKind, PostContext};
use crate::error::RuleError;
use crate::matcher::validators::Validator;
use crate::matcher::{
    ContextTest, FnvMap, Kind, Leaf, Matcher, MeasureKind, Pattern, Scope, Tables, TermError,
    TermRef,
};
use crate::yaml::{Located, line_column};

/// Longest regex pattern accepted, in bytes.
pub(crate) const MAX_PATTERN_LEN: usize = 2_000;
/// Origins of the embedded pack's files start with this.
pub(crate) const BUILTIN_PREFIX: &str = "builtin:";
/// Largest `words` window accepted in `near`/`within`.
pub(crate) const MAX_WINDOW: usize = 1_000;

/// One parsed rule file and its name for messages.
pub(crate) struct Source {
    pub origin: String,
    pub file: PackFile,
}

/// Compile every source into rules plus the shared tables.
/// Additions from a project configuration: terms for lexicons and patterns for
/// conditions that the rule files define.
#[derive(Default)]
pub(crate) struct Extensions {
    /// (origin, lexicon name, terms).
    pub lexicons: Vec<(String, Located<String>, Vec<Located<String>>)>,
    /// (origin, condition name, pattern).
    pub conditions: Vec<(String, String, Located<String>)>,
}

pub(crate) fn compile(
    sources: Vec<Source>,
    extensions: Extensions,
) -> Result<(Vec<Rule>, Tables), Vec<RuleError>> {
    let mut c = Compiler::default();
    let mut conditions: Vec<(String, Located<MatcherSpec>)> = Vec::new();
    let mut rules: Vec<(String, RuleSpec)> = Vec::new();

    for Source { origin, file } in sources {
        for (name, lexicon) in file.lexicons.0 {
            c.register_lexicon(&origin, name, lexicon);
        }
        for (name, condition) in file.conditions.0 {
            if let Some(spec) = c.register_condition(&origin, name, condition) {
                conditions.push((origin.clone(), spec));
            }
        }
        rules.extend(file.rules.into_iter().map(|r| (origin.clone(), r)));
    }
    for (origin, name, terms) in extensions.lexicons {
        match c.lexicons.get_mut(&name.value) {
            Some(entry) => entry
                .extra
                .extend(terms.into_iter().map(|t| (origin.clone(), t))),
            None => {
                c.origin = origin;
                let msg = format!("unknown lexicon `{}`", name.value);
                c.error(&name, msg);
            }
        }
    }

    let lexicon_terms = c.lexicons.values().map(|l| l.spec.terms.len()).sum();
    c.tables.terms.reserve(lexicon_terms);
    for (index, (origin, spec)) in conditions.into_iter().enumerate() {
        c.origin = origin;
        let m = c.matcher(&spec, Anchor::Maybe);
        c.tables.conditions[index] = m;
    }
    for (origin, name, pattern) in extensions.conditions {
        c.origin = origin;
        let Some((index, _)) = c.condition_index.get(&name).cloned() else {
            let msg = format!("the rules define no condition `{name}` to add this pattern to");
            c.error(&pattern, msg);
            continue;
        };
        let added = Matcher::new(c.pattern_leaf(&pattern, None));
        let original = std::mem::replace(
            &mut c.tables.conditions[index],
            Matcher::new(Kind::Any(Vec::new())),
        );
        c.tables.conditions[index] = Matcher::new(Kind::Any(vec![original, added]));
    }
    c.check_condition_cycles();

    let mut compiled = Vec::new();
    let mut seen: FnvMap<String, String> = FnvMap::default();
    for (origin, spec) in rules {
        c.origin = origin;
        let id = spec.id.value.clone();
        if let Some(first) = seen.get(&id) {
            c.error(
                &spec.id,
                format!("duplicate rule id `{id}` (first defined at {first})"),
            );
            continue;
        }
        let (line, column) = line_column(&spec.id);
        seen.insert(id, format!("{}:{line}:{column}", c.origin));
        if let Some(rule) = c.rule(spec) {
            compiled.push(rule);
        }
    }

    c.tables.build_gates(super::builtin::required);
    c.tables.index_terms();
    if let Err(e) = c.tables.terms.finish() {
        c.errors.push(RuleError::Invalid {
            origin: "rules".into(),
            line: 1,
            column: 1,
            message: format!("cannot build the phrase automaton: {e}"),
        });
    }
    if c.errors.is_empty() {
        Ok((compiled, c.tables))
    } else {
        Err(c.errors)
    }
}

/// Whether the node being compiled is evaluated relative to an anchor span,
/// which is what `within` measures from.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Anchor {
    No,
    Yes,
    /// Named conditions can be used in either position.
    Maybe,
}

#[derive(Default)]
struct Compiler {
    origin: String,
    tables: Tables,
    errors: Vec<RuleError>,
    lexicons: FnvMap<String, LexiconEntry>,
    condition_index: FnvMap<String, (usize, Place)>,
    /// Phrase-list leaves by how they were written (phrases, lexicon names,
    /// case-sensitive), so that a list used by several rules is one leaf.
    term_leaves: FnvMap<(Vec<String>, Vec<String>, bool), usize>,
    pattern_leaves: FnvMap<(String, Option<String>), usize>,
}

/// Where a name was defined: file, line, column.
#[derive(Clone)]
struct Place {
    origin: String,
    line: usize,
    column: usize,
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.origin, self.line, self.column)
    }
}

struct LexiconEntry {
    defined_at: String,
    spec: LexiconSpec,
    origin: String,
    /// Terms added by a project configuration, with their origin.
    extra: Vec<(String, Located<String>)>,
    resolved: Option<Vec<TermRef>>,
}

impl Compiler {
    fn error<T>(&mut self, at: &Located<T>, message: impl Into<String>) {
        let (line, column) = line_column(at);
        self.errors.push(RuleError::Invalid {
            origin: self.origin.clone(),
            line: line.max(1),
            column: column.max(1),
            message: message.into(),
        });
    }

    /// The validator called `name`, or an error naming the ones there are.
    fn validator(&mut self, name: &Located<String>) -> Option<Validator> {
        let found = Validator::by_name(&name.value);
        if found.is_none() {
            let msg = format!(
                "unknown validator `{}`; available: {}",
                name.value,
                Validator::NAMES.join(", ")
            );
            self.error(name, msg);
        }
        found
    }

    fn register_lexicon(&mut self, origin: &str, name: Located<String>, spec: LexiconSpec) {
        self.origin = origin.to_owned();
        if let Some(existing) = self.lexicons.get(&name.value) {
            let msg = format!(
                "duplicate lexicon `{}` (first defined at {})",
                name.value, existing.defined_at
            );
            self.error(&name, msg);
            return;
        }
        if !is_name(&name.value) {
            self.error(
                &name,
                format!(
                    "lexicon name `{}` must be lower-case words joined by hyphens",
                    name.value
                ),
            );
        }
        let (line, column) = line_column(&name);
        self.lexicons.insert(
            name.value,
            LexiconEntry {
                defined_at: format!("{origin}:{line}:{column}"),
                spec,
                origin: origin.to_owned(),
                extra: Vec::new(),
                resolved: None,
            },
        );
    }

    fn register_condition(
        &mut self,
        origin: &str,
        name: Located<String>,
        spec: ConditionSpec,
    ) -> Option<Located<MatcherSpec>> {
        self.origin = origin.to_owned();
        if let Some((_, first)) = self.condition_index.get(&name.value) {
            let msg = format!(
                "duplicate condition `{}` (first defined at {first})",
                name.value
            );
            self.error(&name, msg);
            return None;
        }
        if !is_name(&name.value) {
            self.error(
                &name,
                format!(
                    "condition name `{}` must be lower-case words joined by hyphens",
                    name.value
                ),
            );
        }
        let (line, column) = line_column(&name);
        let index = self.tables.conditions.len();
        self.tables
            .conditions
            .push(Matcher::new(Kind::Any(Vec::new())));
        self.condition_index.insert(
            name.value,
            (
                index,
                Place {
                    origin: origin.to_owned(),
                    line,
                    column,
                },
            ),
        );
        Some(spec.matcher)
    }

    fn check_condition_cycles(&mut self) {
        fn refs(m: &Matcher, out: &mut Vec<usize>) {
            match &m.kind {
                Kind::Condition(i) => out.push(*i),
                Kind::Leaf(_) | Kind::Context(_) | Kind::Valid(_) => {}
                Kind::Any(v) | Kind::All(v) | Kind::AllTests(v) | Kind::AtLeast(_, v) => {
                    v.iter().for_each(|x| refs(x, out))
                }
                Kind::Not(x) => refs(x, out),
            }
            m.unless.iter().for_each(|x| refs(x, out));
        }
        let n = self.tables.conditions.len();
        let edges: Vec<Vec<usize>> = self
            .tables
            .conditions
            .iter()
            .map(|m| {
                let mut out = Vec::new();
                refs(m, &mut out);
                out
            })
            .collect();
        // Depth-first search with colours: 0 unvisited, 1 on the stack, 2 done.
        let mut colour = vec![0u8; n];
        let names: FnvMap<usize, (String, Place)> = self
            .condition_index
            .iter()
            .map(|(name, (i, at))| (*i, (name.clone(), at.clone())))
            .collect();
        for start in 0..n {
            let mut stack = vec![(start, 0usize)];
            while let Some(&mut (node, ref mut next)) = stack.last_mut() {
                if *next == 0 {
                    if colour[node] == 2 {
                        stack.pop();
                        continue;
                    }
                    colour[node] = 1;
                }
                if let Some(&to) = edges[node].get(*next) {
                    *next += 1;
                    if colour[to] == 1 {
                        let (name, at) = &names[&to];
                        self.errors.push(RuleError::Invalid {
                            origin: at.origin.clone(),
                            line: at.line,
                            column: at.column,
                            message: format!("condition `{name}` refers to itself (directly or through other conditions)"),
                        });
                        colour[to] = 2;
                    } else if colour[to] == 0 {
                        stack.push((to, 0));
                    }
                } else {
                    colour[node] = 2;
                    stack.pop();
                }
            }
        }
    }

    fn rule(&mut self, spec: RuleSpec) -> Option<Rule> {
        let errors_before = self.errors.len();
        let id = spec.id.value.clone();
        self.check_id(&spec.id);
        if spec.message.value.trim().is_empty() || spec.message.value.contains('\n') {
            self.error(&spec.message, "`message` must be one non-empty line");
        }
        if spec.explanation.trim().is_empty() || spec.fix.trim().is_empty() {
            self.error(
                &spec.id,
                "`explanation` and `fix` must not be empty: they are what users read",
            );
        }
        if spec.guidance.value.is_empty() {
            self.error(
                &spec.guidance,
                "`guidance` needs at least one citation (source, section, url)",
            );
        }
        let examples = &spec.examples;
        if examples.value.bad.is_empty() || examples.value.good.is_empty() {
            self.error(
                examples,
                "`examples` needs at least one `bad` and one `good` example",
            );
        }
        if !finds_text(&spec.matcher.value) {
            self.error(&spec.matcher, "a rule's `match` must find text, so it cannot be `not`, `context` or `valid` on its own (or an `all` that starts with one); start with a matcher that finds text");
        }
        let measure = find_measure(&spec.matcher.value);
        let message = &spec.message.value;
        if measure.is_none()
            && ["{measured}", "{limit}", "{platform}"]
                .iter()
                .any(|p| message.contains(p))
        {
            self.error(&spec.message, "`{measured}`, `{limit}` and `{platform}` can only be used by a rule with a `measure` matcher");
        }
        let mut matcher = self.matcher(&spec.matcher, Anchor::No);
        for u in &spec.unless {
            let m = self.matcher(u, Anchor::Yes);
            matcher.unless.push(m);
        }
        let modifiers = spec.modifiers.iter().map(|m| self.modifier(m)).collect();
        let bad_examples = spec
            .examples
            .value
            .bad
            .iter()
            .map(|e| self.example(e))
            .collect();
        let good_examples = spec
            .examples
            .value
            .good
            .iter()
            .map(|e| self.example(e))
            .collect();
        if self.errors.len() > errors_before {
            return None;
        }
        let (line, _) = line_column(&spec.id);
        Some(Rule {
            id,
            severity: spec.severity,
            message: spec.message.value.trim().to_owned(),
            explanation: tidy(&spec.explanation),
            fix: tidy(&spec.fix),
            guidance: spec
                .guidance
                .value
                .into_iter()
                .map(|c| Citation {
                    source: c.source,
                    section: c.section,
                    url: c.url,
                })
                .collect(),
            sensitive: spec.sensitive,
            enabled: spec.enabled,
            first_only: spec.report == Report::First,
            measure,
            bad_examples,
            good_examples,
            origin: format!("{}:{line}", self.origin),
            matcher,
            modifiers,
        })
    }

    fn check_id(&mut self, id: &Located<String>) {
        let Some((category, name)) = id.value.split_once('/') else {
            self.error(
                id,
                format!("rule id `{}` must have the form `category/name`", id.value),
            );
            return;
        };
        if !CATEGORIES.contains(&category) {
            self.error(
                id,
                format!(
                    "unknown category `{category}`; use one of: {}",
                    CATEGORIES.join(", ")
                ),
            );
        }
        if !is_name(name) {
            self.error(id, format!("rule name `{name}` must be lower-case words joined by hyphens, e.g. `nhs-number`"));
        }
    }

    fn modifier(&mut self, spec: &Located<ModifierSpec>) -> Modifier {
        let m = &spec.value;
        let changes = [m.severity.is_some(), m.lower.is_some(), m.raise.is_some()];
        let change = match (m.severity, m.lower, m.raise) {
            (Some(s), None, None) => SeverityChange::Set(s),
            (None, Some(n), None) => SeverityChange::Lower(n),
            (None, None, Some(n)) => SeverityChange::Raise(n),
            _ => SeverityChange::None,
        };
        let count = changes.iter().filter(|c| **c).count();
        if count > 1 {
            self.error(
                spec,
                "a modifier takes one of `severity`, `lower` or `raise`",
            );
        } else if count == 0 && m.note.is_none() {
            self.error(
                spec,
                "a modifier needs `severity`, `lower`, `raise` or `note`",
            );
        }
        Modifier {
            when: self.matcher(&m.when, Anchor::Yes),
            change,
            note: m.note.as_deref().map(tidy),
        }
    }

    fn matcher(&mut self, spec: &Located<MatcherSpec>, anchor: Anchor) -> Matcher {
        let m = &spec.value;
        let kinds: Vec<&str> = [
            (
                m.phrases.is_some() || m.lexicon.is_some(),
                "phrases/lexicon",
            ),
            (m.pattern.is_some(), "pattern"),
            (m.condition.is_some(), "condition"),
            (m.any.is_some(), "any"),
            (m.all.is_some(), "all"),
            (m.not.is_some(), "not"),
            (m.at_least.is_some(), "at-least"),
            (m.near.is_some(), "near"),
            (m.context.is_some(), "context"),
            (m.measure.is_some(), "measure"),
            (m.element.is_some(), "element"),
            (m.valid.is_some(), "valid"),
        ]
        .into_iter()
        .filter_map(|(present, name)| present.then_some(name))
        .collect();
        if kinds.len() != 1 {
            let found = if kinds.is_empty() {
                "none".to_owned()
            } else {
                kinds.join(", ")
            };
            self.error(
                spec,
                format!(
                    "a matcher needs exactly one of `phrases`/`lexicon`, `pattern`, `condition`, `any`, `all`, `not`, `at-least`, `near`, `context`, `measure`, `element` or `valid` (found: {found})"
                ),
            );
            return Matcher::new(Kind::Any(Vec::new()));
        }
        if m.validate.is_some() && m.pattern.is_none() {
            self.error(spec, "`validate` applies to a `pattern`");
        }
        if m.case_sensitive.is_some() && m.phrases.is_none() && m.lexicon.is_none() {
            self.error(spec, "`case-sensitive` applies to `phrases` or `lexicon`");
        }
        if let Some(within) = &m.within
            && anchor == Anchor::No
        {
            self.error(
                within,
                "`within` is measured from a match, so it only applies inside `all` (after the first entry), `near.to`, `unless` and modifier `when` conditions",
            );
        }

        let kind = if m.phrases.is_some() || m.lexicon.is_some() {
            self.terms_leaf(m)
        } else if let Some(pattern) = &m.pattern {
            self.pattern_leaf(pattern, m.validate.as_deref())
        } else if let Some(name) = &m.condition {
            match self.condition_index.get(&name.value) {
                Some((i, _)) => Kind::Condition(*i),
                None => {
                    let known: Vec<&str> =
                        self.condition_index.keys().map(String::as_str).collect();
                    let hint = super::closest(&name.value, known.into_iter())
                        .map(|s| format!(" (did you mean `{s}`?)"))
                        .unwrap_or_default();
                    self.error(name, format!("unknown condition `{}`{hint}", name.value));
                    Kind::Any(Vec::new())
                }
            }
        } else if let Some(branches) = &m.any {
            if branches.is_empty() {
                self.error(spec, "`any` needs at least one entry");
            }
            Kind::Any(branches.iter().map(|b| self.matcher(b, anchor)).collect())
        } else if let Some(entries) = &m.all {
            match entries.split_first() {
                None => {
                    self.error(spec, "`all` needs at least one entry");
                    Kind::All(Vec::new())
                }
                Some((first, rest)) if !finds_text(&first.value) => {
                    // A test first: the whole `all` is a test, measured from the same anchor.
                    let mut out = vec![self.matcher(first, anchor)];
                    out.extend(rest.iter().map(|e| self.matcher(e, anchor)));
                    Kind::AllTests(out)
                }
                Some((first, rest)) => {
                    let mut out = vec![self.matcher(first, anchor)];
                    out.extend(rest.iter().map(|e| self.matcher(e, Anchor::Yes)));
                    Kind::All(out)
                }
            }
        } else if let Some(inner) = &m.not {
            Kind::Not(Box::new(self.matcher(inner, anchor)))
        } else if let Some(at_least) = &m.at_least {
            if at_least.count == 0 || at_least.count > at_least.of.len() {
                self.error(
                    spec,
                    format!(
                        "`at-least.count` must be between 1 and the number of entries ({})",
                        at_least.of.len()
                    ),
                );
            }
            Kind::AtLeast(
                at_least.count,
                at_least
                    .of
                    .iter()
                    .map(|b| self.matcher(b, anchor))
                    .collect(),
            )
        } else if let Some(near) = &m.near {
            let scope = match (near.words, near.same_sentence) {
                (Some(words), same_sentence) if words <= MAX_WINDOW => Scope::Words {
                    words,
                    same_sentence,
                },
                (Some(_), _) => {
                    self.error(spec, format!("`near.words` must be at most {MAX_WINDOW}"));
                    Scope::Post
                }
                (None, true) => Scope::Sentence,
                (None, false) => {
                    self.error(
                        spec,
                        "`near` needs `words: N`, `same-sentence: true`, or both",
                    );
                    Scope::Post
                }
            };
            let anchor_m = self.matcher(&near.anchor, anchor);
            if near.anchor.value.not.is_some() {
                self.error(
                    &near.anchor,
                    "`near.anchor` is what gets reported, so it cannot be `not`",
                );
            }
            let mut to = Matcher::new(Kind::Any(vec![self.matcher(&near.to, Anchor::Yes)]));
            to.within = Some(scope);
            Kind::All(vec![anchor_m, to])
        } else if let Some(name) = &m.valid {
            if anchor == Anchor::No {
                self.error(name, "`valid` tests the match it is attached to, so it only applies inside `all` (after the first entry), `near.to`, `unless` and modifier `when` conditions");
            }
            match self.validator(name) {
                Some(v) => Kind::Valid(v),
                None => Kind::Any(Vec::new()),
            }
        } else if let Some(context) = &m.context {
            Kind::Context(self.context_test(context))
        } else if let Some(name) = &m.measure {
            match measure_kind(&name.value) {
                Some(kind) => self.leaf(Leaf::Measure(kind)),
                None => {
                    self.error(
                        name,
                        format!(
                            "unknown measure `{}`; use `platform-length` or `platform-hashtags`",
                            name.value
                        ),
                    );
                    Kind::Any(Vec::new())
                }
            }
        } else if let Some(name) = &m.element {
            match name.value.as_str() {
                "image-without-alt" => self.leaf(Leaf::Element(ElementKind::ImageWithoutAlt)),
                other => {
                    self.error(
                        name,
                        format!("unknown element `{other}`; use `image-without-alt`"),
                    );
                    Kind::Any(Vec::new())
                }
            }
        } else {
            unreachable!("exactly one kind was checked above")
        };

        let mut out = Matcher::new(kind);
        out.within = m.within.as_ref().and_then(|w| self.scope(w));
        if let Some(unless) = &m.unless {
            if !finds_text(m) {
                self.error(spec, "`unless` drops matches, but tests (`not`, `context`, `valid`) have none; put `unless` on a matcher that finds text");
            }
            out.unless = unless
                .iter()
                .map(|u| self.matcher(u, Anchor::Yes))
                .collect();
        }
        out
    }

    fn leaf(&mut self, leaf: Leaf) -> Kind {
        let id = self.tables.leaves.len();
        self.tables.leaves.push(leaf);
        Kind::Leaf(id)
    }

    fn context_test(&mut self, spec: &ContextSpec) -> ContextTest {
        let mut test = ContextTest::default();
        for name in spec.platform.iter().flat_map(|p| &p.0) {
            match Platform::from_name(&name.value) {
                Some(p) => test.platforms.push(p),
                None => {
                    let names: Vec<&str> = Platform::ALL.iter().map(|p| p.as_str()).collect();
                    self.error(
                        name,
                        format!(
                            "unknown platform `{}`; use one of: {}",
                            name.value,
                            names.join(", ")
                        ),
                    );
                }
            }
        }
        if let Some(account) = &spec.account {
            match Account::from_name(&account.value) {
                Some(a) => test.account = Some(a),
                None => self.error(
                    account,
                    format!(
                        "unknown account `{}`; use `personal` or `organisation`",
                        account.value
                    ),
                ),
            }
        }
        test
    }

    fn scope(&mut self, within: &Located<WithinSpec>) -> Option<Scope> {
        Some(match within.value {
            WithinSpec::Hit => Scope::Hit,
            WithinSpec::Sentence => Scope::Sentence,
            WithinSpec::Post => Scope::Post,
            WithinSpec::Words {
                words,
                same_sentence,
            } => {
                if words > MAX_WINDOW {
                    self.error(
                        within,
                        format!("`within.words` must be at most {MAX_WINDOW}"),
                    );
                    return None;
                }
                Scope::Words {
                    words,
                    same_sentence,
                }
            }
        })
    }

    fn terms_leaf(&mut self, m: &MatcherSpec) -> Kind {
        let case_sensitive = m.case_sensitive.unwrap_or(false);
        let written = (
            m.phrases
                .iter()
                .flatten()
                .map(|p| p.value.clone())
                .collect(),
            m.lexicon
                .iter()
                .flat_map(|l| &l.0)
                .map(|n| n.value.clone())
                .collect(),
            case_sensitive,
        );
        if let Some(&id) = self.term_leaves.get(&written) {
            return Kind::Leaf(id);
        }
        let errors = self.errors.len();
        // A phrase listed twice (or in two of the lexicons) finds the same
        // spans twice; a post's hits are de-duplicated per leaf.
        let mut terms = Vec::new();
        for phrase in m.phrases.iter().flatten() {
            self.add_phrase(phrase, &mut terms);
        }
        for name in m.lexicon.iter().flat_map(|l| &l.0) {
            match self.lexicon_terms(name) {
                Some(resolved) => terms.extend(resolved),
                None => {
                    let known: Vec<&str> = self.lexicons.keys().map(String::as_str).collect();
                    let hint = super::closest(&name.value, known.into_iter())
                        .map(|s| format!(" (did you mean `{s}`?)"))
                        .unwrap_or_default();
                    self.error(name, format!("unknown lexicon `{}`{hint}", name.value));
                }
            }
        }
        let id = self.tables.leaves.len();
        self.tables.leaves.push(Leaf::Terms {
            terms,
            case_sensitive,
        });
        // A list with an error is compiled again where it is used next, so
        // that each place is reported.
        if self.errors.len() == errors {
            self.term_leaves.insert(written, id);
        }
        Kind::Leaf(id)
    }

    fn lexicon_terms(&mut self, name: &Located<String>) -> Option<Vec<TermRef>> {
        let entry = self.lexicons.get_mut(&name.value)?;
        if let Some(done) = &entry.resolved {
            return Some(done.clone());
        }
        let lexicon_origin = entry.origin.clone();
        let terms = std::mem::take(&mut entry.spec.terms);
        let extra = std::mem::take(&mut entry.extra);
        let mut resolved = Vec::new();
        let rule_origin = self.origin.clone();
        match &terms {
            LexiconTerms::Written(terms) => {
                for phrase in terms {
                    self.lexicon_phrase(&lexicon_origin, phrase, &mut resolved);
                }
            }
            // Folded by `build.rs`, which fails on an empty one.
            LexiconTerms::Builtin { text, terms } => {
                resolved.extend(
                    terms
                        .iter()
                        .map(|t| self.tables.terms.add_builtin(&t.phrase(text))),
                );
            }
        }
        for (origin, phrase) in &extra {
            self.lexicon_phrase(origin, phrase, &mut resolved);
        }
        self.origin = rule_origin;
        let entry = self.lexicons.get_mut(&name.value)?;
        entry.resolved = Some(resolved.clone());
        Some(resolved)
    }

    /// Add one phrase of a lexicon (written in `origin`) to `resolved`.
    fn lexicon_phrase(
        &mut self,
        origin: &str,
        phrase: &Located<String>,
        resolved: &mut Vec<TermRef>,
    ) {
        origin.clone_into(&mut self.origin);
        self.add_phrase(phrase, resolved);
    }

    /// Add `phrase` to the phrase table and to `resolved`; an empty one is
    /// an error at its place in the current file.
    fn add_phrase(&mut self, phrase: &Located<String>, resolved: &mut Vec<TermRef>) {
        match self.tables.terms.add(&phrase.value) {
            Ok(t) => resolved.push(t),
            Err(TermError::Empty) => self.error(phrase, "empty phrase"),
        }
    }

    fn pattern_leaf(
        &mut self,
        pattern: &Located<String>,
        validate: Option<&Located<String>>,
    ) -> Kind {
        let validator = validate.and_then(|name| self.validator(name));
        let key = (pattern.value.clone(), validate.map(|v| v.value.clone()));
        if let Some(&id) = self.pattern_leaves.get(&key) {
            return Kind::Leaf(id);
        }
        if pattern.value.len() > MAX_PATTERN_LEN {
            self.error(
                pattern,
                format!(
                    "pattern is {} bytes long; the limit is {MAX_PATTERN_LEN}",
                    pattern.value.len()
                ),
            );
            return Kind::Any(Vec::new());
        }
        // Built-in patterns compile on first use; users' patterns now, so an
        // error is reported at its position.
        let compiled = if self.origin.starts_with(BUILTIN_PREFIX) {
            Ok(Pattern::lazy(&pattern.value))
        } else {
            Pattern::eager(&pattern.value)
        };
        let pattern = match compiled {
            Ok(p) => p,
            Err(e) => {
                self.error(pattern, format!("invalid regex: {}", regex_error_text(&e)));
                return Kind::Any(Vec::new());
            }
        };
        let id = self.tables.leaves.len();
        self.tables
            .leaves
            .push(Leaf::Pattern { pattern, validator });
        self.pattern_leaves.insert(key, id);
        Kind::Leaf(id)
    }
}

impl Compiler {
    fn example(&mut self, spec: &Located<ExampleSpec>) -> Example {
        let (line, _) = line_column(spec);
        let e = &spec.value;
        let kind = match e.format.as_deref() {
            None | Some("text") => DraftKind::Text,
            Some("markdown") => DraftKind::Markdown,
            Some("tweet") => DraftKind::Tweet,
            Some("toot") => DraftKind::Toot,
            Some("csv") => DraftKind::Csv,
            Some(other) => {
                self.error(
                    spec,
                    format!(
                        "unknown example format `{other}`; use text, markdown, tweet, toot or csv"
                    ),
                );
                DraftKind::Text
            }
        };
        let platform = e.platform.as_deref().and_then(|name| {
            let p = Platform::from_name(name);
            if p.is_none() {
                self.error(spec, format!("unknown platform `{name}` in example"));
            }
            p
        });
        let account = e.account.as_deref().and_then(|name| {
            let a = Account::from_name(name);
            if a.is_none() {
                self.error(
                    spec,
                    format!(
                        "unknown account `{name}` in example; use `personal` or `organisation`"
                    ),
                );
            }
            a
        });
        Example {
            text: e.text.clone(),
            matched: e.matched.clone(),
            severity: e.severity,
            kind,
            context: PostContext { platform, account },
            line,
        }
    }
}

/// Whether a matcher can report text (`not`, `context` and `valid` only test,
/// and so does an `all` that starts with a test).
fn finds_text(m: &MatcherSpec) -> bool {
    let first_of_all_tests = m
        .all
        .as_ref()
        .and_then(|a| a.first())
        .is_some_and(|f| !finds_text(&f.value));
    m.not.is_none() && m.context.is_none() && m.valid.is_none() && !first_of_all_tests
}

fn measure_kind(name: &str) -> Option<MeasureKind> {
    match name {
        "platform-length" => Some(MeasureKind::PlatformLength),
        "platform-hashtags" => Some(MeasureKind::PlatformHashtags),
        _ => None,
    }
}

/// The measure a rule's matcher uses, if any (for `{measured}` in messages).
fn find_measure(m: &MatcherSpec) -> Option<MeasureKind> {
    if let Some(kind) = m.measure.as_ref().and_then(|n| measure_kind(&n.value)) {
        return Some(kind);
    }
    let children = m
        .any
        .iter()
        .chain(m.all.iter())
        .flatten()
        .chain(m.at_least.iter().flat_map(|a| &a.of))
        .chain(m.near.iter().flat_map(|n| [&n.anchor, &n.to]));
    children.map(|c| &c.value).find_map(find_measure)
}

/// Names of rules, lexicons and conditions: lower-case ASCII words joined by hyphens.
fn is_name(s: &str) -> bool {
    !s.is_empty()
        && s.split('-').all(|w| {
            !w.is_empty()
                && w.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// Collapse the line breaks YAML keeps in `|` blocks into flowing text, keeping
/// blank-line paragraph breaks.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for paragraph in text.split("\n\n") {
        let mut words = paragraph.split_whitespace();
        let Some(first) = words.next() else {
            continue;
        };
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(first);
        for word in words {
            out.push(' ');
            out.push_str(word);
        }
    }
    out
}

/// The useful line of a `regex` error (its Display spans several lines).
fn regex_error_text(e: &regex_automata::meta::BuildError) -> String {
    if let Some(syntax) = e.syntax_error() {
        let text = syntax.to_string();
        return text
            .lines()
            .find_map(|l| l.trim().strip_prefix("error: "))
            .unwrap_or(text.as_str())
            .to_owned();
    }
    match e.size_limit() {
        Some(limit) => format!(
            "the compiled pattern is larger than the {limit}-byte limit; simplify it (e.g. fewer or smaller repetitions)"
        ),
        None => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::tidy;

    #[test]
    fn tidy_flows_lines_and_keeps_paragraph_breaks() {
        assert_eq!(
            tidy("One line\nand  the next.\n\n\n  A second\tparagraph.\n"),
            "One line and the next.\n\nA second paragraph."
        );
        assert_eq!(tidy("\n\n  \n\n"), "");
    }
}
