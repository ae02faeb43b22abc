//! Checking the links and embedded resources that point to other hosts (the crawl only
//! follows the site's own). Each unique target is checked once per run — working ones are
//! reused from earlier runs while fresh — through the same polite fetcher as the crawl.
//! [`Live`] checks targets as the crawl finds them, so the wait before re-checking a
//! suspected failure mostly passes while the crawl is still running; [`run`] checks what is
//! left after the crawl (targets found before an interruption). Outcomes are stored as page
//! rows marked `external`, so the link checks read internal and external targets alike.

use crate::AppError;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc;
use tokio::task::JoinSet;
use url::Url;
use xunjian_core::decode;
use xunjian_core::html::Document;
use xunjian_crawler::check::{self, Target};
use xunjian_crawler::{Fetched, Fetcher};
use xunjian_store::{CheckRow, PageRow, Store, Write};

/// How external links are checked.
#[derive(Debug, Clone)]
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
    let cached = cached(store, policy).await?;
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
    save(store, run_id, rows).await
}

/// Working results of earlier runs still fresh, by URL.
async fn cached(store: &Store, policy: &Policy) -> Result<HashMap<String, CheckRow>, AppError> {
    let since = chrono::Utc::now() - chrono::Duration::from_std(policy.cache_for).unwrap_or_default();
    Ok(store
        .cached_checks(&since.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
        .await?
        .into_iter()
        .filter(|c| c.status < 400 && c.error.is_none())
        .map(|c| (c.url.clone(), c))
        .collect())
}

/// Stores the outcomes of checks: as page rows of the run, and (robots refusals aside) in the
/// cache shared by later runs.
async fn save(store: &Store, run_id: i64, rows: Vec<PageRow>) -> Result<(), AppError> {
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

/// External targets checked while the crawl runs: the crawl's writer sends each target
/// (URL, linked by an `<a>`) as it stores the page; [`Live::finish`] waits for the checks,
/// re-checks the suspected failures once `recheck_after` has passed since the last of them
/// failed, and stores every outcome.
pub struct Live {
    tx: mpsc::UnboundedSender<(String, bool)>,
    task: tokio::task::JoinHandle<Result<(), AppError>>,
}

impl Live {
    /// Starts checking.
    pub fn start(store: Store, run_id: i64, fetcher: Arc<Fetcher>, policy: Policy) -> Live {
        let (tx, rx) = mpsc::unbounded_channel();
        let task = tokio::spawn(live(store, run_id, fetcher, policy, rx));
        Live { tx, task }
    }

    /// Where to send targets.
    pub fn sender(&self) -> mpsc::UnboundedSender<(String, bool)> {
        self.tx.clone()
    }

    /// Waits for every check (and re-check) and stores the outcomes.
    pub async fn finish(self) -> Result<(), AppError> {
        drop(self.tx);
        self.task.await.map_err(|e| AppError::Other(format!("link checker failed: {e}")))?
    }
}

async fn live(
    store: Store,
    run_id: i64,
    fetcher: Arc<Fetcher>,
    policy: Policy,
    mut rx: mpsc::UnboundedReceiver<(String, bool)>,
) -> Result<(), AppError> {
    let cached = cached(&store, &policy).await?;
    let global = fetcher.settings().global.max(1);
    let mut seen: HashSet<String> = HashSet::new();
    let mut tasks: JoinSet<(Target, Fetched)> = JoinSet::new();
    let (mut rows, mut retry, mut last_failure) = (Vec::new(), Vec::new(), None);
    let mut open = true;
    while open || !tasks.is_empty() {
        tokio::select! {
            msg = rx.recv(), if open && tasks.len() < global => match msg {
                Some((url, _)) if seen.contains(&url) => {}
                Some((url, anchor)) => {
                    if let Some(c) = cached.get(&url) {
                        rows.push(cached_row(c));
                    } else if let Ok(u) = Url::parse(&url) {
                        let fetcher = fetcher.clone();
                        let t = Target { url: u, want_title: anchor };
                        tasks.spawn(async move {
                            let f = check::check_one(&fetcher, &t).await;
                            (t, f)
                        });
                    }
                    seen.insert(url);
                }
                None => open = false,
            },
            Some(done) = tasks.join_next(), if !tasks.is_empty() => match done {
                Ok((t, f)) if check::suspected(&f) => {
                    retry.push(t);
                    last_failure = Some(tokio::time::Instant::now());
                }
                Ok((_, f)) => rows.push(row(&f)),
                Err(e) => tracing::error!("link check task failed: {e}"),
            },
        }
    }
    if let Some(at) = last_failure {
        tokio::time::sleep_until(at + policy.recheck_after).await;
        rows.extend(check::run(&fetcher, retry, global).await.iter().map(|(_, f)| row(f)));
    }
    save(&store, run_id, rows).await
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
