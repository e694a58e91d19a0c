//! The ladder of outcomes, from least to most restrictive.

use serde::Serialize;
use std::fmt;

/// What the law says of a shipment. Ordered from least to most restrictive,
/// so that `max` picks the outcome that governs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// No rule of the policy applies.
    NotControlled,
    /// A rule would apply but an exception carves the shipment out.
    Exempt,
    /// A licence is required.
    LicenceRequired,
    /// A licence is required and reviewed case by case.
    CaseByCase,
    /// A licence is required and will in principle be denied.
    PresumptionOfDenial,
    /// The export is prohibited.
    Prohibited,
}

impl Outcome {
    /// Every outcome, least restrictive first.
    pub const ALL: [Outcome; 6] = [
        Outcome::NotControlled,
        Outcome::Exempt,
        Outcome::LicenceRequired,
        Outcome::CaseByCase,
        Outcome::PresumptionOfDenial,
        Outcome::Prohibited,
    ];

    /// The spelling used in policy files and in decision JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::NotControlled => "not-controlled",
            Outcome::Exempt => "exempt",
            Outcome::LicenceRequired => "licence-required",
            Outcome::CaseByCase => "case-by-case",
            Outcome::PresumptionOfDenial => "presumption-of-denial",
            Outcome::Prohibited => "prohibited",
        }
    }

    /// Parses the spelling used in policy files and listing attributes.
    pub fn from_word(word: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|o| o.as_str() == word)
    }

    /// The outcome in plain words, for rendering.
    pub fn in_words(self) -> &'static str {
        match self {
            Outcome::NotControlled => "not controlled",
            Outcome::Exempt => "exempt from licensing",
            Outcome::LicenceRequired => "a licence is required",
            Outcome::CaseByCase => "a licence is required and reviewed case by case",
            Outcome::PresumptionOfDenial => "a licence is required and presumed to be denied",
            Outcome::Prohibited => "prohibited",
        }
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
