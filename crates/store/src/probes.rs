//! Availability probes: stored one row each, read back for the 7-day rule.

use crate::{Store, StoreError};
use sqlx::Row;
use xunjian_core::availability::ProbeRecord;

/// One probe to store.
#[derive(Debug, Clone)]
pub struct ProbeRow {
    /// The URL probed.
    pub url: String,
    /// When (RFC 3339 UTC).
    pub at: String,
    /// Whether it opened.
    pub ok: bool,
    /// Status (0: none).
    pub status: u16,
    /// Error class.
    pub error: Option<String>,
    /// Time to the response headers.
    pub ttfb_ms: Option<u64>,
    /// Time to the end of the body (or the failure).
    pub total_ms: u64,
}

impl Store {
    /// Stores a probe of a site.
    pub async fn add_probe(&self, site_id: i64, p: &ProbeRow) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO probes (site_id, url, at, ok, status, error, ttfb_ms, total_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )
        .bind(site_id)
        .bind(&p.url)
        .bind(&p.at)
        .bind(p.ok)
        .bind(p.status as i64)
        .bind(&p.error)
        .bind(p.ttfb_ms.map(|v| v as i64))
        .bind(p.total_ms as i64)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Every probe of a site (oldest first).
    pub async fn probes(&self, site_id: i64) -> Result<Vec<ProbeRecord>, StoreError> {
        let rows = sqlx::query("SELECT at, ok FROM probes WHERE site_id = ?1 ORDER BY at")
            .bind(site_id)
            .fetch_all(self.pool())
            .await?;
        Ok(rows
            .iter()
            .filter_map(|r| {
                let at = chrono::DateTime::parse_from_rfc3339(r.get::<&str, _>(0)).ok()?;
                Some(ProbeRecord { at: at.with_timezone(&chrono::Utc), ok: r.get(1) })
            })
            .collect())
    }
}
