//! `xunjian baseline accept URL|--all [--site URL]`: approves pages' state in the latest
//! finished inspection as their tamper baseline (after a legitimate redesign or edit), so
//! the next inspection compares with it and no longer reports `page_changed`.

use crate::cli::BaselineAction;
use crate::commands::{default_db, parse_site_url};
use crate::{AppError, Exit};
use xunjian_core::urlnorm;
use xunjian_store::Store;

/// Runs the command.
pub async fn run(action: BaselineAction, db: Option<String>) -> Result<Exit, AppError> {
    let BaselineAction::Accept { url, all, site, by } = action;
    let page = url.as_deref().map(|u| parse_site_url(u).map(urlnorm::normalize)).transpose()?;
    let site = site.as_deref().map(|u| parse_site_url(u).map(urlnorm::normalize)).transpose()?;
    if page.is_none() && !all {
        return Err(AppError::input("give a page URL or --all"));
    }
    let store = Store::open(&db.unwrap_or_else(default_db)).await?;
    let result = accept(&store, page.as_ref(), site.as_ref(), &by).await;
    store.close().await;
    let (pages, runs) = result?;
    println!("已将 {pages} 个网页的防篡改基线更新为最近一次巡检的状态 / {pages} baselines accepted (runs {runs})");
    Ok(Exit::Ok)
}

async fn accept(
    store: &Store,
    page: Option<&url::Url>,
    site: Option<&url::Url>,
    by: &str,
) -> Result<(u64, String), AppError> {
    let sites = store.site_rows().await?;
    let chosen: Vec<(i64, String)> = match (site, page) {
        (Some(s), _) => {
            let found = sites.iter().find(|(_, u, _)| u == s.as_str());
            let (id, u, _) =
                found.ok_or_else(|| AppError::input(format!("no inspection of site {s} in the database")))?;
            vec![(*id, u.clone())]
        }
        (None, Some(p)) => {
            // The site whose start URL shares the page's host and port, longest prefix first.
            let key = urlnorm::host_key(p);
            let mut matching: Vec<&(i64, String, String)> = sites
                .iter()
                .filter(|(_, u, _)| url::Url::parse(u).is_ok_and(|u| urlnorm::host_key(&u) == key))
                .collect();
            matching.sort_by_key(|(_, u, _)| {
                std::cmp::Reverse(if p.as_str().starts_with(u.as_str()) { u.len() } else { 0 })
            });
            let (id, u, _) = matching.first().ok_or_else(|| AppError::input(format!("no inspected site holds {p}")))?;
            vec![(*id, u.clone())]
        }
        (None, None) => sites.iter().map(|(id, u, _)| (*id, u.clone())).collect(),
    };
    let mut total = 0;
    let mut runs = Vec::new();
    for (site_id, site_url) in chosen {
        let Some(run_id) = store.latest_finished_run(site_id).await? else {
            if page.is_some() {
                return Err(AppError::input(format!("site {site_url} has no finished inspection")));
            }
            continue;
        };
        let mut rows = store.fingerprints(run_id).await?;
        if let Some(p) = page {
            rows.retain(|(u, _)| u == p.as_str());
            if rows.is_empty() {
                return Err(AppError::input(format!(
                    "{p} was not read by the latest inspection of {site_url} (run {run_id})"
                )));
            }
        }
        total += store.accept_baselines(site_id, run_id, &rows, by).await?;
        runs.push(run_id.to_string());
    }
    Ok((total, runs.join(",")))
}
