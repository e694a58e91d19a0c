//! Decisions: the output of evaluation, serialised exactly as the facts
//! spec's "Decisions" section says.

use crate::outcome::Outcome;
use serde::Serialize;

/// Every shipment's decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Decisions {
    /// The format version, `1`.
    pub version: u32,
    /// The evaluation date that overrode every shipment's date, if any.
    pub as_of: Option<String>,
    /// One per shipment, in the order of the facts file.
    pub decisions: Vec<Decision>,
}

/// What the loaded policies say of one shipment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Decision {
    /// The shipment id.
    pub shipment: String,
    /// The day the shipment was evaluated on (its date, or `--as-of`).
    pub date: String,
    /// The most restrictive of the policies' outcomes.
    pub outcome: Outcome,
    /// One per policy that produces outcomes, by policy id.
    pub policies: Vec<PolicyDecision>,
}

/// What one policy says of a shipment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PolicyDecision {
    /// The policy id.
    pub policy: String,
    /// The policy's outcome.
    pub outcome: Outcome,
    /// The rules that applied (or why the policy is not in force).
    pub findings: Vec<Finding>,
}

/// One rule that applied, with its reasons.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The rule id; for a policy not in force, the policy or the suspending amendment.
    pub rule: String,
    /// What the rule requires of this shipment.
    pub outcome: Outcome,
    /// The legal text it encodes.
    pub cite: String,
    /// The facts that made it apply, in words.
    pub because: Vec<String>,
}
