//! The second phase of an inspection: checking the links and embedded resources that point
//! to other hosts (the crawl only follows the site's own). Each unique target is checked
//! once per run — working ones are reused from earlier runs while fresh — through the same
//! polite fetcher as the crawl. Outcomes are stored as page rows marked `external`, so the
//! link checks read internal and external targets alike, and a killed run resumes here too.

use crate::AppError;
use std::sync::Arc;
use std::time::Duration;
use url::Url;
use xunjian_core::decode;
use xunjian_core::html::Document;
use xunjian_crawler::check::{self, Target};
use xunjian_crawler::{Fetched, Fetcher};
use xunjian_store::{CheckRow, PageRow, Store, Write};

/// How external links are checked.
pub struct Policy {
    /// Wait before checking suspected failures again.
    pub recheck_after: Duration,
    /// Reuse working results younger than this.
    pub cache_for: Duration,
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Checks every external target of the run not checked yet.
pub async fn run(store: &Store, run_id: i64, fetcher: Arc<Fetcher>, policy: &Policy) -> Result<(), AppError> {
    let targets = store.unchecked_external(run_id).await?;
    if targets.is_empty() {
        return Ok(());
    }
    let since = chrono::Utc::now() - chrono::Duration::from_std(policy.cache_for).unwrap_or_default();
    let cached: std::collections::HashMap<String, CheckRow> = store
        .cached_checks(&since.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
        .await?
        .into_iter()
        .filter(|c| c.status < 400 && c.error.is_none())
        .map(|c| (c.url.clone(), c))
        .collect();
    let mut writes = Vec::new();
    let mut todo = Vec::new();
    for (url, anchor) in targets {
        if let Some(c) = cached.get(&url) {
            writes.push(Write::Page { page: Box::new(cached_row(c)), links: Vec::new(), enqueued: Vec::new() });
        } else if let Ok(u) = Url::parse(&url) {
            todo.push(Target { url: u, want_title: anchor });
        }
    }
    store.write(run_id, &writes).await?;
    let mut rows = Vec::new();
    check::check_all(fetcher, todo, policy.recheck_after, |f| rows.push(row(&f))).await;
    let checks: Vec<CheckRow> = rows
        .iter()
        .filter(|r| r.error.as_deref() != Some("robots"))
        .map(|r| CheckRow {
            url: r.url.clone(),
            status: r.status,
            error: r.error.clone(),
            title: r.title.clone(),
            checked_at: r.fetched_at.clone(),
        })
        .collect();
    let writes: Vec<Write> =
        rows.into_iter().map(|r| Write::Page { page: Box::new(r), links: Vec::new(), enqueued: Vec::new() }).collect();
    store.write(run_id, &writes).await?;
    store.save_checks(&checks).await?;
    Ok(())
}

fn cached_row(c: &CheckRow) -> PageRow {
    PageRow {
        url: c.url.clone(),
        final_url: c.url.clone(),
        status: c.status,
        error: c.error.clone(),
        external: true,
        title: c.title.clone(),
        redirects: "[]".into(),
        headers: "[]".into(),
        findings: "[]".into(),
        anchors: "[]".into(),
        fetched_at: c.checked_at.clone(),
        ..PageRow::default()
    }
}

/// The stored row of one external check (the title read from the first bytes of a page).
fn row(f: &Fetched) -> PageRow {
    let title = if f.body.is_empty() {
        String::new()
    } else {
        let d = decode::decode(&f.body, f.content_type.as_deref());
        Document::parse(&d.text, &f.final_url).title()
    };
    PageRow {
        url: f.url.to_string(),
        final_url: f.final_url.to_string(),
        status: f.status,
        error: f.error.clone(),
        content_type: f.content_type.clone(),
        external: true,
        bytes: f.body.len() as u64,
        elapsed_ms: f.elapsed.as_millis() as u64,
        requests: f.requests,
        redirects: serde_json::to_string(&f.redirects).unwrap_or_else(|_| "[]".into()),
        headers: serde_json::to_string(&f.headers).unwrap_or_else(|_| "[]".into()),
        title: xunjian_core::finding::cap_chars(&title, 200),
        findings: "[]".into(),
        anchors: "[]".into(),
        fetched_at: now(),
        ..PageRow::default()
    }
}
