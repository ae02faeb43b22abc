//! Checks judged on one page alone, while the crawl runs (the parsed page is at hand then and
//! is not kept): each detector is a module of its own, called from [`run`]. Their findings
//! are stored with the page and merged into the report.

use crate::Finding;
use crate::approval::Register;
use crate::html::Document;
use crate::pageinfo::PageInfo;
use crate::urlnorm::Scope;
use chrono::{Datelike, NaiveDate};

/// What a page check may know besides the page.
#[derive(Debug, Clone)]
pub struct PageContext {
    /// The site's scope (internal vs external).
    pub scope: Scope,
    /// The link approval register (also approves script and frame sources).
    pub register: Register,
    /// The date rules are judged against.
    pub as_of: NaiveDate,
    /// The site's lexicon (default, config words and files, allow-list).
    pub lexicon: crate::scan::Lexicon,
}

/// One page as the page checks see it.
pub struct Page<'a> {
    /// The parsed page (its `url` is the final URL).
    pub doc: &'a Document,
    /// Its visible text.
    pub text: &'a str,
    /// Its analysis.
    pub info: &'a PageInfo,
    /// Whether it is the homepage.
    pub is_home: bool,
}

/// Runs every page check.
pub fn run(page: &Page<'_>, ctx: &PageContext) -> Vec<Finding> {
    let mut out = Vec::new();
    out.extend(super::hidden::check(page, ctx));
    out.extend(super::scripts::check(page, ctx));
    out.extend(super::mixed::check(page, ctx));
    out.extend(super::content::check_text(page.doc.url.as_str(), None, page.text, &ctx.lexicon, ctx.as_of.year()));
    out
}
