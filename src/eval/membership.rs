//! The memo of category membership: for one stretch of one category, what
//! is known of each item (0 unknown, 1 not a member, 2 a member).
//!
//! Rows are paged: a page of items is allocated when one of its items is
//! first answered. A dense row per category cost categories × items bytes
//! however few items were asked about (a chain of 100 000 categories over
//! a 100 000-item bill of materials asked for 10 GB); paged, memory follows
//! the answers, and a lookup costs one more indirection.

/// Items per page.
const PAGE: usize = 256;

/// What is known of each item's membership in one category stretch.
#[derive(Debug, Default, Clone)]
pub(crate) struct MembershipRow {
    pages: Vec<Option<Box<[u8; PAGE]>>>,
}

impl MembershipRow {
    /// 0 unknown, 1 not a member, 2 a member.
    #[inline]
    pub(crate) fn get(&self, item: usize) -> u8 {
        match self.pages.get(item / PAGE) {
            Some(Some(page)) => page[item % PAGE],
            _ => 0,
        }
    }

    /// Records `known` (1 or 2) for `item`.
    pub(crate) fn set(&mut self, item: usize, known: u8) {
        let index = item / PAGE;
        if self.pages.len() <= index {
            self.pages.resize_with(index + 1, || None);
        }
        if let Some(slot) = self.pages.get_mut(index) {
            slot.get_or_insert_with(|| Box::new([0; PAGE]))[item % PAGE] = known;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_until_set_and_pages_only_where_asked() {
        let mut row = MembershipRow::default();
        assert_eq!(row.get(0), 0);
        assert_eq!(row.get(1_000_000), 0);
        row.set(1_000, 2);
        row.set(1_001, 1);
        assert_eq!((row.get(1_000), row.get(1_001), row.get(999)), (2, 1, 0));
        assert_eq!(row.pages.iter().filter(|p| p.is_some()).count(), 1);
        row.set(3, 2);
        assert_eq!((row.get(3), row.get(1_000)), (2, 2));
        assert_eq!(row.pages.iter().filter(|p| p.is_some()).count(), 2);
    }
}
