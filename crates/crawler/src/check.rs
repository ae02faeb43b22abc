//! Checking links that the crawl does not follow (links and embedded resources on other
//! hosts): each unique URL once, through the same per-host pool and robots.txt as the
//! crawl. Confirmed failures (4xx) are final at once; suspected ones (timeouts, 5xx, DNS and
//! connection errors) are checked once more after a delay before they count, as GOV.UK and
//! the Chinese monitoring platforms do.

use crate::fetch::{FetchKind, Fetched, Fetcher};
use std::sync::Arc;
use std::time::Duration;
use tokio::task::JoinSet;
use url::Url;

/// One URL to check.
#[derive(Debug, Clone)]
pub struct Target {
    /// The URL.
    pub url: Url,
    /// Whether its title matters (a page a visitor navigates to).
    pub want_title: bool,
}

/// Whether an outcome is only suspected broken (worth a second look later).
pub fn suspected(f: &Fetched) -> bool {
    f.status >= 500 || f.status == 429 || matches!(f.error.as_deref(), Some("timeout" | "connect" | "dns"))
}

/// Checks every target; `on_result` receives each final outcome (in completion order).
/// Robots-disallowed targets come back with `error = Some("robots")` and no request made.
pub async fn check_all(
    fetcher: Arc<Fetcher>,
    targets: Vec<Target>,
    recheck_after: Duration,
    mut on_result: impl FnMut(Fetched),
) {
    let global = fetcher.settings().global.max(1);
    let mut retry = Vec::new();
    for (t, f) in run(&fetcher, targets, global).await {
        if suspected(&f) { retry.push(t) } else { on_result(f) }
    }
    if retry.is_empty() {
        return;
    }
    tokio::time::sleep(recheck_after).await;
    for (_, f) in run(&fetcher, retry, global).await {
        on_result(f);
    }
}

/// Checks one target (robots.txt first: a disallowed one comes back with
/// `error = Some("robots")` and no request made).
pub async fn check_one(fetcher: &Arc<Fetcher>, t: &Target) -> Fetched {
    if !fetcher.allowed(&t.url).await {
        let mut f = Fetched::failed(&t.url, "robots");
        f.requests = 0;
        return f;
    }
    let kind = if t.want_title { FetchKind::Title } else { FetchKind::Check };
    fetcher.fetch(&t.url, kind).await
}

/// Checks every target once, at most `global` at a time; outcomes in completion order.
pub async fn run(fetcher: &Arc<Fetcher>, targets: Vec<Target>, global: usize) -> Vec<(Target, Fetched)> {
    let mut out = Vec::with_capacity(targets.len());
    let mut tasks = JoinSet::new();
    let mut pending = targets.into_iter();
    loop {
        while tasks.len() < global {
            let Some(t) = pending.next() else { break };
            let fetcher = fetcher.clone();
            tasks.spawn(async move {
                let f = check_one(&fetcher, &t).await;
                (t, f)
            });
        }
        match tasks.join_next().await {
            None => break,
            Some(Ok(r)) => out.push(r),
            Some(Err(e)) => tracing::error!("link check task failed: {e}"),
        }
    }
    out
}
