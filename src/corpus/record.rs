//! One line of a JSON Lines corpus: finding the text field, the id and the
//! summary field in it, and writing it back with only those changed.
//!
//! The line is never re-serialized: the text field's string literal is
//! spliced out and the fixed text's literal spliced in, so every other
//! byte (other fields, their order, spacing, number formats) stays as it
//! was. A literal written with `\u` escapes only (Python's
//! `json.dumps` default) is written back the same way.

use std::borrow::Cow;
use std::fmt;

use serde::de::{IgnoredAny, MapAccess, Visitor};
use serde::Deserializer as _;
use serde_json::value::RawValue;

/// Where a record's parts are in its line, and its decoded text.
#[derive(Debug)]
pub struct ParsedRecord<'a> {
    /// The decoded text of the text field.
    pub text: String,
    /// The id, as written in the line (any JSON value), if the field is there.
    pub id: Option<Box<RawValue>>,
    /// The byte range of the text field's string literal (quotes included).
    pub text_literal: std::ops::Range<usize>,
    /// The byte range of the summary field's value, when the line has one.
    pub summary_value: Option<std::ops::Range<usize>>,
    /// The line the record was parsed from.
    pub line: &'a str,
}

/// The names of the fields a corpus reads and writes.
#[derive(Debug, Clone, Copy)]
pub struct FieldNames<'n> {
    /// The field linted.
    pub text: &'n str,
    /// The field that identifies a record.
    pub id: &'n str,
    /// The field `--add-field` writes, if any.
    pub summary: Option<&'n str>,
}

/// The raw values of the fields a corpus reads, as the last occurrence of
/// each key gives them (as serde_json, Python and jq read duplicate keys).
struct Fields<'a> {
    text: Option<&'a RawValue>,
    id: Option<&'a RawValue>,
    summary: Option<&'a RawValue>,
}

struct FieldsVisitor<'n> {
    names: FieldNames<'n>,
}

impl<'de> Visitor<'de> for FieldsVisitor<'_> {
    type Value = Fields<'de>;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut fields = Fields {
            text: None,
            id: None,
            summary: None,
        };
        while let Some(key) = map.next_key::<Cow<'de, str>>()? {
            let slot = if key == self.names.text {
                &mut fields.text
            } else if key == self.names.id {
                &mut fields.id
            } else if Some(key.as_ref()) == self.names.summary {
                &mut fields.summary
            } else {
                map.next_value::<IgnoredAny>()?;
                continue;
            };
            *slot = Some(map.next_value::<&'de RawValue>()?);
        }
        Ok(fields)
    }
}

/// Why a line is not a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadRecord {
    /// What is wrong, for a message ("not a JSON object", "no field \"text\"").
    pub message: String,
}

impl BadRecord {
    fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
        }
    }
}

/// What kind of JSON value `raw` is, for messages.
fn kind_of(raw: &str) -> &'static str {
    match raw.trim_start().as_bytes().first() {
        Some(b'{') => "an object",
        Some(b'[') => "an array",
        Some(b'"') => "a string",
        Some(b't' | b'f') => "a boolean",
        Some(b'n') => "null",
        Some(_) => "a number",
        None => "nothing",
    }
}

/// The byte range of `part`, a slice of `whole`, inside `whole`.
fn range_in(whole: &str, part: &str) -> Option<std::ops::Range<usize>> {
    let start = (part.as_ptr() as usize).checked_sub(whole.as_ptr() as usize)?;
    let end = start.checked_add(part.len())?;
    (end <= whole.len()).then_some(start..end)
}

/// Parses `line` (without its line ending) as a record with `names`' fields.
pub fn parse<'a>(line: &'a str, names: FieldNames) -> Result<ParsedRecord<'a>, BadRecord> {
    let first = line.trim_start().as_bytes().first().copied();
    if first != Some(b'{') {
        let found = if first.is_some() {
            // A value that is not an object, or not JSON at all.
            match serde_json::from_str::<IgnoredAny>(line) {
                Ok(_) => kind_of(line),
                Err(_) => "not JSON",
            }
        } else {
            "an empty line"
        };
        return Err(BadRecord::new(format!("not a JSON object ({found})")));
    }
    let mut deserializer = serde_json::Deserializer::from_str(line);
    let fields = deserializer
        .deserialize_map(FieldsVisitor { names })
        .and_then(|fields| deserializer.end().map(|()| fields))
        .map_err(|error| BadRecord::new(format!("invalid JSON: {error}")))?;
    let Some(text_raw) = fields.text else {
        return Err(BadRecord::new(format!("no field \"{}\"", names.text)));
    };
    let text: String = serde_json::from_str(text_raw.get()).map_err(|_| {
        BadRecord::new(format!(
            "field \"{}\" is {}, not a string",
            names.text,
            kind_of(text_raw.get())
        ))
    })?;
    let text_literal = range_in(line, text_raw.get())
        .ok_or_else(|| BadRecord::new("the text field could not be located in the line"))?;
    let summary_value =
        match fields.summary {
            Some(raw) => Some(range_in(line, raw.get()).ok_or_else(|| {
                BadRecord::new("the summary field could not be located in the line")
            })?),
            None => None,
        };
    Ok(ParsedRecord {
        text,
        id: fields.id.map(RawValue::to_owned),
        text_literal,
        summary_value,
        line,
    })
}

impl ParsedRecord<'_> {
    /// The line with the text field set to `text` (when given) and the
    /// summary field `name` set to `summary` (when given; added at the end
    /// of the object when the line has no such field). Every other byte is
    /// kept.
    pub fn rewrite(&self, text: Option<&str>, summary: Option<(&str, &str)>) -> String {
        let line = self.line;
        // (range replaced, replacement), in order of position.
        let mut splices: Vec<(std::ops::Range<usize>, String)> = Vec::with_capacity(2);
        if let Some(text) = text {
            let old = &line[self.text_literal.clone()];
            splices.push((
                self.text_literal.clone(),
                string_literal(text, ascii_only(old)),
            ));
        }
        if let Some((name, value)) = summary {
            match &self.summary_value {
                Some(range) => splices.push((range.clone(), value.to_owned())),
                None => {
                    // The object's closing brace: the last byte but trailing whitespace.
                    let brace = line.trim_end().len().saturating_sub(1);
                    let ascii = ascii_only(&line[self.text_literal.clone()]);
                    let field = format!(",{}:{value}", string_literal(name, ascii));
                    splices.push((brace..brace, field));
                }
            }
        }
        splices.sort_by_key(|(range, _)| range.start);
        let mut out = String::with_capacity(line.len() + 64);
        let mut copied = 0;
        for (range, replacement) in splices {
            out.push_str(&line[copied..range.start]);
            out.push_str(&replacement);
            copied = range.end;
        }
        out.push_str(&line[copied..]);
        out
    }
}

/// Whether a string literal is written in ASCII with `\u` escapes for
/// everything else (as Python writes JSON by default).
fn ascii_only(literal: &str) -> bool {
    literal.is_ascii() && literal.contains("\\u")
}

/// `text` as a JSON string literal; with `ascii`, every character outside
/// ASCII as a `\u` escape (a surrogate pair above U+FFFF).
pub fn string_literal(text: &str, ascii: bool) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if c < ' ' || (ascii && !c.is_ascii()) => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const NAMES: FieldNames = FieldNames {
        text: "text",
        id: "id",
        summary: None,
    };

    #[test]
    fn finds_text_and_id_and_keeps_every_other_byte() {
        let line = r#"{"id": 17, "meta": {"text": "inner"}, "text": "don t", "n": 1.50}"#;
        let record = parse(line, NAMES).unwrap();
        assert_eq!(record.text, "don t");
        assert_eq!(record.id.as_ref().unwrap().get(), "17");
        assert_eq!(&line[record.text_literal.clone()], "\"don t\"");
        assert_eq!(
            record.rewrite(Some("don't"), None),
            r#"{"id": 17, "meta": {"text": "inner"}, "text": "don't", "n": 1.50}"#
        );
    }

    #[test]
    fn escaped_literals_stay_escaped() {
        let line = r#"{"text":"caf\u00e9 s \ud83d\ude00\n"}"#;
        let record = parse(line, NAMES).unwrap();
        assert_eq!(record.text, "café s 😀\n");
        assert_eq!(
            record.rewrite(Some("café's 😀\n"), None),
            r#"{"text":"caf\u00e9's \ud83d\ude00\n"}"#
        );
        // A literal in UTF-8 stays in UTF-8.
        let record = parse(r#"{"text":"café s"}"#, NAMES).unwrap();
        assert_eq!(record.rewrite(Some("café's"), None), r#"{"text":"café's"}"#);
    }

    #[test]
    fn summary_is_added_or_replaced() {
        let names = FieldNames {
            summary: Some("copydesk"),
            ..NAMES
        };
        let record = parse(r#"{"text":"a"} "#, names).unwrap();
        assert_eq!(
            record.rewrite(None, Some(("copydesk", "{}"))),
            r#"{"text":"a","copydesk":{}} "#
        );
        let line = r#"{"copydesk": {"old": 1}, "text":"a"}"#;
        let record = parse(line, names).unwrap();
        assert_eq!(
            record.rewrite(Some("b"), Some(("copydesk", "{\"new\":2}"))),
            r#"{"copydesk": {"new":2}, "text":"b"}"#
        );
    }

    #[test]
    fn bad_lines_say_what_is_wrong() {
        let message = |line: &str| parse(line, NAMES).unwrap_err().message;
        assert_eq!(message("[1, 2]"), "not a JSON object (an array)");
        assert_eq!(message("\"text\""), "not a JSON object (a string)");
        assert_eq!(message("hello"), "not a JSON object (not JSON)");
        assert_eq!(message(""), "not a JSON object (an empty line)");
        assert_eq!(message(r#"{"id": 1}"#), "no field \"text\"");
        assert_eq!(
            message(r#"{"text": 3}"#),
            "field \"text\" is a number, not a string"
        );
        assert!(message(r#"{"text": "a"} x"#).starts_with("invalid JSON: trailing characters"));
        assert!(message(r#"{"text": "a""#).starts_with("invalid JSON"));
    }

    #[test]
    fn duplicate_keys_read_as_the_last() {
        let line = r#"{"text":"first","text":"second"}"#;
        let record = parse(line, NAMES).unwrap();
        assert_eq!(record.text, "second");
        assert_eq!(
            record.rewrite(Some("2nd"), None),
            r#"{"text":"first","text":"2nd"}"#
        );
    }

    #[test]
    fn literals_round_trip_through_serde_json() {
        for text in ["plain", "quote \" and \\ and \u{1}", "é\u{2028}😀\r\n\t"] {
            for ascii in [false, true] {
                let literal = string_literal(text, ascii);
                assert_eq!(serde_json::from_str::<String>(&literal).unwrap(), text);
                assert!(!ascii || literal.is_ascii());
            }
        }
    }
}
