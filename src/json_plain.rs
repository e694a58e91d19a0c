//! The run of text that a JSON string holds as it is: no `"`, no `\` and no
//! control character. Reading facts scans strings for their end with it, and
//! writing decisions checks with it that a string needs no escape.

/// The length of the longest prefix of `bytes` with no `"`, `\` or byte
/// below 0x20. Eight bytes at a time: the first byte that stops the run is
/// found from the word's mask, not byte by byte.
pub(crate) fn plain_prefix(bytes: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut pos = 0;
    while let Some(chunk) = bytes.get(pos..pos + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let w = u64::from_le_bytes(word);
        // The high bit of each byte that is zero (in `x`), or below 0x20 (in
        // `w`). A borrow only ever marks bytes above a marked one, so the
        // lowest mark is exact.
        let zero_byte = |x: u64| x.wrapping_sub(ONES) & !x;
        let quote = zero_byte(w ^ (ONES * u64::from(b'"')));
        let backslash = zero_byte(w ^ (ONES * u64::from(b'\\')));
        let control = w.wrapping_sub(ONES * 0x20) & !w;
        let marks = (quote | backslash | control) & HIGH;
        if marks != 0 {
            return pos + (marks.trailing_zeros() / 8) as usize;
        }
        pos += 8;
    }
    let rest = bytes.get(pos..).unwrap_or_default();
    pos + rest
        .iter()
        .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
        .unwrap_or(rest.len())
}

#[cfg(test)]
mod tests {
    use super::plain_prefix;

    #[test]
    fn stops_at_the_first_byte_that_needs_attention() {
        for len in 0..20 {
            let plain = "é".repeat(len / 2) + &"x~\u{7f}".repeat(len % 2);
            assert_eq!(plain_prefix(plain.as_bytes()), plain.len(), "{plain:?}");
            for stop in ["\"", "\\", "\n", "\u{0}", "\u{1f}"] {
                let text = format!("{plain}{stop}\"more\"");
                assert_eq!(plain_prefix(text.as_bytes()), plain.len(), "{text:?}");
            }
        }
    }
}
