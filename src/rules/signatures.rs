//! A cheap first test of membership in a word list: the length and the
//! first and last letters of every listed word, one bit each. Most words of
//! prose fail it and never reach the hash lookup.

/// The signatures of a word list (ASCII case ignored).
pub(crate) struct Signatures {
    bits: Vec<u64>,
}

/// Lengths above this share one signature.
const LONGEST: usize = 31;

/// Letters a–z, then one class for everything else.
const CLASSES: usize = 27;

impl Signatures {
    /// The signatures of `words`.
    pub(crate) fn new<'a>(words: impl IntoIterator<Item = &'a str>) -> Self {
        let mut bits = vec![0u64; ((LONGEST + 1) * CLASSES * CLASSES).div_ceil(64)];
        for word in words {
            if let Some(index) = index(word.as_bytes()) {
                bits[index / 64] |= 1 << (index % 64);
            }
        }
        Self { bits }
    }

    /// Whether `word` may be in the list: `false` means it is not.
    pub(crate) fn may_contain(&self, word: &str) -> bool {
        index(word.as_bytes()).and_then(|index| {
            self.bits
                .get(index / 64)
                .map(|bits| bits >> (index % 64) & 1)
        }) == Some(1)
    }
}

fn class(byte: u8) -> usize {
    match byte.to_ascii_lowercase() {
        lower @ b'a'..=b'z' => usize::from(lower - b'a'),
        _ => CLASSES - 1,
    }
}

fn index(word: &[u8]) -> Option<usize> {
    let (&first, &last) = (word.first()?, word.last()?);
    Some((word.len().min(LONGEST) * CLASSES + class(first)) * CLASSES + class(last))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listed_words_pass_and_most_others_fail() {
        let signatures = Signatures::new(["googletag", "push"]);
        assert!(signatures.may_contain("googletag"));
        assert!(signatures.may_contain("PUSH"));
        assert!(!signatures.may_contain("library"));
        assert!(!signatures.may_contain("pus"));
        assert!(!signatures.may_contain(""));
    }
}
