//! The frontier: which URLs a crawl fetches, in which order, and which it refuses. It keeps
//! one entry per normalised URL, crawls breadth-first, stays inside the site's scope, and
//! cuts off what looks like a crawler trap (too deep, too many URLs of one shape, exploding
//! query strings) or exceeds the page budget. Everything refused is reported as a [`Skip`].

use crate::fetch::FetchKind;
use crate::settings::Settings;
use std::collections::{HashMap, HashSet, VecDeque};
use url::Url;
use xunjian_core::urlnorm::{self, Scope};

/// One URL waiting to be fetched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueItem {
    /// The normalised URL.
    pub url: Url,
    /// Link hops from the start page.
    pub depth: u32,
    /// Page, attachment or resource.
    pub kind: FetchKind,
}

/// A URL the crawl refused, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skip {
    /// `max_pages`, `trap`, `robots`.
    pub reason: &'static str,
    /// The URL.
    pub url: String,
    /// What rule refused it.
    pub detail: String,
}

/// The crawl frontier.
pub struct Frontier {
    scope: Scope,
    queue: VecDeque<QueueItem>,
    seen: HashSet<String>,
    patterns: HashMap<String, usize>,
    pages_taken: usize,
    max_pages: usize,
    max_depth: u32,
    max_per_query_pattern: usize,
    max_per_pattern: usize,
}

impl Frontier {
    /// An empty frontier for `scope`.
    pub fn new(scope: Scope, s: &Settings) -> Self {
        Frontier {
            scope,
            queue: VecDeque::new(),
            seen: HashSet::new(),
            patterns: HashMap::new(),
            pages_taken: 0,
            max_pages: s.max_pages,
            max_depth: s.max_depth,
            max_per_query_pattern: s.max_per_query_pattern,
            max_per_pattern: s.max_per_pattern,
        }
    }

    /// The scope of the crawl.
    pub fn scope(&self) -> &Scope {
        &self.scope
    }

    /// Marks a URL as already known (done in an earlier, interrupted run).
    pub fn mark_seen(&mut self, url: &str, counted_page: bool) {
        if self.seen.insert(url.to_string()) && counted_page {
            self.pages_taken += 1;
        }
        if let Ok(u) = Url::parse(url) {
            *self.patterns.entry(urlnorm::pattern(&u)).or_default() += 1;
        }
    }

    /// Puts an item back in the queue without checks (resuming an interrupted run).
    pub fn restore(&mut self, item: QueueItem) {
        self.seen.insert(item.url.to_string());
        self.queue.push_back(item);
    }

    /// Offers a discovered URL. Returns the queued item when it is new and allowed, a skip
    /// when a rule refuses it, or neither when it is known or outside the site.
    pub fn offer(&mut self, url: &Url, depth: u32, kind: FetchKind) -> Result<Option<QueueItem>, Skip> {
        if !self.scope.is_internal(url) || !self.scope.allows(url) {
            return Ok(None);
        }
        let key = url.as_str();
        if self.seen.contains(key) {
            return Ok(None);
        }
        self.seen.insert(key.to_string());
        let skip = |detail: String| Skip { reason: "trap", url: key.to_string(), detail };
        if kind == FetchKind::Page {
            if depth > self.max_depth {
                return Err(skip(format!("链接深度超过 {} / depth over {}", self.max_depth, self.max_depth)));
            }
            if urlnorm::looks_exploding(url) {
                return Err(skip("地址过长或参数过多 / exploding URL".into()));
            }
            let pattern = urlnorm::pattern(url);
            let limit = if url.query().is_some() { self.max_per_query_pattern } else { self.max_per_pattern };
            let n = self.patterns.entry(pattern.clone()).or_default();
            if *n >= limit {
                return Err(skip(format!("同一形态地址超过 {limit} 个 / more than {limit} URLs shaped {pattern}")));
            }
            *n += 1;
        }
        let item = QueueItem { url: url.clone(), depth, kind };
        self.queue.push_back(item.clone());
        Ok(Some(item))
    }

    /// The next item to fetch, or a skip when the page budget is spent.
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> Option<Result<QueueItem, Skip>> {
        let item = self.queue.pop_front()?;
        if item.kind == FetchKind::Page {
            if self.pages_taken >= self.max_pages {
                return Some(Err(Skip {
                    reason: "max_pages",
                    url: item.url.to_string(),
                    detail: format!("页面数上限 {} / max_pages {}", self.max_pages, self.max_pages),
                }));
            }
            self.pages_taken += 1;
        }
        Some(Ok(item))
    }

    /// Items waiting.
    pub fn len(&self) -> usize {
        self.queue.len()
    }

    /// Whether nothing waits.
    pub fn is_empty(&self) -> bool {
        self.queue.is_empty()
    }
}

/// How a discovered URL should be fetched, from the tag it came from and its extension.
pub fn kind_for(url: &Url, navigational: bool) -> FetchKind {
    if urlnorm::is_attachment(url) {
        FetchKind::Attachment
    } else if navigational && !urlnorm::is_non_html_asset(url) {
        FetchKind::Page
    } else {
        FetchKind::Resource
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frontier(max_pages: usize) -> Frontier {
        let start = Url::parse("http://a.gov.cn/").unwrap();
        let s = Settings { max_pages, max_per_query_pattern: 3, max_depth: 5, ..Settings::default() };
        Frontier::new(Scope::new(&start, &[]), &s)
    }

    #[test]
    fn each_url_once_and_only_inside_the_site() {
        let mut f = frontier(100);
        let u = Url::parse("http://a.gov.cn/x.html").unwrap();
        assert!(f.offer(&u, 1, FetchKind::Page).unwrap().is_some());
        assert!(f.offer(&u, 1, FetchKind::Page).unwrap().is_none());
        assert!(f.offer(&Url::parse("http://b.gov.cn/").unwrap(), 1, FetchKind::Page).unwrap().is_none());
        assert_eq!(f.len(), 1);
    }

    #[test]
    fn calendars_depth_and_budget_are_cut() {
        let mut f = frontier(2);
        let mut skipped = 0;
        for m in 1..=10 {
            let u = Url::parse(&format!("http://a.gov.cn/cal?month=2026-{m:02}")).unwrap();
            if f.offer(&u, 1, FetchKind::Page).is_err() {
                skipped += 1;
            }
        }
        assert_eq!(skipped, 7);
        assert!(f.offer(&Url::parse("http://a.gov.cn/deep.html").unwrap(), 6, FetchKind::Page).is_err());
        let taken: Vec<bool> = std::iter::from_fn(|| f.next()).map(|r| r.is_ok()).collect();
        assert_eq!(taken, vec![true, true, false]);
    }

    #[test]
    fn attachments_and_assets_are_not_pages() {
        let u = |s: &str| Url::parse(s).unwrap();
        assert_eq!(kind_for(&u("http://a/x.pdf"), true), FetchKind::Attachment);
        assert_eq!(kind_for(&u("http://a/x.png"), true), FetchKind::Resource);
        assert_eq!(kind_for(&u("http://a/x.html"), false), FetchKind::Resource);
        assert_eq!(kind_for(&u("http://a/x/"), true), FetchKind::Page);
    }
}
