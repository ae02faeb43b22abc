//! The SQLite backend: one file, WAL journal, `synchronous = NORMAL`, a 5-second busy
//! timeout, migrations embedded in the binary and applied on open.

use crate::StoreError;
use crate::rows::{ApprovalRow, CheckRow, FrontierRow, LinkRow, PageRow, ResumeState, RunDiff, RunRow, Write};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Row, Sqlite, Transaction};
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;
use xunjian_core::Finding;
use xunjian_core::checks::{LinkRecord, PageRecord, SkipRecord};
use xunjian_core::pageinfo::PageKind;

/// The store.
#[derive(Clone)]
pub struct Store {
    pool: SqlitePool,
}

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

impl Store {
    /// Opens (creating if needed) the database at `spec`: a file path or `sqlite://PATH`.
    /// Fails with [`StoreError::Locked`] when another process holds the write lock.
    pub async fn open(spec: &str) -> Result<Store, StoreError> {
        if spec.starts_with("postgres://") || spec.starts_with("postgresql://") {
            return Err(StoreError::Unsupported(spec.to_string()));
        }
        let path = spec.strip_prefix("sqlite://").unwrap_or(spec);
        let open_err = |reason: String| StoreError::Open { path: path.to_string(), reason };
        if let Some(dir) = Path::new(path).parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| open_err(e.to_string()))?;
        }
        let opts = SqliteConnectOptions::from_str(&format!("sqlite://{path}"))
            .map_err(|e| open_err(e.to_string()))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(Duration::from_secs(5))
            .foreign_keys(true);
        // One connection: SQLite has one writer anyway, and it keeps writes in order.
        let pool =
            SqlitePoolOptions::new().max_connections(1).connect_with(opts).await.map_err(|e| classify_open(path, e))?;
        // Prove we can write now, rather than failing half-way through an inspection.
        sqlx::query("BEGIN IMMEDIATE").execute(&pool).await.map_err(|e| classify_open(path, e))?;
        sqlx::query("ROLLBACK").execute(&pool).await?;
        MIGRATOR.run(&pool).await?;
        Ok(Store { pool })
    }

    /// The id of the site at `url`, creating it (and updating its name) as needed.
    pub async fn site(&self, url: &str, name: &str) -> Result<i64, StoreError> {
        let row = sqlx::query(
            "INSERT INTO sites (url, name, created_at) VALUES (?1, ?2, ?3)
             ON CONFLICT(url) DO UPDATE SET name = CASE WHEN excluded.name <> '' THEN excluded.name ELSE sites.name END
             RETURNING id",
        )
        .bind(url)
        .bind(name)
        .bind(now())
        .fetch_one(&self.pool)
        .await?;
        Ok(row.get(0))
    }

    /// The latest run of a site that did not finish (to resume), if any.
    pub async fn unfinished_run(&self, site_id: i64) -> Result<Option<RunRow>, StoreError> {
        let row = sqlx::query(
            "SELECT id, site_id, status, as_of, started_at, finished_at FROM runs
             WHERE site_id = ?1 AND status = 'running' ORDER BY id DESC LIMIT 1",
        )
        .bind(site_id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|r| run_row(&r)))
    }

    /// The latest finished run of a site before `before` (for comparisons), if any.
    pub async fn previous_run(&self, site_id: i64, before: i64) -> Result<Option<RunRow>, StoreError> {
        let row = sqlx::query(
            "SELECT id, site_id, status, as_of, started_at, finished_at FROM runs
             WHERE site_id = ?1 AND status = 'finished' AND id < ?2 ORDER BY id DESC LIMIT 1",
        )
        .bind(site_id)
        .bind(before)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|r| run_row(&r)))
    }

    /// Starts a run.
    pub async fn start_run(&self, site_id: i64, as_of: &str, options: &str) -> Result<i64, StoreError> {
        let row = sqlx::query(
            "INSERT INTO runs (site_id, status, as_of, started_at, options) VALUES (?1, 'running', ?2, ?3, ?4) RETURNING id",
        )
        .bind(site_id)
        .bind(as_of)
        .bind(now())
        .bind(options)
        .fetch_one(&self.pool)
        .await?;
        Ok(row.get(0))
    }

    /// The run `id`.
    pub async fn run(&self, id: i64) -> Result<Option<RunRow>, StoreError> {
        let row = sqlx::query("SELECT id, site_id, status, as_of, started_at, finished_at FROM runs WHERE id = ?1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|r| run_row(&r)))
    }

    /// What a run has done and has still to do.
    pub async fn resume_state(&self, run_id: i64) -> Result<ResumeState, StoreError> {
        let rows = sqlx::query("SELECT url, depth, kind, done FROM frontier WHERE run_id = ?1")
            .bind(run_id)
            .fetch_all(&self.pool)
            .await?;
        let mut state = ResumeState::default();
        for r in rows {
            let f = FrontierRow { url: r.get(0), depth: r.get::<i64, _>(1) as u32, kind: r.get(2) };
            if r.get::<i64, _>(3) != 0 { state.done.push(f) } else { state.queued.push(f) }
        }
        Ok(state)
    }

    /// Writes a batch of crawl outcomes in one transaction.
    pub async fn write(&self, run_id: i64, batch: &[Write]) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        for w in batch {
            match w {
                Write::Enqueue(rows) => enqueue(&mut tx, run_id, rows).await?,
                Write::Page { page, links, enqueued } => {
                    insert_page(&mut tx, run_id, page).await?;
                    insert_links(&mut tx, run_id, &page.url, links).await?;
                    enqueue(&mut tx, run_id, enqueued).await?;
                    mark_done(&mut tx, run_id, &page.url).await?;
                }
                Write::Skip(s) => {
                    sqlx::query("INSERT INTO skips (run_id, reason, url, detail) VALUES (?1, ?2, ?3, ?4)")
                        .bind(run_id)
                        .bind(&s.reason)
                        .bind(&s.url)
                        .bind(&s.detail)
                        .execute(&mut *tx)
                        .await?;
                    mark_done(&mut tx, run_id, &s.url).await?;
                }
            }
        }
        tx.commit().await?;
        Ok(())
    }

    /// What the site checks need about a run's pages and skips. The links come separately,
    /// page by page, from [`Store::for_each_page_links`].
    pub async fn site_data(&self, run_id: i64) -> Result<(Vec<PageRecord>, Vec<SkipRecord>), StoreError> {
        let pages = sqlx::query(
            "SELECT url, final_url, status, error, is_html, is_home, kind, title, publish_date, info, depth, truncated,
                    anchors, external
             FROM pages WHERE run_id = ?1 ORDER BY depth, url",
        )
        .bind(run_id)
        .fetch_all(&self.pool)
        .await?
        .into_iter()
        .map(|r| {
            let info: Option<String> = r.get(9);
            let info: serde_json::Value = info.and_then(|i| serde_json::from_str(&i).ok()).unwrap_or_default();
            PageRecord {
                url: r.get(0),
                final_url: r.get(1),
                status: r.get::<i64, _>(2) as u16,
                error: r.get(3),
                is_html: r.get(4),
                is_home: r.get(5),
                kind: r.get::<Option<String>, _>(6).as_deref().and_then(PageKind::parse),
                title: r.get(7),
                publish_date: r.get::<Option<String>, _>(8).and_then(|d| d.parse().ok()),
                items: serde_json::from_value(info["items"].clone()).unwrap_or_default(),
                footer: serde_json::from_value(info["footer"].clone()).unwrap_or_default(),
                depth: r.get::<i64, _>(10) as u32,
                truncated: r.get(11),
                anchors: serde_json::from_str(r.get::<&str, _>(12)).unwrap_or_default(),
                external: r.get(13),
                info: serde_json::from_value(info).unwrap_or_default(),
            }
        })
        .collect();
        let skips = sqlx::query("SELECT reason, url, detail FROM skips WHERE run_id = ?1")
            .bind(run_id)
            .fetch_all(&self.pool)
            .await?
            .into_iter()
            .map(|r| SkipRecord { reason: r.get(0), url: r.get(1), detail: r.get(2) })
            .collect();
        Ok((pages, skips))
    }

    /// Calls `f` with the links of every page of a run, one page at a time (a few hundred
    /// pages are read per query, so memory stays flat however large the site).
    pub async fn for_each_page_links(
        &self,
        run_id: i64,
        mut f: impl FnMut(&str, Vec<LinkRecord>),
    ) -> Result<(), StoreError> {
        let mut after = String::new();
        loop {
            let rows = sqlx::query(
                "SELECT source, data FROM page_links WHERE run_id = ?1 AND source > ?2 ORDER BY source LIMIT 256",
            )
            .bind(run_id)
            .bind(&after)
            .fetch_all(&self.pool)
            .await?;
            let Some(last) = rows.last() else { return Ok(()) };
            after = last.get(0);
            for r in &rows {
                let source: &str = r.get(0);
                f(source, crate::links::decode(source, r.get::<&str, _>(1)));
            }
        }
    }

    /// The findings judged page by page during the crawl.
    pub async fn page_findings(&self, run_id: i64) -> Result<Vec<Finding>, StoreError> {
        let rows = sqlx::query("SELECT findings FROM pages WHERE run_id = ?1 AND findings <> '[]'")
            .bind(run_id)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows
            .iter()
            .flat_map(|r| serde_json::from_str::<Vec<Finding>>(r.get::<&str, _>(0)).unwrap_or_default())
            .collect())
    }

    /// Totals of a run: (html pages, link occurrences, requests, bytes).
    pub async fn totals(&self, run_id: i64) -> Result<(u64, u64, u64, u64), StoreError> {
        let r = sqlx::query(
            "SELECT (SELECT COUNT(*) FROM pages WHERE run_id = ?1 AND is_html = 1),
                    (SELECT COALESCE(SUM(count), 0) FROM page_links WHERE run_id = ?1),
                    (SELECT COALESCE(SUM(requests), 0) FROM pages WHERE run_id = ?1),
                    (SELECT COALESCE(SUM(bytes), 0) FROM pages WHERE run_id = ?1)",
        )
        .bind(run_id)
        .fetch_one(&self.pool)
        .await?;
        Ok((r.get::<i64, _>(0) as u64, r.get::<i64, _>(1) as u64, r.get::<i64, _>(2) as u64, r.get::<i64, _>(3) as u64))
    }

    /// Finishes a run: records its findings against the site's history (new ones inserted,
    /// persisting ones touched, open ones not seen again marked fixed), its stats and score.
    /// Returns what changed since the site's previous run.
    pub async fn finish_run(
        &self,
        run_id: i64,
        findings: &[Finding],
        stats: &str,
        score: &str,
    ) -> Result<RunDiff, StoreError> {
        let mut tx = self.pool.begin().await?;
        let site_id: i64 =
            sqlx::query("SELECT site_id FROM runs WHERE id = ?1").bind(run_id).fetch_one(&mut *tx).await?.get(0);
        let (mut new, mut persisting) = (Vec::new(), 0);
        for f in findings {
            let row = sqlx::query(
                "INSERT INTO findings (site_id, key, kind, subtype, severity, url, source, evidence, message, first_seen_run, last_seen_run, status)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, 'open')
                 ON CONFLICT(site_id, key) DO UPDATE SET severity = excluded.severity, evidence = excluded.evidence,
                    message = excluded.message, last_seen_run = excluded.last_seen_run,
                    status = CASE WHEN findings.status = 'ignored' THEN 'ignored' ELSE 'open' END
                 RETURNING id, first_seen_run",
            )
            .bind(site_id)
            .bind(f.key())
            .bind(f.kind.as_str())
            .bind(&f.subtype)
            .bind(f.severity.as_str())
            .bind(&f.url)
            .bind(&f.source)
            .bind(&f.evidence)
            .bind(&f.message)
            .bind(run_id)
            .fetch_one(&mut *tx)
            .await?;
            let id: i64 = row.get(0);
            if row.get::<i64, _>(1) == run_id {
                new.push(f.key())
            } else {
                persisting += 1
            }
            sqlx::query("INSERT OR IGNORE INTO run_findings (run_id, finding_id) VALUES (?1, ?2)")
                .bind(run_id)
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        let fixed: Vec<Finding> = sqlx::query(
            "UPDATE findings SET status = 'fixed' WHERE site_id = ?1 AND status = 'open' AND last_seen_run < ?2
             RETURNING kind, subtype, severity, url, source, evidence, message",
        )
        .bind(site_id)
        .bind(run_id)
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .filter_map(|r| {
            let mut f = Finding::new(
                r.get::<&str, _>(0).parse().ok()?,
                r.get::<&str, _>(2).parse().ok()?,
                r.get::<String, _>(3),
                r.get::<String, _>(6),
            );
            f.subtype = r.get(1);
            f.source = r.get(4);
            f.evidence = r.get(5);
            Some(f)
        })
        .collect();
        sqlx::query("UPDATE runs SET status = 'finished', finished_at = ?2, stats = ?3, score = ?4 WHERE id = ?1")
            .bind(run_id)
            .bind(now())
            .bind(stats)
            .bind(score)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(RunDiff { new, persisting, fixed })
    }

    /// The approvals in force (not revoked) for `site` (its own and the global ones), or all
    /// of them when `site` is `None`.
    pub async fn approvals(&self, site: Option<&str>) -> Result<Vec<ApprovalRow>, StoreError> {
        let rows = sqlx::query(
            "SELECT a.id, s.url, a.pattern, a.approved_by, a.approved_on, a.expires, a.note
             FROM link_approvals a LEFT JOIN sites s ON s.id = a.site_id
             WHERE a.revoked_at IS NULL AND (?1 IS NULL OR a.site_id IS NULL OR s.url = ?1)
             ORDER BY a.pattern, a.id",
        )
        .bind(site)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|r| ApprovalRow {
                id: r.get(0),
                site: r.get(1),
                pattern: r.get(2),
                approved_by: r.get(3),
                approved_on: r.get(4),
                expires: r.get(5),
                note: r.get(6),
            })
            .collect())
    }

    /// Records an approval (for one site, or for every site when `site` is `None`).
    pub async fn approve(&self, a: &ApprovalRow) -> Result<i64, StoreError> {
        let site_id = match &a.site {
            Some(url) => Some(self.site(url, "").await?),
            None => None,
        };
        let row = sqlx::query(
            "INSERT INTO link_approvals (site_id, pattern, approved_by, approved_on, expires, note)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
        )
        .bind(site_id)
        .bind(&a.pattern)
        .bind(&a.approved_by)
        .bind(&a.approved_on)
        .bind(&a.expires)
        .bind(&a.note)
        .fetch_one(&self.pool)
        .await?;
        Ok(row.get(0))
    }

    /// Revokes the approvals of `pattern` (for `site`, or the global ones when `None`);
    /// returns how many were revoked. Revoked approvals stay in the table as history.
    pub async fn revoke(&self, site: Option<&str>, pattern: &str) -> Result<u64, StoreError> {
        let done = sqlx::query(
            "UPDATE link_approvals SET revoked_at = ?3
             WHERE pattern = ?2 AND revoked_at IS NULL
               AND ((?1 IS NULL AND site_id IS NULL) OR site_id = (SELECT id FROM sites WHERE url = ?1))",
        )
        .bind(site)
        .bind(pattern)
        .bind(now())
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected())
    }

    /// Cached external link checks made at or after `since` (RFC 3339).
    pub async fn cached_checks(&self, since: &str) -> Result<Vec<CheckRow>, StoreError> {
        let rows = sqlx::query("SELECT url, status, error, title, checked_at FROM link_checks WHERE checked_at >= ?1")
            .bind(since)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows
            .iter()
            .map(|r| CheckRow {
                url: r.get(0),
                status: r.get::<i64, _>(1) as u16,
                error: r.get(2),
                title: r.get(3),
                checked_at: r.get(4),
            })
            .collect())
    }

    /// Remembers external link checks.
    pub async fn save_checks(&self, rows: &[CheckRow]) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        for c in rows {
            sqlx::query("INSERT OR REPLACE INTO link_checks (url, status, error, title, checked_at) VALUES (?1, ?2, ?3, ?4, ?5)")
                .bind(&c.url)
                .bind(c.status as i64)
                .bind(&c.error)
                .bind(&c.title)
                .bind(&c.checked_at)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// External targets of a run's links not yet checked in this run: (url, is an anchor).
    pub async fn unchecked_external(&self, run_id: i64) -> Result<Vec<(String, bool)>, StoreError> {
        let rows = sqlx::query(
            "SELECT url, anchor FROM external_targets
             WHERE run_id = ?1 AND url NOT IN (SELECT url FROM pages WHERE run_id = ?1)
             ORDER BY url",
        )
        .bind(run_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(|r| (r.get(0), r.get::<i64, _>(1) != 0)).collect())
    }

    /// The connection pool (for the other modules of this crate).
    pub(crate) fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// Closes the pool, flushing the WAL.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

fn run_row(r: &sqlx::sqlite::SqliteRow) -> RunRow {
    RunRow {
        id: r.get(0),
        site_id: r.get(1),
        status: r.get(2),
        as_of: r.get(3),
        started_at: r.get(4),
        finished_at: r.get(5),
    }
}

fn classify_open(path: &str, e: sqlx::Error) -> StoreError {
    let msg = e.to_string();
    if msg.contains("locked") || msg.contains("busy") {
        StoreError::Locked(path.to_string())
    } else {
        StoreError::Open { path: path.to_string(), reason: msg }
    }
}

async fn enqueue(tx: &mut Transaction<'_, Sqlite>, run_id: i64, rows: &[FrontierRow]) -> Result<(), StoreError> {
    for f in rows {
        sqlx::query("INSERT OR IGNORE INTO frontier (run_id, url, depth, kind, done) VALUES (?1, ?2, ?3, ?4, 0)")
            .bind(run_id)
            .bind(&f.url)
            .bind(f.depth as i64)
            .bind(&f.kind)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

async fn insert_links(
    tx: &mut Transaction<'_, Sqlite>,
    run_id: i64,
    source: &str,
    links: &[LinkRow],
) -> Result<(), StoreError> {
    if links.is_empty() {
        return Ok(());
    }
    sqlx::query("INSERT OR REPLACE INTO page_links (run_id, source, count, data) VALUES (?1, ?2, ?3, ?4)")
        .bind(run_id)
        .bind(source)
        .bind(links.len() as i64)
        .bind(crate::links::encode(links))
        .execute(&mut **tx)
        .await?;
    let mut external: Vec<(&str, bool)> = links
        .iter()
        .filter(|l| !l.internal && l.invalid.is_none())
        .map(|l| (l.target.as_str(), l.tag == "a"))
        .collect();
    external.sort_unstable();
    external.dedup_by(|later, kept| {
        let same = later.0 == kept.0;
        kept.1 |= same && later.1;
        same
    });
    for (url, anchor) in external {
        sqlx::query(
            "INSERT INTO external_targets (run_id, url, anchor) VALUES (?1, ?2, ?3)
             ON CONFLICT (run_id, url) DO UPDATE SET anchor = MAX(anchor, excluded.anchor)",
        )
        .bind(run_id)
        .bind(url)
        .bind(anchor)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

async fn mark_done(tx: &mut Transaction<'_, Sqlite>, run_id: i64, url: &str) -> Result<(), StoreError> {
    sqlx::query("UPDATE frontier SET done = 1 WHERE run_id = ?1 AND url = ?2")
        .bind(run_id)
        .bind(url)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

async fn insert_page(tx: &mut Transaction<'_, Sqlite>, run_id: i64, p: &PageRow) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT OR REPLACE INTO pages (run_id, url, final_url, status, error, content_type, is_html, is_home, depth,
            encoding, encoding_source, bytes, truncated, elapsed_ms, requests, redirects, headers, hash, title, kind,
            publish_date, info, text, findings, fetched_at, anchors, external, fingerprint)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28)",
    )
    .bind(run_id)
    .bind(&p.url)
    .bind(&p.final_url)
    .bind(p.status as i64)
    .bind(&p.error)
    .bind(&p.content_type)
    .bind(p.is_html)
    .bind(p.is_home)
    .bind(p.depth as i64)
    .bind(&p.encoding)
    .bind(&p.encoding_source)
    .bind(p.bytes as i64)
    .bind(p.truncated)
    .bind(p.elapsed_ms as i64)
    .bind(p.requests as i64)
    .bind(&p.redirects)
    .bind(&p.headers)
    .bind(&p.hash)
    .bind(&p.title)
    .bind(&p.kind)
    .bind(&p.publish_date)
    .bind(&p.info)
    .bind(&p.text)
    .bind(&p.findings)
    .bind(&p.fetched_at)
    .bind(&p.anchors)
    .bind(p.external)
    .bind(&p.fingerprint)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
