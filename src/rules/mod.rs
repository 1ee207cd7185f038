//! The built-in rules, one file each, named after the rule.

pub(crate) mod flattened_text;
pub(crate) mod html_residue;
pub(crate) mod invisible_character;
pub(crate) mod leftover_script;
pub(crate) mod lost_apostrophe;
pub(crate) mod lost_hyphen;
pub(crate) mod mojibake;
pub(crate) mod repeated_passage;
pub(crate) mod repeated_word;
mod signatures;
pub(crate) mod unicode_normalization;
pub(crate) mod unused_suppression;
pub(crate) mod whitespace;

use serde::de::DeserializeOwned;

use crate::error::Error;

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
