//! How numbers, shares and lists are written in findings.

use rust_decimal::{Decimal, RoundingStrategy};

/// A share (a fraction) as a percentage: `0.00667` → `0.667%`. Small
/// non-zero shares keep enough digits not to read as zero.
pub fn percent(fraction: Decimal) -> String {
    let Some(p) = fraction.checked_mul(Decimal::ONE_HUNDRED) else {
        // Beyond 1e26 (a share no real bill of materials has, but input
        // can write): at most two decimal places, so the percentage is the
        // fraction's digits shifted two places left, exactly.
        let f = fraction.normalize();
        let digits = f.mantissa() * 10_i128.pow(2_u32.saturating_sub(f.scale()));
        return format!("{digits}%");
    };
    let mut dp = 3;
    let mut shown = p.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero);
    while shown.is_zero() && !p.is_zero() && dp < 12 {
        dp += 3;
        shown = p.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero);
    }
    format!("{}%", shown.normalize())
}

/// An amount of money: exact, without trailing zeros beyond the cents
/// (`5.040000` → `5.04`, `3.2` → `3.20`, `0.1234` → `0.1234`).
pub fn money(value: Decimal) -> String {
    let mut v = value.normalize();
    if v.scale() < 2 {
        v.rescale(2);
    }
    v.to_string()
}

/// A threshold as written: `0.1` → `0.1%`.
pub fn written_percent(value: Decimal) -> String {
    format!("{}%", value.normalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_share_too_large_to_multiply_is_written_exactly() {
        assert_eq!(percent(Decimal::MAX), "7922816251426433759354395033500%");
        assert_eq!(percent(Decimal::new(1, 2)), "1%");
    }
}
