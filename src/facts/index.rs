//! An index from ids to positions. It keeps its own copy of the ids in one
//! contiguous buffer, so that a lookup touches the table and that buffer
//! only (not the records, which are large and scattered). Lookups hash the
//! id (FxHash with a murmur finish) into an open-addressing table. It is
//! only ever looked up, never iterated, so the order of its table cannot
//! leak into output.

/// Values (positions) by id.
#[derive(Clone, Debug, Default)]
pub(crate) struct IdIndex {
    /// The open-addressing table.
    slots: Vec<Slot>,
    /// Every id inserted, one after the other.
    keys: String,
    len: usize,
}

/// One entry of the table: the id's hash (low 32 bits), its value, and where
/// the id is in `keys`. A lookup reads the slot and the id's bytes, nothing
/// else.
#[derive(Clone, Copy, Debug)]
struct Slot {
    hash: u32,
    value: u32,
    start: u32,
    /// `u32::MAX` for an empty slot.
    len: u32,
}

impl Slot {
    const EMPTY: Slot = Slot {
        hash: 0,
        value: 0,
        start: 0,
        len: u32::MAX,
    };

    fn is_empty(&self) -> bool {
        self.len == u32::MAX
    }
}

impl IdIndex {
    /// An empty index with room for `n` ids before it grows.
    pub fn with_capacity(n: usize) -> Self {
        IdIndex {
            slots: vec![Slot::EMPTY; (n * 2).next_power_of_two().max(16)],
            keys: String::new(),
            len: 0,
        }
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<u32> {
        self.find(key, hash(key) as u32).map(|slot| slot.value)
    }

    /// Adds `key` with `value`, unless the index has it already: then it
    /// returns the value it has. (The ids of one index may take up to
    /// 4 GiB in all.)
    pub fn insert(&mut self, key: &str, value: u32) -> Result<(), u32> {
        let h = hash(key) as u32;
        if let Some(slot) = self.find(key, h) {
            return Err(slot.value);
        }
        if (self.len + 1) * 2 > self.slots.len() {
            self.grow();
        }
        let start = u32::try_from(self.keys.len()).unwrap_or(u32::MAX);
        let len = u32::try_from(key.len()).unwrap_or(u32::MAX - 1).min(u32::MAX - 1);
        self.keys.push_str(key);
        self.place(Slot {
            hash: h,
            value,
            start,
            len,
        });
        self.len += 1;
        Ok(())
    }

    /// The slot of `key`, whose hash is `h`.
    fn find(&self, key: &str, h: u32) -> Option<Slot> {
        let mask = self.slots.len().checked_sub(1)?;
        let mut i = h as usize & mask;
        loop {
            let slot = *self.slots.get(i)?;
            if slot.is_empty() {
                return None;
            }
            if slot.hash == h && self.key(slot) == Some(key) {
                return Some(slot);
            }
            i = (i + 1) & mask;
        }
    }

    /// The id of a full slot.
    fn key(&self, slot: Slot) -> Option<&str> {
        let start = slot.start as usize;
        self.keys.get(start..start + slot.len as usize)
    }

    /// Puts `new` in the first free slot from its own.
    fn place(&mut self, new: Slot) {
        let mask = self.slots.len().saturating_sub(1);
        let mut i = new.hash as usize & mask;
        while let Some(slot) = self.slots.get_mut(i) {
            if slot.is_empty() {
                *slot = new;
                return;
            }
            i = (i + 1) & mask;
        }
    }

    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(16);
        let old = std::mem::replace(&mut self.slots, vec![Slot::EMPTY; size]);
        for slot in old.into_iter().filter(|s| !s.is_empty()) {
            self.place(slot);
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
