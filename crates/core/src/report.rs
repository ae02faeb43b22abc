//! The documents xunjian hands out: `xunjian.report/1` (one inspection of a site) and
//! `xunjian.page/1` (how one page was read), exactly as SPEC.md fixes them, plus the score.

use crate::finding::Finding;
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
#[derive(Debug, Clone, Default, Serialize)]
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
    /// URL of the parent column; absent for a first-level column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// A historical topic (专题), exempt from the freshness rules; absent when false.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub historical: bool,
    /// Date of the newest published reply (consultation columns); absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latest_reply: Option<String>,
}

/// One deduction of the score.
#[derive(Debug, Clone, Serialize)]
pub struct Deduction {
    /// The indicator (`link_availability`, …).
    pub indicator: String,
    /// Points deducted (after the indicator's cap).
    pub points: f64,
    /// The indicator's name.
    pub name: String,
    /// Its first-level group.
    pub group: String,
    /// How many findings are behind it.
    pub count: usize,
    /// The first [`KEYS_LISTED`] of them (`Finding::key`): every finding is in the report's
    /// own list, so a site with a broken template link does not repeat it here 100,000 times.
    pub findings: Vec<String>,
}

/// How many finding keys a deduction or a veto item lists (its `count` says how many there are).
pub const KEYS_LISTED: usize = 50;

/// One veto item hit.
#[derive(Debug, Clone, Serialize)]
pub struct VetoHit {
    /// `V1` …
    pub id: String,
    /// Name.
    pub name: String,
    /// The finding kinds behind it.
    pub kinds: Vec<String>,
    /// How many findings are behind it.
    pub count: usize,
    /// The first [`KEYS_LISTED`] of them (`Finding::key`, sorted).
    pub findings: Vec<String>,
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
    /// Veto items hit, with the findings behind them.
    pub veto_items: Vec<VetoHit>,
    /// Deductions per indicator.
    pub deductions: Vec<Deduction>,
    /// Indicators this run could not measure (never counted as passed).
    pub not_measured: Vec<String>,
    /// The 4/3 rule was applied (no public services).
    pub scaled_for_no_services: bool,
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
    /// What changed since the site's previous run.
    pub changes: Changes,
}

/// What changed since the site's previous inspection.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Changes {
    /// When the previous run finished (`None`: this is the first).
    pub previous_run: Option<String>,
    /// Keys (`Finding::key`) of the findings not seen before this run; empty on a site's
    /// first run (`previous_run` is `null`), when every finding is new.
    pub new: Vec<String>,
    /// How many findings were already open.
    pub persisting: usize,
    /// Findings of earlier runs not seen again.
    pub fixed: Vec<Finding>,
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
