//! The settings of one crawl, with defaults chosen for government sites: 4 concurrent
//! requests per host, a 15-second whole-response timeout (the national threshold of the
//! availability rule), a 5 MiB body cap, robots.txt obeyed.

use std::time::Duration;

/// Everything a crawl may and may not do.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The User-Agent header: names xunjian and a contact.
    pub user_agent: String,
    /// Most concurrent requests to one host:port.
    pub per_host: usize,
    /// Most requests in flight overall.
    pub global: usize,
    /// Least time between two request starts on one host.
    pub delay: Duration,
    /// Whether robots.txt is obeyed (a site's own operators may turn it off).
    pub obey_robots: bool,
    /// TCP connect timeout.
    pub connect_timeout: Duration,
    /// Whole-response timeout (request, headers and body).
    pub timeout: Duration,
    /// Most decoded body bytes read; the rest is cut and noted.
    pub body_cap: usize,
    /// Most retries of one URL after 429/503 or a transient error.
    pub max_retries: u32,
    /// The first retry waits this long, then doubles.
    pub retry_base: Duration,
    /// A Retry-After longer than this is not waited for (the URL is reported as is).
    pub max_retry_after: Duration,
    /// Most HTML pages fetched in one crawl.
    pub max_pages: usize,
    /// Most link hops from the start page.
    pub max_depth: u32,
    /// Most URLs of one shape (see `urlnorm::pattern`) with a query string.
    pub max_per_query_pattern: usize,
    /// Most URLs of one shape without a query string.
    pub max_per_pattern: usize,
    /// Longest Crawl-delay honoured from robots.txt.
    pub max_crawl_delay: Duration,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            user_agent: user_agent(None),
            per_host: 4,
            global: 64,
            delay: Duration::ZERO,
            obey_robots: true,
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(15),
            body_cap: 5 * 1024 * 1024,
            max_retries: 2,
            retry_base: Duration::from_secs(1),
            max_retry_after: Duration::from_secs(60),
            max_pages: 50_000,
            max_depth: 40,
            max_per_query_pattern: 200,
            max_per_pattern: 20_000,
            max_crawl_delay: Duration::from_secs(30),
        }
    }
}

/// The User-Agent xunjian sends: its name, version and, when configured, a contact.
pub fn user_agent(contact: Option<&str>) -> String {
    let v = env!("CARGO_PKG_VERSION");
    match contact {
        Some(c) if !c.trim().is_empty() => {
            format!("Mozilla/5.0 (compatible; xunjian/{v}; +{})", c.trim())
        }
        _ => format!("Mozilla/5.0 (compatible; xunjian/{v}; government website inspection)"),
    }
}

/// The robots.txt product token xunjian answers to.
pub const ROBOTS_AGENT: &str = "xunjian";
