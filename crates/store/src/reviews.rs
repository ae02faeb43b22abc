//! The review chain: pre-publication reviews of drafts (who, when, which file, what xunjian
//! found, the decision), appended by `xunjian review --reviewer --decision`, never changed.

use crate::{Store, StoreError};
use sqlx::Row;

/// One recorded review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewRow {
    /// Row id (0 before it is stored).
    pub id: i64,
    /// When (RFC 3339 UTC).
    pub at: String,
    /// Who reviewed (审核人).
    pub reviewer: String,
    /// The file name as given.
    pub file: String,
    /// SHA-256 of the file's bytes (hex).
    pub sha256: String,
    /// What xunjian found: a JSON array of masked findings.
    pub findings: String,
    /// Whether xunjian judged the draft not publishable.
    pub blocking: bool,
    /// `approve` or `reject`.
    pub decision: String,
    /// The reviewer's note.
    pub note: Option<String>,
}

impl Store {
    /// Appends a review to the chain; returns its id.
    pub async fn add_review(&self, r: &ReviewRow) -> Result<i64, StoreError> {
        let id = sqlx::query(
            "INSERT INTO reviews (at, reviewer, file, sha256, findings, blocking, decision, note) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )
        .bind(&r.at)
        .bind(&r.reviewer)
        .bind(&r.file)
        .bind(&r.sha256)
        .bind(&r.findings)
        .bind(r.blocking)
        .bind(&r.decision)
        .bind(&r.note)
        .execute(self.pool())
        .await?
        .last_insert_rowid();
        Ok(id)
    }

    /// The review chain, oldest first (at most `limit` of the newest).
    pub async fn reviews(&self, limit: u32) -> Result<Vec<ReviewRow>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, at, reviewer, file, sha256, findings, blocking, decision, note FROM \
             (SELECT * FROM reviews ORDER BY id DESC LIMIT ?1) ORDER BY id",
        )
        .bind(limit as i64)
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .iter()
            .map(|r| ReviewRow {
                id: r.get(0),
                at: r.get(1),
                reviewer: r.get(2),
                file: r.get(3),
                sha256: r.get(4),
                findings: r.get(5),
                blocking: r.get(6),
                decision: r.get(7),
                note: r.get(8),
            })
            .collect())
    }
}
