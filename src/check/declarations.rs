//! Tags, country groups and categories.

use super::errors::CheckErrorKind as K;
use super::{suggest, Checker, Source};
use crate::ast::{self, TagKind};
use crate::geo::Country;
use crate::policy::{self, CategoryId, CategoryMember, MemberTest, Names, Places, Tag};
use std::collections::BTreeMap;

impl Checker<'_> {
    pub(super) fn declare_tags(&mut self, s: &Source<'_>) {
        for item in &s.file.items {
            let ast::Item::Tag(t) = item else { continue };
            let table = self.set.vocabulary.entry(t.kind).or_default();
            if let Some(first) = table.get(&t.name.name) {
                let first = first.span;
                self.error_with(
                    K::Duplicate {
                        what: t.kind.keyword(),
                        name: t.name.name.clone(),
                    },
                    t.name.span,
                    K::FirstDeclaredHere,
                    first,
                );
                continue;
            }
            table.insert(
                t.name.name.clone(),
                Tag {
                    description: t.description.as_ref().map(|d| d.value.clone()),
                    policy: s.header.id.name.clone(),
                    span: t.name.span,
                },
            );
        }
    }

    pub(super) fn declare_groups(&mut self, s: &Source<'_>) {
        for item in &s.file.items {
            let ast::Item::CountryGroup(g) = item else { continue };
            if let Some(first) = self.set.groups.get(&g.id.name) {
                let first = first.span;
                self.error_with(
                    K::Duplicate {
                        what: "country group",
                        name: g.id.name.clone(),
                    },
                    g.id.span,
                    K::FirstDeclaredHere,
                    first,
                );
                continue;
            }
            if crate::geo::country(&g.id.name).is_some() {
                self.error(
                    K::GroupNamedLikeCountry {
                        name: g.id.name.clone(),
                    },
                    g.id.span,
                );
                continue;
            }
            self.set.groups.insert(
                g.id.name.clone(),
                policy::CountryGroup {
                    title: g.title.as_ref().map(|t| t.value.clone()),
                    countries: Vec::new(),
                    policy: s.header.id.name.clone(),
                    span: g.id.span,
                },
            );
        }
    }

    /// Expands every group's members to countries (groups may name groups).
    ///
    /// Groups may name groups in chains and cycles as long as the input
    /// likes, so this is linear and never recursive: the strongly connected
    /// components of the graph of groups are found by Tarjan's algorithm
    /// with an explicit stack, in an order in which every group a component
    /// names is expanded before it; each component is expanded once, from
    /// its own countries and its successors' expansions. Every group of a
    /// cycle has the same countries, and each reference that closes a cycle
    /// is reported.
    pub(super) fn resolve_groups(&mut self, sources: &[Source<'_>]) {
        let mut raw: BTreeMap<&str, &ast::CountryGroup> = BTreeMap::new();
        for s in sources {
            for item in &s.file.items {
                if let ast::Item::CountryGroup(g) = item {
                    raw.entry(g.id.name.as_str()).or_insert(g);
                }
            }
        }
        let groups: Vec<&ast::CountryGroup> = raw.values().copied().collect();
        let index: BTreeMap<&str, usize> = raw.keys().enumerate().map(|(i, n)| (*n, i)).collect();
        // Each group's own countries and the groups it names, in order.
        let mut own: Vec<Vec<Country>> = Vec::with_capacity(groups.len());
        let mut named: Vec<Vec<(usize, &ast::Reference)>> = Vec::with_capacity(groups.len());
        for g in &groups {
            let (mut countries, mut members) = (Vec::new(), Vec::new());
            for member in &g.members.names {
                let m = member.name.name.as_str();
                if let Some(c) = crate::geo::country(m) {
                    countries.push(c);
                } else if let Some(&k) = index.get(m) {
                    members.push((k, member));
                } else {
                    self.unknown_place(member);
                }
            }
            own.push(countries);
            named.push(members);
        }
        let components = strongly_connected(&named);
        let mut component_of = vec![0; groups.len()];
        for (c, members) in components.iter().enumerate() {
            for &g in members {
                if let Some(slot) = component_of.get_mut(g) {
                    *slot = c;
                }
            }
        }
        // Components come out successors first: each is expanded once.
        let mut expanded: Vec<Vec<Country>> = Vec::with_capacity(components.len());
        for (c, members) in components.iter().enumerate() {
            let mut countries = Vec::new();
            let cyclic = members.len() > 1;
            for &g in members {
                countries.extend(own.get(g).into_iter().flatten().copied());
                for &(k, reference) in named.get(g).into_iter().flatten() {
                    let target = component_of.get(k).copied().unwrap_or(c);
                    if target == c {
                        if cyclic || k == g {
                            self.error(
                                K::GroupCycle {
                                    name: reference.name.name.clone(),
                                },
                                reference.span,
                            );
                        }
                    } else {
                        countries.extend(expanded.get(target).into_iter().flatten().copied());
                    }
                }
            }
            countries.sort();
            countries.dedup();
            expanded.push(countries);
        }
        for (g, group) in groups.iter().enumerate() {
            let countries = component_of
                .get(g)
                .and_then(|&c| expanded.get(c))
                .cloned()
                .unwrap_or_default();
            if let Some(declared) = self.set.groups.get_mut(&group.id.name) {
                declared.countries = countries;
            }
        }
    }

    fn unknown_place(&mut self, r: &ast::Reference) {
        let name = r.display();
        let upper = name.to_uppercase();
        let (suggestion, advice) = if crate::geo::country(&upper).is_some() {
            (Some(upper), Some("country codes are upper case".to_string()))
        } else {
            let groups: Vec<&str> = self.set.groups.keys().map(String::as_str).collect();
            let s = suggest(&name, groups).or_else(|| crate::geo::suggest_country(&name).map(|c| c.to_string()));
            (
                s,
                Some("write an ISO 3166-1 alpha-2 code such as CN, or a declared `country group`".into()),
            )
        };
        self.error(
            K::Unknown {
                what: "country or country group",
                name,
                suggestion,
                advice,
            },
            r.span,
        );
    }

    /// Resolves a list of places, `in` or `outside`.
    pub(crate) fn places(&mut self, relation: ast::Relation, list: &ast::NameList) -> Places {
        let mut countries = Vec::new();
        for r in &list.names {
            let name = r.display();
            if let Some(c) = crate::geo::country(&name) {
                countries.push(c);
            } else if let Some(g) = self.set.groups.get(&name) {
                countries.extend(g.countries.iter().copied());
            } else {
                self.unknown_place(r);
            }
        }
        let outside = relation == ast::Relation::Outside;
        Places::new(&countries, outside, Names::from_ast(list))
    }

    /// Checks element symbols.
    pub(crate) fn elements(&mut self, list: &ast::NameList) -> Names {
        for r in &list.names {
            let name = r.display();
            if !crate::elements::is_element(&name) {
                let suggestion = crate::elements::all_symbols()
                    .find(|s| s.eq_ignore_ascii_case(&name))
                    .map(str::to_string)
                    .or_else(|| suggest(&name, crate::elements::all_symbols()));
                self.error(
                    K::Unknown {
                        what: "element",
                        name,
                        suggestion,
                        advice: Some("write the chemical symbol, e.g. Dy for dysprosium".into()),
                    },
                    r.span,
                );
            }
        }
        Names::from_ast(list)
    }

    /// Checks that each name is a declared tag of `kind`.
    pub(crate) fn tags(&mut self, kind: TagKind, list: &ast::NameList) -> Names {
        for r in &list.names {
            self.tag_ref(kind, r);
        }
        Names::from_ast(list)
    }

    pub(super) fn declare_categories(&mut self, s: &Source<'_>) {
        let Some(pi) = self.index_of(s) else { return };
        let pid = s.header.id.name.clone();
        for item in &s.file.items {
            let ast::Item::Category(c) = item else { continue };
            let key = (pid.clone(), c.id.name.clone());
            if let Some(first) = self.categories.get(&key) {
                let first = self.set.categories.get(first.0 as usize).map_or(c.id.span, |f| f.span);
                self.error_with(
                    K::Duplicate {
                        what: "category",
                        name: c.id.name.clone(),
                    },
                    c.id.span,
                    K::FirstDeclaredHere,
                    first,
                );
                continue;
            }
            let id = CategoryId(self.set.categories.len() as u32);
            self.categories.insert(key, id);
            let literate = self.literate(&c.literate, c.span);
            self.set.categories.push(policy::Category {
                id: format!("{pid}.{}", c.id.name),
                local: c.id.name.clone(),
                policy: pid.clone(),
                title: c.title.as_ref().map(|t| t.value.clone()),
                members: Vec::new(),
                literate,
                dated: false,
                change_days: Vec::new(),
                span: c.id.span,
            });
            if let Some(p) = self.set.policies.get_mut(pi) {
                p.categories.push(id);
            }
        }
    }

    pub(super) fn resolve_categories(&mut self, s: &Source<'_>) {
        let pid = s.header.id.name.clone();
        for item in &s.file.items {
            let ast::Item::Category(c) = item else { continue };
            let Some(&id) = self.categories.get(&(pid.clone(), c.id.name.clone())) else {
                continue;
            };
            if self.set.category(id).is_some_and(|cat| cat.span != c.id.span) {
                continue; // a duplicate, reported already
            }
            let members: Vec<CategoryMember> = c.members.iter().filter_map(|m| self.member(&pid, m, None)).collect();
            if let Some(cat) = self.set.categories.get_mut(id.0 as usize) {
                cat.members = members;
            }
        }
    }

    /// One `any …` line, seen from policy `from`.
    pub(crate) fn member(
        &mut self,
        from: &str,
        m: &ast::Member,
        added: Option<(policy::Window, String)>,
    ) -> Option<CategoryMember> {
        let test = match &m.kind {
            ast::MemberKind::InCategory(r) => MemberTest::InCategory(self.category_ref(from, r)?),
            ast::MemberKind::Classed(list) => MemberTest::Classed(self.tags(TagKind::Class, list)),
            ast::MemberKind::Form {
                form,
                composition,
                with_component,
            } if form.name == "item" => {
                let containing = !composition.is_empty() && composition.iter().all(|c| c.word == "containing");
                if containing && with_component.is_none() {
                    MemberTest::Containing(composition.iter().map(|c| self.elements(&c.elements)).collect())
                } else {
                    let rest = crate::format::words::member(&m.kind);
                    let rest = rest.strip_prefix("any item").unwrap_or_default().trim().to_string();
                    self.error(K::AnyItemUnqualified { rest }, m.span);
                    return None;
                }
            }
            ast::MemberKind::Form {
                form,
                composition,
                with_component,
            } => {
                let form_ref = ast::Reference {
                    policy: None,
                    name: form.clone(),
                    span: form.span,
                };
                self.tag_ref(TagKind::Class, &form_ref);
                let compositions = composition.iter().map(|c| self.elements(&c.elements)).collect();
                let with_component = match with_component {
                    Some(r) => Some(self.category_ref(from, r)?),
                    None => None,
                };
                MemberTest::Form {
                    form: form.name.clone(),
                    compositions,
                    with_component,
                }
            }
        };
        Some(CategoryMember {
            test,
            added,
            added_by: None,
            span: m.span,
        })
    }
}

/// The strongly connected components of a graph given as each node's
/// successors, each a list of nodes, in an order in which every component
/// comes after every component it reaches (Tarjan's algorithm, with an
/// explicit stack instead of recursion).
fn strongly_connected<T>(successors: &[Vec<(usize, T)>]) -> Vec<Vec<usize>> {
    const UNSEEN: usize = usize::MAX;
    let n = successors.len();
    let mut order = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack: Vec<usize> = Vec::new();
    let mut components = Vec::new();
    let mut next = 0;
    // (node, index of the next successor to look at)
    let mut path: Vec<(usize, usize)> = Vec::new();
    for root in 0..n {
        if order.get(root) != Some(&UNSEEN) {
            continue;
        }
        path.push((root, 0));
        while let Some(&mut (v, ref mut k)) = path.last_mut() {
            if *k == 0 && order.get(v) == Some(&UNSEEN) {
                order[v] = next;
                low[v] = next;
                next += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&(w, _)) = successors.get(v).and_then(|s| s.get(*k)) {
                *k += 1;
                if order.get(w) == Some(&UNSEEN) {
                    path.push((w, 0));
                } else if on_stack.get(w) == Some(&true) {
                    low[v] = low[v].min(order[w]);
                }
                continue;
            }
            path.pop();
            if let Some(&(parent, _)) = path.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == order[v] {
                let mut component = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component.push(w);
                    if w == v {
                        break;
                    }
                }
                components.push(component);
            }
        }
    }
    components
}
