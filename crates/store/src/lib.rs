//! # xunjian-store
//!
//! Everything xunjian keeps: sites, runs, the crawl frontier (so a killed inspection
//! resumes), fetched pages, links, skips, and findings across runs (first and last seen,
//! open or fixed). SQLite (WAL, embedded migrations) today; the public API speaks only in
//! plain rows and core types so a PostgreSQL backend can sit behind it later.
//!
//! **Durability:** every batch is one transaction. With WAL and `synchronous = NORMAL` a
//! committed transaction survives the process being killed at any moment; what a killed
//! run had not committed is simply fetched again when it resumes.

mod links;
mod probes;
mod reviews;
mod rows;
mod security;
mod sqlite;

pub use probes::ProbeRow;
pub use reviews::ReviewRow;
pub use rows::{ApprovalRow, CheckRow, FrontierRow, LinkRow, PageRow, ResumeState, RunDiff, RunRow, SkipRow, Write};
pub use sqlite::Store;

/// Why the store could not do what was asked.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The database could not be opened or created (path, permissions).
    #[error("cannot open database {path}: {reason}")]
    Open {
        /// The path or URL given.
        path: String,
        /// What went wrong.
        reason: String,
    },
    /// Another process holds the database's write lock.
    #[error("database {0} is locked by another process")]
    Locked(String),
    /// The database URL names a backend this build does not have.
    #[error("unsupported database `{0}`: give a file path or sqlite://PATH")]
    Unsupported(String),
    /// A query failed.
    #[error("database error: {0}")]
    Query(#[from] sqlx::Error),
    /// The schema could not be migrated.
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}
