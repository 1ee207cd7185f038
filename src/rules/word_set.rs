//! A constant word list looked up by hash: rules ask whether most words of a
//! text are in such a list, and a scan of a slice compares the word with
//! every entry.

use std::sync::OnceLock;

use rustc_hash::FxHashSet;

/// A `&'static` word list with a hash set built on its first lookup.
pub(crate) struct WordSet {
    words: &'static [&'static str],
    set: OnceLock<FxHashSet<&'static str>>,
}

impl WordSet {
    /// The set of `words` (compared exactly: list them as they are looked up).
    pub(crate) const fn new(words: &'static [&'static str]) -> Self {
        Self {
            words,
            set: OnceLock::new(),
        }
    }

    /// Whether `word` is in the list.
    pub(crate) fn contains(&self, word: &str) -> bool {
        self.set
            .get_or_init(|| self.words.iter().copied().collect())
            .contains(word)
    }
}

#[cfg(test)]
mod tests {
    use super::WordSet;

    #[test]
    fn finds_listed_words_exactly() {
        static SET: WordSet = WordSet::new(&["the", "of"]);
        assert!(SET.contains("the"));
        assert!(SET.contains("of"));
        assert!(!SET.contains("The"));
        assert!(!SET.contains("off"));
        assert!(!SET.contains(""));
    }
}
