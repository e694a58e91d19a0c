//! The forms version 2 of the contract adds: a fact stated as `"unknown"`,
//! and a share or value known only as a range `{"at least": …, "at most": …}`.
//! They are read only in a file that declares `"version": 2`; in a
//! version-1 file the same text is the error it always was.

use super::{Decoder, Expect, Path, Shape};
use crate::facts::errors::FactsError;
use crate::facts::json::{Kind, PResult, Parser, Shorten, Span};
use crate::facts::scalars::{self, Problem};
use crate::facts::unknown::{Bounds, UNKNOWN_WORD};
use rust_decimal::Decimal;

/// Which field of which record a version-2 form stands for, before ids are
/// resolved (records are named by id, or by position in their array).
#[derive(Clone, Debug)]
pub(crate) enum RawTarget {
    ItemOrigin(String),
    MadeWithOrigin(String, u32),
    ItemValue(String),
    LineValue(String, u32),
    PartyCountry(String),
    HoldingShare(u32),
    HoldingFrom(u32),
    HoldingUntil(u32),
    ListingFrom(u32),
    ListingUntil(u32),
}

/// A fact stated as unknown or as a range, as read.
#[derive(Clone, Debug)]
pub(crate) struct RawUnknown {
    pub path: String,
    pub target: RawTarget,
    /// The range, for a share or value given as one.
    pub bounds: Option<Bounds>,
}

#[derive(Clone, Copy)]
enum RangeKey {
    AtLeast,
    AtMost,
}

const RANGE: Shape<RangeKey> = Shape::new(
    "a range",
    &[("at least", RangeKey::AtLeast), ("at most", RangeKey::AtMost)],
    &["at least", "at most"],
);

/// The version the top-level object declares: 2 when its `version` is the
/// number 2, else 1 (a wrong version is reported when the key is read).
/// Usually `version` is the first key and this reads only that far.
pub(super) fn declared_version(text: &str) -> u32 {
    let mut p = Parser::new(text);
    if p.peek().ok() != Some(Kind::Object) || p.begin_object().is_err() {
        return 1;
    }
    let mut first = true;
    while let Ok(Some((key, _))) = p.next_key(&mut first) {
        if key == "version" {
            return match p.number() {
                Ok(("2", _)) => 2,
                _ => 1,
            };
        }
        if p.skip_value().is_err() {
            return 1;
        }
    }
    1
}

impl Decoder<'_, '_> {
    /// Whether the next value is the string `"unknown"`, in a version-2 file.
    fn unknown_ahead(&mut self) -> bool {
        if self.version < 2 {
            return false;
        }
        let at = self.p.next_pos();
        let mut probe = Parser::at(self.source.text(), at);
        matches!(probe.plain_string_value(), Some((UNKNOWN_WORD, _)))
    }

    /// Whether the next value is a version-2 form: `"unknown"` or a range.
    pub(super) fn is_v2_form(&mut self) -> PResult<bool> {
        Ok(self.version >= 2 && (self.p.peek()? == Kind::Object || self.unknown_ahead()))
    }

    /// When the next value is `"unknown"` in a version-2 file, reads it,
    /// records the unknown fact and returns `true`.
    pub(super) fn unknown(&mut self, path: &Path<'_>, target: impl FnOnce() -> RawTarget) -> PResult<bool> {
        if !self.unknown_ahead() {
            return Ok(false);
        }
        self.p.skip_value()?;
        self.note(path, target(), None);
        Ok(true)
    }

    fn note(&mut self, path: &Path<'_>, target: RawTarget, bounds: Option<Bounds>) {
        self.raw.unknowns.push(RawUnknown {
            path: path.to_string(),
            target,
            bounds,
        });
    }

    /// A holding's share written `"unknown"` (0% to 100%) or as a range of
    /// shares; the placeholder share is the lower end.
    pub(super) fn uncertain_share(&mut self, path: &Path<'_>, holding: u32) -> PResult<Option<(Decimal, Span)>> {
        let start = self.p.next_pos();
        let bounds = if self.unknown_ahead() {
            self.p.skip_value()?;
            Some(Bounds {
                at_least: Decimal::ZERO,
                at_most: Decimal::ONE,
            })
        } else {
            self.range(path, Expect::Share)?
        };
        let span = Span::new(start, self.p.pos());
        Ok(bounds.map(|b| {
            self.note(path, RawTarget::HoldingShare(holding), Some(b));
            (b.at_least, span)
        }))
    }

    /// A value written as a range of money; `"unknown"` is an error (a
    /// value needs bounds: a share of it could otherwise be anything). The
    /// placeholder value is the lower end.
    pub(super) fn value_range(
        &mut self,
        path: &Path<'_>,
        target: impl FnOnce() -> RawTarget,
    ) -> PResult<Option<Decimal>> {
        if self.unknown_ahead() {
            let span = self.p.skip_value()?;
            let error = FactsError::UnboundedValue {
                path: path.to_string(),
                src: self.source.named_source(),
                span: span.source_span(),
            };
            self.report(error);
            return Ok(None);
        }
        let Some(bounds) = self.range(path, Expect::Money)? else {
            return Ok(None);
        };
        self.note(path, target(), Some(bounds));
        Ok(Some(bounds.at_least))
    }

    /// `{"at least": …, "at most": …}`, each end read as `expect` says
    /// (a share may start at 0%). An empty range is reported.
    fn range(&mut self, path: &Path<'_>, expect: Expect) -> PResult<Option<Bounds>> {
        let (mut low, mut high) = (None, None);
        self.object(path, &RANGE, None, |d, key, name| {
            let at = Path::Key(path, name);
            let end = d.bound(&at, expect)?;
            match key {
                RangeKey::AtLeast => low = end,
                RangeKey::AtMost => high = end,
            }
            Ok(())
        })?;
        let (Some((at_least, low_span, low_text)), Some((at_most, high_span, high_text))) = (low, high) else {
            return Ok(None);
        };
        if at_least > at_most {
            let error = FactsError::EmptyRange {
                path: path.to_string(),
                at_least: low_text,
                at_most: high_text,
                src: self.source.named_source(),
                span: high_span.source_span(),
                low: low_span.source_span(),
            };
            self.report(error);
            return Ok(None);
        }
        Ok(Some(Bounds { at_least, at_most }))
    }

    /// One end of a range: its value, span and text.
    fn bound(&mut self, path: &Path<'_>, expect: Expect) -> PResult<Option<(Decimal, Span, String)>> {
        let Some((text, span)) = self.string(path, expect)? else {
            return Ok(None);
        };
        let read = match expect {
            Expect::Share if matches!(&*text, "0" | "0%") => Ok(Decimal::ZERO),
            Expect::Share => scalars::share(&text),
            _ => scalars::money(&text),
        };
        match read {
            Ok(value) => Ok(Some((value, span, text.into_owned()))),
            Err(Problem { reason, help }) => {
                let (path, text, src, span) = (
                    path.to_string(),
                    Shorten(&text).to_string(),
                    self.source.named_source(),
                    span.source_span(),
                );
                let error = match expect {
                    Expect::Share => FactsError::InvalidShare {
                        path,
                        text,
                        reason,
                        help,
                        src,
                        span,
                    },
                    _ => FactsError::InvalidMoney {
                        path,
                        text,
                        reason,
                        help,
                        src,
                        span,
                    },
                };
                self.report(error);
                Ok(None)
            }
        }
    }
}
