//! The built-in rules, one file each, named after the rule.

mod declarations;
mod script_odds;
mod signatures;
mod word_set;

use serde::de::DeserializeOwned;

use crate::error::Error;
use crate::rule::{Rule, RuleMeta, RuleOptions};

/// Declares the built-in rules once: each line names a module of `src/rules/`
/// (declared here) and the rule type in it, which has a `META` constant and a
/// `new()` constructor. A new rule is its file plus one line below.
macro_rules! builtin_rules {
    ($($module:ident :: $rule:ident),* $(,)?) => {
        $(pub(crate) mod $module;)*

        /// Builds every built-in rule, in catalogue order, each with its
        /// `[rules.NAME]` options from `options` (defaults when absent).
        pub fn builtin_rules(options: &std::collections::BTreeMap<String, RuleOptions>) -> Result<Vec<Box<dyn Rule>>, Error> {
            let no_options = RuleOptions::new();
            Ok(vec![$(Box::new($module::$rule::new(
                options.get($module::META.name.as_ref()).unwrap_or(&no_options),
            )?) as Box<dyn Rule>),*])
        }

        /// The metadata of every built-in rule, in catalogue order.
        pub fn builtin_metas() -> Vec<RuleMeta> {
            vec![$($module::META),*]
        }
    };
}

builtin_rules! {
    lost_apostrophe::LostApostrophe,
    repeated_passage::RepeatedPassage,
    shared_boilerplate::SharedBoilerplate,
    leftover_script::LeftoverScript,
    lost_hyphen::LostHyphen,
    html_residue::HtmlResidue,
    mojibake::Mojibake,
    invisible_character::InvisibleCharacter,
    unicode_normalization::UnicodeNormalizationRule,
    flattened_text::FlattenedText,
    repeated_word::RepeatedWord,
    whitespace::Whitespace,
    unused_suppression::UnusedSuppression,
}

/// Parses a word list of `rules/lists/`, embedded at build time; `name` is
/// its path, for the error that a broken list (a bug in copydesk) gives.
pub(crate) fn load_list<T: DeserializeOwned>(name: &'static str, text: &str) -> Result<T, Error> {
    toml::from_str(text).map_err(|error| Error::BuiltinData {
        name,
        message: error.to_string(),
    })
}

#[cfg(test)]
pub(crate) mod test_support {
    //! Helpers shared by the rules' unit tests.

    use crate::document::Document;
    use crate::rule::Rule;

    /// The text of every span `rule` flags in `text`, in order.
    pub(crate) fn flagged(rule: &dyn Rule, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        rule.check(&Document::new(text), &mut out);
        out.iter()
            .map(|diagnostic| text[diagnostic.span.range()].to_owned())
            .collect()
    }

    /// Asserts that `rule` flags nothing in any of `texts`.
    pub(crate) fn assert_clean(rule: &dyn Rule, texts: &[&str]) {
        for text in texts {
            let found = flagged(rule, text);
            assert!(found.is_empty(), "{text:?} flagged {found:?}");
        }
    }
}
