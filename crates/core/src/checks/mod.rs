//! Checks: pure functions from what the crawl stored to findings. Each check is a module of
//! its own and sees the site through [`SiteData`], never through the network.
//!
//! **Architecture invariant:** a check never fetches; if it needs a fact, the crawler must
//! have stored it first.

pub mod broken_links;
pub mod cloaking;
pub mod columns;
pub mod content;
pub mod crawl_limits;
pub mod exposed;
pub mod footer;
pub mod freshness;
pub mod headers;
pub mod hidden;
pub mod interaction;
pub mod links;
pub mod linkset;
pub mod mixed;
pub mod page;
pub mod scripts;
pub mod security;
pub mod services;
pub mod tamper;
pub mod targets;
pub mod tls;

use crate::finding::{Finding, Findings};
use crate::footer::Footer;
use crate::pageinfo::{Item, PageKind};
use crate::text::Text;
use chrono::NaiveDate;

/// One fetched URL as the store keeps it.
#[derive(Debug, Clone, Default)]
pub struct PageRecord {
    /// The URL as requested (normalised).
    pub url: Text,
    /// The URL after redirects (the same allocation as `url` when there were none).
    pub final_url: Text,
    /// The HTTP status of the last hop (0 when no response).
    pub status: u16,
    /// The fetch error class when there was no usable response (`timeout`, `dns`, …).
    pub error: Option<String>,
    /// Whether the body was parsed as HTML.
    pub is_html: bool,
    /// Whether this is the start page.
    pub is_home: bool,
    /// Page kind (HTML pages only).
    pub kind: Option<PageKind>,
    /// Headline.
    pub title: String,
    /// Publish date.
    pub publish_date: Option<NaiveDate>,
    /// Dated list entries.
    pub items: Vec<Item>,
    /// Footer identifiers: the homepage's (other pages' are not kept).
    pub footer: Option<Box<Footer>>,
    /// Crawl depth from the start page.
    pub depth: u32,
    /// Whether the body was cut at the size cap.
    pub truncated: bool,
    /// Ids and `<a name>`s a `#fragment` link can reach (HTML pages).
    pub anchors: Vec<String>,
    /// A link target on another host, checked rather than crawled.
    pub external: bool,
    /// The whole page analysis (breadcrumb, pagination, messages, guide elements …); the
    /// default for pages that were not parsed.
    pub info: crate::pageinfo::PageInfo,
}

/// One link occurrence: a link on a source page to a target.
#[derive(Debug, Clone, Default)]
pub struct LinkRecord {
    /// The page holding the link.
    pub source: Text,
    /// The normalised target (or the raw href when it is invalid).
    pub target: Text,
    /// `a`, `resource`, `script`, `frame`, `refresh`.
    pub tag: Text,
    /// The anchor text.
    pub text: Text,
    /// Short HTML rendering for evidence.
    pub snippet: Text,
    /// Position among the source page's links.
    pub position: u32,
    /// Whether the target is inside the site.
    pub internal: bool,
    /// Why the href is not a URL (`invalid_url`), if so.
    pub invalid: Option<String>,
    /// The `#fragment` of the href, if any.
    pub fragment: Option<String>,
    /// The link itself warns before leaving the site.
    pub exit_notice: bool,
}

/// A link occurrence as read from the store, borrowing its texts: a crawl stores every link
/// of every page (sixty a page), and [`linkset::LinkSink`] looks at each one but keeps few, so
/// only the kept ones become [`LinkRecord`]s.
#[derive(Debug, Clone, Copy, Default)]
pub struct LinkView<'a> {
    /// See [`LinkRecord::target`].
    pub target: &'a str,
    /// See [`LinkRecord::tag`].
    pub tag: &'a str,
    /// See [`LinkRecord::text`].
    pub text: &'a str,
    /// See [`LinkRecord::snippet`].
    pub snippet: &'a str,
    /// See [`LinkRecord::position`].
    pub position: u32,
    /// See [`LinkRecord::internal`].
    pub internal: bool,
    /// See [`LinkRecord::invalid`].
    pub invalid: Option<&'a str>,
    /// See [`LinkRecord::fragment`].
    pub fragment: Option<&'a str>,
    /// See [`LinkRecord::exit_notice`].
    pub exit_notice: bool,
}

impl LinkRecord {
    /// The record as a view (what the store hands a [`linkset::LinkSink`]).
    pub fn view(&self) -> LinkView<'_> {
        LinkView {
            target: &self.target,
            tag: &self.tag,
            text: &self.text,
            snippet: &self.snippet,
            position: self.position,
            internal: self.internal,
            invalid: self.invalid.as_deref(),
            fragment: self.fragment.as_deref(),
            exit_notice: self.exit_notice,
        }
    }
}

/// Something the crawler skipped, and why (for `crawl_limit`).
#[derive(Debug, Clone)]
pub struct SkipRecord {
    /// `max_pages`, `trap`, `robots`, `size`.
    pub reason: String,
    /// The URL skipped (or a pattern).
    pub url: String,
    /// Details (the trap pattern, the robots rule …).
    pub detail: String,
}

/// The whole site as the checks see it.
#[derive(Debug, Clone, Default)]
pub struct SiteData {
    /// The start URL.
    pub start_url: String,
    /// The date rules are judged against.
    pub as_of: NaiveDate,
    /// Every fetched URL.
    pub pages: Vec<PageRecord>,
    /// The link occurrences the checks read: every one in tests and small tools, the subset
    /// a [`linkset::LinkSink`] keeps after a crawl.
    pub links: Vec<LinkRecord>,
    /// On how many pages each `<a>` target appears, when `links` is a subset (else the
    /// column check counts `links` itself).
    pub template: Option<linkset::TemplateCounts>,
    /// What the crawl skipped.
    pub skipped: Vec<SkipRecord>,
    /// The link approval register (config and database).
    pub register: crate::approval::Register,
    /// Hosts a government site must never link to.
    pub blocklist: Vec<String>,
    /// Homepage availability probes (all stored; the rule picks its window).
    pub probes: Vec<crate::availability::ProbeRecord>,
    /// What the security phase gathered (headers, TLS, probes, cloaking, baselines).
    pub security: security::SecurityData,
    /// Column class overrides from the config, first match wins.
    pub column_overrides: Vec<ColumnOverride>,
}

/// A column class override (`[[columns]]` in the config): a URL prefix and/or a column name,
/// and the class to use instead of the one the name suggests.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ColumnOverride {
    /// A URL prefix: absolute (`http://…/tzgg/`) or a path (`/tzgg/`).
    pub prefix: Option<String>,
    /// The column's exact name.
    pub name: Option<String>,
    /// The class (`news`, `notice`, …).
    pub class: String,
}

#[cfg(test)]
impl PageRecord {
    /// A URL fetched without redirects, for tests; `http://s/` is the homepage.
    pub(crate) fn fetched(url: &str, status: u16, is_html: bool) -> Self {
        PageRecord {
            url: url.into(),
            final_url: url.into(),
            status,
            is_html,
            is_home: url == "http://s/",
            ..PageRecord::default()
        }
    }
}

impl SiteData {
    /// The homepage record, if it was fetched.
    pub fn home(&self) -> Option<&PageRecord> {
        self.pages.iter().find(|p| p.is_home)
    }
}

/// Runs every site check and returns the findings in report order ([`Finding::report_order`]),
/// each identity once.
pub fn run_all(site: &SiteData) -> Vec<Finding> {
    run_all_with(site, &columns::discover(site), Vec::new())
}

/// [`run_all`] over columns already discovered (the report lists them too: found once) and
/// with findings made elsewhere (the pages' own, judged during the crawl) sorted and
/// deduplicated with the checks' findings.
pub fn run_all_with(site: &SiteData, cols: &[columns::ColumnInfo], extra: Vec<Finding>) -> Vec<Finding> {
    let mut out = Findings::default();
    out.extend(extra);
    run_page_checks(site, cols, &mut out);
    run_link_checks(site, &targets::LinkTargets::of(site), &mut out);
    out.into_report_order()
}

/// The first part of [`run_all`]: every check that reads the page records, into `out`.
pub fn run_page_checks(site: &SiteData, cols: &[columns::ColumnInfo], out: &mut Findings) {
    out.extend(footer::check(site));
    out.extend(crawl_limits::check(site));
    out.extend(security::check(site));
    out.extend(freshness::check(site, cols));
    out.extend(interaction::check(site, cols));
    out.extend(services::check(site));
    let availability = crate::availability::judge(&site.probes, site.as_of);
    out.extend(crate::availability::check(&site.start_url, &availability));
}

/// The second part of [`run_all`]: the per-occurrence link checks (one finding per link
/// occurrence, hundreds of thousands on a large site), over `site.links` and what
/// [`targets::LinkTargets::of`] took from the pages — so `site.pages` may already be empty,
/// and a large site's page records and link findings are never held at once.
pub fn run_link_checks(site: &SiteData, targets: &targets::LinkTargets, out: &mut Findings) {
    broken_links::check_into(site, targets, out);
    links::check_into(site, targets, out);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Kind, Severity};

    #[test]
    fn page_findings_join_the_site_findings_sorted_and_once() {
        let site = SiteData { start_url: "http://s/".into(), ..SiteData::default() };
        let hidden = Finding::new(Kind::HiddenLink, Severity::High, "http://spam/", "m").source("http://s/a");
        let info = Finding::new(Kind::MixedContent, Severity::Low, "http://s/b", "m");
        let out = run_all_with(&site, &[], vec![info.clone(), hidden.clone(), hidden.clone()]);
        assert_eq!(out.iter().filter(|f| **f == hidden).count(), 1, "a finding made twice is reported once");
        assert!(out.contains(&info));
        assert!(out.windows(2).all(|w| Finding::report_order(&w[0], &w[1]).is_lt()), "sorted, no identity twice");
        assert_eq!(out.len(), run_all(&site).len() + 2);
    }
}
