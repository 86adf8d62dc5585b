//! Arbitrary text as a rule file, loaded beside the built-in lexicons and
//! conditions: loading must report errors, never panic. Rules that load are
//! run on a few drafts, which must not panic either.
//!
//! Adding the built-in lexicons and conditions means parsing the whole
//! embedded pack, which costs about 25 ms, so it is done only when the input
//! could use them: a rule file can name a lexicon or condition (or define one
//! that clashes with a built-in name) only with a `lexicon`/`lexicons` or
//! `condition`/`conditions` key. Without one, the built-ins change nothing
//! and the input is loaded alone, a thousand times faster. (A key spelled
//! with YAML escapes, `"lexi\x63on"`, then only fails to find a built-in
//! name: still a load to check.)

#![no_main]

use libfuzzer_sys::fuzz_target;
use postlint::RuleSetBuilder;

const DRAFTS: &[&str] = &[
    "Pt NHS no 999 000 0018 on Ward 7, bed 4 - DM me for advice! #OTalk",
    "Thanks @SensoryWorld for my gifted blanket 💜 code OTJESS15 for 15% off.\n\nViews my own.",
    "",
];

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut builder = if text.contains("lexicon") || text.contains("condition") {
        RuleSetBuilder::new().builtin(false)
    } else {
        RuleSetBuilder::new()
    };
    builder.add_source("fuzz.yaml", text);
    if let Ok(rules) = builder.build() {
        for draft in DRAFTS {
            for finding in rules.lint(draft) {
                assert!(draft.is_char_boundary(finding.span.start));
                assert!(draft.is_char_boundary(finding.span.end));
            }
        }
    }
});
