//! Asking the processor to bring memory into its cache before it is read.
//!
//! Evaluation visits shipments in the order of the items they ship, so each
//! shipment's record and its decision are a cache miss away from the last
//! one's; asking for them a few shipments ahead lets those waits overlap
//! with the work on the shipments before. A prefetch is a hint only: it
//! reads nothing the program sees, cannot fault whatever the address, and
//! on processors other than x86-64 this module does nothing.

/// Asks for the two cache lines at `at` (a record of up to 128 bytes).
/// `at` need not point at anything valid.
#[inline]
pub(crate) fn prefetch<T>(at: *const T) {
    #[cfg(target_arch = "x86_64")]
    {
        use core::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        let at = at.cast::<i8>();
        // SAFETY: `_mm_prefetch` is unsafe only because it needs SSE, which
        // every x86-64 processor has; the instruction never faults and has
        // no effect the program can observe, whatever the address (hence
        // `wrapping_add`, which makes no claim about the pointer either).
        unsafe {
            _mm_prefetch::<_MM_HINT_T0>(at);
            _mm_prefetch::<_MM_HINT_T0>(at.wrapping_add(64));
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = at;
}
