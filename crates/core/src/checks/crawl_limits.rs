//! `crawl_limit`: what the crawl did not read and why — the page budget ran out, a crawler
//! trap was cut off, robots.txt refused, a body was cut at the size cap. One finding per
//! reason and pattern, with the count and examples in the evidence.

use super::SiteData;
use crate::finding::{Finding, Kind, Severity};
use std::collections::BTreeMap;

/// Runs the check.
pub fn check(site: &SiteData) -> Vec<Finding> {
    let mut groups: BTreeMap<(&str, &str), Vec<&str>> = BTreeMap::new();
    for s in &site.skipped {
        groups.entry((s.reason.as_str(), s.detail.as_str())).or_default().push(s.url.as_str());
    }
    let mut out = Vec::new();
    for ((reason, detail), urls) in groups {
        let (zh, sev) = match reason {
            "max_pages" => ("达到页面数上限，未抓取", Severity::Low),
            "trap" => ("疑似爬虫陷阱，已截断", Severity::Info),
            "robots" => ("robots.txt 禁止抓取", Severity::Low),
            "size" => ("页面超过大小上限，已截断", Severity::Low),
            _ => ("抓取受限", Severity::Info),
        };
        let examples: Vec<&str> = urls.iter().take(3).copied().collect();
        let url = if reason == "size" { urls[0] } else { site.start_url.as_str() };
        out.push(
            Finding::new(Kind::CrawlLimit, sev, url, format!("{zh} {} 个地址 / {reason}: {} URLs", urls.len(), urls.len()))
                .subtype(reason)
                .evidence(format!("{detail}; 例如 {}", examples.join(" , "))),
        );
    }
    out
}
