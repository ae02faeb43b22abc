//! The security phase of an inspection (after the crawl and the external link check): it
//! gathers what the security checks judge and the crawl does not see, stores it per run
//! (`security_facts`, so a resumed run does not fetch it again), and hands it to the checks
//! in [`SecurityData`]:
//! - the homepage's response headers (kept by the crawl);
//! - the TLS handshake with the site's https origin (the https homepage, or for an http site
//!   `https://host:443/` or the configured `https_port`), read from the real chain;
//! - the exposed-file probes: a path that cannot exist first (the soft-404 guard), then the
//!   short list of `checks::exposed::PROBES` and the directories holding the site's
//!   attachments, each allowed by robots.txt, the first 4 KiB read;
//! - the cloaking fetches: a sample of pages fetched as a browser, as Baiduspider, as
//!   Googlebot and as a browser arriving from a Baidu search. The sample is the homepage,
//!   the [`CLOAK_NEWEST`] newest articles (fresh content is what a spammer wants indexed) and
//!   the [`CLOAK_LINKING`] pages with the most links to other hosts (pages already linking
//!   out are where link spam hides), at most [`CLOAK_MAX`] pages;
//! - the tamper baselines: this run's page fingerprints against the site's approved ones;
//!   pages seen for the first time get theirs now.
//!
//! Every request goes through the crawl's fetcher: the same per-host pool and robots.txt.

use crate::AppError;
use crate::config::SiteConfig;
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;
use url::Url;
use xunjian_core::checks::SiteData;
use xunjian_core::checks::cloaking::{self, GUISES};
use xunjian_core::checks::exposed::{MAX_DIR_PROBES, PROBES};
use xunjian_core::checks::page::Page;
use xunjian_core::checks::security::{CloakFacts, HomeResponse, ProbeFacts, ProbeResult, SecurityData, TlsFacts};
use xunjian_core::fingerprint::{self, Fingerprint};
use xunjian_core::html::Link;
use xunjian_core::pageinfo::PageKind;
use xunjian_core::urlnorm::Scope;
use xunjian_core::{Finding, Kind, decode};
use xunjian_crawler::{FetchKind, FetchOptions, Fetcher};
use xunjian_store::Store;

/// Newest articles in the cloaking sample.
pub const CLOAK_NEWEST: usize = 20;
/// Pages with the most external links in the cloaking sample.
pub const CLOAK_LINKING: usize = 20;
/// Most pages in the cloaking sample (the homepage included).
pub const CLOAK_MAX: usize = 40;
/// Body bytes read per probe.
const PROBE_CAP: usize = 4096;

/// The fingerprint of a page being processed, as stored JSON.
pub fn fingerprint(page: &Page<'_>, links: &[Link], findings: &[Finding], scope: &Scope) -> Option<String> {
    let hidden = findings.iter().filter(|f| f.kind == Kind::HiddenLink).map(|f| f.url.to_string());
    let fp = fingerprint::compute(
        page.doc,
        links,
        page.text,
        page.info.kind.as_str(),
        page.info.publish_date.map(|d| d.date.to_string()),
        hidden,
        scope,
    );
    serde_json::to_string(&fp).ok()
}

/// Runs the phase (or loads what an interrupted run of it stored) and returns the facts.
pub async fn run(
    store: &Store,
    run_id: i64,
    site_id: i64,
    fetcher: &Arc<Fetcher>,
    site: &SiteConfig,
    data: &SiteData,
) -> Result<SecurityData, AppError> {
    let start = Url::parse(&data.start_url).map_err(|e| AppError::Other(format!("start url: {e}")))?;
    let scope = &Scope::new(&start, &site.aliases).with_patterns(site.include.clone(), site.exclude.clone());
    let home = store.home_response(run_id).await?.map(|(url, final_url, headers)| HomeResponse {
        url,
        final_url,
        headers: serde_json::from_str(&headers).unwrap_or_default(),
    });
    let tls = match load::<TlsFacts>(store, run_id, "tls").await?.into_iter().next() {
        Some(t) => t,
        None => {
            let t = tls(fetcher, &start, home.as_ref(), site.https_port).await;
            save(store, run_id, "tls", &[(start.to_string(), &t)]).await?;
            t
        }
    };
    let probes = match load::<ProbeFacts>(store, run_id, "probes").await?.into_iter().next() {
        Some(p) => p,
        None => {
            let p = probes(fetcher, &start, data, scope).await;
            save(store, run_id, "probes", &[(start.to_string(), &p)]).await?;
            p
        }
    };
    let mut cloak = load::<CloakFacts>(store, run_id, "cloaking").await?;
    if cloak.is_empty() {
        cloak = cloaking(fetcher, &start, data, scope).await;
        let rows: Vec<(String, &CloakFacts)> = cloak.iter().map(|c| (c.url.clone(), c)).collect();
        save(store, run_id, "cloaking", &rows).await?;
    }
    // Only pages whose fingerprint differs from their baseline can have changed: the rest
    // (nearly all, on most runs) never leave the database.
    let changed = store.changed_fingerprints(site_id, run_id).await?;
    store.add_missing_baselines_from_run(site_id, run_id).await?;
    let (baselines, current) = changed
        .into_iter()
        .filter_map(|(url, base, now)| {
            let base: Fingerprint = serde_json::from_str(&base).ok()?;
            let now: Fingerprint = serde_json::from_str(&now).ok()?;
            Some(((url.clone(), base), (url, now)))
        })
        .unzip();
    Ok(SecurityData { home, tls: Some(tls), probes: Some(probes), cloaking: cloak, baselines, current })
}

async fn load<T: serde::de::DeserializeOwned>(store: &Store, run_id: i64, kind: &str) -> Result<Vec<T>, AppError> {
    Ok(store
        .security_facts(run_id, kind)
        .await?
        .into_iter()
        .filter_map(|(_, data)| serde_json::from_str(&data).ok())
        .collect())
}

async fn save<T: serde::Serialize>(
    store: &Store,
    run_id: i64,
    kind: &str,
    rows: &[(String, &T)],
) -> Result<(), AppError> {
    let rows: Vec<(String, String)> =
        rows.iter().filter_map(|(u, t)| serde_json::to_string(t).ok().map(|j| (u.clone(), j))).collect();
    Ok(store.save_security_facts(run_id, kind, &rows).await?)
}

/// The TLS facts of a site.
async fn tls(fetcher: &Arc<Fetcher>, start: &Url, home: Option<&HomeResponse>, https_port: Option<u16>) -> TlsFacts {
    let final_url = home.and_then(|h| Url::parse(&h.final_url).ok()).unwrap_or_else(|| start.clone());
    let https_home = final_url.scheme() == "https";
    let origin = if https_home {
        final_url.clone()
    } else {
        let mut o = final_url.clone();
        o.set_path("/");
        o.set_query(None);
        o.set_fragment(None);
        let port = https_port.unwrap_or(443);
        if o.set_scheme("https").is_err() || o.set_port(if port == 443 { None } else { Some(port) }).is_err() {
            return TlsFacts {
                page: start.to_string(),
                unreachable: Some("invalid url".into()),
                ..TlsFacts::default()
            };
        }
        o
    };
    let host = origin.host_str().unwrap_or("").to_string();
    let port = origin.port_or_known_default().unwrap_or(443);
    let r = xunjian_crawler::tls::inspect(fetcher, &host, port).await;
    let not_after = r
        .not_after
        .and_then(|t| chrono::DateTime::from_timestamp(t, 0))
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
    let mut origin_root = origin.clone();
    origin_root.set_path("/");
    origin_root.set_query(None);
    TlsFacts {
        page: start.to_string(),
        https_home,
        origin: origin_root.to_string(),
        unreachable: r.unreachable,
        verify_error: r.verify_error,
        not_after,
        days_left: r.days_left,
        subject: r.subject,
        issuer: r.issuer,
        names: r.names,
        protocol: r.protocol,
    }
}

/// A path no site has: the soft-404 guard.
fn random_path() -> String {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
    format!("/xunjian-404-check-{:016x}.html", fingerprint::fnv1a(nanos.to_string().as_bytes()))
}

/// Fetches the probes (politely, robots.txt obeyed).
async fn probes(fetcher: &Arc<Fetcher>, start: &Url, data: &SiteData, scope: &Scope) -> ProbeFacts {
    let at = |path: &str| start.join(path).ok();
    let mut paths: Vec<String> = PROBES.iter().map(|(p, _)| p.to_string()).collect();
    let mut dirs = BTreeSet::new();
    for p in data.pages.iter().filter(|p| !p.external && !p.is_html && p.status < 300 && p.error.is_none()) {
        if let Ok(u) = Url::parse(&p.url)
            && scope.is_internal(&u)
            && let Some((dir, _)) = u.path().rsplit_once('/')
            && !dir.is_empty()
        {
            dirs.insert(format!("{dir}/"));
        }
    }
    let extra: Vec<String> = dirs.into_iter().filter(|d| !paths.contains(d)).take(MAX_DIR_PROBES).collect();
    paths.extend(extra);
    let mut facts = ProbeFacts::default();
    let soft = at(&random_path());
    let mut set = tokio::task::JoinSet::new();
    for (i, url) in std::iter::once(soft).chain(paths.iter().map(|p| at(p))).enumerate() {
        let Some(url) = url else { continue };
        let fetcher = fetcher.clone();
        set.spawn(async move {
            if !fetcher.allowed(&url).await {
                return (i, url, None);
            }
            let opts = FetchOptions { headers: Vec::new(), body_cap: Some(PROBE_CAP) };
            let f = fetcher.fetch_with(&url, FetchKind::Attachment, &opts).await;
            let body = &f.body[..f.body.len().min(PROBE_CAP)];
            let r = ProbeResult {
                url: url.to_string(),
                status: f.status,
                content_type: f.content_type.clone(),
                redirected: !f.redirects.is_empty(),
                magic: body.iter().take(16).map(|b| format!("{b:02x}")).collect(),
                text: String::from_utf8_lossy(body).into_owned(),
                len: f.body.len(),
            };
            (i, url, Some(r))
        });
    }
    let mut results: Vec<(usize, Url, Option<ProbeResult>)> = Vec::new();
    while let Some(done) = set.join_next().await {
        if let Ok(r) = done {
            results.push(r);
        }
    }
    results.sort_by_key(|(i, _, _)| *i);
    for (i, url, r) in results {
        match (i, r) {
            (0, r) => facts.soft404 = r,
            (_, Some(r)) => facts.results.push(r),
            (_, None) => facts.refused.push(url.to_string()),
        }
    }
    facts
}

/// The cloaking sample (see the module doc).
fn sample(start: &Url, data: &SiteData) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let push = |u: &str, out: &mut Vec<String>| {
        if out.len() < CLOAK_MAX && !out.iter().any(|x| x == u) {
            out.push(u.to_string());
        }
    };
    let ok = |p: &&xunjian_core::checks::PageRecord| p.is_html && !p.external && p.status < 300 && p.error.is_none();
    match data.home() {
        Some(h) => push(&h.url, &mut out),
        None => push(start.as_str(), &mut out),
    }
    let mut articles: Vec<_> = data.pages.iter().filter(ok).filter(|p| p.kind == Some(PageKind::Article)).collect();
    articles.sort_by(|a, b| b.publish_date.cmp(&a.publish_date).then(a.depth.cmp(&b.depth)).then(a.url.cmp(&b.url)));
    for p in articles.iter().take(CLOAK_NEWEST) {
        push(&p.url, &mut out);
    }
    let html: BTreeSet<&str> = data.pages.iter().filter(ok).map(|p| p.url.as_str()).collect();
    let mut linking: HashMap<&str, usize> = HashMap::new();
    for l in data.links.iter().filter(|l| !l.internal && l.invalid.is_none()) {
        if html.contains(l.source.as_str()) {
            *linking.entry(l.source.as_str()).or_default() += 1;
        }
    }
    let mut linking: Vec<(&str, usize)> = linking.into_iter().collect();
    linking.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    for (u, _) in linking.into_iter().take(CLOAK_LINKING) {
        push(u, &mut out);
    }
    out
}

/// Fetches the sample in every guise.
async fn cloaking(fetcher: &Arc<Fetcher>, start: &Url, data: &SiteData, scope: &Scope) -> Vec<CloakFacts> {
    let mut set = tokio::task::JoinSet::new();
    for (i, page) in sample(start, data).into_iter().enumerate() {
        let Ok(url) = Url::parse(&page) else { continue };
        let fetcher = fetcher.clone();
        let scope = scope.clone();
        let host = start.host_str().unwrap_or("").to_string();
        set.spawn(async move {
            if !fetcher.allowed(&url).await {
                return (i, None);
            }
            let mut variants = Vec::new();
            for (label, ua, referer) in GUISES {
                let mut headers = vec![("user-agent".to_string(), ua.to_string())];
                if let Some(r) = referer {
                    headers.push(("referer".to_string(), format!("{r}{host}")));
                }
                let opts = FetchOptions { headers, body_cap: None };
                let f = fetcher.fetch_with(&url, FetchKind::Page, &opts).await;
                let html =
                    if f.is_html() { decode::decode(&f.body, f.content_type.as_deref()).text } else { String::new() };
                variants.push(cloaking::variant(label, f.status, f.error.clone(), &f.final_url, &html, &scope));
            }
            (i, Some(CloakFacts { url: url.to_string(), variants }))
        });
    }
    let mut out = Vec::new();
    while let Some(done) = set.join_next().await {
        if let Ok((i, Some(c))) = done {
            out.push((i, c));
        }
    }
    out.sort_by_key(|(i, _)| *i);
    out.into_iter().map(|(_, c)| c).collect()
}
