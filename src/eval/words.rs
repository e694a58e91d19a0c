//! How numbers, shares and lists are written in findings.

use rust_decimal::{Decimal, RoundingStrategy};

/// A share (a fraction) as a percentage: `0.00667` → `0.667%`. Small
/// non-zero shares keep enough digits not to read as zero.
pub fn percent(fraction: Decimal) -> String {
    let p = fraction * Decimal::ONE_HUNDRED;
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
