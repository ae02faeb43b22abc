//! What a page is, read the way an inspector reads it: its kind (home, list, article,
//! consultation, service, other), its headline, its publish date (发布日期, never the
//! 成文日期) with where that date came from, the dated entries of its main list, and its
//! footer identifiers.

use crate::dates::{self, PublishDate};
use crate::footer::{self, Footer};
use crate::html::Document;
use chrono::NaiveDate;
use serde::Serialize;

/// The kind of a page (`xunjian.page/1` `kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PageKind {
    /// The site's homepage.
    Home,
    /// A column page listing dated entries.
    List,
    /// One published article.
    Article,
    /// A consultation / message board page (领导信箱, 咨询, 留言).
    Consultation,
    /// A service guide page (办事指南).
    Service,
    /// Anything else.
    Other,
}

impl PageKind {
    /// The name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            PageKind::Home => "home",
            PageKind::List => "list",
            PageKind::Article => "article",
            PageKind::Consultation => "consultation",
            PageKind::Service => "service",
            PageKind::Other => "other",
        }
    }

    /// Parses the name used in reports.
    pub fn parse(s: &str) -> Option<PageKind> {
        Some(match s {
            "home" => PageKind::Home,
            "list" => PageKind::List,
            "article" => PageKind::Article,
            "consultation" => PageKind::Consultation,
            "service" => PageKind::Service,
            "other" => PageKind::Other,
            _ => return None,
        })
    }
}

/// One entry of a page's main dated list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Item {
    /// The entry's title (the link text).
    pub title: String,
    /// The entry's absolute URL.
    pub url: String,
    /// The entry's date as shown in the list; `None` for an undated entry.
    pub date: Option<NaiveDate>,
}

/// Everything `xunjian page` explains about one HTML page.
#[derive(Debug, Clone, Serialize)]
pub struct PageInfo {
    /// The kind of page.
    pub kind: PageKind,
    /// The visible headline (or the `<title>` when there is none).
    pub title: String,
    /// The publish date and its source, `None` when the page has none.
    pub publish_date: Option<PublishDate>,
    /// The entries of the main dated list (empty when there is none).
    pub items: Vec<Item>,
    /// The footer identifiers.
    pub footer: Footer,
    /// The date encoded in the URL (`t20261120_…`, `/art/2026/11/20/`), if any.
    pub url_date: Option<NaiveDate>,
}

/// Analyses a parsed page. `is_home` is true for the site's start page.
pub fn analyze(doc: &Document, is_home: bool) -> PageInfo {
    let text = doc.text();
    let items = dates::list_items(doc);
    let publish_date = dates::publish_date(doc, &text);
    let title = headline(doc);
    let kind = if is_home {
        PageKind::Home
    } else if items.len() >= 3 && publish_date.is_none() {
        PageKind::List
    } else if publish_date.is_some() {
        PageKind::Article
    } else {
        PageKind::Other
    };
    PageInfo {
        kind,
        title,
        publish_date,
        items,
        footer: footer::extract(&text),
        url_date: dates::url_date(doc.url.as_str()),
    }
}

/// The visible headline: the first `<h1>`, else the `<title>`.
fn headline(doc: &Document) -> String {
    let sel = scraper::Selector::parse("h1").expect("static selector");
    doc.dom()
        .select(&sel)
        .map(|h| crate::html::collapse(&h.text().collect::<String>()))
        .find(|t| !t.is_empty())
        .unwrap_or_else(|| doc.title())
}
