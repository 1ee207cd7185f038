//! What the editor may set: `initializationOptions` at `initialize`, and the
//! settings of `workspace/didChangeConfiguration` later. They lay over each
//! `copydesk.toml` as the command line's flags do (`select` replaces the
//! file's, `ignore` adds to it); the configuration files stay the source of
//! truth for everything else.

use serde::Deserialize;
use serde_json::Value;

use crate::check::Overrides;
use crate::fix::Applicability;

/// The options an editor may set.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Options {
    /// Rules or categories to run instead of the configuration's `select`
    /// (as `--select`); empty: the configuration's.
    #[serde(default)]
    pub select: Vec<String>,
    /// Rules or categories not to run, besides the configuration's `ignore`
    /// (as `--ignore`).
    #[serde(default)]
    pub ignore: Vec<String>,
    /// Whether "fix all" applies unsafe fixes too (as `--unsafe-fixes`).
    #[serde(default)]
    pub unsafe_fixes: bool,
}

/// The section of the client's settings that is copydesk's.
const SECTION: &str = "copydesk";

impl Options {
    /// The options in `value`: an object of the fields above, or `null`
    /// for none. The error says what is wrong, for the user to read.
    pub fn from_initialization(value: Option<Value>) -> Result<Self, String> {
        match value {
            None | Some(Value::Null) => Ok(Self::default()),
            Some(value) => Self::parse(value),
        }
    }

    /// The options in the settings of `workspace/didChangeConfiguration`:
    /// the object under `"copydesk"`, or the settings themselves when they
    /// have no such key. `None` for settings that say nothing (`null`, `{}`,
    /// as some clients send once started): the options stay as they are.
    pub fn from_settings(settings: Value) -> Option<Result<Self, String>> {
        let settings = match settings {
            Value::Object(mut map) => match map.remove(SECTION) {
                Some(section) => section,
                None if map.is_empty() => return None,
                None => Value::Object(map),
            },
            Value::Null => return None,
            other => other,
        };
        if settings.is_null() {
            return Some(Ok(Self::default()));
        }
        Some(Self::parse(settings))
    }

    fn parse(value: Value) -> Result<Self, String> {
        serde_json::from_value(value).map_err(|error| error.to_string())
    }

    /// The options that lay over each configuration file.
    pub fn overrides(&self) -> Overrides {
        Overrides {
            select: self.select.clone(),
            ignore: self.ignore.clone(),
            packs: Vec::new(),
        }
    }

    /// The fixes that "fix all" applies.
    pub fn fix_level(&self) -> Applicability {
        if self.unsafe_fixes {
            Applicability::Unsafe
        } else {
            Applicability::Safe
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn options_parse_from_either_place() {
        let options = Options {
            select: vec!["artefact".into()],
            ignore: vec!["boilerplate".into()],
            unsafe_fixes: true,
        };
        let value =
            json!({ "select": ["artefact"], "ignore": ["boilerplate"], "unsafeFixes": true });
        assert_eq!(
            Options::from_initialization(Some(value.clone())),
            Ok(options.clone())
        );
        assert_eq!(Options::from_initialization(None), Ok(Options::default()));
        assert_eq!(
            Options::from_settings(json!({ "copydesk": value.clone() })),
            Some(Ok(options.clone()))
        );
        assert_eq!(Options::from_settings(value), Some(Ok(options)));
        assert_eq!(Options::from_settings(json!({})), None);
        assert_eq!(Options::from_settings(Value::Null), None);
        assert_eq!(
            Options::from_settings(json!({ "copydesk": null })),
            Some(Ok(Options::default()))
        );
    }

    #[test]
    fn bad_options_say_what_is_wrong() {
        let error = Options::from_initialization(Some(json!({ "selct": ["artefact"] })))
            .expect_err("an unknown field");
        assert!(error.contains("unknown field `selct`"), "{error}");
        let error = Options::from_initialization(Some(json!({ "ignore": "boilerplate" })))
            .expect_err("a string for a list");
        assert!(error.contains("expected a sequence"), "{error}");
        assert!(Options::from_initialization(Some(json!([1]))).is_err());
    }
}
