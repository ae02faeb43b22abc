//! URL handling: resolving hrefs against a base, normalising for de-duplication, deciding
//! what is inside the crawl scope, what is an attachment, and what looks like a crawler trap.
//!
//! Normalisation keeps what changes the resource (scheme, host, port, path, query) and drops
//! what does not (fragments, default ports, session ids), so one page is fetched once.

use url::Url;

/// Why an href could not become a URL worth fetching.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UrlProblem {
    /// Not parseable, or parseable into something no browser would fetch.
    Invalid(String),
    /// A scheme we do not fetch (`mailto:`, `javascript:`, `tel:` …): not a problem.
    NotFetchable,
}

/// Query parameters that only carry a session and never change the resource.
const SESSION_PARAMS: &[&str] = &["jsessionid", "phpsessid", "sid", "sessionid", "aspsessionid", "cfid", "cftoken"];

/// File extensions of attachments: fetched as resources, never parsed as HTML.
const ATTACHMENT_EXTS: &[&str] = &[
    "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "wps", "et", "dps", "ofd", "zip", "rar", "7z", "gz", "tar",
    "txt", "csv", "rtf", "odt", "ods", "ceb", "caj",
];

/// Extensions of embedded media and static assets (never HTML).
const ASSET_EXTS: &[&str] = &[
    "jpg", "jpeg", "png", "gif", "bmp", "webp", "svg", "ico", "css", "js", "mp4", "mp3", "avi", "flv", "swf", "wav",
    "woff", "woff2", "ttf", "eot", "apk", "exe", "msi",
];

/// Resolves `href` (as found in a page) against `base` and normalises the result.
pub fn resolve(base: &Url, href: &str) -> Result<Url, UrlProblem> {
    let href = href.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    if href.is_empty() {
        return Err(UrlProblem::NotFetchable);
    }
    let lower: String = href.chars().take(12).collect::<String>().to_ascii_lowercase();
    for scheme in ["javascript:", "mailto:", "tel:", "data:", "sms:", "about:", "blob:", "vbscript:"] {
        if lower.starts_with(scheme) {
            return Err(UrlProblem::NotFetchable);
        }
    }
    if href.starts_with('#') {
        return Err(UrlProblem::NotFetchable);
    }
    let url =
        base.join(href).map_err(|e| UrlProblem::Invalid(format!("{e}: {}", crate::finding::cap_chars(href, 120))))?;
    match url.scheme() {
        "http" | "https" => {}
        "file" if base.scheme() == "file" => {}
        _ => return Err(UrlProblem::NotFetchable),
    }
    if url.scheme() != "file" && url.host_str().is_none_or(str::is_empty) {
        return Err(UrlProblem::Invalid(format!("no host: {}", crate::finding::cap_chars(href, 120))));
    }
    Ok(normalize(url))
}

/// Normalises a URL for de-duplication: drops the fragment and session parameters
/// (including `;jsessionid=` path parameters); the `url` crate already lower-cases the host,
/// removes default ports and resolves dot segments.
pub fn normalize(mut url: Url) -> Url {
    url.set_fragment(None);
    let path = url.path();
    if let Some(pos) = path.to_ascii_lowercase().find(";jsessionid=") {
        let cut = path[..pos].to_string();
        url.set_path(&cut);
    }
    if url.query().is_some() {
        let kept: Vec<(String, String)> = url
            .query_pairs()
            .filter(|(k, _)| !SESSION_PARAMS.contains(&k.to_ascii_lowercase().as_str()))
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        if kept.is_empty() {
            url.set_query(None);
        } else if kept.len() != url.query_pairs().count() {
            url.query_pairs_mut().clear().extend_pairs(kept);
        }
    }
    url
}

/// The politeness key of a URL: host and port (`example.gov.cn:443`).
pub fn host_key(url: &Url) -> String {
    format!("{}:{}", url.host_str().unwrap_or(""), url.port_or_known_default().unwrap_or(0))
}

/// The crawl scope: the start URL's host plus configured alias hosts (ports must match
/// the start URL's unless the alias names one).
#[derive(Debug, Clone)]
pub struct Scope {
    hosts: Vec<(String, Option<u16>)>,
    include: Vec<String>,
    exclude: Vec<String>,
}

impl Scope {
    /// Scope of `start` and `aliases` (host names, optionally `host:port`).
    pub fn new(start: &Url, aliases: &[String]) -> Self {
        let mut hosts = vec![(start.host_str().unwrap_or("").to_ascii_lowercase(), start.port_or_known_default())];
        for a in aliases {
            let a = a.trim().to_ascii_lowercase();
            match a.rsplit_once(':') {
                Some((h, p)) if p.parse::<u16>().is_ok() => hosts.push((h.to_string(), p.parse().ok())),
                _ => hosts.push((a, None)),
            }
        }
        Scope { hosts, include: Vec::new(), exclude: Vec::new() }
    }

    /// Restricts the crawl to URLs containing one of `include` (when non-empty) and
    /// none of `exclude` (plain substrings of the URL).
    pub fn with_patterns(mut self, include: Vec<String>, exclude: Vec<String>) -> Self {
        self.include = include;
        self.exclude = exclude;
        self
    }

    /// Whether the URL belongs to the site being inspected (same host, port and alias hosts).
    pub fn is_internal(&self, url: &Url) -> bool {
        if url.scheme() == "file" {
            return true;
        }
        let host = url.host_str().unwrap_or("").to_ascii_lowercase();
        let port = url.port_or_known_default();
        self.hosts.iter().any(|(h, p)| {
            *h == host && (p.is_none() || *p == port || (self.hosts[0].0 == host && is_http_pair(*p, port)))
        })
    }

    /// Whether an internal URL may be crawled given the include/exclude patterns.
    pub fn allows(&self, url: &Url) -> bool {
        let s = url.as_str();
        (self.include.is_empty() || self.include.iter().any(|p| s.contains(p.as_str())))
            && !self.exclude.iter().any(|p| s.contains(p.as_str()))
    }
}

/// http on 80 and https on 443 of the same host are the same site.
fn is_http_pair(a: Option<u16>, b: Option<u16>) -> bool {
    matches!((a, b), (Some(80), Some(443)) | (Some(443), Some(80)))
}

/// The lower-case extension of the URL's last path segment, if any.
pub fn extension(url: &Url) -> Option<String> {
    let seg = url.path_segments()?.next_back()?;
    let (_, ext) = seg.rsplit_once('.')?;
    (!ext.is_empty() && ext.len() <= 5).then(|| ext.to_ascii_lowercase())
}

/// Whether the URL names an attachment (document, archive) by its extension.
pub fn is_attachment(url: &Url) -> bool {
    extension(url).is_some_and(|e| ATTACHMENT_EXTS.contains(&e.as_str()))
}

/// Whether the URL names something that is certainly not an HTML page.
pub fn is_non_html_asset(url: &Url) -> bool {
    extension(url).is_some_and(|e| ASSET_EXTS.contains(&e.as_str()) || ATTACHMENT_EXTS.contains(&e.as_str()))
}

/// The shape of a URL for trap detection: host, path with every digit run replaced by `N`,
/// and the sorted query keys. An endless calendar produces endlessly many URLs of one shape.
pub fn pattern(url: &Url) -> String {
    let mut out = String::with_capacity(url.as_str().len());
    out.push_str(url.host_str().unwrap_or(""));
    let mut in_digits = false;
    for c in url.path().chars() {
        if c.is_ascii_digit() {
            if !in_digits {
                out.push('N');
            }
            in_digits = true;
        } else {
            in_digits = false;
            out.push(c);
        }
    }
    if url.query().is_some() {
        let mut keys: Vec<String> = url.query_pairs().map(|(k, _)| k.into_owned()).collect();
        keys.sort();
        keys.dedup();
        out.push('?');
        out.push_str(&keys.join("&"));
    }
    out
}

/// URLs no sane site needs: absurdly long, or with an exploding query string.
pub fn looks_exploding(url: &Url) -> bool {
    url.as_str().len() > 1024 || url.query_pairs().count() > 12 || repeated_segments(url)
}

/// `/a/b/a/b/a/b/` — relative links that keep appending themselves.
fn repeated_segments(url: &Url) -> bool {
    let Some(segs) = url.path_segments() else {
        return false;
    };
    let segs: Vec<&str> = segs.filter(|s| !s.is_empty()).collect();
    if segs.len() < 6 {
        return false;
    }
    let mut counts = std::collections::HashMap::new();
    segs.iter().any(|s| {
        let c = counts.entry(*s).or_insert(0);
        *c += 1;
        *c >= 4
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn resolves_relative_links_and_drops_fragments() {
        let base = u("http://www.bj.gov.cn/xwzx/index.html");
        assert_eq!(resolve(&base, "../tzgg/t1.html#top").unwrap().as_str(), "http://www.bj.gov.cn/tzgg/t1.html");
        assert_eq!(resolve(&base, " //WWW.BJ.GOV.CN:80/a ").unwrap().as_str(), "http://www.bj.gov.cn/a");
        assert_eq!(resolve(&base, "javascript:void(0)"), Err(UrlProblem::NotFetchable));
        assert_eq!(resolve(&base, "mailto:x@y.cn"), Err(UrlProblem::NotFetchable));
        assert_eq!(resolve(&base, "#main"), Err(UrlProblem::NotFetchable));
        assert!(matches!(resolve(&base, "http://[::1"), Err(UrlProblem::Invalid(_))));
        assert!(matches!(resolve(&base, "http:///nohost"), Ok(_) | Err(UrlProblem::Invalid(_))));
    }

    #[test]
    fn strips_session_ids() {
        assert_eq!(normalize(u("http://a.cn/p.jsp;jsessionid=ABC?id=3")).as_str(), "http://a.cn/p.jsp?id=3");
        assert_eq!(normalize(u("http://a.cn/p.php?PHPSESSID=x&id=3")).as_str(), "http://a.cn/p.php?id=3");
        assert_eq!(normalize(u("http://a.cn/p.php?sid=x")).as_str(), "http://a.cn/p.php");
        assert_eq!(normalize(u("http://a.cn/p.php?id=3&page=2")).as_str(), "http://a.cn/p.php?id=3&page=2");
    }

    #[test]
    fn scope_is_host_and_port_plus_aliases() {
        let scope = Scope::new(&u("http://127.0.0.1:8080/"), &["www.example.gov.cn".into()]);
        assert!(scope.is_internal(&u("http://127.0.0.1:8080/a")));
        assert!(!scope.is_internal(&u("http://127.0.0.1:8081/a")));
        assert!(scope.is_internal(&u("https://www.example.gov.cn/a")));
        assert!(!scope.is_internal(&u("http://127.0.0.2:8080/a")));
        let https = Scope::new(&u("https://www.a.gov.cn/"), &[]);
        assert!(https.is_internal(&u("http://www.a.gov.cn/x")));
    }

    #[test]
    fn attachments_and_patterns() {
        assert!(is_attachment(&u("http://a.cn/files/通知.PDF")));
        assert!(is_attachment(&u("http://a.cn/f/x.wps")));
        assert!(!is_attachment(&u("http://a.cn/f/x.html")));
        assert!(!is_attachment(&u("http://a.cn/f/")));
        assert_eq!(pattern(&u("http://a.cn/cal/2026/11/index_12.html")), "a.cn/cal/N/N/index_N.html");
        assert_eq!(pattern(&u("http://a.cn/cal?y=2026&m=1")), "a.cn/cal?m&y");
        assert!(looks_exploding(&u("http://a.cn/a/b/a/b/a/b/a/b/")));
        assert!(!looks_exploding(&u("http://a.cn/xxgk/zcwj/2026/t20261120_1.html")));
    }
}
