//! The documents xunjian hands out: `xunjian.report/1` (one inspection of a site) and
//! `xunjian.page/1` (how one page was read), exactly as SPEC.md fixes them, plus the score.

use crate::finding::{Finding, Kind, Severity};
use crate::footer::Footer;
use crate::pageinfo::Item;
use serde::Serialize;

/// The schema tag of a site report.
pub const REPORT_SCHEMA: &str = "xunjian.report/1";
/// The schema tag of a page explanation.
pub const PAGE_SCHEMA: &str = "xunjian.page/1";

/// The site a report is about.
#[derive(Debug, Clone, Serialize)]
pub struct SiteRef {
    /// Start URL.
    pub url: String,
    /// Name from the config (or the homepage title).
    pub name: String,
}

/// Crawl statistics.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Stats {
    /// HTML pages read.
    pub pages: u64,
    /// Link occurrences found.
    pub links: u64,
    /// HTTP requests made.
    pub requests: u64,
    /// Bytes received (after decompression).
    pub bytes: u64,
}

/// One column of the site (`columns[]`).
#[derive(Debug, Clone, Serialize)]
pub struct Column {
    /// Column name.
    pub name: String,
    /// Column URL.
    pub url: String,
    /// Class (`news`, `notice`, …).
    pub class: String,
    /// Date of the newest item.
    pub latest: Option<String>,
    /// Number of dated items seen.
    pub items: u64,
    /// `ok`, `not_updated` or `blank`.
    pub status: String,
}

/// One deduction of the score.
#[derive(Debug, Clone, Serialize)]
pub struct Deduction {
    /// The indicator (`link_availability`, …).
    pub indicator: String,
    /// Points deducted (after the indicator's cap).
    pub points: f64,
}

/// The score of a run.
#[derive(Debug, Clone, Serialize)]
pub struct Score {
    /// The scoring profile.
    pub profile: String,
    /// `qualified` or `unqualified`.
    pub verdict: String,
    /// Points out of 100.
    pub points: f64,
    /// Veto items hit (finding kinds).
    pub veto: Vec<String>,
    /// Deductions per indicator.
    pub deductions: Vec<Deduction>,
    /// Indicators this run could not measure (never counted as passed).
    pub not_measured: Vec<String>,
}

/// A site report (`xunjian.report/1`).
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Always [`REPORT_SCHEMA`].
    pub schema: &'static str,
    /// The site.
    pub site: SiteRef,
    /// The date the rules were judged against.
    pub as_of: String,
    /// Start of the run (RFC 3339, UTC).
    pub started_at: String,
    /// End of the run (RFC 3339, UTC).
    pub finished_at: String,
    /// Crawl statistics.
    pub stats: Stats,
    /// Columns.
    pub columns: Vec<Column>,
    /// Findings, worst first.
    pub findings: Vec<Finding>,
    /// The score.
    pub score: Score,
}

/// A page explanation (`xunjian.page/1`).
#[derive(Debug, Clone, Serialize)]
pub struct PageReport {
    /// Always [`PAGE_SCHEMA`].
    pub schema: &'static str,
    /// The page URL (`file://` for a local file).
    pub url: String,
    /// The encoding and where it came from.
    pub encoding: EncodingRef,
    /// Page kind.
    pub kind: String,
    /// Headline.
    pub title: String,
    /// Publish date and source.
    pub publish_date: Option<DateRef>,
    /// Main list entries.
    pub items: Vec<Item>,
    /// Footer identifiers.
    pub footer: Footer,
    /// Number of links and embedded resources.
    pub links: u64,
    /// Findings on this page.
    pub findings: Vec<Finding>,
}

/// `encoding` of a page explanation.
#[derive(Debug, Clone, Serialize)]
pub struct EncodingRef {
    /// Encoding name.
    pub name: String,
    /// `header`, `bom`, `meta` or `detected`.
    pub source: String,
}

/// `publish_date` of a page explanation.
#[derive(Debug, Clone, Serialize)]
pub struct DateRef {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Where it was read.
    pub source: String,
}

/// Link-availability deduction per broken link on the homepage (census rule, indicators §3.2 [R]).
pub const HOME_LINK_POINTS: f64 = 1.0;
/// … and per broken link on any other page.
pub const OTHER_LINK_POINTS: f64 = 0.1;
/// Cap of the link-availability indicator [R].
pub const LINK_CAP: f64 = 10.0;

/// Indicators of `gov-cn-2019` that the checks of this build do not yet measure.
const NOT_YET_MEASURED: &[&str] = &[
    "site_unreachable (V2: needs 7 days of probes)",
    "homepage_not_updated (V3)",
    "column_not_updated (V4)",
    "consultation (V5)",
    "service_guides (V6)",
    "content_safety (V1)",
];

/// Scores findings with the `gov-cn-2019` profile: any veto fails the site; otherwise 100
/// minus the capped deductions, below 60 fails. Only the indicators this build measures are
/// scored; the others are listed as not measured.
pub fn score(findings: &[Finding], home_url: &str) -> Score {
    let mut veto: Vec<String> =
        findings.iter().filter(|f| f.severity == Severity::Veto).map(|f| f.kind.as_str().to_string()).collect();
    veto.sort();
    veto.dedup();
    let mut deductions = Vec::new();
    let broken: f64 = findings
        .iter()
        .filter(|f| f.kind == Kind::BrokenLink && f.severity >= Severity::High)
        .map(|f| if f.source.as_deref() == Some(home_url) { HOME_LINK_POINTS } else { OTHER_LINK_POINTS })
        .sum();
    if broken > 0.0 {
        deductions.push(Deduction { indicator: "link_availability".into(), points: round1(broken.min(LINK_CAP)) });
    }
    let footer = findings.iter().filter(|f| f.kind == Kind::FooterMissing).count();
    if footer > 0 {
        deductions.push(Deduction { indicator: "site_identity".into(), points: (footer as f64).min(4.0) });
    }
    let points = round1(100.0 - deductions.iter().map(|d| d.points).sum::<f64>());
    let verdict = if !veto.is_empty() || points < 60.0 { "unqualified" } else { "qualified" };
    Score {
        profile: "gov-cn-2019".into(),
        verdict: verdict.into(),
        // With a veto the site fails whatever the points; they are still shown (SPEC's example).
        points,
        veto,
        deductions,
        not_measured: NOT_YET_MEASURED.iter().map(|s| s.to_string()).collect(),
    }
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn broken(source: &str) -> Finding {
        Finding::new(Kind::BrokenLink, Severity::High, "http://s/x", "m").subtype("http_404").source(source)
    }

    #[test]
    fn homepage_links_cost_more_and_the_indicator_is_capped() {
        let s = score(&[broken("http://s/"), broken("http://s/a.html"), broken("http://s/b.html")], "http://s/");
        assert_eq!(s.verdict, "qualified");
        assert_eq!(s.points, 98.8);
        let many: Vec<Finding> = (0..30).map(|_| broken("http://s/")).collect();
        let s = score(&many, "http://s/");
        assert_eq!(s.points, 90.0);
    }

    #[test]
    fn a_veto_fails_the_site() {
        let f = Finding::new(Kind::DangerousLink, Severity::Veto, "http://bet/", "m");
        let s = score(&[f], "http://s/");
        assert_eq!((s.verdict.as_str(), s.veto.as_slice()), ("unqualified", &["dangerous_link".to_string()][..]));
    }
}
