//! Giving freed memory back to the system between the phases of an inspection.
//!
//! glibc's allocator keeps what a thread freed in that thread's arena (one per thread, up to
//! 8 × cores), and returns only the free top of each heap. The crawl processes pages on many
//! threads; once it ends, what those threads freed stays resident, and the phases after it
//! (loading the site, the checks) allocate from other arenas on top of it. `malloc_trim(0)`
//! walks every arena and returns its free pages (`madvise`), so the next phase starts from
//! what is live. And the arenas are capped at two per core (glibc's default is eight): with
//! fewer of them, what one thread frees is more often reused by the next thread's allocation
//! instead of resting in an arena nobody allocates from. Elsewhere (musl, macOS, Windows)
//! both do nothing: those allocators have neither knob.
//!
//! Measured on the 100,000-page bench site (BENCHMARKS.md "Memory at 100,000 URLs"): the whole
//! run's peak RSS went from 232–242 MiB to 164–175 MiB with both (and the page records freed
//! before the link checks, `inspect`), the crawl as fast.

/// The environment variables through which a user sets glibc's arenas themselves; when one
/// is set, [`limit_arenas`] leaves the choice to them.
#[cfg_attr(not(all(target_os = "linux", target_env = "gnu")), allow(dead_code))]
const ARENA_ENV: [&str; 2] = ["MALLOC_ARENA_MAX", "GLIBC_TUNABLES"];

/// Caps glibc's malloc arenas at two per core (at least 4), unless the environment already
/// sets them. Call it first thing in `main`, before any thread exists. Returns the cap set.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
pub fn limit_arenas() -> Option<usize> {
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let cap = arena_cap(cores, ARENA_ENV.iter().any(|v| std::env::var_os(v).is_some()))?;
    // SAFETY: `mallopt` takes two integers and no pointers; it changes an allocator
    // parameter under glibc's own lock, and M_ARENA_MAX only bounds arenas made later.
    let ok = unsafe { libc::mallopt(libc::M_ARENA_MAX, i32::try_from(cap).unwrap_or(i32::MAX)) } == 1;
    ok.then_some(cap)
}

/// The arena cap for `cores` cores: two per core, at least 4; none when the user set it.
#[cfg_attr(not(all(target_os = "linux", target_env = "gnu")), allow(dead_code))]
fn arena_cap(cores: usize, user_set: bool) -> Option<usize> {
    (!user_set).then_some((2 * cores).max(4))
}

/// Caps the allocator's arenas (only glibc has them; here nothing).
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn limit_arenas() -> Option<usize> {
    None
}

/// Returns the allocator's free pages to the system, `after` what (logged at debug level
/// with whether any came back). Call it between phases, when no other thread is allocating
/// much: glibc locks each arena in turn.
pub fn release_free(after: &str) {
    let released = trim();
    tracing::debug!(after, released, "freed memory given back to the system");
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
fn trim() -> bool {
    // SAFETY: `malloc_trim` takes no pointers and has no preconditions; glibc serialises it
    // with every other allocator call through the arenas' own locks.
    unsafe { libc::malloc_trim(0) == 1 }
}

/// Only glibc needs asking.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn trim() -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_arenas_per_core_unless_the_user_chose() {
        assert_eq!(arena_cap(2, false), Some(4));
        assert_eq!(arena_cap(1, false), Some(4), "never fewer than 4");
        assert_eq!(arena_cap(16, false), Some(32));
        assert_eq!(arena_cap(2, true), None, "MALLOC_ARENA_MAX or GLIBC_TUNABLES set: theirs");
    }
}
