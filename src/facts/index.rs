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

/// How many bytes of an id a slot holds itself.
const INLINE: usize = 16;

/// One entry of the table (32 bytes, two to a cache line): the id's hash
/// (low 32 bits), its value, its length, and its first [`INLINE`] bytes
/// (zero-padded); an id longer than that is in `long_keys` from `start`.
#[derive(Clone, Copy, Debug)]
struct Slot {
    hash: u32,
    value: u32,
    /// The id's length; `u32::MAX` for an empty slot.
    len: u32,
    start: u32,
    head: [u64; 2],
}

impl Slot {
    const EMPTY: Slot = Slot {
        hash: 0,
        value: 0,
        len: u32::MAX,
        start: 0,
        head: [0; 2],
    };

    fn is_empty(&self) -> bool {
        self.len == u32::MAX
    }
}

/// What a lookup needs of an id, read in one pass: its hash and its first
/// [`INLINE`] bytes as words.
struct Key<'k> {
    text: &'k str,
    hash: u32,
    head: [u64; 2],
}

impl<'k> Key<'k> {
    fn new(text: &'k str) -> Self {
        let bytes = text.as_bytes();
        // Byte by byte, not with `copy_from_slice`: ids are short, and a
        // call to `memcpy` per id costs more than the loop.
        let mut head = [0u64; 2];
        for (i, &b) in bytes.iter().take(INLINE).enumerate() {
            if let Some(word) = head.get_mut(i / 8) {
                *word |= u64::from(b) << (8 * (i % 8));
            }
        }
        let [w0, w1] = head;
        let mut h = fx(fx(0, w0), w1);
        for chunk in bytes.get(INLINE..).unwrap_or_default().chunks(8) {
            let word = chunk.iter().rev().fold(0u64, |w, &b| (w << 8) | u64::from(b));
            h = fx(h, word);
        }
        Key {
            text,
            hash: finish(fx(h, bytes.len() as u64)) as u32,
            head,
        }
    }
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

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<u32> {
        self.find(&Key::new(key)).map(|slot| slot.value)
    }

    /// Adds `key` with `value`, unless the index has it already: then it
    /// returns the value it has. (The long ids of one index may take up
    /// to 4 GiB in all.)
    pub fn insert(&mut self, key: &str, value: u32) -> Result<(), u32> {
        let key = Key::new(key);
        if let Some(slot) = self.find(&key) {
            return Err(slot.value);
        }
        if (self.len + 1) * 4 > self.slots.len() * 3 {
            self.grow();
        }
        let len = u32::try_from(key.text.len()).unwrap_or(u32::MAX - 1).min(u32::MAX - 1);
        let mut start = 0;
        if key.text.len() > INLINE {
            start = u32::try_from(self.long_keys.len()).unwrap_or(u32::MAX);
            self.long_keys.push_str(key.text);
        }
        self.place(Slot {
            hash: key.hash,
            value,
            len,
            start,
            head: key.head,
        });
        self.len += 1;
        Ok(())
    }

    /// The slot of `key`.
    fn find(&self, key: &Key<'_>) -> Option<Slot> {
        let len = self.slots.len();
        let mut i = home(key.hash, len);
        loop {
            let slot = *self.slots.get(i)?;
            if slot.is_empty() {
                return None;
            }
            if slot.hash == key.hash
                && slot.len as usize == key.text.len()
                && slot.head == key.head
                && (key.text.len() <= INLINE || self.long_key(slot) == Some(key.text))
            {
                return Some(slot);
            }
            i = next(i, len);
        }
    }

    /// The whole id of a full slot whose id is longer than [`INLINE`].
    fn long_key(&self, slot: Slot) -> Option<&str> {
        let start = slot.start as usize;
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

/// One step of FxHash: fast, and good enough for ids once finished.
fn fx(h: u64, word: u64) -> u64 {
    (h.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95)
}

/// Murmur3's finishing mix, so that the bits that pick the slot depend on
/// every byte.
fn finish(mut h: u64) -> u64 {
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
