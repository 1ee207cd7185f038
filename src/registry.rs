//! The built-in rules (declared one line each in `src/rules/mod.rs`) and
//! selection by name or category.

use std::collections::BTreeSet;

use crate::rule::RuleMeta;

pub use crate::rules::{builtin_metas, builtin_rules};

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
    use std::collections::BTreeMap;

    use super::*;
    use crate::error::Error;

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
