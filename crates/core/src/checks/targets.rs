//! What the per-occurrence link checks (`broken_links`, `links`) need of the fetched pages,
//! taken out of the page records so those can be freed first: a large site's page records
//! and its hundreds of thousands of link findings are then never held at once.
//!
//! Only the targets of the kept links with something to tell are held: the ones that failed
//! (their `broken_link` subtype), the HTML pages a `#fragment` link points at (their anchors)
//! and the pages on other hosts (their titles, read by the dangerous-link rule).

use super::{SiteData, broken_links};
use crate::text::Text;
use std::collections::HashMap;

/// The facts of one link target.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Target {
    /// The `broken_link` subtype when fetching it failed (shared by every finding on a link
    /// to it).
    pub broken: Option<Text>,
    /// Whether it is an HTML page (a `#fragment` can only be checked on one).
    pub is_html: bool,
    /// Its ids and `<a name>`s, when a kept link points at one of them.
    pub anchors: Vec<String>,
    /// Its title, when it is on another host.
    pub title: String,
}

/// The facts of the kept links' targets, by URL, and the homepage's URL.
#[derive(Debug, Clone, Default)]
pub struct LinkTargets {
    home: Option<Text>,
    by_url: HashMap<Text, Target>,
}

impl LinkTargets {
    /// Takes from `site.pages` what the link checks will ask about `site.links`.
    pub fn of(site: &SiteData) -> Self {
        let pages: HashMap<&str, &super::PageRecord> = site.pages.iter().map(|p| (p.url.as_str(), p)).collect();
        let mut by_url: HashMap<Text, Target> = HashMap::new();
        for l in site.links.iter().filter(|l| l.invalid.is_none()) {
            let Some(p) = pages.get(l.target.as_str()) else { continue };
            let broken = broken_links::subtype(p).map(Text::from);
            let anchors = l.fragment.is_some() && p.is_html && broken.is_none();
            let title = !l.internal && !p.title.is_empty();
            if broken.is_none() && !anchors && !title {
                continue;
            }
            let t = by_url.entry(l.target.clone()).or_insert_with(|| Target {
                broken,
                is_html: p.is_html,
                ..Target::default()
            });
            if anchors && t.anchors.is_empty() {
                t.anchors.clone_from(&p.anchors);
            }
            if title && t.title.is_empty() {
                t.title.clone_from(&p.title);
            }
        }
        by_url.shrink_to_fit();
        LinkTargets { home: site.home().map(|h| h.url.clone()), by_url }
    }

    /// The facts of `url`, when it was fetched and has any the link checks read.
    pub fn get(&self, url: &str) -> Option<&Target> {
        self.by_url.get(url)
    }

    /// The homepage's URL, when it was fetched.
    pub fn home(&self) -> Option<&str> {
        self.home.as_deref()
    }

    /// How many targets are held.
    pub fn len(&self) -> usize {
        self.by_url.len()
    }

    /// Whether none is.
    pub fn is_empty(&self) -> bool {
        self.by_url.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::{LinkRecord, PageRecord, run_link_checks};
    use crate::finding::{Findings, Kind};

    fn page(url: &str, status: u16, is_html: bool, title: &str, anchors: &[&str]) -> PageRecord {
        PageRecord {
            title: title.into(),
            anchors: anchors.iter().map(|a| a.to_string()).collect(),
            ..PageRecord::fetched(url, status, is_html)
        }
    }

    fn link(source: &str, target: &str, internal: bool, fragment: Option<&str>) -> LinkRecord {
        LinkRecord {
            source: source.into(),
            target: target.into(),
            tag: "a".into(),
            text: "链接".into(),
            snippet: format!("<a href=\"{target}\">链接</a>").into(),
            internal,
            fragment: fragment.map(str::to_string),
            ..LinkRecord::default()
        }
    }

    fn site() -> SiteData {
        SiteData {
            start_url: "http://s/".into(),
            as_of: "2026-11-28".parse().unwrap(),
            pages: vec![
                page("http://s/", 200, true, "首页", &[]),
                page("http://s/ok.html", 200, true, "好页面", &["top"]),
                page("http://s/gone.html", 404, true, "", &[]),
                page("http://s/doc.html", 200, true, "文档", &["sec1", "sec2"]),
                page("http://other.example.com/", 200, true, "在线赌场 casino", &[]),
            ],
            links: vec![
                link("http://s/", "http://s/ok.html", true, None),
                link("http://s/", "http://s/gone.html", true, None),
                // A plain link first, then a fragment link to the same page.
                link("http://s/", "http://s/doc.html", true, None),
                link("http://s/ok.html", "http://s/doc.html", true, Some("sec9")),
                link("http://s/ok.html", "http://s/doc.html", true, Some("sec2")),
                link("http://s/ok.html", "http://other.example.com/", false, None),
                LinkRecord { invalid: Some("bad host".into()), ..link("http://s/", "http:///x", true, None) },
            ],
            ..SiteData::default()
        }
    }

    #[test]
    fn holds_only_the_targets_the_link_checks_ask_about() {
        let t = LinkTargets::of(&site());
        assert_eq!(t.home(), Some("http://s/"));
        assert_eq!(t.get("http://s/gone.html").and_then(|t| t.broken.as_deref()), Some("http_404"));
        let doc = t.get("http://s/doc.html").expect("a #fragment target is held");
        assert!(doc.is_html && doc.broken.is_none());
        assert_eq!(doc.anchors, ["sec1", "sec2"], "its anchors, though the first link to it had no fragment");
        assert_eq!(t.get("http://other.example.com/").map(|t| t.title.as_str()), Some("在线赌场 casino"));
        // Near misses: a healthy page linked without a fragment, and the homepage, are not held.
        assert!(t.get("http://s/ok.html").is_none());
        assert!(t.get("http://s/").is_none());
        assert_eq!(t.len(), 3);
    }

    #[test]
    fn the_link_checks_find_the_same_without_the_page_records() {
        let mut with_pages = site();
        with_pages.register = crate::approval::Register::new(Vec::new());
        let targets = LinkTargets::of(&with_pages);
        let mut before = Findings::default();
        run_link_checks(&with_pages, &targets, &mut before);
        let before = before.into_report_order();
        let without = SiteData { pages: Vec::new(), ..with_pages };
        let mut after = Findings::default();
        run_link_checks(&without, &targets, &mut after);
        assert_eq!(before, after.into_report_order());
        let kinds: Vec<(Kind, Option<&str>, &str)> =
            before.iter().map(|f| (f.kind, f.subtype.as_deref(), f.url.as_str())).collect();
        assert!(kinds.contains(&(Kind::BrokenLink, Some("http_404"), "http://s/gone.html")));
        assert!(kinds.contains(&(Kind::BrokenLink, Some("fragment"), "http://s/doc.html")), "#sec9 is missing");
        assert!(kinds.contains(&(Kind::BrokenLink, Some("invalid_url"), "http:///x")));
        assert!(kinds.contains(&(Kind::DangerousLink, Some("gambling"), "http://other.example.com/")), "{kinds:?}");
        assert!(kinds.contains(&(Kind::UnapprovedExternalLink, None, "http://other.example.com/")));
        // #sec2 exists: one fragment finding, not two.
        assert_eq!(kinds.iter().filter(|k| k.1 == Some("fragment")).count(), 1);
    }
}
