//! One inspection of a site, end to end: open or resume the run in the store, crawl (every
//! outcome stored as it arrives, by a writer task in batches), then run the site checks over
//! what was stored, score, record the findings against the site's history, and build the
//! report. A run killed at any moment resumes from its stored frontier the next time the
//! same site is inspected.

use crate::AppError;
use crate::config::SiteConfig;
use crate::pipeline::PageHandler;
use crate::progress::Progress;
use chrono::NaiveDate;
use std::sync::Arc;
use std::time::Duration;
use url::Url;
use xunjian_core::Findings;
use xunjian_core::approval::{Approval, Register};
use xunjian_core::checks::linkset::LinkSink;
use xunjian_core::checks::page::PageContext;
use xunjian_core::checks::{self, SiteData};
use xunjian_core::report::{self, Report, SiteRef, Stats};
use xunjian_core::scan::{Entry, Lexicon};
use xunjian_core::scoring::{self, Facts, Profile};
use xunjian_core::urlnorm::{self, Scope};
use xunjian_crawler::frontier::{Frontier, QueueItem};
use xunjian_crawler::{Crawler, Event, FetchKind, Fetcher, Settings};
use xunjian_store::{FrontierRow, SkipRow, Store, Write};

/// Options of an inspection that come from the command line.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    /// The date the rules are judged against.
    pub as_of: Option<NaiveDate>,
    /// `--max-pages`.
    pub max_pages: Option<usize>,
    /// `--concurrency` (per host).
    pub concurrency: Option<usize>,
    /// Start a new run even if an interrupted one exists.
    pub fresh: bool,
    /// Show a progress bar (on a terminal).
    pub progress: bool,
}

/// The result of inspecting one site.
pub struct Outcome {
    /// The report.
    pub report: Report,
    /// The run id.
    pub run_id: i64,
    /// Whether an interrupted run was resumed.
    pub resumed: bool,
    /// Findings new in this run, seen before, and fixed since the last run.
    pub diff: (usize, usize, usize),
}

/// The crawl settings of a site: config, then command line, then defaults.
pub fn settings(site: &SiteConfig, opts: &RunOptions) -> Settings {
    let d = Settings::default();
    let secs = |s: Option<f64>, dflt: Duration| s.filter(|s| *s > 0.0).map(Duration::from_secs_f64).unwrap_or(dflt);
    Settings {
        user_agent: site
            .user_agent
            .clone()
            .unwrap_or_else(|| xunjian_crawler::settings::user_agent(site.contact.as_deref())),
        per_host: opts.concurrency.or(site.concurrency).unwrap_or(d.per_host).max(1),
        delay: site.delay_ms.map(Duration::from_millis).unwrap_or(d.delay),
        obey_robots: site.obey_robots.unwrap_or(true),
        connect_timeout: secs(site.connect_timeout_secs, d.connect_timeout),
        timeout: secs(site.timeout_secs, d.timeout),
        body_cap: site.body_cap_bytes.unwrap_or(d.body_cap).max(1024),
        retry_base: site.retry_base_ms.map(Duration::from_millis).unwrap_or(d.retry_base),
        max_pages: opts.max_pages.or(site.max_pages).unwrap_or(d.max_pages),
        max_depth: site.max_depth.unwrap_or(d.max_depth),
        ..d
    }
}

fn kind_name(k: FetchKind) -> &'static str {
    match k {
        FetchKind::Page => "page",
        FetchKind::Attachment => "attachment",
        FetchKind::Resource | FetchKind::Check | FetchKind::Title => "resource",
    }
}

fn kind_of(s: &str) -> FetchKind {
    match s {
        "attachment" => FetchKind::Attachment,
        "resource" => FetchKind::Resource,
        _ => FetchKind::Page,
    }
}

fn frontier_row(q: &QueueItem) -> FrontierRow {
    FrontierRow { url: q.url.to_string(), depth: q.depth, kind: kind_name(q.kind).to_string() }
}

/// Inspects one site.
pub async fn inspect(store: &Store, site: &SiteConfig, opts: &RunOptions) -> Result<Outcome, AppError> {
    let start = urlnorm::normalize(
        Url::parse(&site.url).map_err(|e| AppError::input(format!("site url `{}`: {e}", site.url)))?,
    );
    let as_of = opts.as_of.unwrap_or_else(|| chrono::Local::now().date_naive());
    let site_id = store.site(start.as_str(), site.name.as_deref().unwrap_or("")).await?;
    let settings = settings(site, opts);
    let scope = Scope::new(&start, &site.aliases).with_patterns(site.include.clone(), site.exclude.clone());
    let fetcher = Arc::new(Fetcher::new(settings.clone()).map_err(|e| AppError::input(e.to_string()))?);
    let mut frontier = Frontier::new(scope.clone(), &settings);

    let existing = if opts.fresh { None } else { store.unfinished_run(site_id).await? };
    let resumed = existing.is_some();
    let (run_id, as_of) = match existing {
        Some(run) => {
            let state = store.resume_state(run.id).await?;
            for d in &state.done {
                frontier.mark_seen(&d.url, d.kind == "page");
            }
            for q in state.queued {
                if let Ok(url) = Url::parse(&q.url) {
                    frontier.restore(QueueItem { url, depth: q.depth, kind: kind_of(&q.kind) });
                }
            }
            let as_of = opts.as_of.or_else(|| run.as_of.parse().ok()).unwrap_or(as_of);
            (run.id, as_of)
        }
        None => {
            let options =
                serde_json::json!({"max_pages": settings.max_pages, "per_host": settings.per_host}).to_string();
            let run_id = store.start_run(site_id, &as_of.to_string(), &options).await?;
            let seed = frontier.offer(&start, 0, FetchKind::Page).ok().flatten();
            if let Some(seed) = seed {
                store.write(run_id, &[Write::Enqueue(vec![frontier_row(&seed)])]).await?;
            }
            (run_id, as_of)
        }
    };
    let started_at = store.run(run_id).await?.map(|r| r.started_at).unwrap_or_default();

    let register = register(site, &store.approvals(Some(start.as_str())).await?)?;
    let ctx = PageContext { scope: scope.clone(), register: register.clone(), as_of, lexicon: lexicon(site)? };
    let policy = crate::linkcheck::Policy {
        recheck_after: Duration::from_secs_f64(site.recheck_delay_secs.unwrap_or(10.0).max(0.0)),
        cache_for: Duration::from_secs_f64(site.link_cache_hours.unwrap_or(24.0).max(0.0) * 3600.0),
    };
    let live = crate::linkcheck::Live::start(store.clone(), run_id, fetcher.clone(), policy.clone());
    let externals = live.sender();
    crawl(store, run_id, fetcher.clone(), frontier, &start, scope, ctx, opts.progress, externals).await?;
    tracing::info!(run_id, "crawl finished");
    live.finish().await?;
    tracing::debug!(run_id, "external links checked during the crawl: stored");
    crate::linkcheck::run(store, run_id, fetcher.clone(), &policy).await?;
    tracing::info!(run_id, "crawl and link checks finished");
    // What the crawl's page threads freed would otherwise stay resident under the site data.
    crate::memory::release_free("the crawl");

    let (pages, skipped) = store.site_data(run_id).await?;
    let mut sink = LinkSink::new(&pages);
    store.for_each_page_links(run_id, |source, links| sink.add(source, links)).await?;
    let (links, template) = sink.finish();
    tracing::info!(run_id, pages = pages.len(), links_kept = links.len(), "site data loaded");
    let mut data = SiteData {
        start_url: start.to_string(),
        as_of,
        pages,
        links,
        template: Some(template),
        skipped,
        register,
        blocklist: site.links.blocklist.clone(),
        probes: store.probes(site_id).await?,
        column_overrides: site
            .columns
            .iter()
            .map(|c| checks::ColumnOverride { prefix: c.prefix.clone(), name: c.name.clone(), class: c.class.clone() })
            .collect(),
        ..SiteData::default()
    };
    data.security = crate::security::run(store, run_id, site_id, &fetcher, site, &data).await?;
    // Before the findings exist: column discovery's working memory is then not added to theirs.
    let cols = checks::columns::discover(&data);
    let columns = checks::columns::report(&cols);
    let mut findings = Findings::default();
    findings.extend(attribute_attachments(store.page_findings(run_id).await?, &data));
    checks::run_page_checks(&data, &cols, &mut findings);
    drop(cols);
    let name = site
        .name
        .clone()
        .or_else(|| data.home().map(|h| h.title.clone()).filter(|t| !t.is_empty()))
        .unwrap_or_else(|| start.host_str().unwrap_or("").to_string());
    // The link checks make one finding per link occurrence: the page records go first (what
    // those checks read of them is in `targets`) and their memory back to the system.
    let targets = checks::targets::LinkTargets::of(&data);
    drop(std::mem::take(&mut data.pages));
    crate::memory::release_free("the page records");
    tracing::debug!(run_id, targets = targets.len(), "link checks over the targets kept of the page records");
    checks::run_link_checks(&data, &targets, &mut findings);
    drop(targets);
    let findings = findings.into_report_order();
    tracing::info!(run_id, findings = findings.len(), "site checks finished");
    let availability = xunjian_core::availability::judge(&data.probes, as_of);
    let facts = Facts {
        home_url: start.to_string(),
        probes_measured: availability.measured,
        home_failure_share: availability.measured.then(|| availability.share()),
        public_services: site.public_services.unwrap_or(true),
        portal: site.portal.unwrap_or(false),
    };
    let score = scoring::score(&profile(site)?, &findings, &facts);
    let (pages_n, links_n, requests, bytes) = store.totals(run_id).await?;
    let stats = Stats { pages: pages_n, links: links_n, requests, bytes };
    let previous_run = store.previous_run(site_id, run_id).await?.and_then(|r| r.finished_at);
    drop(data);
    // The links just freed: given back before recording the findings allocates more.
    crate::memory::release_free("the site checks");
    let run_diff = store
        .finish_run(
            run_id,
            &findings,
            &serde_json::to_string(&stats).unwrap_or_default(),
            &serde_json::to_string(&score).unwrap_or_default(),
        )
        .await?;
    let diff = (run_diff.new.len(), run_diff.persisting, run_diff.fixed.len());
    tracing::info!(run_id, new = diff.0, persisting = diff.1, fixed = diff.2, "findings recorded");
    // Listed against a previous run only: on a first run every finding is new, and a large
    // site's keys would be listed twice.
    let new = match previous_run {
        Some(_) => run_diff.new.iter().map(|&i| findings[i].key()).collect(),
        None => Vec::new(),
    };
    let report = Report {
        schema: report::REPORT_SCHEMA,
        site: SiteRef { url: start.to_string(), name },
        as_of: as_of.to_string(),
        started_at,
        finished_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        stats,
        columns,
        findings,
        score,
        changes: report::Changes { previous_run, persisting: run_diff.persisting, new, fixed: run_diff.fixed },
    };
    Ok(Outcome { report, run_id, resumed, diff })
}

/// Runs the crawl, storing every outcome through a writer task and handing the external
/// targets of every page to the link checker.
#[allow(clippy::too_many_arguments)]
async fn crawl(
    store: &Store,
    run_id: i64,
    fetcher: Arc<Fetcher>,
    frontier: Frontier,
    start: &Url,
    scope: Scope,
    ctx: PageContext,
    show_progress: bool,
    externals: tokio::sync::mpsc::UnboundedSender<(String, bool)>,
) -> Result<(), AppError> {
    // Bounded: when the database falls behind, the crawl waits instead of piling pages up.
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Event<crate::pipeline::Output>>(256);
    let writer_store = store.clone();
    let progress = Progress::new(show_progress, start.as_str());
    let writer_fetcher = fetcher.clone();
    let writer = tokio::spawn(async move {
        let mut batch = Vec::with_capacity(256);
        let to_write = |event: Event<crate::pipeline::Output>| match event {
            Event::Done { item: _, output: (page, links), enqueued, pending } => {
                progress.done(&page, pending, writer_fetcher.requests());
                for l in links.iter().filter(|l| !l.internal && l.invalid.is_none()) {
                    // The checker lives as long as the crawl; a send fails only if it died,
                    // and then the check after the crawl covers these targets.
                    let _ = externals.send((l.target.clone(), l.tag == "a"));
                }
                Write::Page { page: Box::new(page), links, enqueued: enqueued.iter().map(frontier_row).collect() }
            }
            Event::Skipped(s) => Write::Skip(SkipRow { reason: s.reason.to_string(), url: s.url, detail: s.detail }),
        };
        while let Some(e) = rx.recv().await {
            batch.push(to_write(e));
            while batch.len() < 256 {
                match rx.try_recv() {
                    Ok(e) => batch.push(to_write(e)),
                    Err(_) => break,
                }
            }
            writer_store.write(run_id, &batch).await?;
            batch.clear();
        }
        progress.finish();
        Ok::<(), xunjian_store::StoreError>(())
    });
    let handler = Arc::new(PageHandler { home: start.clone(), scope, ctx });
    let mut crawler = Crawler::new(fetcher.clone(), frontier);
    let result = crawler.run(handler, tx).await;
    let written = writer.await.map_err(|e| AppError::Other(format!("database writer failed: {e}")))?;
    written?;
    result.map_err(|_| AppError::Other("the database writer stopped".into()))
}

/// The link approval register of a site: its config's approvals and the database's.
pub fn register(site: &SiteConfig, stored: &[xunjian_store::ApprovalRow]) -> Result<Register, AppError> {
    let date = |s: Option<&str>, what: &str| -> Result<Option<NaiveDate>, AppError> {
        s.map(|d| {
            d.parse().map_err(|_| AppError::input(format!("links.approved {what} `{d}` is not a date (YYYY-MM-DD)")))
        })
        .transpose()
    };
    let mut entries = Vec::new();
    for a in &site.links.approved {
        entries.push(Approval {
            pattern: a.pattern.clone(),
            approved_by: a.approved_by.clone(),
            approved_on: date(a.approved_on.as_deref(), "approved_on")?,
            expires: date(a.expires.as_deref(), "expires")?,
            government: a.government.unwrap_or(false),
        });
    }
    for a in stored {
        entries.push(Approval {
            pattern: a.pattern.clone(),
            approved_by: Some(a.approved_by.clone()),
            approved_on: a.approved_on.parse().ok(),
            expires: a.expires.as_deref().and_then(|d| d.parse().ok()),
            government: false,
        });
    }
    Ok(Register::new(entries))
}

/// The scoring profile of a site: a built-in name or a TOML file.
pub fn profile(site: &SiteConfig) -> Result<Profile, AppError> {
    let name = site.scoring_profile.as_deref().unwrap_or("gov-cn-2019");
    if scoring::BUILT_IN.iter().any(|(n, _)| *n == name) {
        return scoring::load(name).map_err(AppError::Input);
    }
    let text = std::fs::read_to_string(name).map_err(|e| {
        AppError::input(format!(
            "scoring_profile `{name}` is neither built in (gov-cn-2019, gov-cn-2015) nor a readable file: {e}"
        ))
    })?;
    scoring::load(&text).map_err(|e| AppError::input(format!("{name}: {e}")))
}

/// The lexicon of a site: the shipped default, then the config's files and words, then its
/// allow-list.
pub fn lexicon(site: &SiteConfig) -> Result<Lexicon, AppError> {
    let mut lex = Lexicon::default();
    for file in &site.lexicon.files {
        let text =
            std::fs::read_to_string(file).map_err(|e| AppError::input(format!("cannot read lexicon {file}: {e}")))?;
        let extra = Lexicon::from_tsv(&text).map_err(|e| AppError::input(format!("lexicon {file}: {e}")))?;
        lex.merge(&extra).map_err(|e| AppError::input(format!("lexicon {file}: {e}")))?;
    }
    let mut words = Vec::new();
    for w in &site.lexicon.words {
        let severity = match w.severity.as_deref() {
            Some(s) => s.parse().map_err(|e: String| AppError::input(format!("lexicon word `{}`: {e}", w.word)))?,
            None => xunjian_core::Severity::Medium,
        };
        words.push(Entry {
            word: w.word.clone(),
            category: w
                .category
                .clone()
                .unwrap_or_else(|| if w.correction.is_some() { "typo".into() } else { "custom".into() }),
            severity,
            correction: w.correction.clone(),
        });
    }
    let extra = Lexicon::new(words, Vec::new()).map_err(|e| AppError::input(format!("lexicon: {e}")))?;
    lex.merge(&extra).map_err(|e| AppError::input(format!("lexicon: {e}")))?;
    lex.add_allow(site.lexicon.allow.iter().cloned());
    Ok(lex)
}

/// Findings on attachments name the page that links the attachment as their `source`.
fn attribute_attachments(mut findings: Vec<xunjian_core::Finding>, data: &SiteData) -> Vec<xunjian_core::Finding> {
    let attachments: std::collections::HashSet<&str> =
        data.pages.iter().filter(|p| !p.is_html && !p.external).map(|p| p.url.as_str()).collect();
    let mut linked_from: std::collections::HashMap<&str, &str> = std::collections::HashMap::new();
    for l in &data.links {
        linked_from.entry(l.target.as_str()).or_insert(l.source.as_str());
    }
    for f in findings.iter_mut().filter(|f| f.source.is_none() && attachments.contains(f.url.as_str())) {
        f.source = linked_from.get(f.url.as_str()).map(|&s| s.into());
    }
    findings
}
