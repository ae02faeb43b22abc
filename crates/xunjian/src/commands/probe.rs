//! `xunjian probe URL`: availability probes of a homepage (V2). Each probe is one GET of the
//! homepage, redirects followed, no retry, failed when it has not opened within the timeout
//! (15 s by default, the national threshold) or answered 4xx/5xx. Every probe is stored; the
//! 7-day rule (≥ 20 probes a day, failures ≥ 5 % a veto) is judged over what is stored. The
//! scheduler of `xunjian serve` will call the same probe all day.

use crate::commands::{default_db, parse_as_of, parse_site_url};
use crate::{AppError, Exit};
use std::sync::Arc;
use std::time::Duration;
use xunjian_core::availability;
use xunjian_crawler::{FetchKind, Fetcher, Settings};
use xunjian_store::{ProbeRow, Store};

/// Runs the command.
pub async fn run(
    url: &str,
    count: u32,
    interval: f64,
    timeout: f64,
    db: Option<String>,
    as_of: Option<&str>,
) -> Result<Exit, AppError> {
    let url = xunjian_core::urlnorm::normalize(parse_site_url(url)?);
    let as_of = parse_as_of(as_of)?.unwrap_or_else(|| chrono::Local::now().date_naive());
    if count == 0 || !(interval.is_finite() && interval >= 0.0) || !(timeout.is_finite() && timeout > 0.0) {
        return Err(AppError::input("--count must be at least 1, --interval ≥ 0 and --timeout > 0 seconds"));
    }
    let store = Store::open(&db.unwrap_or_else(default_db)).await?;
    let site_id = store.site(url.as_str(), "").await?;
    let settings = Settings {
        timeout: Duration::from_secs_f64(timeout),
        connect_timeout: Duration::from_secs_f64(timeout.min(10.0)),
        max_retries: 0,
        per_host: 1,
        ..Settings::default()
    };
    let fetcher = Arc::new(Fetcher::new(settings).map_err(|e| AppError::Other(e.to_string()))?);
    let (mut ok_n, mut n) = (0, 0);
    for i in 0..count {
        if i > 0 {
            tokio::time::sleep(Duration::from_secs_f64(interval)).await;
        }
        let at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        let f = fetcher.fetch(&url, FetchKind::Page).await;
        let ok = f.error.is_none() && (200..400).contains(&f.status);
        let row = ProbeRow {
            url: url.to_string(),
            at: at.clone(),
            ok,
            status: f.status,
            error: f.error.clone(),
            ttfb_ms: f.ttfb.map(|d| d.as_millis() as u64),
            total_ms: f.elapsed.as_millis() as u64,
        };
        store.add_probe(site_id, &row).await?;
        n += 1;
        if ok {
            ok_n += 1;
        }
        println!(
            "#{:<3} {}  {}  {:>5} ms  {}",
            i + 1,
            at,
            if ok { "正常 ok  " } else { "失败 fail" },
            row.total_ms,
            f.error.clone().unwrap_or_else(|| format!("HTTP {}", f.status))
        );
    }
    println!("本次可用率 Availability {:.1}% ({ok_n}/{n})", 100.0 * ok_n as f64 / n as f64);
    let a = availability::judge(&store.probes(site_id).await?, as_of);
    if a.measured {
        println!(
            "近7天 7 days to {as_of}: {} 次探测 probes, 失败 {} ({:.2}%) — {}",
            a.probes,
            a.failures,
            a.share() * 100.0,
            if a.share() >= availability::VETO_SHARE {
                "达到单项否决 veto"
            } else {
                "未达否决线 below the veto line"
            }
        );
    } else {
        println!(
            "近7天 7 days to {as_of}: 未测 not measured — {} 天探测不足 {} 次 (days with fewer than {} probes)",
            a.short_days.len(),
            availability::MIN_PER_DAY,
            availability::MIN_PER_DAY
        );
    }
    store.close().await;
    Ok(Exit::Ok)
}
