//! The rule-file format as written in YAML (format version 1).
//!
//! These types mirror `rules/README.md` field by field. They only describe the
//! shape of a file; meaning (does the lexicon exist, does the regex compile, is
//! exactly one kind of matcher given) is checked by `compile`, which reports
//! problems at the [`Located`] positions kept here.

use std::fmt;

use serde::de::{self, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Deserialize, Serialize, Serializer};

use crate::Severity;
use crate::text::FoldedPhrase;

use crate::yaml::Located;

/// One rule file: any mix of rules, lexicons and named conditions.
#[derive(Debug, Deserialize, Serialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct PackFile {
    #[serde(default)]
    pub rules: Vec<RuleSpec>,
    #[serde(default)]
    pub lexicons: Entries<LexiconSpec>,
    #[serde(default)]
    pub conditions: Entries<ConditionSpec>,
}

/// A shared list of phrases, referenced from matchers by name.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct LexiconSpec {
    #[allow(dead_code)] // documentation for people reading the file
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub terms: LexiconTerms,
}

/// A lexicon's terms: as written in a rule file, or, for the built-in pack,
/// the table `build.rs` wrote (see `builtin::LEXICON_TERMS`), folded
/// already, which costs nothing to load.
#[derive(Debug)]
pub(crate) enum LexiconTerms {
    Written(Vec<Located<String>>),
    /// Built-in terms, whose strings are byte ranges of `text` (ranges, not
    /// `&str`s, so that the table needs no relocation when the binary loads).
    Builtin {
        text: &'static str,
        terms: &'static [BuiltinTerm],
    },
}

/// A term of a built-in lexicon: byte ranges of the table's text for the
/// term as written and as the phrase table holds it (`build.rs` runs
/// `fold_phrase` on it).
#[derive(Debug)]
pub(crate) struct BuiltinTerm {
    pub written: (u32, u32),
    pub folded: (u32, u32),
    pub exact: Option<(u32, u32)>,
    pub prefix: bool,
    pub word_run: bool,
}

impl BuiltinTerm {
    /// The term as written, from the table's `text`.
    pub fn written(&self, text: &'static str) -> &'static str {
        slice(text, self.written)
    }

    /// The term as the phrase table holds it, from the table's `text`.
    pub fn phrase(&self, text: &'static str) -> FoldedPhrase<&'static str> {
        FoldedPhrase {
            folded: slice(text, self.folded),
            exact: self.exact.map(|range| slice(text, range)),
            prefix: self.prefix,
            word_run: self.word_run,
        }
    }
}

fn slice(text: &'static str, (start, end): (u32, u32)) -> &'static str {
    &text[start as usize..end as usize]
}

impl LexiconTerms {
    /// How many terms there are.
    pub fn len(&self) -> usize {
        match self {
            LexiconTerms::Written(terms) => terms.len(),
            LexiconTerms::Builtin { terms, .. } => terms.len(),
        }
    }
}

impl Default for LexiconTerms {
    fn default() -> Self {
        LexiconTerms::Written(Vec::new())
    }
}

impl<'de> Deserialize<'de> for LexiconTerms {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Vec::deserialize(deserializer).map(LexiconTerms::Written)
    }
}

impl Serialize for LexiconTerms {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            LexiconTerms::Written(terms) => terms.serialize(serializer),
            LexiconTerms::Builtin { text, terms } => {
                serializer.collect_seq(terms.iter().map(|t| t.written(text)))
            }
        }
    }
}

/// A named, reusable matcher (suppressors, modifiers, shared contexts).
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct ConditionSpec {
    #[allow(dead_code)] // documentation for people reading the file
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(rename = "match")]
    pub matcher: Located<MatcherSpec>,
}

/// One rule.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RuleSpec {
    pub id: Located<String>,
    pub severity: Severity,
    pub message: Located<String>,
    pub explanation: String,
    pub fix: String,
    pub guidance: Located<Vec<CitationSpec>>,
    #[serde(default)]
    pub sensitive: bool,
    #[serde(default = "default_true")]
    pub enabled: bool,
    #[serde(default)]
    pub report: Report,
    #[serde(rename = "match")]
    pub matcher: Located<MatcherSpec>,
    #[serde(default)]
    pub unless: Vec<Located<MatcherSpec>>,
    #[serde(default)]
    pub modifiers: Vec<Located<ModifierSpec>>,
    pub examples: Located<ExamplesSpec>,
}

fn default_true() -> bool {
    true
}

/// How many findings a rule reports per post.
#[derive(Debug, Deserialize, Serialize, Default, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Report {
    /// Every match (identifiers, terms).
    #[default]
    Each,
    /// Only the first match: for rules about the post as a whole.
    First,
}

/// Where the guidance behind a rule says so.
#[derive(Debug, Deserialize, Serialize, Clone)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct CitationSpec {
    pub source: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// A change to a finding's severity (or an added note) when a condition holds.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct ModifierSpec {
    pub when: Located<MatcherSpec>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<Severity>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lower: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raise: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Texts the rule must flag (`bad`) and must leave alone (`good`).
#[derive(Debug, Deserialize, Serialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct ExamplesSpec {
    #[serde(default)]
    pub bad: Vec<Located<ExampleSpec>>,
    #[serde(default)]
    pub good: Vec<Located<ExampleSpec>>,
}

/// An example: a plain string, or a mapping with the expected match.
#[derive(Debug, Clone)]
pub(crate) struct ExampleSpec {
    pub text: String,
    pub matched: Option<String>,
    pub severity: Option<Severity>,
    pub format: Option<String>,
    pub platform: Option<String>,
    pub account: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ExampleMap {
    text: String,
    #[serde(default)]
    matched: Option<String>,
    #[serde(default)]
    severity: Option<Severity>,
    #[serde(default)]
    format: Option<String>,
    #[serde(default)]
    platform: Option<String>,
    #[serde(default)]
    account: Option<String>,
}

impl<'de> Deserialize<'de> for ExampleSpec {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = ExampleSpec;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an example text, or a mapping with `text` and optional `matched`, `severity`, `format`, `platform` and `account`")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<ExampleSpec, E> {
                Ok(ExampleSpec {
                    text: s.to_owned(),
                    matched: None,
                    severity: None,
                    format: None,
                    platform: None,
                    account: None,
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<ExampleSpec, A::Error> {
                let m = ExampleMap::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(ExampleSpec {
                    text: m.text,
                    matched: m.matched,
                    severity: m.severity,
                    format: m.format,
                    platform: m.platform,
                    account: m.account,
                })
            }
        }
        d.deserialize_any(V)
    }
}

/// A matcher: exactly one kind (`phrases`/`lexicon`, `pattern`, `condition`,
/// `any`, `all`, `not`, `at-least`, `near`, `context`, `measure`, `element`,
/// `valid`)
/// plus optional modifiers.
#[derive(Debug, Deserialize, Serialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct MatcherSpec {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phrases: Option<Vec<Located<String>>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lexicon: Option<OneOrMany>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case_sensitive: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<Located<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validate: Option<Box<Located<String>>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<Box<Located<String>>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub any: Option<Vec<Located<MatcherSpec>>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub all: Option<Vec<Located<MatcherSpec>>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not: Option<Box<Located<MatcherSpec>>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_least: Option<AtLeastSpec>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub near: Option<Box<NearSpec>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<Box<ContextSpec>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measure: Option<Box<Located<String>>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub element: Option<Box<Located<String>>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid: Option<Box<Located<String>>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub within: Option<Box<Located<WithinSpec>>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unless: Option<Vec<Located<MatcherSpec>>>,
}

/// `context: {platform: x, account: organisation}`.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct ContextSpec {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform: Option<OneOrMany>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<Located<String>>,
}

/// `at-least: {count: N, of: [...]}`.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct AtLeastSpec {
    pub count: usize,
    pub of: Vec<Located<MatcherSpec>>,
}

/// `near: {anchor: M, to: M, words: N, same-sentence: bool}`.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct NearSpec {
    pub anchor: Located<MatcherSpec>,
    pub to: Located<MatcherSpec>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub words: Option<usize>,
    #[serde(default)]
    pub same_sentence: bool,
}

/// Where a condition is looked for, relative to the match it is attached to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum WithinSpec {
    /// The matched text itself.
    Hit,
    /// The sentence(s) of the match.
    Sentence,
    /// The whole post.
    Post,
    /// `words` tokens either side of the match, optionally cut to its sentence.
    Words { words: usize, same_sentence: bool },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct WithinMap {
    words: usize,
    #[serde(default)]
    same_sentence: bool,
}

impl<'de> Deserialize<'de> for WithinSpec {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = WithinSpec;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("`hit`, `sentence`, `post`, a number of words, or `{words: N, same-sentence: true}`")
            }
            fn visit_u64<E: de::Error>(self, n: u64) -> Result<WithinSpec, E> {
                let words = usize::try_from(n).map_err(|_| E::custom("word count too large"))?;
                Ok(WithinSpec::Words {
                    words,
                    same_sentence: false,
                })
            }
            fn visit_i64<E: de::Error>(self, n: i64) -> Result<WithinSpec, E> {
                let n =
                    u64::try_from(n).map_err(|_| E::custom("a word count cannot be negative"))?;
                self.visit_u64(n)
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<WithinSpec, E> {
                match s {
                    "hit" => Ok(WithinSpec::Hit),
                    "sentence" => Ok(WithinSpec::Sentence),
                    "post" => Ok(WithinSpec::Post),
                    other => Err(E::invalid_value(de::Unexpected::Str(other), &self)),
                }
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<WithinSpec, A::Error> {
                let m = WithinMap::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(WithinSpec::Words {
                    words: m.words,
                    same_sentence: m.same_sentence,
                })
            }
        }
        d.deserialize_any(V)
    }
}

/// A name or a list of names.
#[derive(Debug)]
pub(crate) struct OneOrMany(pub Vec<Located<String>>);

impl<'de> Deserialize<'de> for OneOrMany {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // Wrapping in `Located` first keeps the position of a single name.
        let located = Located::<OneOrManyInner>::deserialize(d)?;
        let (referenced, defined) = (located.referenced, located.defined);
        Ok(OneOrMany(match located.value {
            OneOrManyInner::One(name) => vec![Located::new(name, referenced, defined)],
            OneOrManyInner::Many(names) => names,
        }))
    }
}

enum OneOrManyInner {
    One(String),
    Many(Vec<Located<String>>),
}

impl<'de> Deserialize<'de> for OneOrManyInner {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = OneOrManyInner;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a lexicon name or a list of lexicon names")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<OneOrManyInner, E> {
                Ok(OneOrManyInner::One(s.to_owned()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<OneOrManyInner, A::Error> {
                let mut names = Vec::new();
                while let Some(name) = seq.next_element()? {
                    names.push(name);
                }
                Ok(OneOrManyInner::Many(names))
            }
        }
        d.deserialize_any(V)
    }
}

/// A YAML mapping kept in file order, with the position of every key.
#[derive(Debug)]
pub(crate) struct Entries<T>(pub Vec<(Located<String>, T)>);

impl<T> Default for Entries<T> {
    fn default() -> Self {
        Entries(Vec::new())
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Entries<T> {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Entries<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping from names to definitions")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Entries<T>, A::Error> {
                let mut entries = Vec::new();
                while let Some((key, value)) = map.next_entry()? {
                    entries.push((key, value));
                }
                Ok(Entries(entries))
            }
        }
        d.deserialize_map(V(std::marker::PhantomData))
    }
}

// Serialisation, used by `build.rs` to store the embedded pack as JSON; each
// form is one the matching `Deserialize` accepts.

impl Serialize for ExampleSpec {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("text", &self.text)?;
        let optional = [
            ("matched", &self.matched),
            ("format", &self.format),
            ("platform", &self.platform),
            ("account", &self.account),
        ];
        for (key, value) in optional {
            if let Some(v) = value {
                map.serialize_entry(key, v)?;
            }
        }
        if let Some(severity) = self.severity {
            map.serialize_entry("severity", &severity)?;
        }
        map.end()
    }
}

impl Serialize for WithinSpec {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            WithinSpec::Hit => s.serialize_str("hit"),
            WithinSpec::Sentence => s.serialize_str("sentence"),
            WithinSpec::Post => s.serialize_str("post"),
            WithinSpec::Words {
                words,
                same_sentence,
            } => {
                let mut map = s.serialize_map(Some(2))?;
                map.serialize_entry("words", words)?;
                map.serialize_entry("same-sentence", same_sentence)?;
                map.end()
            }
        }
    }
}

impl Serialize for OneOrMany {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for name in &self.0 {
            seq.serialize_element(name)?;
        }
        seq.end()
    }
}

impl<T: Serialize> Serialize for Entries<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (key, value) in &self.0 {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}
