//! A bounded memo for per-thread lookups that keeps what is used often.
//!
//! Grading a class repeats a small vocabulary, mixed with one-off typos. A
//! map that is simply cleared when full forgets the common words along with
//! the typos; this one keeps two generations instead. New entries go into
//! the young one; when it is full it becomes the old one (the previous old
//! one is dropped), and a hit in the old generation moves the entry back
//! into the young one. Words in steady use therefore survive every turnover,
//! and memory stays under two generations' worth.

use rustc_hash::FxHashMap;
use std::borrow::Borrow;
use std::hash::Hash;

/// A bounded two-generation memo from `K` to `V`.
#[derive(Debug)]
pub struct Memo<K, V> {
    young: FxHashMap<K, V>,
    old: FxHashMap<K, V>,
    generation: usize,
}

impl<K: Hash + Eq, V: Clone> Memo<K, V> {
    /// An empty memo whose generations hold up to `generation` entries each.
    pub fn new(generation: usize) -> Memo<K, V> {
        Memo {
            young: FxHashMap::default(),
            old: FxHashMap::default(),
            generation: generation.max(1),
        }
    }

    /// The value for `key`, if it is remembered; a hit in the old generation
    /// is moved to the young one.
    pub fn get<Q>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        if let Some(value) = self.young.get(key) {
            return Some(value.clone());
        }
        let (key, value) = self.old.remove_entry(key)?;
        self.insert(key, value.clone());
        Some(value)
    }

    /// Remembers `value` for `key`, turning the generations over when the young one is full.
    pub fn insert(&mut self, key: K, value: V) {
        if self.young.len() >= self.generation {
            self.old = std::mem::take(&mut self.young);
        }
        self.young.insert(key, value);
    }

    /// How many entries are remembered.
    pub fn len(&self) -> usize {
        self.young.len() + self.old.len()
    }

    /// Whether nothing is remembered.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::Memo;

    #[test]
    fn entries_in_use_survive_turnovers_and_the_rest_are_dropped() {
        let mut memo: Memo<String, u32> = Memo::new(3);
        memo.insert("common".to_string(), 1);
        for (n, typo) in ["qouta", "stakanov", "prodution", "wokers", "sovet"]
            .into_iter()
            .enumerate()
        {
            memo.insert(typo.to_string(), n as u32);
            assert_eq!(memo.get("common"), Some(1), "after {typo}");
        }
        assert_eq!(memo.get("qouta"), None);
        assert!(memo.len() <= 6);
    }

    #[test]
    fn memory_stays_under_two_generations() {
        let mut memo: Memo<u32, u32> = Memo::new(100);
        for n in 0..10_000 {
            memo.insert(n, n);
        }
        assert!(memo.len() <= 200);
        assert_eq!(memo.get(&9_999), Some(9_999));
        assert_eq!(memo.get(&0), None);
    }
}
