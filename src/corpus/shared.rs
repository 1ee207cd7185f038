//! [`SharedCounts`]: in how many documents of a run each unit (a line, a
//! shingle of words) occurs, counted in a first pass over the whole run so
//! that rules of [`crate::rule::Scope::Run`] can tell site chrome, which
//! recurs across documents, from prose.
//!
//! Memory is bounded by the number of distinct units, never by the size of
//! the corpus: the table holds at most [`MAX_SHARED_UNITS`] hashes (about
//! 150 MB). When it is full, the units seen in the fewest documents so far
//! are forgotten (see [`SharedCounts::add_document`]). Documents are added
//! one at a time in input order, so the table, pruning included, is the same
//! whatever the number of threads that computed the units.

use rustc_hash::FxHashMap;

/// The most distinct units the table holds: 7 million 64-bit hashes with
/// their 32-bit counts fit a hash table of 2^23 slots of 17 bytes, about
/// 150 MB (about 210 MB while the table grows from 2^22 slots to 2^23, the
/// old and the new side by side).
pub const MAX_SHARED_UNITS: usize = 7_000_000;

/// How many documents of a run each unit occurs in.
#[derive(Debug, Clone)]
pub struct SharedCounts {
    /// Documents per unit hash.
    counts: FxHashMap<u64, u32>,
    /// The most entries kept before pruning.
    limit: usize,
    /// Documents added.
    documents: usize,
    /// The highest count forgotten by pruning (0 when nothing was).
    forgotten_below: u32,
}

impl Default for SharedCounts {
    fn default() -> Self {
        Self::new()
    }
}

impl SharedCounts {
    /// An empty table holding at most [`MAX_SHARED_UNITS`] units.
    pub fn new() -> Self {
        Self::with_limit(MAX_SHARED_UNITS)
    }

    /// An empty table holding at most `limit` units (at least 2).
    pub fn with_limit(limit: usize) -> Self {
        Self {
            counts: FxHashMap::default(),
            limit: limit.max(2),
            documents: 0,
            forgotten_below: 0,
        }
    }

    /// Counts one document whose units are `units` (hashes, in any order;
    /// a unit repeated in the document counts once).
    ///
    /// When the table is full, it is pruned: the units seen in one document
    /// so far are forgotten, then those in two, and so on, until at most half
    /// the limit is left. A unit forgotten that way starts again from zero
    /// if it comes back, so chrome whose second occurrence comes millions of
    /// units after its first may be counted short; chrome that recurs every
    /// few hundred documents, as a site's does, is never forgotten.
    pub fn add_document(&mut self, units: &[u64]) {
        self.documents += 1;
        let mut distinct = units.to_vec();
        distinct.sort_unstable();
        distinct.dedup();
        for unit in distinct {
            let count = self.counts.entry(unit).or_insert(0);
            *count = count.saturating_add(1);
        }
        if self.counts.len() > self.limit {
            self.prune();
        }
    }

    /// Forgets the least shared units until at most half the limit is left.
    fn prune(&mut self) {
        let mut floor = 0u32;
        while self.counts.len() > self.limit / 2 && floor < u32::MAX {
            floor += 1;
            self.counts.retain(|_, count| *count > floor);
        }
        self.forgotten_below = self.forgotten_below.max(floor);
        // Erased entries leave tombstones that the table reclaims only when
        // it is at most half full; without a rebuild it would soon grow to
        // twice its size. The old table is freed before the new one is made.
        self.counts.shrink_to_fit();
        self.counts
            .reserve(self.limit.saturating_sub(self.counts.len()));
    }

    /// Ends the counting: forgets the units seen in one document only, which
    /// no rule reports (`min-documents` is at least 2), and frees their
    /// memory, so that the table the documents are checked against is small.
    pub fn finish(&mut self) {
        self.counts.retain(|_, count| *count > 1);
        self.counts.shrink_to_fit();
    }

    /// In how many documents the unit `hash` occurred (as far as the table
    /// remembers it).
    pub fn documents_with(&self, hash: u64) -> u32 {
        self.counts.get(&hash).copied().unwrap_or(0)
    }

    /// The documents counted.
    pub fn documents(&self) -> usize {
        self.documents
    }

    /// The distinct units the table holds.
    pub fn len(&self) -> usize {
        self.counts.len()
    }

    /// Whether the table holds no unit.
    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
    }

    /// The highest count that pruning forgot: a unit may have occurred in up
    /// to this many more documents than the table says (0 when the table was
    /// never full).
    pub fn forgotten_below(&self) -> u32 {
        self.forgotten_below
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_unit_counts_once_per_document() {
        let mut counts = SharedCounts::new();
        counts.add_document(&[1, 2, 2, 2]);
        counts.add_document(&[2, 3]);
        assert_eq!(counts.documents_with(2), 2);
        assert_eq!(counts.documents_with(1), 1);
        assert_eq!(counts.documents_with(9), 0);
        assert_eq!(counts.documents(), 2);
    }

    #[test]
    fn a_full_table_forgets_the_least_shared_units_first() {
        let mut counts = SharedCounts::with_limit(10);
        for document in 0..20u64 {
            // Unit 7 is in every document; the others are new each time.
            counts.add_document(&[7, 1000 + document, 2000 + document]);
        }
        assert!(counts.len() <= 10);
        assert_eq!(counts.documents_with(7), 20);
        assert_eq!(counts.forgotten_below(), 1);
        counts.finish();
        assert_eq!(counts.len(), 1);
    }
}
