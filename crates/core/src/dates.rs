//! Date extraction: the labelled publish date of an article (发布时间/发布日期 lines), the dates
//! of list entries, dates in CMS URLs. A page without a recognisable 发布日期 has no publish
//! date; it is never given the fetch date, a 成文日期 or a page-regeneration time instead.

use crate::html::Document;
use crate::pageinfo::Item;
use chrono::NaiveDate;
use regex::Regex;
use serde::Serialize;
use std::sync::OnceLock;

/// Where a publish date was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DateSource {
    /// A labelled line: 发布时间 / 发布日期 / 时间 / 日期 ….
    Label,
    /// A meta tag stating first publication.
    Meta,
    /// An unlabelled byline date near the headline.
    Byline,
}

/// A publish date and its source (`xunjian.page/1` `publish_date`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PublishDate {
    /// The date.
    pub date: NaiveDate,
    /// Where it was read.
    pub source: DateSource,
}

fn re(cell: &'static OnceLock<Regex>, pat: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pat).expect("static regex"))
}

/// The labelled publish date of the page's visible text.
pub fn publish_date(_doc: &Document, text: &str) -> Option<PublishDate> {
    static LABEL: OnceLock<Regex> = OnceLock::new();
    let r = re(&LABEL, r"(?:发布|发稿|信息)(?:时间|日期)\s*[:：]?\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})");
    let c = r.captures(text)?;
    let date = ymd(&c[1], &c[2], &c[3])?;
    Some(PublishDate { date, source: DateSource::Label })
}

/// The date in a CMS article URL (`t20261120_123.html`, `/art/2026/11/20/`, `/2026-11/20/`).
pub fn url_date(url: &str) -> Option<NaiveDate> {
    static TRS: OnceLock<Regex> = OnceLock::new();
    static ART: OnceLock<Regex> = OnceLock::new();
    if let Some(c) = re(&TRS, r"/t(\d{4})(\d{2})(\d{2})_\d+").captures(url) {
        return ymd(&c[1], &c[2], &c[3]);
    }
    let c = re(&ART, r"/(?:art/)?(\d{4})[-/](\d{1,2})/(\d{1,2})/").captures(url)?;
    ymd(&c[1], &c[2], &c[3])
}

/// The entries of the page's main dated list: links whose line carries a date.
pub fn list_items(doc: &Document) -> Vec<Item> {
    static BARE: OnceLock<Regex> = OnceLock::new();
    let r = re(&BARE, r"(?:^|[^\d])((?:19|20)\d{2})[-/.年](\d{1,2})[-/.月](\d{1,2})");
    let li = scraper::Selector::parse("li, tr").expect("static selector");
    let a = scraper::Selector::parse("a[href]").expect("static selector");
    let mut items = Vec::new();
    for row in doc.dom().select(&li) {
        let links: Vec<_> = row.select(&a).collect();
        if links.len() != 1 {
            continue;
        }
        let text: String = row.text().collect();
        let Some(c) = r.captures(&text) else { continue };
        let Some(date) = ymd(&c[1], &c[2], &c[3]) else { continue };
        let link = links[0];
        let Ok(url) = doc.base.join(link.value().attr("href").unwrap_or_default()) else { continue };
        items.push(Item { title: crate::html::collapse(&link.text().collect::<String>()), url: url.to_string(), date: Some(date) });
    }
    items
}

/// A date from year, month and day strings, if it is a real calendar date after 1995.
pub fn ymd(y: &str, m: &str, d: &str) -> Option<NaiveDate> {
    let date = NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)?;
    (date.year_ce().1 >= 1995).then_some(date)
}

use chrono::Datelike;
