//! One function per command. Each validates its input first (bad input → [`AppError::Input`]
//! before anything is stored), then does the work, then prints.

use crate::cli::{Command, InspectArgs};
use crate::config::{Config, SiteConfig};
use crate::inspect::{self, RunOptions};
use crate::reports::{self, Outputs};
use crate::{AppError, Exit};
use chrono::NaiveDate;
use std::path::PathBuf;
use std::sync::Arc;
use xunjian_core::Severity;
use xunjian_store::Store;

mod baseline;
mod demo;
mod links;
mod page;
mod probe;
mod review;

/// Runs a command.
pub async fn run(command: Command) -> Result<Exit, AppError> {
    match command {
        Command::Inspect { url, opts } => inspect_cmd(url, opts).await,
        Command::Page { target, json, as_of, config } => page::run(&target, json, as_of.as_deref(), config).await,
        Command::Demo { once, opts } => demo::run(once, opts).await,
        Command::Links { action, db } => links::run(action, db).await,
        Command::Baseline { action, db } => baseline::run(action, db).await,
        Command::Review { file, json, config, format, reviewer, decision, note, list, db } => {
            review::run(review::Args { file, json, config, format, reviewer, decision, note, list, db }).await
        }
        Command::Probe { url, count, interval, timeout, db, as_of } => {
            probe::run(&url, count, interval, timeout, db, as_of.as_deref()).await
        }
        // Handled by `main` before the runtime starts; reaching it here is a caller's mistake.
        Command::ExtractText { .. } => {
            Err(AppError::Other(format!("{} is xunjian's own", crate::extract::CHILD_COMMAND)))
        }
    }
}

/// Parses `--as-of`.
pub fn parse_as_of(s: Option<&str>) -> Result<Option<NaiveDate>, AppError> {
    s.map(|s| {
        NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
            .map_err(|_| AppError::input(format!("--as-of `{s}` is not a date (YYYY-MM-DD)")))
    })
    .transpose()
}

/// Parses `--fail-on`.
fn parse_fail_on(s: Option<&str>) -> Result<Option<Severity>, AppError> {
    match s {
        None => Ok(None),
        Some(v @ ("veto" | "high" | "medium")) => Ok(v.parse().ok()),
        Some(other) => Err(AppError::input(format!("--fail-on `{other}`: expected veto, high or medium"))),
    }
}

/// The default database: `xunjian.db` in the user's data directory.
pub fn default_db() -> String {
    dirs::data_dir()
        .map(|d| d.join("xunjian").join("xunjian.db"))
        .unwrap_or_else(|| PathBuf::from("xunjian.db"))
        .to_string_lossy()
        .into_owned()
}

/// The host and port a site URL names (sites sharing one are never inspected at once).
fn host_of(url: &str) -> String {
    url::Url::parse(url).map(|u| xunjian_core::urlnorm::host_key(&u)).unwrap_or_else(|_| url.to_string())
}

/// Validates a site URL given on the command line.
pub fn parse_site_url(s: &str) -> Result<url::Url, AppError> {
    let u = url::Url::parse(s.trim()).map_err(|e| AppError::input(format!("`{s}` is not a valid URL: {e}")))?;
    if !matches!(u.scheme(), "http" | "https") || u.host_str().is_none_or(str::is_empty) {
        return Err(AppError::input(format!("`{s}` is not an http(s) URL")));
    }
    Ok(u)
}

/// Everything an inspecting command validated from its options.
pub struct Prepared {
    /// The sites.
    pub sites: Vec<SiteConfig>,
    /// Run options.
    pub run: RunOptions,
    /// Report files.
    pub outputs: Outputs,
    /// `--fail-on`.
    pub fail_on: Option<Severity>,
    /// `--sites-at-once`.
    pub sites_at_once: usize,
}

/// Validates the options of an inspecting command (no side effects).
pub fn prepare(url: Option<&str>, opts: &InspectArgs, config_text: Option<&str>) -> Result<Prepared, AppError> {
    let config = match (config_text, &opts.config) {
        (Some(text), _) => Some(Config::parse(text).map_err(AppError::Input)?),
        (None, Some(path)) => Some(Config::load(path).map_err(AppError::Input)?),
        (None, None) => None,
    };
    let sites = match (url, config) {
        (Some(u), config) => {
            let parsed = parse_site_url(u)?;
            let from_config = config.and_then(|c| {
                c.sites.into_iter().find(|s| url::Url::parse(&s.url).is_ok_and(|su| su.host_str() == parsed.host_str()))
            });
            let mut site = from_config.unwrap_or_default();
            site.url = parsed.to_string();
            vec![site]
        }
        (None, Some(c)) if !c.sites.is_empty() => c.sites,
        _ => {
            return Err(AppError::input("give a site URL or a --config with at least one [[site]]"));
        }
    };
    let outputs =
        Outputs { json: opts.json.clone(), html: opts.html.clone(), xlsx: opts.xlsx.clone(), csv: opts.csv.clone() };
    outputs.check_writable().map_err(AppError::Input)?;
    if opts.max_pages == Some(0) {
        return Err(AppError::input("--max-pages must be at least 1"));
    }
    if opts.concurrency == Some(0) {
        return Err(AppError::input("--concurrency must be at least 1"));
    }
    if opts.sites_at_once == Some(0) {
        return Err(AppError::input("--sites-at-once must be at least 1"));
    }
    Ok(Prepared {
        sites,
        run: RunOptions {
            as_of: parse_as_of(opts.as_of.as_deref())?,
            max_pages: opts.max_pages,
            concurrency: opts.concurrency,
            fresh: opts.fresh,
            progress: !opts.quiet,
        },
        outputs,
        fail_on: parse_fail_on(opts.fail_on.as_deref())?,
        sites_at_once: opts.sites_at_once.unwrap_or(SITES_AT_ONCE),
    })
}

async fn inspect_cmd(url: Option<String>, opts: InspectArgs) -> Result<Exit, AppError> {
    let prepared = prepare(url.as_deref(), &opts, None)?;
    let store = Store::open(&opts.db.clone().unwrap_or_else(default_db)).await?;
    let exit = inspect_all(&store, &prepared).await;
    store.close().await;
    exit
}

/// How many sites of a `--config` are inspected at once unless `--sites-at-once` says. Politeness
/// is per host and a host is never inspected twice at once, so this only spreads the CPU work
/// and the waits (link re-checks, slow servers) of different sites over each other.
const SITES_AT_ONCE: usize = 8;

/// Inspects every prepared site (several at once, never two of the same host), prints
/// summaries in the configured order (and a league table for several sites), writes the
/// reports, and applies `--fail-on`. Each report is dropped once written: only its line of
/// the league table is kept.
pub async fn inspect_all(store: &Store, p: &Prepared) -> Result<Exit, AppError> {
    use futures_util::StreamExt;
    let (mut league, mut failed) = (Vec::new(), false);
    let many = p.sites.len() > 1;
    // One progress bar at a time: several sites at once run quietly.
    let run = RunOptions { progress: p.run.progress && !many, ..p.run.clone() };
    let hosts: std::collections::HashMap<String, Arc<tokio::sync::Mutex<()>>> =
        p.sites.iter().map(|s| (host_of(&s.url), Arc::new(tokio::sync::Mutex::new(())))).collect();
    let run = &run;
    let hosts = &hosts;
    let mut results = futures_util::stream::iter(p.sites.iter())
        .map(|site| async move {
            let _host = hosts[&host_of(&site.url)].lock().await;
            inspect::inspect(store, site, run).await
        })
        .buffered(p.sites_at_once);
    let mut i = 0;
    loop {
        let outcome = tokio::select! {
            r = results.next() => match r {
                Some(r) => r?,
                None => break,
            },
            _ = tokio::signal::ctrl_c() => {
                eprintln!("xunjian: 已中断 interrupted — 已抓取的内容已保存，再次运行同一命令将继续 (what was fetched is stored; run the same command again to resume)");
                return Ok(Exit::Interrupted);
            }
        };
        i += 1;
        if outcome.resumed {
            eprintln!("xunjian: 继续了未完成的巡检 resumed interrupted run {}", outcome.run_id);
        }
        print!("{}", reports::summary(&outcome.report, outcome.diff));
        let written = p.outputs.write(&outcome.report, many.then_some(i)).map_err(AppError::Input)?;
        for w in written {
            println!("报告 Report     {}", w.display());
        }
        println!();
        failed |= p.fail_on.is_some_and(|level| outcome.report.findings.iter().any(|f| f.severity >= level));
        league.push(reports::LeagueRow::of(&outcome.report));
    }
    if many {
        print!("{}", reports::league_table(&league));
    }
    Ok(if failed { Exit::Findings } else { Exit::Ok })
}
