//! Anchor ids: one per policy, rule, amendment, category, tag and country
//! group, unique across a policy set (ids are globally unique, and each kind
//! has its own prefix).

use crate::ast::TagKind;

/// A policy's document.
pub fn policy(id: &str) -> String {
    id.to_string()
}

/// A section of a policy's document (`rules`, `categories`, …).
pub fn section(policy: &str, name: &str) -> String {
    format!("{policy}--{name}")
}

/// A rule: `rule-cn-mofcom-2025-61.deminimis`.
pub fn rule(policy: &str, rule: &str) -> String {
    format!("rule-{policy}.{rule}")
}

/// An amendment: `amendment-cn-mofcom-2025-70.suspension`.
pub fn amendment(policy: &str, amendment: &str) -> String {
    format!("amendment-{policy}.{amendment}")
}

/// A category, by its global id: `category-cn-mofcom-2025-61.part-1`.
pub fn category(global_id: &str) -> String {
    format!("category-{global_id}")
}

/// A declared tag: `list-cn-control-list`, `end-use-military`.
pub fn tag(kind: TagKind, name: &str) -> String {
    format!("{}-{name}", kind.keyword().replace(' ', "-"))
}

/// A country group: `group-EU`.
pub fn group(name: &str) -> String {
    format!("group-{name}")
}
