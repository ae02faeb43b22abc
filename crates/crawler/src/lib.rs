//! # xunjian-crawler
//!
//! The polite crawler: every outbound request of xunjian goes through here.
//!
//! ## Layout
//! - [`settings`]: what a crawl may do (limits, timeouts, politeness), with the defaults.
//! - [`pool`]: the per-host pool — one semaphore and one pacing clock per host:port, so no
//!   host ever sees more than its configured concurrent requests, and backoffs (429/503,
//!   Retry-After) pause only that host.
//! - [`robots`]: robots.txt, fetched once per host through the pool and cached for the run.
//! - [`fetch`]: one URL fetched: redirects followed by hand (≤ 10, loops detected, each hop
//!   checked against robots), retries with backoff, a whole-response timeout, a cap on the
//!   decoded body (so a compression bomb stops at the cap), failures classified.
//! - [`frontier`]: what to fetch next: scope, de-duplication, depth, page budget and trap guards.
//! - [`check`]: checking links the crawl does not follow (other hosts), suspected failures re-checked.
//! - [`tls`]: one TLS handshake per site reading the real certificate chain (failures recorded, not fatal).
//! - [`engine`]: the crawl loop tying them together, handing each response to a [`engine::Handler`]
//!   (parsing runs in the worker tasks) and each outcome to the caller in order.
//!
//! **Architecture invariant:** nothing else in xunjian opens a network connection to a
//! crawled site; every request passes the per-host pool and robots.txt (unless a site's own
//! config turns robots off).

pub mod check;
pub mod engine;
pub mod fetch;
pub mod frontier;
pub mod pool;
pub mod robots;
pub mod settings;
pub mod tls;

pub use engine::{Crawler, Event, Handler};
pub use fetch::{FetchKind, FetchOptions, Fetched, Fetcher};
pub use frontier::{QueueItem, Skip};
pub use settings::Settings;

/// Errors that stop a crawl from starting (a failed fetch is data, never an error).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The HTTP client could not be built (TLS roots, resolver).
    #[error("cannot build the HTTP client: {0}")]
    Client(String),
}
