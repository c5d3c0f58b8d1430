//! The global allocator of the `reputable` binary (and its benchmarks): the
//! system allocator, asking Linux to back large blocks with 2 MiB pages.
//!
//! A big build holds a million reviews and as many log rows in a few large
//! vectors, and linking and the figures look records up all over them. With
//! 4 KiB pages every such look-up misses the TLB, and filling the vectors
//! takes a page fault per 4 KiB. Where transparent huge pages are set to
//! `madvise` (the default of most distributions), `madvise(MADV_HUGEPAGE)`
//! on a block of at least `LARGE` bytes lets the kernel use 2 MiB pages for
//! it: measured on the ingest benchmark, about a quarter of the pipeline's
//! time. Nothing else changes: blocks come from and go back to the system
//! allocator exactly as before, and where huge pages are off (or on another
//! system) the advice is a no-op or not given.
//!
//! One cost comes with it: the advice covers only the whole 2 MiB pages
//! inside a block, so the kernel splits the block's mapping in three, and
//! glibc can no longer grow it by remapping (`mremap` refuses a range over
//! several mappings, as `strace` shows): a large vector that grows is
//! copied. Callers size large vectors once rather than grow them.

use std::alloc::{GlobalAlloc, Layout, System};

/// Blocks at least this large are advised (a few per build, all records).
pub const LARGE: usize = 4 << 20;

/// `System`, advising huge pages for large blocks. Declare it with
/// `#[global_allocator] static ALLOC: reputable::alloc::HugePages = reputable::alloc::HugePages;`.
pub struct HugePages;

// SAFETY: every call is passed unchanged to `System`, which upholds the
// `GlobalAlloc` contract; `advise` only gives the kernel advice about pages
// inside a block `System` has just handed out, and never reads or writes
// them.
unsafe impl GlobalAlloc for HugePages {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded with the caller's guarantees.
        let p = unsafe { System.alloc(layout) };
        advise(p, layout.size());
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded with the caller's guarantees.
        let p = unsafe { System.alloc_zeroed(layout) };
        advise(p, layout.size());
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: forwarded with the caller's guarantees.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        advise(p, new_size);
        p
    }
}

/// Advises huge pages for the whole 2 MiB pages inside `[p, p + len)`.
#[cfg(target_os = "linux")]
fn advise(p: *mut u8, len: usize) {
    const HUGE: usize = 2 << 20;
    if p.is_null() || len < LARGE {
        return;
    }
    let start = (p as usize).next_multiple_of(HUGE);
    let end = (p as usize + len) & !(HUGE - 1);
    if start < end {
        // SAFETY: the range lies inside the block just allocated, so it is
        // mapped memory of this process; MADV_HUGEPAGE changes how it is
        // backed, never its contents. A failure (huge pages unsupported or
        // off) leaves the block as it was, so the result is ignored.
        unsafe {
            libc::madvise(start as *mut libc::c_void, end - start, libc::MADV_HUGEPAGE);
        }
    }
}

#[cfg(not(target_os = "linux"))]
fn advise(_: *mut u8, _: usize) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_blocks_are_usable_through_their_whole_life() {
        let a = HugePages;
        let layout = Layout::from_size_align(LARGE * 2, 64).unwrap();
        // SAFETY: a non-zero layout; every pointer is used within its block
        // and freed with the layout it has.
        unsafe {
            let p = a.alloc_zeroed(layout);
            assert!(!p.is_null());
            assert_eq!(*p.add(LARGE + 12_345), 0);
            *p.add(LARGE * 2 - 1) = 7;
            let q = a.realloc(p, layout, LARGE * 3);
            assert!(!q.is_null());
            assert_eq!(*q.add(LARGE * 2 - 1), 7);
            a.dealloc(q, Layout::from_size_align(LARGE * 3, 64).unwrap());
        }
    }
}
