//! What happens to each fetched URL, in the crawl's worker tasks: decode, parse, analyse the
//! page, judge what can be judged on the page alone, and turn it into rows for the store
//! plus the links the crawl follows. This is the only place where crawler and core meet.

use chrono::Datelike;
use sha2::Digest;
use url::Url;
use xunjian_core::checks::{self, page::Page, page::PageContext};
use xunjian_core::decode;
use xunjian_core::html::{Document, Link};
use xunjian_core::pageinfo;
use xunjian_core::urlnorm::{Scope, UrlProblem};
use xunjian_crawler::engine::Processed;
use xunjian_crawler::{FetchKind, Fetched, Handler, QueueItem};
use xunjian_store::{LinkRow, PageRow};

/// The per-URL processing of one inspection.
pub struct PageHandler {
    /// The start page (the homepage).
    pub home: Url,
    /// The crawl scope (internal vs external links).
    pub scope: Scope,
    /// What the page checks need besides the page.
    pub ctx: PageContext,
}

/// One processed URL: its row and its links.
pub type Output = (PageRow, Vec<LinkRow>);

impl Handler for PageHandler {
    type Output = Output;

    fn process(&self, item: &QueueItem, f: Fetched) -> Processed<Output> {
        let is_home = item.url == self.home;
        let mut row = PageRow {
            url: item.url.to_string(),
            final_url: f.final_url.to_string(),
            status: f.status,
            error: f.error.clone(),
            content_type: f.content_type.clone(),
            is_home,
            depth: item.depth,
            bytes: f.body.len() as u64,
            truncated: f.truncated,
            elapsed_ms: f.elapsed.as_millis() as u64,
            requests: f.requests,
            redirects: serde_json::to_string(&f.redirects).unwrap_or_else(|_| "[]".into()),
            headers: serde_json::to_string(&f.headers).unwrap_or_else(|_| "[]".into()),
            findings: "[]".into(),
            anchors: "[]".into(),
            fetched_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            ..PageRow::default()
        };
        let parse = item.kind == FetchKind::Page
            && f.error.is_none()
            && f.status < 400
            && !f.body.is_empty()
            && f.is_html()
            && self.scope.is_internal(&f.final_url);
        if !parse {
            self.scan_attachment(&mut row, &f);
            return Processed { output: (row, Vec::new()), discovered: Vec::new() };
        }
        row.is_html = true;
        let decoded = decode::decode(&f.body, f.content_type.as_deref());
        let doc = Document::parse(&decoded.text, &f.final_url);
        let info = pageinfo::analyze(&doc, is_home);
        let text = doc.text();
        let links = doc.links();
        row.encoding = Some(decoded.encoding.to_string());
        row.encoding_source = Some(decoded.source.as_str().to_string());
        row.hash = Some(hex(&sha2::Sha256::digest(text.as_bytes())));
        row.title = info.title.clone();
        row.kind = Some(info.kind.as_str().to_string());
        row.publish_date = info.publish_date.map(|d| d.date.to_string());
        row.info = serde_json::to_string(&info).ok();
        let page = Page { doc: &doc, text: &text, info: &info, is_home };
        let findings = checks::page::run(&page, &self.ctx);
        row.findings = serde_json::to_string(&findings).unwrap_or_else(|_| "[]".into());
        row.fingerprint = crate::security::fingerprint(&page, &links, &findings, &self.scope);
        let discovered =
            links.iter().filter_map(|l| l.target.as_ref().ok().map(|u| (u.clone(), l.tag.is_navigational()))).collect();
        row.anchors = serde_json::to_string(&doc.anchors()).unwrap_or_else(|_| "[]".into());
        let mut link_rows = link_rows(&row.url, &links, &self.scope);
        if page_warns_on_exit(&doc, &text) {
            for l in link_rows.iter_mut().filter(|l| !l.internal) {
                l.exit_notice = true;
            }
        }
        Processed { output: (row, link_rows), discovered }
    }
}

impl PageHandler {
    /// Scans the text of an attachment (or any non-HTML body of the site) for personal data,
    /// classified markers and lexicon words. The linking page is filled in after the crawl.
    fn scan_attachment(&self, row: &mut PageRow, f: &Fetched) {
        if f.error.is_some() || f.status >= 400 || f.body.is_empty() || !self.scope.is_internal(&f.final_url) {
            return;
        }
        let Some(text) = crate::extract::attachment_text(f.final_url.path(), f.content_type.as_deref(), &f.body) else {
            return;
        };
        let findings = checks::content::check_text(&row.url, None, &text, &self.ctx.lexicon, self.ctx.as_of.year());
        row.findings = serde_json::to_string(&findings).unwrap_or_else(|_| "[]".into());
    }
}

/// The rows of a page's links (invalid hrefs included, unfetchable schemes left out).
fn link_rows(source: &str, links: &[Link], scope: &Scope) -> Vec<LinkRow> {
    links
        .iter()
        .filter_map(|l| {
            let (target, internal, invalid) = match &l.target {
                Ok(u) => (u.to_string(), scope.is_internal(u), None),
                Err(UrlProblem::Invalid(why)) => (l.href.clone(), false, Some(why.clone())),
                Err(UrlProblem::NotFetchable) => return None,
            };
            Some(LinkRow {
                fragment: l.fragment.clone(),
                exit_notice: l.exit_notice,
                source: source.to_string(),
                target,
                tag: l.tag.as_str().to_string(),
                text: l.text.clone(),
                snippet: l.snippet.clone(),
                position: l.position as u32,
                internal,
                invalid,
            })
        })
        .collect()
}

/// Phrases of a "you are leaving this site" notice.
const EXIT_PHRASES: &[&str] = &["即将离开", "离开本网站", "离开本站"];

/// Whether the page warns before every outbound link: an interstitial page itself, or a
/// page-wide script that asks before leaving.
fn page_warns_on_exit(doc: &Document, text: &str) -> bool {
    if EXIT_PHRASES.iter().any(|p| text.contains(p)) {
        return true;
    }
    // Parsed once: this runs for every page of every crawl.
    static INLINE_SCRIPTS: std::sync::OnceLock<scraper::Selector> = std::sync::OnceLock::new();
    let sel = INLINE_SCRIPTS.get_or_init(|| scraper::Selector::parse("script:not([src])").expect("static selector"));
    doc.dom().select(sel).any(|s| {
        let js: String = s.text().collect();
        EXIT_PHRASES.iter().any(|p| js.contains(p))
    })
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
