//! What the security phase of an inspection keeps: its facts per run (`security_facts`:
//! homepage headers, TLS, exposed-file probes, cloaking fetches, as JSON the core defines),
//! the pages' tamper fingerprints (`pages.fingerprint`), and each site's approved baselines
//! (`baselines`).

use crate::{Store, StoreError};
use sqlx::Row;

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

impl Store {
    /// The facts of one kind a run stored: (url, JSON).
    pub async fn security_facts(&self, run_id: i64, kind: &str) -> Result<Vec<(String, String)>, StoreError> {
        let rows = sqlx::query("SELECT url, data FROM security_facts WHERE run_id = ?1 AND kind = ?2 ORDER BY url")
            .bind(run_id)
            .bind(kind)
            .fetch_all(self.pool())
            .await?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }

    /// Stores facts of one kind for a run (replacing those of the same URL), in one transaction.
    pub async fn save_security_facts(
        &self,
        run_id: i64,
        kind: &str,
        rows: &[(String, String)],
    ) -> Result<(), StoreError> {
        let mut tx = self.pool().begin().await?;
        for (url, data) in rows {
            sqlx::query("INSERT OR REPLACE INTO security_facts (run_id, kind, url, data) VALUES (?1, ?2, ?3, ?4)")
                .bind(run_id)
                .bind(kind)
                .bind(url)
                .bind(data)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The homepage row of a run: (url, final url, kept headers as JSON).
    pub async fn home_response(&self, run_id: i64) -> Result<Option<(String, String, String)>, StoreError> {
        let row = sqlx::query(
            "SELECT url, final_url, headers FROM pages WHERE run_id = ?1 AND is_home = 1 AND status > 0 LIMIT 1",
        )
        .bind(run_id)
        .fetch_optional(self.pool())
        .await?;
        Ok(row.map(|r| (r.get(0), r.get(1), r.get(2))))
    }

    /// The tamper fingerprints of a run's pages: (url, JSON).
    pub async fn fingerprints(&self, run_id: i64) -> Result<Vec<(String, String)>, StoreError> {
        let rows = sqlx::query(
            "SELECT url, fingerprint FROM pages WHERE run_id = ?1 AND fingerprint IS NOT NULL ORDER BY url",
        )
        .bind(run_id)
        .fetch_all(self.pool())
        .await?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }

    /// The pages of a run whose fingerprint differs from their site's baseline:
    /// (url, baseline JSON, current JSON). Unchanged pages never leave the database.
    pub async fn changed_fingerprints(
        &self,
        site_id: i64,
        run_id: i64,
    ) -> Result<Vec<(String, String, String)>, StoreError> {
        let rows = sqlx::query(
            "SELECT p.url, b.fingerprint, p.fingerprint FROM pages p
             JOIN baselines b ON b.site_id = ?1 AND b.url = p.url
             WHERE p.run_id = ?2 AND p.fingerprint IS NOT NULL AND b.fingerprint <> p.fingerprint
             ORDER BY p.url",
        )
        .bind(site_id)
        .bind(run_id)
        .fetch_all(self.pool())
        .await?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1), r.get(2))).collect())
    }

    /// Sets the baseline of every page of a run that has none yet (first sight), from the
    /// run's own fingerprints; returns how many.
    pub async fn add_missing_baselines_from_run(&self, site_id: i64, run_id: i64) -> Result<u64, StoreError> {
        Ok(sqlx::query(
            "INSERT OR IGNORE INTO baselines (site_id, url, fingerprint, run_id, accepted_at, accepted_by)
             SELECT ?1, url, fingerprint, ?2, ?3, '' FROM pages WHERE run_id = ?2 AND fingerprint IS NOT NULL",
        )
        .bind(site_id)
        .bind(run_id)
        .bind(now())
        .execute(self.pool())
        .await?
        .rows_affected())
    }

    /// Moves the baselines of `rows` to the given state (`xunjian baseline accept`); returns
    /// how many were set.
    pub async fn accept_baselines(
        &self,
        site_id: i64,
        run_id: i64,
        rows: &[(String, String)],
        by: &str,
    ) -> Result<u64, StoreError> {
        self.put_baselines(site_id, run_id, rows, Some(by)).await
    }

    async fn put_baselines(
        &self,
        site_id: i64,
        run_id: i64,
        rows: &[(String, String)],
        by: Option<&str>,
    ) -> Result<u64, StoreError> {
        let sql = if by.is_some() {
            "INSERT OR REPLACE INTO baselines (site_id, url, fingerprint, run_id, accepted_at, accepted_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
        } else {
            "INSERT OR IGNORE INTO baselines (site_id, url, fingerprint, run_id, accepted_at, accepted_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
        };
        let mut tx = self.pool().begin().await?;
        let mut n = 0;
        let at = now();
        for (url, fp) in rows {
            n += sqlx::query(sql)
                .bind(site_id)
                .bind(url)
                .bind(fp)
                .bind(run_id)
                .bind(&at)
                .bind(by.unwrap_or(""))
                .execute(&mut *tx)
                .await?
                .rows_affected();
        }
        tx.commit().await?;
        Ok(n)
    }

    /// Every site: (id, url, name).
    pub async fn site_rows(&self) -> Result<Vec<(i64, String, String)>, StoreError> {
        let rows = sqlx::query("SELECT id, url, name FROM sites ORDER BY id").fetch_all(self.pool()).await?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1), r.get(2))).collect())
    }

    /// The latest finished run of a site, if any.
    pub async fn latest_finished_run(&self, site_id: i64) -> Result<Option<i64>, StoreError> {
        let row = sqlx::query("SELECT MAX(id) FROM runs WHERE site_id = ?1 AND status = 'finished'")
            .bind(site_id)
            .fetch_one(self.pool())
            .await?;
        Ok(row.get(0))
    }
}
