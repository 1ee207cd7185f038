//! Links to rule documentation for `codeDescription.href`.
//!
//! copydesk has no documentation site to link to, and a pack in the user's
//! folder documents its own rules, so each rule's page (what `copydesk rule
//! NAME` prints) is written as a Markdown file in the user's cache folder
//! and the diagnostic links to that file: a link that always opens, for
//! built-in and pack rules alike, and matches the running version. Files
//! are named by a hash of their text, so a page is written once, never
//! changed, and servers running side by side never write the same file
//! differently. With no cache folder, or one that cannot be written,
//! diagnostics carry no link; hover shows the page all the same.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use lsp_types::Uri;

use super::uri;
use crate::rule::RuleMeta;

/// Where rule pages are written, and the links made so far.
#[derive(Debug)]
pub struct RulePages {
    /// The folder of the pages; `None`: no links.
    folder: Option<PathBuf>,
    /// The link of each page written, by the hash of its text.
    written: Mutex<HashMap<u64, Option<Uri>>>,
}

impl RulePages {
    /// Pages written under `folder` (`None`: none written, no links).
    pub fn new(folder: Option<PathBuf>) -> Self {
        Self {
            folder,
            written: Mutex::new(HashMap::new()),
        }
    }

    /// Pages in `copydesk/rules` of the user's cache folder:
    /// `$XDG_CACHE_HOME`, else `~/.cache` (`%LOCALAPPDATA%` on Windows).
    pub fn in_user_cache() -> Self {
        Self::new(user_cache().map(|cache| cache.join("copydesk").join("rules")))
    }

    /// The link to the page of `meta`, written first if need be; `None` when
    /// it cannot be written.
    pub fn href(&self, meta: &RuleMeta) -> Option<Uri> {
        let folder = self.folder.as_ref()?;
        // The name becomes a file name: only kebab-case ones do.
        let plain = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
        if meta.name.is_empty() || !meta.name.chars().all(plain) {
            return None;
        }
        let page = format!("{}\n", meta.page());
        let mut hasher = rustc_hash::FxHasher::default();
        page.hash(&mut hasher);
        let hash = hasher.finish();
        let mut written = self.written.lock().ok()?;
        if let Some(link) = written.get(&hash) {
            return link.clone();
        }
        let path = folder
            .join(format!("{hash:016x}"))
            .join(format!("{}.md", meta.name));
        let link = write_once(&path, &page)
            .ok()
            .and_then(|()| uri::from_path(&path));
        written.insert(hash, link.clone());
        link
    }
}

/// The user's cache folder, if the environment names one.
fn user_cache() -> Option<PathBuf> {
    let absolute = |name: &str| {
        std::env::var_os(name)
            .map(PathBuf::from)
            .filter(|path| path.is_absolute())
    };
    if cfg!(windows) {
        return absolute("LOCALAPPDATA");
    }
    absolute("XDG_CACHE_HOME").or_else(|| absolute("HOME").map(|home| home.join(".cache")))
}

/// Writes `text` to `path` unless a file is there already (from an earlier
/// session: the name is the text's hash), through a temporary file renamed
/// into place, so a reader never sees half a page.
fn write_once(path: &Path, text: &str) -> std::io::Result<()> {
    if path.is_file() {
        return Ok(());
    }
    let folder = path
        .parent()
        .ok_or_else(|| std::io::Error::other("a page has a folder"))?;
    std::fs::create_dir_all(folder)?;
    let mut file = tempfile::NamedTempFile::new_in(folder)?;
    file.write_all(text.as_bytes())?;
    file.persist(path).map_err(|error| error.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::lost_apostrophe;

    #[test]
    fn a_page_is_written_once_and_linked() {
        let cache = tempfile::tempdir().expect("temporary folder");
        let pages = RulePages::new(Some(cache.path().to_path_buf()));
        let meta = &lost_apostrophe::META;
        let link = pages.href(meta).expect("a link");
        let path = uri::to_path(&link).expect("a file URI");
        assert!(path.starts_with(cache.path()));
        assert!(path.ends_with("lost-apostrophe.md"));
        let written = std::fs::read_to_string(&path).expect("the page");
        assert_eq!(written, format!("{}\n", meta.page()));
        assert_eq!(pages.href(meta), Some(link));
        assert_eq!(RulePages::new(None).href(meta), None);
    }

    #[test]
    fn an_unwritable_folder_gives_no_link() {
        let cache = tempfile::tempdir().expect("temporary folder");
        let file = cache.path().join("a-file");
        std::fs::write(&file, "").expect("written");
        let pages = RulePages::new(Some(file.join("rules")));
        assert_eq!(pages.href(&lost_apostrophe::META), None);
    }
}
