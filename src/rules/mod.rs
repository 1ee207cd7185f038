//! The built-in rules, one file each, named after the rule.

pub(crate) mod leftover_script;
pub(crate) mod lost_apostrophe;
pub(crate) mod repeated_passage;
