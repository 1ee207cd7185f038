//! The documents the client has open: their text, kept in step with
//! incremental changes, and what the last lint of each found.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use lsp_types::{TextDocumentContentChangeEvent, Uri};

use super::encoding::{PositionEncoding, PositionMap};
use super::uri;
use crate::diagnostic::Diagnostic;
use crate::linter::FileRules;
use crate::source::LineIndex;
use crate::Linter;

/// One open document.
#[derive(Debug)]
pub struct Document {
    /// The file it was opened from, if it has one (not an unsaved buffer).
    pub path: Option<PathBuf>,
    /// Whether the client calls its language Markdown.
    pub markdown: bool,
    /// The client's version of it.
    pub version: i32,
    /// Its text, shared with the lint of this version.
    pub text: Arc<String>,
    /// Its line index, shared likewise.
    pub index: Arc<LineIndex>,
    /// Bumped at each change, close or configuration reload: a lint of an
    /// older generation gives up and is not published.
    pub generation: Arc<AtomicU64>,
    /// What the lint of the current generation found, once it is done.
    pub linted: Option<Arc<Vec<Diagnostic>>>,
    /// The linter and rules it was last linted with; `None` when nothing
    /// runs on it (an invalid configuration, an excluded file).
    pub linter: Option<(Arc<Linter>, FileRules)>,
}

impl Document {
    /// The current generation.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }

    /// Starts a new generation: the lint running, if any, is stale.
    pub fn bump(&mut self) -> u64 {
        self.linted = None;
        self.generation.fetch_add(1, Ordering::SeqCst) + 1
    }
}

/// Every open document, by URI.
#[derive(Debug, Default)]
pub struct Documents {
    open: HashMap<Uri, Document>,
}

impl Documents {
    /// Opens `text` as `uri`, replacing what was open under that URI.
    pub fn open(&mut self, uri: Uri, language: &str, version: i32, text: String) -> &mut Document {
        let path = uri::to_path(&uri);
        let document = Document {
            markdown: language == "markdown",
            path,
            version,
            index: Arc::new(LineIndex::new_with_bare_cr(&text)),
            text: Arc::new(text),
            generation: Arc::new(AtomicU64::new(0)),
            linted: None,
            linter: None,
        };
        if let Some(old) = self.open.insert(uri.clone(), document) {
            old.generation.fetch_add(1, Ordering::SeqCst);
        }
        self.get_mut(&uri)
            .unwrap_or_else(|| unreachable!("the document was just inserted"))
    }

    /// Applies `changes`, in order, to the open document `uri`; `None` when
    /// no such document is open.
    pub fn change(
        &mut self,
        uri: &Uri,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
        encoding: PositionEncoding,
    ) -> Option<&mut Document> {
        let document = self.open.get_mut(uri)?;
        for change in changes {
            let text = Arc::make_mut(&mut document.text);
            match change.range {
                None => *text = change.text,
                Some(range) => {
                    let span = PositionMap::new(text, &document.index, encoding).span(range);
                    text.replace_range(span.range(), &change.text);
                }
            }
            document.index = Arc::new(LineIndex::new_with_bare_cr(&document.text));
        }
        document.version = version;
        document.bump();
        Some(document)
    }

    /// Closes `uri`; a lint of it still running gives up.
    pub fn close(&mut self, uri: &Uri) {
        if let Some(mut document) = self.open.remove(uri) {
            document.bump();
        }
    }

    /// The open document `uri`.
    pub fn get(&self, uri: &Uri) -> Option<&Document> {
        self.open.get(uri)
    }

    /// The open document `uri`, to change.
    pub fn get_mut(&mut self, uri: &Uri) -> Option<&mut Document> {
        self.open.get_mut(uri)
    }

    /// The URIs of every open document.
    pub fn uris(&self) -> Vec<Uri> {
        self.open.keys().cloned().collect()
    }
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use lsp_types::{Position, Range};

    use super::*;

    #[test]
    fn incremental_changes_apply_in_order_in_utf16() {
        let uri = Uri::from_str("file:///tmp/a.txt").expect("a valid URI");
        let mut documents = Documents::default();
        documents.open(
            uri.clone(),
            "plaintext",
            1,
            "a\u{1F44D}b\nthe company s plan\n".into(),
        );
        let change = |line, start, end, text: &str| TextDocumentContentChangeEvent {
            range: Some(Range::new(
                Position::new(line, start),
                Position::new(line, end),
            )),
            range_length: None,
            text: text.to_owned(),
        };
        let document = documents
            .change(
                &uri,
                2,
                vec![change(0, 3, 4, "c"), change(1, 11, 12, "'")],
                PositionEncoding::Utf16,
            )
            .expect("open");
        assert_eq!(document.text.as_str(), "a\u{1F44D}c\nthe company's plan\n");
        assert_eq!(document.version, 2);
        assert_eq!(document.generation(), 1);
    }
}
