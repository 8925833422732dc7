//! Counts the bytes the Rust heap holds while a probe asks it to, so the costs table can say
//! what a waiting future costs. The count is a gate and one atomic add per allocation, and only
//! while counting: the rest of the time an allocation pays one relaxed load. A thread-local
//! count cannot be used here: a worker thread allocates its stack and TLS before its TLS exists.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicIsize, Ordering};

struct Counting;

static COUNTING: AtomicBool = AtomicBool::new(false);
static LIVE: AtomicIsize = AtomicIsize::new(0);

fn note(bytes: isize) {
    if COUNTING.load(Ordering::Relaxed) {
        LIVE.fetch_add(bytes, Ordering::Relaxed);
    }
}

// SAFETY: every call goes to the system allocator unchanged; only a count is kept beside it.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract for `alloc`, passed on.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            note(layout.size() as isize);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller's contract for `dealloc`, passed on.
        unsafe { System.dealloc(ptr, layout) };
        note(-(layout.size() as isize));
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller's contract for `realloc`, passed on.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            note(new_size as isize - layout.size() as isize);
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn begin() {
    LIVE.store(0, Ordering::Relaxed);
    COUNTING.store(true, Ordering::Relaxed);
}

fn end() -> isize {
    COUNTING.store(false, Ordering::Relaxed);
    LIVE.load(Ordering::Relaxed)
}

/// Counts the heap's growth while `f` runs and what it returns stays alive: the bytes
/// allocated less those freed, on every thread (a probe runs while the pool is idle).
pub fn growth_during<R>(f: impl FnOnce() -> R) -> (R, isize) {
    begin();
    let r = f();
    (r, end())
}

/// [`growth_during`] for an async `f`: everything the page and its threads allocate
/// meanwhile counts, so only what dwarfs it is worth measuring this way.
pub async fn growth_while<R>(f: impl std::future::Future<Output = R>) -> (R, isize) {
    begin();
    let r = f.await;
    (r, end())
}
