//! `html-residue`: character entities, tags, comments and CDATA left in text.

use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::OnceLock;

use regex::Regex;

use crate::diagnostic::{excerpt, Diagnostic, Span};
use crate::document::Document;
use crate::error::Error;
use crate::fix::{deletion_with_separator, Edit, Fix};
use crate::rules::invisible_character::invisible_name;
use crate::rule::{declare_rule, no_options, Rule, RuleMeta, RuleOptions};

declare_rule! {
    /// ## What it does
    /// Finds HTML that an extractor left as text: character references
    /// (`&amp;`, `&nbsp;`, `&#8217;`, `&#x2019;`, `&mdash;`), tags (`<br>`,
    /// `<p class="x">`, `</div>`), comments (`<!-- … -->`, except copydesk's
    /// own suppression comments) and CDATA sections. "AT&T", "R&D",
    /// "x < y and y > z", an e-mail address in angle brackets and a Markdown
    /// autolink are not HTML. In a Markdown file a character reference is
    /// valid syntax (`&ensp;`, `&times;`), so there only text escaped twice
    /// (`&amp;amp;`, `&amp;#39;`) is flagged; Markdown's own HTML is left to
    /// the Markdown renderer.
    ///
    /// ## Why is this bad?
    /// Readers see `&#8217;` where an apostrophe belongs, and tags and
    /// comments are markup, not prose.
    ///
    /// ## Example
    /// ```text
    /// The caf&eacute; opens at 8&nbsp;a.m.<br>Breakfast is served until noon.
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// The café opens at 8 a.m. Breakfast is served until noon.
    /// ```
    ///
    /// ## Fix safety
    /// Character references are decoded with the full HTML5 table (safe),
    /// except references to control, bidirectional or invisible characters
    /// (`&#x202E;`, `&#13;`, `&shy;`): decoding them would hide or reorder
    /// text, so their fix deletes the reference and is unsafe.
    /// Known HTML tags and comments are deleted, or replaced by a space where
    /// deleting them would join two words (safe); tags with unknown names are
    /// deleted by an unsafe fix, since `<name>` may be meant as text; without
    /// attributes an unknown name (`<commit>`, `<nick>`) is a placeholder and
    /// is not flagged at all. A CDATA
    /// section is replaced by its contents (safe).
    pub(crate) const META = {
        name: "html-residue",
        category: Encoding,
        severity: Warning,
        fix: Always,
    }
}

/// HTML element names: a tag with one of these names is markup, safely deleted.
const KNOWN_TAGS: &[&str] = &[
    "a",
    "abbr",
    "address",
    "article",
    "aside",
    "audio",
    "b",
    "blockquote",
    "body",
    "br",
    "button",
    "caption",
    "center",
    "cite",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "embed",
    "figcaption",
    "figure",
    "font",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hr",
    "html",
    "i",
    "iframe",
    "img",
    "input",
    "ins",
    "kbd",
    "label",
    "li",
    "link",
    "main",
    "mark",
    "meta",
    "nav",
    "noscript",
    "object",
    "ol",
    "option",
    "p",
    "picture",
    "pre",
    "q",
    "s",
    "samp",
    "script",
    "section",
    "select",
    "small",
    "source",
    "span",
    "strike",
    "strong",
    "style",
    "sub",
    "summary",
    "sup",
    "svg",
    "table",
    "tbody",
    "td",
    "template",
    "textarea",
    "tfoot",
    "th",
    "thead",
    "time",
    "title",
    "tr",
    "u",
    "ul",
    "var",
    "video",
    "wbr",
];

/// The html-residue rule.
pub(crate) struct HtmlResidue;

impl HtmlResidue {
    /// The rule; it takes no options.
    pub(crate) fn new(options: &RuleOptions) -> Result<Self, Error> {
        no_options(META.name.as_ref(), options)?;
        Ok(Self)
    }
}

fn pattern() -> &'static Regex {
    static PATTERN: OnceLock<Regex> = OnceLock::new();
    PATTERN.get_or_init(|| {
        Regex::new(concat!(
            r"(?s)(?P<comment><!--.*?-->)",
            r"|(?P<cdata><!\[CDATA\[(?P<inner>.*?)\]\]>)",
            r"|(?P<entity>&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)",
            r#"|(?P<tag></?(?P<name>[A-Za-z][A-Za-z0-9-]*)(?:\s+[^<>"']*(?:(?:"[^"]*"|'[^']*')[^<>"']*)*)?/?>)"#,
        ))
        .unwrap_or_else(|_| unreachable!("the html-residue pattern is a valid regular expression"))
    })
}

/// Elements that appear without a closing tag: void elements, and `p`/`li`
/// whose end tag HTML lets authors leave out.
const STANDALONE_TAGS: &[&str] = &[
    "br", "hr", "img", "wbr", "input", "meta", "link", "source", "p", "li",
];

/// The element names that `text` has opening and closing tags for, found in
/// one pass, so that a bare tag's partner is looked up in constant time.
fn tag_names(text: &str) -> (HashSet<String>, HashSet<String>) {
    let (mut opened, mut closed) = (HashSet::new(), HashSet::new());
    for captures in pattern().captures_iter(text) {
        let (Some(tag), Some(name)) = (captures.name("tag"), captures.name("name")) else {
            continue;
        };
        let target = if tag.as_str().starts_with("</") {
            &mut closed
        } else {
            &mut opened
        };
        target.insert(name.as_str().to_ascii_lowercase());
    }
    (opened, closed)
}

/// Tags that mark text up inside a line: deleting them must not add a space
/// ("H<sub>2</sub>O" is "H2O").
const INLINE_TAGS: &[&str] = &[
    "a", "abbr", "b", "cite", "code", "del", "dfn", "em", "font", "i", "ins", "kbd", "mark", "q",
    "s", "samp", "small", "span", "strike", "strong", "sub", "sup", "time", "u", "var", "wbr",
];

/// The edit that removes markup at `span`: a space where block markup was
/// the only thing between two non-blank characters ("Saturday.<br>Stalls"),
/// a deletion with one separator where it stands between spaces (so no
/// double or trailing space is left), and a plain deletion otherwise.
fn remove_markup(text: &str, span: Span, inline: bool) -> Edit {
    let touches = |c: Option<char>| c.is_some_and(|c| !c.is_whitespace());
    let before = touches(text[..span.start].chars().next_back());
    let after = touches(text[span.end..].chars().next());
    match (before, after) {
        (true, true) if !inline => Edit::replace(span, " "),
        (false, false) => Edit::delete(deletion_with_separator(text, span)),
        _ => Edit::delete(span),
    }
}

/// Whether the reference at `span` is `&amp;` followed by what reads as a
/// reference again: text escaped twice.
fn is_double_escaped(text: &str, span: Span) -> bool {
    if !text[span.range()].eq_ignore_ascii_case("&amp;") {
        return false;
    }
    let rest = &text[span.end..];
    let name_length = rest
        .bytes()
        .take(32)
        .take_while(|byte| byte.is_ascii_alphanumeric() || *byte == b'#')
        .count();
    name_length > 0 && rest.as_bytes().get(name_length) == Some(&b';')
}

/// Whether `c` must not be decoded by a safe fix: controls other than tab
/// and line feed, bidirectional controls and marks, and invisible characters.
fn is_hidden(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n'))
        || matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}')
        || invisible_name(c).is_some()
}

impl Rule for HtmlResidue {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, document: &Document, out: &mut Vec<Diagnostic>) {
        let text = document.text();
        if !text.contains(['&', '<']) {
            return;
        }
        // Computed once, when a bare tag first needs its partner looked up.
        let mut names: Option<(HashSet<String>, HashSet<String>)> = None;
        for captures in pattern().captures_iter(text) {
            let Some(whole) = captures.get(0) else {
                continue;
            };
            let span = Span::new(whole.start(), whole.end());
            let found = whole.as_str();
            let diagnostic = if captures.name("comment").is_some() {
                if found
                    .trim_start_matches("<!--")
                    .trim_start()
                    .starts_with("copydesk-")
                {
                    continue;
                }
                Diagnostic::new(
                    META.name,
                    META.severity,
                    format!("leftover HTML comment: \"{}\"", excerpt(found, 60)),
                    span,
                )
                .with_fix(Fix::safe(
                    "delete the comment",
                    vec![remove_markup(text, span, false)],
                ))
            } else if let Some(inner) = captures.name("inner") {
                Diagnostic::new(
                    META.name,
                    META.severity,
                    "leftover CDATA section".to_owned(),
                    span,
                )
                .with_fix(Fix::safe(
                    "keep only the contents",
                    vec![Edit::replace(span, inner.as_str())],
                ))
            } else if captures.name("entity").is_some() {
                // In Markdown a character reference is valid syntax; only a
                // double-escaped one ("&amp;amp;", "&amp;#39;") is residue.
                if document.is_markdown() && !is_double_escaped(text, span) {
                    continue;
                }
                let decoded = html_escape::decode_html_entities(found);
                let Cow::Owned(decoded) = decoded else {
                    continue; // not an entity HTML knows
                };
                if decoded.contains('\0') {
                    continue;
                }
                if let Some(hidden) = decoded.chars().find(|&c| is_hidden(c)) {
                    // Decoding would put a character in the text that nobody
                    // sees, or that reorders the text around it.
                    let code = format!("U+{:04X}", u32::from(hidden));
                    out.push(
                        Diagnostic::new(
                            META.name,
                            META.severity,
                            format!("leftover character reference to an invisible or control character: \"{found}\" ({code})"),
                            span,
                        )
                        .with_fix(Fix::unsafe_(
                            "delete the reference",
                            vec![Edit::delete(span)],
                        )),
                    );
                    continue;
                }
                Diagnostic::new(
                    META.name,
                    META.severity,
                    format!("leftover character reference: \"{found}\""),
                    span,
                )
                .with_fix(Fix::safe(
                    format!("decode to \"{}\"", decoded.escape_debug()),
                    vec![Edit::replace(span, decoded)],
                ))
            } else {
                let name = captures
                    .name("name")
                    .map_or("", |name| name.as_str())
                    .to_ascii_lowercase();
                let known = KNOWN_TAGS.contains(&name.as_str());
                // "<commit>" in a manual or "<nick>" in a chat log is a
                // placeholder, not markup: an unknown name counts only with
                // attributes ("<widget id=\"x\">"), and a bare known name
                // that is not a void or optional-close element ("<object>",
                // "<option>") only with its partner tag in the text.
                let has_attributes = found.contains('=');
                if !known && !has_attributes {
                    continue;
                }
                let stands_alone = STANDALONE_TAGS.contains(&name.as_str());
                if known && !has_attributes && !stands_alone {
                    let (opened, closed) = names.get_or_insert_with(|| tag_names(text));
                    let partner = if found.starts_with("</") {
                        opened.contains(&name)
                    } else {
                        closed.contains(&name)
                    };
                    if !partner {
                        continue;
                    }
                }
                let edits = vec![remove_markup(
                    text,
                    span,
                    INLINE_TAGS.contains(&name.as_str()),
                )];
                let message = format!("leftover HTML tag: \"{}\"", excerpt(found, 60));
                let fix = if known {
                    Fix::safe("delete the tag", edits)
                } else {
                    Fix::unsafe_("delete the tag", edits)
                };
                Diagnostic::new(META.name, META.severity, message, span).with_fix(fix)
            };
            out.push(diagnostic);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fix::Applicability;
    use crate::rules::test_support::{assert_clean, flagged};

    fn rule() -> HtmlResidue {
        HtmlResidue::new(&RuleOptions::new()).expect("no options")
    }

    #[test]
    fn flags_entities_tags_comments_and_cdata() {
        let text = "It&#8217;s 5&nbsp;km<br/>away <p class=\"x\">here</p> <!-- ad --> <![CDATA[x]]> &bogus;";
        assert_eq!(
            flagged(&rule(), text),
            [
                "&#8217;",
                "&nbsp;",
                "<br/>",
                "<p class=\"x\">",
                "</p>",
                "<!-- ad -->",
                "<![CDATA[x]]>"
            ]
        );
    }

    #[test]
    fn text_that_only_looks_like_html_is_clean() {
        assert_clean(
            &rule(),
            &[
                "AT&T and R&D",
                "x < y and y > z",
                "Mail <jo@example.com>",
                "See <https://example.com>.",
                "<!-- copydesk-disable -->",
            ],
        );
    }

    /// Issue 11, defect 5: a safe fix must not decode a reference into a raw
    /// right-to-left override or a bare carriage return.
    #[test]
    fn references_to_controls_and_invisible_characters_are_not_decoded_safely() {
        let text = "pay &#x202E;1gpj.exe and&#13;more &shy; &lrm; tab&#9;ok";
        let mut out = Vec::new();
        rule().check(&Document::new(text), &mut out);
        let fixes: Vec<(&str, Applicability, &str)> = out
            .iter()
            .filter_map(|diagnostic| {
                let fix = diagnostic.fix.as_ref()?;
                Some((
                    &text[diagnostic.span.range()],
                    fix.applicability,
                    fix.edits[0].replacement.as_str(),
                ))
            })
            .collect();
        assert_eq!(
            fixes,
            [
                ("&#x202E;", Applicability::Unsafe, ""),
                ("&#13;", Applicability::Unsafe, ""),
                ("&shy;", Applicability::Unsafe, ""),
                ("&lrm;", Applicability::Unsafe, ""),
                ("&#9;", Applicability::Safe, "\t"),
            ]
        );
    }

    /// Issue 11: in Markdown prose a character reference is valid syntax;
    /// only text escaped twice is flagged.
    #[test]
    fn markdown_character_references_are_valid_unless_escaped_twice() {
        let text = "A&ensp;B &mdash; 3&times;4 &#10084; Q&amp;A and Tom&amp;#39;s &amp;amp; co";
        let mut out = Vec::new();
        rule().check(&Document::new(text).with_markdown(true), &mut out);
        let flagged: Vec<&str> = out
            .iter()
            .map(|diagnostic| &text[diagnostic.span.range()])
            .collect();
        assert_eq!(flagged, ["&amp;", "&amp;"]);
        assert_eq!(self::flagged(&rule(), text).len(), 7);
    }
}
