//! The timing property every reader of outside input keeps: its time grows with the input's
//! length, never faster. A reader that compared each key with every earlier one took 111 s
//! for 80k keys (issue 29); at the caps (8 MB imports, 16 KB recipes) that is a frozen page.

use std::time::{Duration, Instant};

/// The most a reader may spend per byte, with a floor for the smallest inputs. Fuzz builds
/// keep debug assertions and overflow checks, and a linear reader takes well under 1 µs per
/// byte in them: this allows 50 µs, so only a reader that grows faster than its input, at a
/// size where that matters, fails it.
const MOST_PER_BYTE: Duration = Duration::from_micros(50);
const FLOOR: Duration = Duration::from_millis(50);

/// Runs `read` on `input` and fails if it took more than its length allows.
pub fn bounded<R>(input: &[u8], read: impl FnOnce() -> R) -> R {
    let start = Instant::now();
    let out = read();
    let took = start.elapsed();
    let allowed = FLOOR + MOST_PER_BYTE * u32::try_from(input.len()).unwrap_or(u32::MAX);
    assert!(
        took <= allowed,
        "{} bytes took {took:?}, more than {allowed:?}: the reader grows faster than its input",
        input.len()
    );
    out
}
