//! Fetching one URL politely: through the host pool, with redirects followed by hand (each
//! hop checked against robots.txt; loops and chains over 10 hops reported), retries with
//! backoff on 429/503 (Retry-After honoured) and transient errors, a whole-response timeout,
//! and a cap on the decoded body so neither a huge page nor a compression bomb can exhaust
//! memory. A failure is a value ([`Fetched::error`]), never an `Err`.

use crate::pool::HostPool;
use crate::robots::Robots;
use crate::settings::Settings;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use url::Url;
use xunjian_core::urlnorm;

/// What the caller wants from a URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FetchKind {
    /// A page to parse: read the body (up to the cap).
    Page,
    /// An attachment whose content is scanned: read the body (up to the cap).
    Attachment,
    /// An embedded resource: only whether it works matters; the body is not read.
    Resource,
    /// An external link or resource checked for availability: HEAD first, GET when the
    /// server refuses HEAD (any 4xx/5xx answer to HEAD is confirmed with a GET).
    Check,
    /// An external page whose title matters (dangerous-link signals): GET, the first
    /// [`TITLE_CAP`] bytes of the body.
    Title,
}

/// Bytes read of an external page for its title.
pub const TITLE_CAP: usize = 64 * 1024;

/// The outcome of fetching one URL.
#[derive(Debug, Clone)]
pub struct Fetched {
    /// The URL asked for.
    pub url: Url,
    /// The URL of the last response (after redirects).
    pub final_url: Url,
    /// The status of the last response; 0 when there was none.
    pub status: u16,
    /// The `Content-Type` of the last response.
    pub content_type: Option<String>,
    /// Selected response headers of the last response (lower-case names).
    pub headers: Vec<(String, String)>,
    /// The body (decoded from gzip/deflate), up to the cap; empty for resources.
    pub body: Vec<u8>,
    /// Whether the body was cut at the cap.
    pub truncated: bool,
    /// Why there is no usable response: a `broken_link` subtype (`timeout`, `dns`, `connect`,
    /// `tls`, `redirect_loop`, `too_many_redirects`, `invalid_url`) or `robots` when a
    /// redirect led to a disallowed URL.
    pub error: Option<String>,
    /// The redirect chain: each hop's URL and status.
    pub redirects: Vec<(String, u16)>,
    /// Time from the first request to the end of the body.
    pub elapsed: Duration,
    /// Time from sending the last request to its response headers.
    pub ttfb: Option<Duration>,
    /// HTTP requests made (retries and redirects included).
    pub requests: u32,
}

impl Fetched {
    /// An outcome without a response.
    pub fn failed(url: &Url, error: &str) -> Fetched {
        Fetched {
            url: url.clone(),
            final_url: url.clone(),
            status: 0,
            content_type: None,
            headers: Vec::new(),
            body: Vec::new(),
            truncated: false,
            error: Some(error.to_string()),
            redirects: Vec::new(),
            elapsed: Duration::ZERO,
            ttfb: None,
            requests: 0,
        }
    }

    /// Whether the response is HTML (by Content-Type, or by sniffing when it has none).
    pub fn is_html(&self) -> bool {
        match &self.content_type {
            Some(ct) => {
                let ct = ct.to_ascii_lowercase();
                ct.starts_with("text/html") || ct.starts_with("application/xhtml")
            }
            None => {
                let head = &self.body[..self.body.len().min(512)];
                let lower = String::from_utf8_lossy(head).to_ascii_lowercase();
                lower.contains("<html") || lower.contains("<!doctype html")
            }
        }
    }
}

/// Per-request options of [`Fetcher::fetch_with`].
#[derive(Debug, Clone, Default)]
pub struct FetchOptions {
    /// Extra request headers; a `User-Agent` here replaces the crawler's.
    pub headers: Vec<(String, String)>,
    /// Read at most this many body bytes (never more than the settings' cap).
    pub body_cap: Option<usize>,
}

/// Response headers kept for the security checks and the evidence.
const KEPT_HEADERS: &[&str] = &[
    "server",
    "x-powered-by",
    "strict-transport-security",
    "content-security-policy",
    "x-frame-options",
    "x-content-type-options",
    "referrer-policy",
    "set-cookie",
    "last-modified",
    "content-length",
    "location",
    "retry-after",
];

/// Fetches URLs politely; shared by every task of a crawl.
pub struct Fetcher {
    client: reqwest::Client,
    /// The per-host pool.
    pub pool: HostPool,
    robots: Robots,
    settings: Settings,
    requests: AtomicU64,
    bytes: AtomicU64,
}

impl Fetcher {
    /// A fetcher with `settings`.
    pub fn new(settings: Settings) -> Result<Fetcher, crate::Error> {
        // Pure-Rust TLS with ring; installing twice is harmless (the second call is refused).
        let _ = rustls::crypto::ring::default_provider().install_default();
        let client = reqwest::Client::builder()
            .user_agent(settings.user_agent.clone())
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(settings.connect_timeout)
            .pool_max_idle_per_host(settings.per_host)
            .tcp_nodelay(true)
            .build()
            .map_err(|e| crate::Error::Client(e.to_string()))?;
        Ok(Fetcher {
            client,
            pool: HostPool::new(settings.per_host, settings.delay),
            robots: Robots::default(),
            settings,
            requests: AtomicU64::new(0),
            bytes: AtomicU64::new(0),
        })
    }

    /// The settings in force.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// HTTP requests made so far.
    pub fn requests(&self) -> u64 {
        self.requests.load(Ordering::Relaxed)
    }

    /// Body bytes received so far.
    pub fn bytes(&self) -> u64 {
        self.bytes.load(Ordering::Relaxed)
    }

    /// Whether robots.txt allows `url` (fetching robots.txt through the pool on first use).
    ///
    /// Boxed, and not an `async fn`: loading robots.txt fetches, and fetching asks robots
    /// (for redirect hops), so the future type would otherwise be recursive.
    pub fn allowed<'a>(
        self: &'a Arc<Self>,
        url: &'a Url,
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = bool> + Send + 'a>> {
        Box::pin(async move {
            if !self.settings.obey_robots || url.scheme() == "file" {
                return true;
            }
            self.robots.allowed(self, url).await
        })
    }

    /// Fetches `url` following redirects, with retries, within the whole-response timeout.
    pub async fn fetch(self: &Arc<Self>, url: &Url, kind: FetchKind) -> Fetched {
        self.fetch_with(url, kind, &FetchOptions::default()).await
    }

    /// [`Fetcher::fetch`] with request headers of its own (another User-Agent, a Referer, a
    /// Range) and a smaller body cap: for looking at a page the way a search engine sees it,
    /// and for probes that only need the first bytes. Same pool, robots and redirects.
    pub async fn fetch_with(self: &Arc<Self>, url: &Url, kind: FetchKind, opts: &FetchOptions) -> Fetched {
        let start = Instant::now();
        let mut current = url.clone();
        let mut chain: Vec<(String, u16)> = Vec::new();
        let mut requests = 0u32;
        loop {
            let mut f = self.fetch_one(&current, kind, opts, &mut requests).await;
            f.url = url.clone();
            f.requests = requests;
            if !(300..400).contains(&f.status) || f.status == 304 {
                f.redirects = chain;
                f.elapsed = start.elapsed();
                return f;
            }
            let location = f.headers.iter().find(|(k, _)| k == "location").map(|(_, v)| v.clone());
            let Some(next) = location.and_then(|l| urlnorm::resolve(&current, &l).ok()) else {
                // A redirect without a usable Location: report the 3xx as it is.
                f.redirects = chain;
                f.elapsed = start.elapsed();
                return f;
            };
            chain.push((current.to_string(), f.status));
            let out = |error: &str| {
                let mut r = Fetched::failed(url, error);
                r.final_url = next.clone();
                r.redirects = chain.clone();
                r.requests = requests;
                r.elapsed = start.elapsed();
                r
            };
            if next == *url || chain.iter().any(|(u, _)| *u == next.as_str()) {
                return out("redirect_loop");
            }
            if chain.len() >= 10 {
                return out("too_many_redirects");
            }
            if !self.allowed(&next).await {
                return out("robots");
            }
            current = next;
        }
    }

    /// One URL without following redirects, with retries.
    async fn fetch_one(
        self: &Arc<Self>,
        url: &Url,
        kind: FetchKind,
        opts: &FetchOptions,
        requests: &mut u32,
    ) -> Fetched {
        let key = urlnorm::host_key(url);
        let mut attempt = 0;
        loop {
            let permit = self.pool.acquire(&key).await;
            *requests += 1;
            self.requests.fetch_add(1, Ordering::Relaxed);
            let result = tokio::time::timeout(self.settings.timeout, self.request(url, kind, opts)).await;
            drop(permit);
            let mut fetched = match result {
                Ok(f) => f,
                Err(_) => Fetched::failed(url, "timeout"),
            };
            if kind == FetchKind::Check
                && (fetched.status >= 400 || fetched.status == 0)
                && fetched.error.as_deref() != Some("dns")
            {
                // Many servers answer HEAD wrongly (405, 403, 404, a reset): ask again with GET.
                let permit = self.pool.acquire(&key).await;
                *requests += 1;
                self.requests.fetch_add(1, Ordering::Relaxed);
                let result =
                    tokio::time::timeout(self.settings.timeout, self.request(url, FetchKind::Resource, opts)).await;
                drop(permit);
                fetched = result.unwrap_or_else(|_| Fetched::failed(url, "timeout"));
            }
            let retry_after =
                fetched.headers.iter().find(|(k, _)| k == "retry-after").and_then(|(_, v)| parse_retry_after(v));
            // A timeout is retried once only: each costs the whole timeout.
            let transient = matches!(fetched.status, 429 | 503)
                || fetched.error.as_deref() == Some("connect_reset")
                || (fetched.error.as_deref() == Some("timeout") && attempt == 0);
            if !transient || attempt >= self.settings.max_retries {
                return finish(fetched);
            }
            let wait = match retry_after {
                Some(w) if w > self.settings.max_retry_after => return finish(fetched),
                Some(w) => w,
                None => self.settings.retry_base * 2u32.pow(attempt),
            };
            attempt += 1;
            tracing::debug!(%url, status = fetched.status, ?wait, "backing off");
            if matches!(fetched.status, 429 | 503) {
                self.pool.back_off(&key, wait);
            } else {
                tokio::time::sleep(wait).await;
            }
        }
    }

    /// One HTTP request; reads the body for pages and attachments.
    async fn request(&self, url: &Url, kind: FetchKind, opts: &FetchOptions) -> Fetched {
        let mut out = Fetched::failed(url, "");
        out.error = None;
        let mut req = match kind {
            FetchKind::Check => self.client.head(url.clone()),
            _ => self.client.get(url.clone()),
        };
        for (name, value) in &opts.headers {
            req = req.header(name.as_str(), value.as_str());
        }
        let sent = Instant::now();
        let mut resp = match req.send().await {
            Ok(r) => r,
            Err(e) => return Fetched::failed(url, &classify(&e)),
        };
        out.ttfb = Some(sent.elapsed());
        out.status = resp.status().as_u16();
        for (name, value) in resp.headers() {
            let n = name.as_str();
            if KEPT_HEADERS.contains(&n) {
                out.headers.push((n.to_string(), String::from_utf8_lossy(value.as_bytes()).into_owned()));
            }
        }
        out.content_type = resp
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
        let wants_body = match kind {
            FetchKind::Resource | FetchKind::Check => false,
            FetchKind::Title => out.status < 300 && out.content_type.as_deref().is_some_and(|c| c.contains("html")),
            FetchKind::Attachment => out.status < 300,
            FetchKind::Page => out.status < 300 || out.content_type.as_deref().is_some_and(|c| c.contains("html")),
        };
        if !wants_body || (300..400).contains(&out.status) {
            return out;
        }
        let cap = if kind == FetchKind::Title { TITLE_CAP.min(self.settings.body_cap) } else { self.settings.body_cap };
        let cap = opts.body_cap.map_or(cap, |c| c.min(cap));
        loop {
            match resp.chunk().await {
                Ok(Some(chunk)) => {
                    self.bytes.fetch_add(chunk.len() as u64, Ordering::Relaxed);
                    let room = cap - out.body.len();
                    if chunk.len() >= room {
                        out.body.extend_from_slice(&chunk[..room]);
                        out.truncated = chunk.len() > room || !matches!(resp.chunk().await, Ok(None));
                        break;
                    }
                    out.body.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(e) => {
                    // A body cut off mid-way: keep what arrived, note why.
                    out.error = Some(classify(&e));
                    if !out.body.is_empty() && out.error.as_deref() != Some("timeout") {
                        out.error = None;
                        out.truncated = true;
                    }
                    break;
                }
            }
        }
        out
    }
}

/// Maps internal error classes to the public `broken_link` subtypes.
fn finish(mut f: Fetched) -> Fetched {
    if let Some(e) = &f.error {
        f.error = Some(public_error(e).to_string());
    }
    f
}

/// `Retry-After` as seconds or an HTTP date.
fn parse_retry_after(v: &str) -> Option<Duration> {
    let v = v.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = chrono::DateTime::parse_from_rfc2822(v).ok()?;
    let secs = (when.with_timezone(&chrono::Utc) - chrono::Utc::now()).num_seconds();
    Some(Duration::from_secs(secs.max(0) as u64))
}

/// Classifies a transport error into a `broken_link` subtype.
fn classify(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        return "timeout".into();
    }
    let mut chain = format!("{e:?}");
    let mut src: Option<&dyn std::error::Error> = std::error::Error::source(e);
    while let Some(s) = src {
        chain.push_str(&format!(" | {s}"));
        src = s.source();
    }
    let lower = chain.to_ascii_lowercase();
    if lower.contains("dns error") || lower.contains("failed to lookup") || lower.contains("name or service not known")
    {
        "dns".into()
    } else if lower.contains("certificate") || lower.contains("tls") || lower.contains("handshake") {
        "tls".into()
    } else if lower.contains("connection reset")
        || lower.contains("connection closed before")
        || lower.contains("incomplete message")
    {
        "connect_reset".into()
    } else if e.is_connect() || lower.contains("connection refused") {
        "connect".into()
    } else if e.is_body() || e.is_decode() {
        "connect_reset".into()
    } else {
        "connect".into()
    }
}

/// The public subtype of an internal error class (`connect_reset` is reported as `connect`).
pub fn public_error(e: &str) -> &str {
    if e == "connect_reset" { "connect" } else { e }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_in_seconds_and_dates() {
        assert_eq!(parse_retry_after("3"), Some(Duration::from_secs(3)));
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("soon"), None);
    }
}
