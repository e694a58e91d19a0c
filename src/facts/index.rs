//! An index from ids to positions. It keeps its own copy of the ids in one
//! contiguous buffer, so that a lookup touches the table and that buffer
//! only (not the records, which are large and scattered). Lookups hash the
//! id (FxHash with a murmur finish) into an open-addressing table. It is
//! only ever looked up, never iterated, so the order of its table cannot
//! leak into output.

/// Values (positions) by id.
#[derive(Clone, Debug, Default)]
pub(crate) struct IdIndex {
    /// `(0, _)` is an empty slot; `(n, h)` is the `n`th id inserted (from 1),
    /// whose hash has low 32 bits `h`.
    slots: Vec<(u32, u32)>,
    /// Every id inserted, one after the other.
    keys: String,
    /// Where each id ends in `keys`.
    ends: Vec<usize>,
    /// The value of each id.
    values: Vec<u32>,
}

impl IdIndex {
    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<u32> {
        let n = self.find(key, hash(key) as u32)?;
        self.values.get(n).copied()
    }

    /// Adds `key` with `value`, unless the index has it already: then it
    /// returns the value it has.
    pub fn insert(&mut self, key: &str, value: u32) -> Result<(), u32> {
        let h = hash(key) as u32;
        if let Some(n) = self.find(key, h) {
            return Err(self.values.get(n).copied().unwrap_or(value));
        }
        if (self.values.len() + 1) * 2 > self.slots.len() {
            self.grow();
        }
        self.keys.push_str(key);
        self.ends.push(self.keys.len());
        self.values.push(value);
        let n = u32::try_from(self.values.len()).unwrap_or(u32::MAX);
        self.place(h, n);
        Ok(())
    }

    /// The number (from 0) of `key`, whose hash is `h`.
    fn find(&self, key: &str, h: u32) -> Option<usize> {
        let mask = self.slots.len().checked_sub(1)?;
        let mut slot = h as usize & mask;
        loop {
            match self.slots.get(slot).copied() {
                None | Some((0, _)) => return None,
                Some((n, stored)) if stored == h && self.key(n as usize - 1) == Some(key) => {
                    return Some(n as usize - 1)
                }
                Some(_) => slot = (slot + 1) & mask,
            }
        }
    }

    /// The `n`th id inserted (from 0).
    fn key(&self, n: usize) -> Option<&str> {
        let start = match n.checked_sub(1) {
            Some(previous) => *self.ends.get(previous)?,
            None => 0,
        };
        self.keys.get(start..*self.ends.get(n)?)
    }

    /// Puts entry `n` with hash `h` in the first free slot from its own.
    fn place(&mut self, h: u32, n: u32) {
        let mask = self.slots.len().saturating_sub(1);
        let mut slot = h as usize & mask;
        while let Some(s) = self.slots.get_mut(slot) {
            if s.0 == 0 {
                *s = (n, h);
                return;
            }
            slot = (slot + 1) & mask;
        }
    }

    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(16);
        let old = std::mem::replace(&mut self.slots, vec![(0, 0); size]);
        for (n, h) in old.into_iter().filter(|&(n, _)| n != 0) {
            self.place(h, n);
        }
    }
}

/// FxHash over the bytes of `s`, with a strong finish (fast, and good
/// enough for ids).
fn hash(s: &str) -> u64 {
    const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
    let add = |h: u64, word: u64| (h.rotate_left(5) ^ word).wrapping_mul(K);
    let mut h = 0u64;
    let mut chunks = s.as_bytes().chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        h = add(h, u64::from_le_bytes(word));
    }
    let mut word = [0u8; 8];
    if let Some(tail) = word.get_mut(..chunks.remainder().len()) {
        tail.copy_from_slice(chunks.remainder());
    }
    h = add(h, u64::from_le_bytes(word));
    // Finish with murmur3's mixer, so that the low bits that pick the slot
    // depend on every byte.
    let mut h = add(h, s.len() as u64);
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_what_was_inserted() {
        let ids: Vec<String> = (0..1000).map(|i| format!("party-{i}")).collect();
        let mut index = IdIndex::default();
        assert_eq!(index.get("party-1"), None);
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(index.insert(id, i as u32 * 2), Ok(()));
        }
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(index.get(id), Some(i as u32 * 2));
        }
        assert_eq!(index.get("party-1000"), None);
        assert_eq!(index.get(""), None);
        assert_eq!(index.insert("party-7", 5), Err(14));
        assert_eq!(index.insert("", 5), Ok(()));
        assert_eq!(index.get(""), Some(5));
    }
}
