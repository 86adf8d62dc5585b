//! Heap set-up for a short-lived process: the heap the rule pack is built in
//! is backed by 2 MiB pages where the system allows it.
//!
//! Loading the default pack allocates about 5 MB of small blocks, and the
//! first touch of each 4 KiB page (a page fault: a trap, zeroing and
//! accounting) was a quarter of the time to check one post on the 2-CPU
//! virtual machine we measure on: ~1,400 faults, about 2.5 ms of 11.
//! Transparent huge pages fill 2 MiB per fault. Linux grants them only in ranges a program asks for
//! (`/sys/kernel/mm/transparent_hugepage/enabled` is usually `madvise`),
//! which glibc's malloc does only when the `glibc.malloc.hugetlb` tunable is
//! set in the environment. So, before anything else runs, this module:
//!
//! 1. keeps blocks under 32 MiB in the main heap instead of separate
//!    `mmap`s (`M_MMAP_THRESHOLD`), and has the heap grow 16 MiB at a time
//!    (`M_TOP_PAD`);
//! 2. grows the heap once and advises the kernel to back it, from the first
//!    2 MiB boundary in its free top to its end, with huge pages
//!    (`madvise(MADV_HUGEPAGE)`);
//! 3. skips to that boundary with one block that is never touched (it takes
//!    address space, not memory), so the pack's blocks start there.
//!
//! The peak resident size stays within a few MB of what it was (the pack's
//! blocks fill the huge pages). Every step is advice: when a call fails or
//! huge pages are not available, the process runs as it would have. Only
//! glibc on Linux is tuned; elsewhere [`prepare`] does nothing.
//!
//! This is the only `unsafe` code of the project: the library forbids it.
#![allow(unsafe_code)]

/// Size of a transparent huge page on x86-64 and aarch64 Linux.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const HUGE_PAGE: usize = 2 << 20;

/// How much the heap grows by at a time, and so about the size of the
/// region advised: room for the default pack and a long post. It is address
/// space; memory is used only where blocks are written.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const TOP_PAD: usize = 16 << 20;

/// The block that finds the heap's top (see [`prepare`]).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const PROBE: usize = 1 << 20;

/// Blocks smaller than this come from the heap (glibc's largest setting).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const MMAP_THRESHOLD: usize = 32 << 20;

/// Set the heap up as the module documentation describes. Call it first
/// thing in `main`.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn prepare() {
    use std::hint::black_box;

    // SAFETY: `mallopt` only changes malloc's parameters; both values are
    // within the ranges glibc documents (it rejects others and returns 0).
    let tuned = unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, to_c_int(MMAP_THRESHOLD)) == 1
            && libc::mallopt(libc::M_TOP_PAD, to_c_int(TOP_PAD)) == 1
    };
    if !tuned {
        return;
    }
    // Where the heap's unused top starts: a block larger than any freed one
    // so far is cut from there. Allocating it grows the heap by its size
    // plus the top pad; freed, it merges back into the top, and glibc keeps
    // the pad when it trims.
    let probe = black_box(Vec::<u8>::with_capacity(PROBE));
    let top = probe.as_ptr() as usize;
    drop(probe);
    // Allocating the probe wrote a header just past its end; the boundary
    // is the first one after that page.
    let boundary = (top + PROBE + 4096).next_multiple_of(HUGE_PAGE);
    // SAFETY: `sbrk(0)` only reads the current end of the heap.
    let end = unsafe { libc::sbrk(0) } as usize;
    // The probe must have come from the heap just below its end (glibc maps
    // a block apart when the heap cannot grow), and the heap must reach at
    // least one whole huge page past the boundary.
    let from_heap = top < end && end - top <= PROBE + TOP_PAD + HUGE_PAGE;
    if end == usize::MAX || !from_heap || end < boundary + HUGE_PAGE {
        return;
    }
    // The advice must come before anything is written past the boundary: a
    // 2 MiB range with one small page in it is not given a huge page.
    // SAFETY: [boundary, end) lies inside the heap mapping (its free top
    // starts at `top`, checked above to be in the heap, and the heap ends
    // at `end`); `boundary` is page aligned. MADV_HUGEPAGE changes how the range is backed, never what
    // it holds.
    let advised = unsafe {
        libc::madvise(
            boundary as *mut libc::c_void,
            end - boundary,
            libc::MADV_HUGEPAGE,
        ) == 0
    };
    // Skip to the boundary with a block held for the life of the process.
    // Only its header is ever written, so it costs no memory.
    let gap = boundary - top;
    if advised {
        let filler = Vec::<u8>::with_capacity(gap - 64);
        black_box(filler.leak());
    }
}

/// Elsewhere the allocator is left as it is.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn prepare() {}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn to_c_int(n: usize) -> libc::c_int {
    libc::c_int::try_from(n).unwrap_or(libc::c_int::MAX)
}
