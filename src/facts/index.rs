//! An index from ids to positions. Lookups hash the id (FxHash with a
//! murmur finish) into an open-addressing table whose slots hold short ids
//! themselves, so that a lookup touches one slot and nothing else: with
//! 100 000 parties the table is larger than the cache, and every further
//! memory access per lookup would be a miss of its own. Longer ids are kept
//! in one contiguous buffer. It is only ever looked up, never iterated, so
//! the order of its table cannot leak into output.

/// Values (positions) by id.
#[derive(Clone, Debug, Default)]
pub(crate) struct IdIndex {
    /// The open-addressing table.
    slots: Vec<Slot>,
    /// The ids too long to fit in a slot, one after the other.
    long_keys: String,
    len: usize,
}

/// How many keys [`IdIndex::warm`] fetches at a time.
pub(crate) const WARM: usize = 32;

/// How many bytes of an id a slot holds itself.
const INLINE: usize = 20;

/// One entry of the table (32 bytes, two to a cache line): the id's hash
/// (low 32 bits), its value, and the id: in `bytes` (zero-padded) when it
/// fits, else its start in `long_keys` in the first four bytes.
#[derive(Clone, Copy, Debug)]
struct Slot {
    hash: u32,
    value: u32,
    /// The id's length; `u32::MAX` for an empty slot.
    len: u32,
    bytes: [u8; INLINE],
}

impl Slot {
    const EMPTY: Slot = Slot {
        hash: 0,
        value: 0,
        len: u32::MAX,
        bytes: [0; INLINE],
    };

    fn is_empty(&self) -> bool {
        self.len == u32::MAX
    }
}

/// A short id zero-padded to a slot's width, or `None` if it does not fit.
fn padded(key: &str) -> Option<[u8; INLINE]> {
    let mut bytes = [0u8; INLINE];
    bytes.get_mut(..key.len())?.copy_from_slice(key.as_bytes());
    Some(bytes)
}

impl IdIndex {
    /// An empty index with room for `n` ids before it grows.
    pub fn with_capacity(n: usize) -> Self {
        IdIndex {
            slots: vec![Slot::EMPTY; table_size(n)],
            long_keys: String::new(),
            len: 0,
        }
    }

    /// Fetches the slots where up to [`WARM`] `keys` would be found, all at
    /// once, so that looking them up next finds them in the cache. With
    /// 100 000 ids the table is larger than the cache and each lookup is a
    /// miss; one lookup after another, the processor waits for each miss in
    /// turn, while loads issued together are fetched together.
    pub fn warm(&self, keys: impl IntoIterator<Item = impl AsRef<str>>) {
        let len = self.slots.len();
        // Hash first and load after, so that the loads come close together.
        let mut at = [0usize; WARM];
        let mut n = 0;
        for (i, key) in at.iter_mut().zip(keys) {
            *i = home(hash(key.as_ref()) as u32, len);
            n += 1;
        }
        let mut seen = 0u32;
        for &i in at.get(..n).unwrap_or_default() {
            if let Some(slot) = self.slots.get(i) {
                seen ^= slot.hash;
            }
        }
        std::hint::black_box(seen);
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<u32> {
        self.find(key, hash(key) as u32).map(|slot| slot.value)
    }

    /// Adds `key` with `value`, unless the index has it already: then it
    /// returns the value it has. (The long ids of one index may take up
    /// to 4 GiB in all.)
    pub fn insert(&mut self, key: &str, value: u32) -> Result<(), u32> {
        let h = hash(key) as u32;
        if let Some(slot) = self.find(key, h) {
            return Err(slot.value);
        }
        if (self.len + 1) * 4 > self.slots.len() * 3 {
            self.grow();
        }
        let len = u32::try_from(key.len()).unwrap_or(u32::MAX - 1).min(u32::MAX - 1);
        let bytes = padded(key).unwrap_or_else(|| {
            let start = u32::try_from(self.long_keys.len()).unwrap_or(u32::MAX);
            self.long_keys.push_str(key);
            let mut bytes = [0u8; INLINE];
            if let Some(head) = bytes.get_mut(..4) {
                head.copy_from_slice(&start.to_le_bytes());
            }
            bytes
        });
        self.place(Slot {
            hash: h,
            value,
            len,
            bytes,
        });
        self.len += 1;
        Ok(())
    }

    /// The slot of `key`, whose hash is `h`.
    fn find(&self, key: &str, h: u32) -> Option<Slot> {
        let len = self.slots.len();
        let inline = padded(key);
        let mut i = home(h, len);
        loop {
            let slot = *self.slots.get(i)?;
            if slot.is_empty() {
                return None;
            }
            if slot.hash == h && slot.len as usize == key.len() {
                let same = match inline {
                    Some(bytes) => slot.bytes == bytes,
                    None => self.long_key(slot) == Some(key),
                };
                if same {
                    return Some(slot);
                }
            }
            i = next(i, len);
        }
    }

    /// The id of a full slot whose id did not fit in it.
    fn long_key(&self, slot: Slot) -> Option<&str> {
        let mut head = [0u8; 4];
        head.copy_from_slice(slot.bytes.get(..4)?);
        let start = u32::from_le_bytes(head) as usize;
        self.long_keys.get(start..start + slot.len as usize)
    }

    /// Puts `new` in the first free slot from its own.
    fn place(&mut self, new: Slot) {
        let len = self.slots.len();
        let mut i = home(new.hash, len);
        while let Some(slot) = self.slots.get_mut(i) {
            if slot.is_empty() {
                *slot = new;
                return;
            }
            i = next(i, len);
        }
    }

    fn grow(&mut self) {
        let size = table_size(self.len.max(8) * 2);
        let old = std::mem::replace(&mut self.slots, vec![Slot::EMPTY; size]);
        for slot in old.into_iter().filter(|s| !s.is_empty()) {
            self.place(slot);
        }
    }
}

/// The number of slots for `n` ids: at most three quarters full, and no
/// larger (the table is sized exactly, not to a power of two, because past
/// the cache every megabyte of table costs misses).
fn table_size(n: usize) -> usize {
    (n + n / 3 + 1).max(16)
}

/// The slot where a hash's probe starts: the hash scaled to the table (the
/// table need not be a power of two).
fn home(h: u32, len: usize) -> usize {
    ((u64::from(h) * len as u64) >> 32) as usize
}

/// The slot after `i`, wrapping around.
fn next(i: usize, len: usize) -> usize {
    if i + 1 >= len {
        0
    } else {
        i + 1
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
        // Ids that fit in a slot, that just fit, and that do not; ids that
        // differ only after the part a slot could hold.
        let mut index = IdIndex::with_capacity(4);
        let long = |tail: &str| format!("{}{tail}", "x".repeat(INLINE));
        let keys = [
            "x".repeat(INLINE - 1),
            "x".repeat(INLINE),
            long("a"),
            long("b"),
            long("ab"),
            format!("{}\0", "x".repeat(INLINE - 1)),
        ];
        for (i, key) in keys.iter().enumerate() {
            assert_eq!(index.insert(key, i as u32), Ok(()), "{key}");
        }
        for (i, key) in keys.iter().enumerate() {
            assert_eq!(index.get(key), Some(i as u32), "{key}");
            assert_eq!(index.insert(key, 99), Err(i as u32), "{key}");
        }
        assert_eq!(index.get(&long("c")), None);
        assert_eq!(index.get(&"x".repeat(INLINE - 2)), None);
    }
}
