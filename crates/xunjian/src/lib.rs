//! # xunjian (巡检)
//!
//! The application: command line, configuration, the inspection pipeline that joins the
//! crawler, the core and the store, the report writers, and the demo. `main.rs` only parses
//! the command line and maps the outcome to an exit status.
//!
//! ## Layout
//! - [`cli`]: the command line.
//! - [`config`]: the TOML configuration.
//! - [`commands`]: one function per command (`inspect`, `page`, `demo`).
//! - [`inspect`]: one inspection of one site, end to end, resumable.
//! - [`linkcheck`]: the second phase, checking links to other hosts.
//! - [`memory`]: freed memory given back to the system between an inspection's phases.
//! - [`pipeline`]: what happens to each fetched URL (decode, parse, analyse → rows).
//! - [`extract`]: PDF, XLS and DOC/WPS text read in a child process with resource limits.
//! - [`progress`]: the terminal progress bar.
//! - [`security`]: the security phase (headers, TLS, exposed-file probes, cloaking fetches, baselines).
//! - [`reports`]: JSON, HTML, XLSX, CSV and the stdout summary.

pub mod cli;
pub mod commands;
pub mod config;
pub mod extract;
pub mod inspect;
pub mod linkcheck;
pub mod memory;
pub mod pipeline;
pub mod progress;
pub mod reports;
pub mod security;

/// The column classes of SPEC.md.
pub use xunjian_core::checks::columns::CLASSES as COLUMN_CLASSES;

/// Why a command failed. Every failure exits with status 2 and one line on stderr.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Bad input: a malformed URL or date, an unreadable config, an unwritable output.
    #[error("{0}")]
    Input(String),
    /// The store failed (unreachable, locked, unwritable database).
    #[error(transparent)]
    Store(#[from] xunjian_store::StoreError),
    /// Anything else.
    #[error("{0}")]
    Other(String),
}

impl AppError {
    /// A bad-input error.
    pub fn input(msg: impl Into<String>) -> Self {
        AppError::Input(msg.into())
    }
}

/// How a command ended, when it did not fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Everything as asked.
    Ok,
    /// `--fail-on` found a finding at or above the level.
    Findings,
    /// Interrupted by Ctrl-C; what was stored is kept and the run resumes next time.
    Interrupted,
}
