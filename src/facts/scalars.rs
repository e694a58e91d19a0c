//! Reading the scalar formats of the facts file: dates, money, shares,
//! quantities and exact numbers. Each reader says what is wrong in words a
//! diagnostic can use.

use jiff::civil::Date;
use rust_decimal::Decimal;

/// What is wrong with a scalar: a short reason for the label and, when a
/// fix is likely, a help line.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Problem {
    pub reason: &'static str,
    pub help: Option<String>,
}

impl Problem {
    fn new(reason: &'static str, help: impl Into<Option<String>>) -> Self {
        Problem {
            reason,
            help: help.into(),
        }
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

const DATE_HELP: &str = "write dates as YYYY-MM-DD, e.g. \"2025-12-15\"";

/// Whether `text` has the shape `DDDD-DD-DD` (a cheap test before [`date`]).
pub(crate) fn looks_like_date(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
}

/// Reads a `YYYY-MM-DD` calendar date.
pub(crate) fn date(text: &str) -> Result<Date, Problem> {
    let b = text.as_bytes();
    // The value of the digits at `r`, read by hand: facts files hold a date
    // per shipment and holding, and this is the whole cost of reading one.
    let digits = |r: std::ops::Range<usize>| -> Option<i16> {
        b.get(r)?
            .iter()
            .try_fold(0i16, |n, &c| c.is_ascii_digit().then(|| n * 10 + i16::from(c - b'0')))
    };
    let shape = b.len() == 10 && b.get(4) == Some(&b'-') && b.get(7) == Some(&b'-');
    let (Some(year), Some(month), Some(day), true) = (digits(0..4), digits(5..7), digits(8..10), shape) else {
        return Err(Problem::new("not of the form YYYY-MM-DD", DATE_HELP.to_string()));
    };
    if !(1..=12).contains(&month) {
        return Err(Problem::new("there is no such month", DATE_HELP.to_string()));
    }
    let (month, day) = (month as i8, day as i8);
    Date::new(year, month, day).or_else(|_| {
        let first =
            Date::new(year, month, 1).map_err(|_| Problem::new("not a calendar date", DATE_HELP.to_string()))?;
        let name = MONTHS.get(month as usize - 1).copied().unwrap_or("that month");
        let days = first.days_in_month();
        Err(Problem::new("no such day", format!("{name} {year} has {days} days")))
    })
}

/// Whether `text` is digits with an optional fractional part (`12`, `0.5`).
fn plain_decimal(text: &str) -> bool {
    let (whole, fraction) = match text.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (text, None),
    };
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    all_digits(whole) && fraction.is_none_or(all_digits)
}

/// Reads a plain decimal of at most 18 digits (`480.00`, `2`) exactly, or
/// `None` for anything else. Nearly every number in a facts file is one, and
/// it fits a 64-bit mantissa: read digit by digit, it costs a tenth of the
/// general parse.
fn short_decimal(text: &str) -> Option<Decimal> {
    let bytes = text.as_bytes();
    if bytes.is_empty() || bytes.len() > 19 {
        return None;
    }
    let mut mantissa: i64 = 0;
    let mut digits = 0;
    let mut point = None;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            // The 19th digit could overflow the mantissa: such numbers are
            // left to the general parse.
            b'0'..=b'9' if digits < 18 => {
                mantissa = mantissa * 10 + i64::from(b - b'0');
                digits += 1;
            }
            b'.' if point.is_none() && i > 0 && i + 1 < bytes.len() => point = Some(i),
            _ => return None,
        }
    }
    let scale = point.map_or(0, |at| bytes.len() - at - 1);
    Decimal::try_new(mantissa, u32::try_from(scale).ok()?).ok()
}

/// Reads an exact decimal from text that [`plain_decimal`] accepted.
fn exact(text: &str) -> Result<Decimal, Problem> {
    if let Some(value) = short_decimal(text) {
        return Ok(value);
    }
    Decimal::from_str_exact(text).map_err(|_| {
        Problem::new(
            "out of range",
            "exact decimals hold at most 28 significant digits".to_string(),
        )
    })
}

/// Reads money: a plain non-negative decimal string such as `"1250.00"`.
pub(crate) fn money(text: &str) -> Result<Decimal, Problem> {
    if plain_decimal(text) {
        return exact(text);
    }
    if text.strip_prefix('-').is_some_and(plain_decimal) {
        return Err(Problem::new("negative", "money must not be negative".to_string()));
    }
    if let Some(n) = exact_number(text).filter(|n| !n.is_sign_negative()) {
        return Err(Problem::new(
            "not a plain decimal",
            format!("write money without an exponent: \"{}\"", n.normalize()),
        ));
    }
    let help = if text.contains(',') {
        "write money without thousands separators or decimal commas, e.g. \"1250.00\""
    } else if text.chars().any(|c| c.is_alphabetic() || "$€¥£".contains(c)) {
        "write the amount alone, e.g. \"480.00\"; the file's `currency` says what it is in"
    } else {
        "write money as a plain decimal string, e.g. \"1250.00\""
    };
    Err(Problem::new("not a plain decimal", help.to_string()))
}

const SHARE_HELP: &str = "use a percentage string like \"50%\" or a fraction like \"0.5\"";

/// Reads a share as a fraction in (0, 1]: `"50%"` or `"0.5"`.
pub(crate) fn share(text: &str) -> Result<Decimal, Problem> {
    let percent = text.strip_suffix('%');
    let number = percent.unwrap_or(text);
    if !plain_decimal(number) {
        return Err(Problem::new("not a percentage or a fraction", SHARE_HELP.to_string()));
    }
    let mut value = exact(number)?;
    if percent.is_some() && value.set_scale(value.scale() + 2).is_err() {
        return Err(Problem::new("out of range", SHARE_HELP.to_string()));
    }
    if value.is_zero() {
        return Err(Problem::new(
            "must be more than 0%",
            "leave out a holding of no shares".to_string(),
        ));
    }
    if value > Decimal::ONE {
        let help = (percent.is_none() && value <= Decimal::ONE_HUNDRED)
            .then(|| format!("a fraction is at most 1; did you mean \"{text}%\"?"));
        return Err(Problem::new("more than 100%", help));
    }
    Ok(value.normalize())
}

const QUANTITY_HELP: &str = "write a whole number of at least 1, or a decimal string greater than 0 such as \"2.5\"";

/// Reads a quantity written as a JSON number: a whole number of at least 1.
pub(crate) fn quantity_number(text: &str) -> Result<Decimal, Problem> {
    if let Some(n) = short_decimal(text).filter(|n| n.scale() == 0 && !n.is_zero()) {
        return Ok(n);
    }
    let Some(n) = exact_number(text) else {
        return Err(Problem::new("out of range", QUANTITY_HELP.to_string()));
    };
    if n <= Decimal::ZERO {
        return Err(Problem::new("must be at least 1", QUANTITY_HELP.to_string()));
    }
    if !n.fract().is_zero() {
        return Err(Problem::new(
            "not a whole number",
            format!("write a fractional quantity as a decimal string: `\"{text}\"`"),
        ));
    }
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Problem::new(
            "not written as a whole number",
            format!("write `{}`", n.normalize()),
        ));
    }
    Ok(n)
}

/// Reads a quantity written as a string: a decimal greater than 0.
pub(crate) fn quantity_text(text: &str) -> Result<Decimal, Problem> {
    if !plain_decimal(text) {
        return Err(Problem::new("not a plain decimal", QUANTITY_HELP.to_string()));
    }
    let value = exact(text)?;
    if value.is_zero() {
        return Err(Problem::new("must be greater than 0", QUANTITY_HELP.to_string()));
    }
    Ok(value)
}

/// Reads the text of a JSON number exactly (exponents included); `None` if
/// no exact decimal holds it.
pub(crate) fn exact_number(text: &str) -> Option<Decimal> {
    let (mantissa, exponent) = match text.find(['e', 'E']) {
        Some(at) => (text.get(..at)?, text.get(at + 1..)?.parse::<i64>().ok()?),
        None => (text, 0),
    };
    let mut value = Decimal::from_str_exact(mantissa).ok()?;
    let scale = i64::from(value.scale()) - exponent;
    if scale >= 0 {
        value.set_scale(u32::try_from(scale).ok()?).ok()?;
        return Some(value);
    }
    value.set_scale(0).ok()?;
    let mut factor = Decimal::ONE;
    for _ in 0..(-scale).min(29) {
        factor = factor.checked_mul(Decimal::TEN)?;
    }
    value.checked_mul(factor)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap_or(Decimal::MAX)
    }

    #[test]
    fn dates() {
        assert_eq!(date("2025-12-15"), Ok(jiff::civil::date(2025, 12, 15)));
        assert_eq!(date("2024-02-29"), Ok(jiff::civil::date(2024, 2, 29)));
        let feb = date("2025-02-30");
        assert_eq!(feb.as_ref().map_err(|p| p.reason), Err("no such day"));
        assert_eq!(
            feb.err().and_then(|p| p.help),
            Some("February 2025 has 28 days".to_string())
        );
        for bad in [
            "2025-13-01",
            "2025-1-01",
            "20250101",
            "2025-12-15T00:00",
            "",
            "2025-00-10",
            "+025-01-01",
        ] {
            assert!(date(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn money_is_exact() {
        assert_eq!(money("1250.00"), Ok(dec("1250.00")));
        assert_eq!(money("0.1"), Ok(dec("0.1")));
        for bad in ["-1", "1,250.00", "1e3", " 12", "+5", ".5", "5.", "$5", ""] {
            assert!(money(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn shares_are_fractions() {
        assert_eq!(share("50%"), Ok(dec("0.5")));
        assert_eq!(share("33.34%"), Ok(dec("0.3334")));
        assert_eq!(share("0.5"), Ok(dec("0.5")));
        assert_eq!(share("100%"), Ok(Decimal::ONE));
        assert_eq!(share("0.1%"), Ok(dec("0.001")));
        assert!(share("0%").is_err());
        assert!(share("100.01%").is_err());
        assert_eq!(
            share("60").err().and_then(|p| p.help),
            Some("a fraction is at most 1; did you mean \"60%\"?".to_string())
        );
        assert!(share("50 %").is_err());
    }

    #[test]
    fn quantities() {
        assert_eq!(quantity_number("8"), Ok(dec("8")));
        assert!(quantity_number("0").is_err());
        assert!(quantity_number("-1").is_err());
        assert!(quantity_number("2.5").is_err());
        assert!(quantity_number("1e2").is_err());
        assert!(quantity_number("0.0").is_err());
        assert!(quantity_number("0.5").is_err());
        assert_eq!(quantity_text("2.5"), Ok(dec("2.5")));
        assert!(quantity_text("0.0").is_err());
    }

    #[test]
    fn short_decimals_read_as_the_general_parse_does() {
        for text in [
            "0",
            "7",
            "480.00",
            "0.5",
            "2.50",
            "007.5",
            "123456789012345678",
            "12345678901234567.8",
            "0.00000000000000001",
        ] {
            // Mantissa and scale, not just the value: `2.50` must stay `2.50`.
            let parts = |d: Decimal| (d.mantissa(), d.scale());
            assert_eq!(
                short_decimal(text).map(parts),
                Decimal::from_str_exact(text).ok().map(parts),
                "{text}"
            );
        }
        // Longer than a 64-bit mantissa holds, or not a plain decimal: left
        // to the general parse.
        for text in [
            "1234567890123456789",
            "9999999999999999999",
            "",
            ".5",
            "5.",
            "1.2.3",
            "-1",
            "1e3",
            "1,5",
            " 1",
        ] {
            assert_eq!(short_decimal(text), None, "{text}");
        }
        assert_eq!(exact("1234567890123456789.5"), Ok(dec("1234567890123456789.5")));
        assert_eq!(quantity_number("3"), Ok(dec("3")));
        assert!(quantity_number("3.0").is_err());
        assert!(quantity_number("0").is_err());
    }

    #[test]
    fn exact_numbers() {
        assert_eq!(exact_number("14"), Some(dec("14")));
        assert_eq!(exact_number("-0.1"), Some(dec("-0.1")));
        assert_eq!(exact_number("1.5e3"), Some(dec("1500")));
        assert_eq!(exact_number("25e-3"), Some(dec("0.025")));
        assert_eq!(exact_number("1e40"), None);
        assert_eq!(exact_number("1e-40"), None);
        assert_eq!(exact_number("1e99999999999999999999"), None);
    }
}
