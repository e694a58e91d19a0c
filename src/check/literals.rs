//! Dates, windows and percentages: validated once, here.

use super::errors::CheckErrorKind as K;
use super::Checker;
use crate::ast;
use crate::policy::Window;
use jiff::civil::Date;
use rust_decimal::Decimal;

impl Checker<'_> {
    /// A calendar date, or an `invalid-date` error.
    pub(super) fn date(&mut self, lit: &ast::DateLit) -> Option<Date> {
        match lit.text.parse::<Date>() {
            Ok(d) => Some(d),
            Err(_) => {
                let reason = why_not_a_date(&lit.text);
                self.error(
                    K::InvalidDate {
                        text: lit.text.clone(),
                        reason,
                    },
                    lit.span,
                );
                None
            }
        }
    }

    /// A window; `through D` ends after D.
    pub(super) fn window(&mut self, w: &ast::WindowAst) -> Window {
        let from = w.from.as_ref().and_then(|d| self.date(d));
        let (until, end_inclusive, end_lit) = match &w.end {
            None => (None, false, None),
            Some(ast::WindowEnd::Until(d)) => (self.date(d), false, Some(d)),
            Some(ast::WindowEnd::Through(d)) => (self.date(d).and_then(|x| x.tomorrow().ok()), true, Some(d)),
        };
        if let (Some(f), Some(u), Some(lit)) = (from, until, end_lit) {
            if u <= f {
                let word = if end_inclusive { "through" } else { "until" };
                self.error(
                    K::EmptyWindow {
                        from: f.to_string(),
                        end: lit.text.clone(),
                        word,
                    },
                    lit.span,
                );
            }
        }
        Window {
            from,
            until,
            end_inclusive,
        }
    }

    /// A percentage between 0% and 100%, as a fraction.
    pub(super) fn share(&mut self, p: &ast::Percent) -> Decimal {
        if p.value < Decimal::ZERO || p.value > Decimal::ONE_HUNDRED {
            self.error(
                K::PercentOutOfRange {
                    value: p.value.to_string(),
                    ownership: false,
                },
                p.span,
            );
        }
        p.value / Decimal::ONE_HUNDRED
    }
}

/// Why `text` (shaped like YYYY-MM-DD) is not a calendar date.
fn why_not_a_date(text: &str) -> String {
    let parts: Vec<i32> = text.split('-').filter_map(|p| p.parse().ok()).collect();
    let [year, month, day] = parts.as_slice() else {
        return "not of the form YYYY-MM-DD".into();
    };
    if !(1..=12).contains(month) {
        return format!("there is no month {month}");
    }
    let first = Date::new(*year as i16, *month as i8, 1);
    match first {
        Ok(d) if *day < 1 => format!("there is no day {day} in {}", d.strftime("%B %Y")),
        Ok(d) => format!("{} has {} days", d.strftime("%B %Y"), d.days_in_month()),
        Err(_) => "the year is out of range".into(),
    }
}
