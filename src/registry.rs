//! Every built-in rule, one line each, and selection by name or category.

use std::collections::{BTreeMap, BTreeSet};

use crate::error::Error;
use crate::rule::{Rule, RuleMeta, RuleOptions};
use crate::rules;

/// Declares the built-in rules once: each line names a module of `src/rules/`
/// and the rule type in it, which has a `META` constant and a `new()` constructor.
macro_rules! builtin_rules {
    ($($module:ident :: $rule:ident),* $(,)?) => {
        /// Builds every built-in rule, in catalogue order, each with its
        /// `[rules.NAME]` options from `options` (defaults when absent).
        pub fn builtin_rules(options: &BTreeMap<String, RuleOptions>) -> Result<Vec<Box<dyn Rule>>, Error> {
            let no_options = RuleOptions::new();
            Ok(vec![$(Box::new(rules::$module::$rule::new(
                options.get(rules::$module::META.name.as_ref()).unwrap_or(&no_options),
            )?) as Box<dyn Rule>),*])
        }

        /// The metadata of every built-in rule, in catalogue order.
        pub fn builtin_metas() -> Vec<RuleMeta> {
            vec![$(rules::$module::META),*]
        }
    };
}

builtin_rules! {
    lost_apostrophe::LostApostrophe,
    repeated_passage::RepeatedPassage,
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

/// Which rules run: `--select` and `--ignore`, by rule name or category.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// Rule names or categories to run; empty means every rule.
    pub select: Vec<String>,
    /// Rule names or categories not to run; wins over `select`.
    pub ignore: Vec<String>,
}

/// Rule names that appear more than once, which the registry must never allow.
pub fn duplicate_names(metas: &[RuleMeta]) -> BTreeSet<&str> {
    let mut seen = BTreeSet::new();
    metas
        .iter()
        .map(|meta| meta.name.as_ref())
        .filter(|name| !seen.insert(*name))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn selection(select: &[&str], ignore: &[&str]) -> Selection {
        Selection {
            select: select.iter().map(|s| s.to_string()).collect(),
            ignore: ignore.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn built_in_rules_match_their_metadata() {
        let rules = builtin_rules(&BTreeMap::new()).expect("built-in rules load");
        let names: Vec<_> = rules.iter().map(|rule| rule.meta().name.clone()).collect();
        let meta_names: Vec<_> = builtin_metas().into_iter().map(|meta| meta.name).collect();
        assert_eq!(names, meta_names);
        assert!(duplicate_names(&builtin_metas()).is_empty());
    }

    #[test]
    fn unknown_names_list_the_valid_ones() {
        let error = crate::Linter::new(&selection(&["lost-apostrophes"], &[])).unwrap_err();
        let Error::UnknownSelector {
            rules, categories, ..
        } = error
        else {
            panic!("wrong error");
        };
        assert!(rules.contains("lost-apostrophe"));
        assert!(categories.contains("typography"));
    }
}
