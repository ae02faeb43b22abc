//! The integration tests of xunjian: the real binary against real HTTP servers on loopback
//! and a real SQLite file. One test binary for the crate (2-core CI: linking is costly).

mod bad_input;
mod crawl;
mod demo;
mod external;
mod hostile;
mod links;
mod reports;
mod resume;
mod review;
mod security;
mod support;
