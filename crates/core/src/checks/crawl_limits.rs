//! `crawl_limit`: what the crawl did not read and why — the page budget ran out, a crawler
//! trap was cut off, robots.txt refused, a body was cut at the size cap. One finding per
//! reason and rule (the start URL as `url`, count and examples in the evidence), and one per
//! page cut at the size cap.

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
            _ => ("抓取受限", Severity::Info),
        };
        let examples: Vec<&str> = urls.iter().take(3).copied().collect();
        out.push(
            Finding::new(
                Kind::CrawlLimit,
                sev,
                &site.start_url,
                format!("{zh} {} 个地址 / {reason}: {} URLs", urls.len(), urls.len()),
            )
            .subtype(reason)
            .evidence(format!("{detail}; 例如 {}", examples.join(" , "))),
        );
    }
    // A page cut at the body cap: one finding per page (its end was not read).
    for p in site.pages.iter().filter(|p| p.truncated) {
        out.push(
            Finding::new(
                Kind::CrawlLimit,
                Severity::Low,
                &p.url,
                "页面超过大小上限，只读取了前面部分 / body cut at the size cap",
            )
            .subtype("size")
            .evidence("超过大小上限的部分未检查 / the rest of the body was not checked"),
        );
    }
    out
}
