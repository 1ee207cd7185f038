//! Words that carry no topic: English function words and the commonest
//! verbs and adverbs (`rules/lists/common-words.toml`). Two lines that
//! share only such words share no content: shared-boilerplate needs two
//! content words in a recurring line, repeated-passage two in a headline
//! that restates its teaser.

use rustc_hash::FxHashSet;
use serde::Deserialize;

use crate::document::Document;
use crate::error::Error;
use crate::rules::load_list;

const COMMON_WORDS_TOML: &str = include_str!("../rules/lists/common-words.toml");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CommonWords {
    common: Vec<String>,
}

/// The token hashes ([`Document::tokens`]) of the common words.
pub(crate) fn common_word_hashes() -> Result<FxHashSet<u32>, Error> {
    let list: CommonWords = load_list("rules/lists/common-words.toml", COMMON_WORDS_TOML)?;
    Ok(list
        .common
        .iter()
        .flat_map(|word| Document::new(word).tokens().hashes.clone())
        .collect())
}
