//! The SQLite backend: one file, WAL journal, `synchronous = NORMAL`, a 5-second busy
//! timeout, migrations embedded in the binary and applied on open.

use crate::StoreError;
use crate::rows::{ApprovalRow, CheckRow, FrontierRow, LinkRow, PageRow, ResumeState, RunDiff, RunRow, Write};
use futures_util::TryStreamExt;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{QueryBuilder, Row, Sqlite, Transaction};
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;
use xunjian_core::checks::{LinkView, PageRecord, SkipRecord};
use xunjian_core::pageinfo::{PageInfo, PageKind};
use xunjian_core::text::Interner;
use xunjian_core::{Finding, Text};

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
            // 8 MiB of page cache (the default 2 MiB makes every index lookup of a large run a
            // read from the OS; 32 MiB crawled 100,000 URLs no faster and held 24 MiB more).
            .pragma("cache_size", "-8192")
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

    /// Writes a batch of crawl outcomes in one transaction, a few multi-row statements per
    /// table (each statement is a round trip to sqlx's worker thread, so their number, not
    /// their size, is what costs).
    pub async fn write(&self, run_id: i64, batch: &[Write]) -> Result<(), StoreError> {
        let (mut pages, mut links, mut queue, mut skips, mut done) = (vec![], vec![], vec![], vec![], vec![]);
        for w in batch {
            match w {
                Write::Enqueue(rows) => queue.extend(rows),
                Write::Page { page, links: l, enqueued } => {
                    pages.push(&**page);
                    if !l.is_empty() {
                        links.push((page.url.as_str(), l.as_slice()));
                    }
                    queue.extend(enqueued);
                    done.push(page.url.as_str());
                }
                Write::Skip(s) => {
                    skips.push(s);
                    done.push(s.url.as_str());
                }
            }
        }
        let mut tx = self.pool.begin().await?;
        enqueue(&mut tx, run_id, &queue).await?;
        insert_pages(&mut tx, run_id, &pages).await?;
        insert_links(&mut tx, run_id, &links).await?;
        for chunk in skips.chunks(500) {
            let mut q = QueryBuilder::<Sqlite>::new("INSERT INTO skips (run_id, reason, url, detail) ");
            q.push_values(chunk, |mut b, s| {
                b.push_bind(run_id).push_bind(&s.reason).push_bind(&s.url).push_bind(&s.detail);
            });
            q.build().execute(&mut *tx).await?;
        }
        for chunk in done.chunks(500) {
            let mut q = QueryBuilder::<Sqlite>::new("UPDATE frontier SET done = 1 WHERE run_id = ");
            q.push_bind(run_id).push(" AND url IN (");
            let mut list = q.separated(", ");
            for url in chunk {
                list.push_bind(*url);
            }
            q.push(")");
            q.build().execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// What the site checks need about a run's pages and skips. The links come separately,
    /// page by page, from [`Store::for_each_page_links`]. Rows are streamed, so only the
    /// records themselves are held, not every row's text as well.
    pub async fn site_data(&self, run_id: i64) -> Result<(Vec<PageRecord>, Vec<SkipRecord>), StoreError> {
        let mut rows = sqlx::query(
            "SELECT url, final_url, status, error, is_html, is_home, kind, title, publish_date, info, depth, truncated,
                    anchors, external
             FROM pages WHERE run_id = ?1 ORDER BY depth, url",
        )
        .bind(run_id)
        .fetch(&self.pool);
        let mut pages = Vec::new();
        // The breadcrumb trails of a column's pages are one trail: held once.
        let mut texts = Interner::default();
        while let Some(r) = rows.try_next().await? {
            // Parsed once, straight into the analysis; its list items are read from `info`.
            // A large site's pages are held at once, so nothing is kept twice: the headline
            // is the record's `title`, and only the homepage's footer is kept (in `footer`).
            let mut info: PageInfo =
                r.get::<Option<&str>, _>(9).and_then(|i| serde_json::from_str(i).ok()).unwrap_or_default();
            let is_home: bool = r.get(5);
            let footer = std::mem::take(&mut info.footer);
            info.title = String::new();
            for c in &mut info.breadcrumb {
                texts.intern(&mut c.name);
                if let Some(u) = c.url.as_mut() {
                    texts.intern(u);
                }
            }
            // Without redirects the final URL is the URL: one allocation for both.
            let url = Text::from(r.get::<&str, _>(0));
            let final_url = match r.get::<&str, _>(1) {
                f if f == url.as_str() => url.clone(),
                f => f.into(),
            };
            pages.push(PageRecord {
                url,
                final_url,
                status: r.get::<i64, _>(2) as u16,
                error: r.get(3),
                is_html: r.get(4),
                is_home,
                kind: r.get::<Option<String>, _>(6).as_deref().and_then(PageKind::parse),
                title: r.get(7),
                publish_date: r.get::<Option<String>, _>(8).and_then(|d| d.parse().ok()),
                items: Vec::new(),
                footer: if is_home { footer } else { None },
                depth: r.get::<i64, _>(10) as u32,
                truncated: r.get(11),
                anchors: serde_json::from_str(r.get::<&str, _>(12)).unwrap_or_default(),
                external: r.get(13),
                info,
            });
        }
        // The stream holds the pool's connection until dropped; the next query needs it.
        drop(rows);
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
        mut f: impl FnMut(&str, &[LinkView<'_>]),
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
                crate::links::with_views(r.get::<&str, _>(1), |links| f(source, links));
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
        // Multi-row upserts: a run with tens of thousands of findings is a few hundred
        // statements, not twice as many as findings.
        const CHUNK: usize = 500;
        let (mut new, mut persisting) = (Vec::new(), 0);
        for (c, chunk) in findings.chunks(CHUNK).enumerate() {
            let keys: Vec<String> = chunk.iter().map(Finding::key).collect();
            let mut q = QueryBuilder::<Sqlite>::new(
                "INSERT INTO findings (site_id, key, kind, subtype, severity, url, source, evidence, message,
                    first_seen_run, last_seen_run, status) ",
            );
            q.push_values(chunk.iter().zip(&keys), |mut b, (f, key)| {
                b.push_bind(site_id)
                    .push_bind(key.as_str())
                    .push_bind(f.kind.as_str())
                    .push_bind(f.subtype.as_deref())
                    .push_bind(f.severity.as_str())
                    .push_bind(f.url.as_str())
                    .push_bind(f.source.as_deref())
                    .push_bind(f.evidence.as_str())
                    .push_bind(f.message.as_str())
                    .push_bind(run_id)
                    .push_bind(run_id)
                    .push_bind("open");
            });
            q.push(
                " ON CONFLICT(site_id, key) DO UPDATE SET severity = excluded.severity, evidence = excluded.evidence,
                    message = excluded.message, last_seen_run = excluded.last_seen_run,
                    status = CASE WHEN findings.status = 'ignored' THEN 'ignored' ELSE 'open' END
                 RETURNING id, first_seen_run, key",
            );
            let rows = q.build().fetch_all(&mut *tx).await?;
            let mut first_seen: std::collections::HashMap<&str, i64> =
                rows.iter().map(|r| (r.get::<&str, _>(2), r.get::<i64, _>(1))).collect();
            // In the order of `findings`, each key once.
            for (i, key) in keys.iter().enumerate() {
                match first_seen.remove(key.as_str()) {
                    Some(first) if first == run_id => new.push(c * CHUNK + i),
                    Some(_) => persisting += 1,
                    None => {}
                }
            }
            let ids: Vec<i64> = rows.iter().map(|r| r.get(0)).collect();
            let mut q = QueryBuilder::<Sqlite>::new("INSERT OR IGNORE INTO run_findings (run_id, finding_id) ");
            q.push_values(ids, |mut b, id| {
                b.push_bind(run_id).push_bind(id);
            });
            q.build().execute(&mut *tx).await?;
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
            f.subtype = r.get::<Option<&str>, _>(1).map(Into::into);
            f.source = r.get::<Option<&str>, _>(4).map(Into::into);
            f.evidence = r.get::<&str, _>(5).into();
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

async fn enqueue(tx: &mut Transaction<'_, Sqlite>, run_id: i64, rows: &[&FrontierRow]) -> Result<(), StoreError> {
    for chunk in rows.chunks(1000) {
        let mut q = QueryBuilder::<Sqlite>::new("INSERT OR IGNORE INTO frontier (run_id, url, depth, kind, done) ");
        q.push_values(chunk, |mut b, f| {
            b.push_bind(run_id).push_bind(&f.url).push_bind(f.depth as i64).push_bind(&f.kind).push_bind(0i64);
        });
        q.build().execute(&mut **tx).await?;
    }
    Ok(())
}

async fn insert_links(
    tx: &mut Transaction<'_, Sqlite>,
    run_id: i64,
    sets: &[(&str, &[LinkRow])],
) -> Result<(), StoreError> {
    for chunk in sets.chunks(500) {
        let mut q = QueryBuilder::<Sqlite>::new("INSERT OR REPLACE INTO page_links (run_id, source, count, data) ");
        q.push_values(chunk, |mut b, (source, links)| {
            b.push_bind(run_id).push_bind(*source).push_bind(links.len() as i64).push_bind(crate::links::encode(links));
        });
        q.build().execute(&mut **tx).await?;
    }
    let mut external: Vec<(&str, bool)> = sets
        .iter()
        .flat_map(|(_, links)| links.iter())
        .filter(|l| !l.internal && l.invalid.is_none())
        .map(|l| (l.target.as_str(), l.tag == "a"))
        .collect();
    external.sort_unstable();
    external.dedup_by(|later, kept| {
        let same = later.0 == kept.0;
        kept.1 |= same && later.1;
        same
    });
    for chunk in external.chunks(1000) {
        let mut q = QueryBuilder::<Sqlite>::new("INSERT INTO external_targets (run_id, url, anchor) ");
        q.push_values(chunk, |mut b, (url, anchor)| {
            b.push_bind(run_id).push_bind(*url).push_bind(*anchor);
        });
        q.push(" ON CONFLICT (run_id, url) DO UPDATE SET anchor = MAX(anchor, excluded.anchor)");
        q.build().execute(&mut **tx).await?;
    }
    Ok(())
}

async fn insert_pages(tx: &mut Transaction<'_, Sqlite>, run_id: i64, pages: &[&PageRow]) -> Result<(), StoreError> {
    // 28 variables a row: 300 rows stay far below SQLite's limit of 32,766.
    for chunk in pages.chunks(300) {
        let mut q = QueryBuilder::<Sqlite>::new(
            "INSERT OR REPLACE INTO pages (run_id, url, final_url, status, error, content_type, is_html, is_home, depth,
                encoding, encoding_source, bytes, truncated, elapsed_ms, requests, redirects, headers, hash, title, kind,
                publish_date, info, text, findings, fetched_at, anchors, external, fingerprint) ",
        );
        q.push_values(chunk, |mut b, p| {
            b.push_bind(run_id)
                .push_bind(&p.url)
                .push_bind(&p.final_url)
                .push_bind(p.status as i64)
                .push_bind(&p.error)
                .push_bind(&p.content_type)
                .push_bind(p.is_html)
                .push_bind(p.is_home)
                .push_bind(p.depth as i64)
                .push_bind(&p.encoding)
                .push_bind(&p.encoding_source)
                .push_bind(p.bytes as i64)
                .push_bind(p.truncated)
                .push_bind(p.elapsed_ms as i64)
                .push_bind(p.requests as i64)
                .push_bind(&p.redirects)
                .push_bind(&p.headers)
                .push_bind(&p.hash)
                .push_bind(&p.title)
                .push_bind(&p.kind)
                .push_bind(&p.publish_date)
                .push_bind(&p.info)
                .push_bind(&p.text)
                .push_bind(&p.findings)
                .push_bind(&p.fetched_at)
                .push_bind(&p.anchors)
                .push_bind(p.external)
                .push_bind(&p.fingerprint);
        });
        q.build().execute(&mut **tx).await?;
    }
    Ok(())
}
