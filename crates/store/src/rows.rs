//! Plain rows the store reads and writes. They carry no database types, so callers and a
//! future PostgreSQL backend share them.

/// One fetched URL to store.
#[derive(Debug, Clone, Default)]
pub struct PageRow {
    /// URL as queued.
    pub url: String,
    /// URL after redirects.
    pub final_url: String,
    /// Last status (0 = no response).
    pub status: u16,
    /// Failure class.
    pub error: Option<String>,
    /// Content-Type.
    pub content_type: Option<String>,
    /// Parsed as HTML.
    pub is_html: bool,
    /// The start page.
    pub is_home: bool,
    /// Hops from the start page.
    pub depth: u32,
    /// Encoding name.
    pub encoding: Option<String>,
    /// Where the encoding came from.
    pub encoding_source: Option<String>,
    /// Body bytes read.
    pub bytes: u64,
    /// Cut at the cap.
    pub truncated: bool,
    /// Fetch time in ms.
    pub elapsed_ms: u64,
    /// Requests made.
    pub requests: u32,
    /// Redirect chain, JSON.
    pub redirects: String,
    /// Kept headers, JSON.
    pub headers: String,
    /// SHA-256 of the normalised text.
    pub hash: Option<String>,
    /// Headline.
    pub title: String,
    /// Page kind.
    pub kind: Option<String>,
    /// Publish date, YYYY-MM-DD.
    pub publish_date: Option<String>,
    /// Page analysis, JSON.
    pub info: Option<String>,
    /// Visible text (capped).
    pub text: Option<String>,
    /// Findings judged on this page alone, JSON array.
    pub findings: String,
    /// Ids a `#fragment` can reach, JSON array.
    pub anchors: String,
    /// A link target on another host (checked, not crawled).
    pub external: bool,
    /// Fetch time, RFC 3339.
    pub fetched_at: String,
    /// Tamper fingerprint, JSON (parsed pages).
    pub fingerprint: Option<String>,
}

/// One link occurrence to store.
#[derive(Debug, Clone, Default)]
pub struct LinkRow {
    /// Page holding the link.
    pub source: String,
    /// Normalised target or raw href.
    pub target: String,
    /// Tag class.
    pub tag: String,
    /// Anchor text.
    pub text: String,
    /// Evidence rendering.
    pub snippet: String,
    /// Position in the page.
    pub position: u32,
    /// Inside the site.
    pub internal: bool,
    /// Why the href is invalid.
    pub invalid: Option<String>,
    /// The `#fragment`, if any.
    pub fragment: Option<String>,
    /// The link warns before leaving the site.
    pub exit_notice: bool,
}

/// One frontier entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontierRow {
    /// URL.
    pub url: String,
    /// Depth.
    pub depth: u32,
    /// `page`, `attachment`, `resource`.
    pub kind: String,
}

/// One refused URL.
#[derive(Debug, Clone)]
pub struct SkipRow {
    /// Reason.
    pub reason: String,
    /// URL.
    pub url: String,
    /// Rule.
    pub detail: String,
}

/// One unit of work for [`crate::Store::write`]; a batch is one transaction.
#[derive(Debug, Clone)]
pub enum Write {
    /// Queue entries (seeds).
    Enqueue(Vec<FrontierRow>),
    /// A fetched URL with its links and the queue entries it added; marks it done.
    Page {
        /// The page.
        page: Box<PageRow>,
        /// Its links.
        links: Vec<LinkRow>,
        /// New queue entries.
        enqueued: Vec<FrontierRow>,
    },
    /// A refused URL; marks it done if it was queued.
    Skip(SkipRow),
}

/// A run as stored.
#[derive(Debug, Clone)]
pub struct RunRow {
    /// Run id.
    pub id: i64,
    /// Site id.
    pub site_id: i64,
    /// `running` or `finished`.
    pub status: String,
    /// As-of date.
    pub as_of: String,
    /// Start time.
    pub started_at: String,
    /// End time.
    pub finished_at: Option<String>,
}

/// What an interrupted run had done and had still to do.
#[derive(Debug, Clone, Default)]
pub struct ResumeState {
    /// URLs already fetched (or skipped) with their kind.
    pub done: Vec<FrontierRow>,
    /// URLs queued but not fetched.
    pub queued: Vec<FrontierRow>,
}

/// One approval of the register kept in the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApprovalRow {
    /// Row id.
    pub id: i64,
    /// The site it applies to (`None`: every site).
    pub site: Option<String>,
    /// Host, `*.host` or URL prefix.
    pub pattern: String,
    /// Who approved.
    pub approved_by: String,
    /// When (YYYY-MM-DD).
    pub approved_on: String,
    /// Expiry (YYYY-MM-DD).
    pub expires: Option<String>,
    /// Note.
    pub note: String,
}

/// A cached external link check.
#[derive(Debug, Clone)]
pub struct CheckRow {
    /// URL.
    pub url: String,
    /// Status.
    pub status: u16,
    /// Error class.
    pub error: Option<String>,
    /// Page title (for dangerous-link signals).
    pub title: String,
    /// When (RFC 3339).
    pub checked_at: String,
}

/// What changed between a run and the site's history.
#[derive(Debug, Clone, Default)]
pub struct RunDiff {
    /// The findings seen for the first time, as indices into the findings recorded.
    pub new: Vec<usize>,
    /// How many findings were seen before.
    pub persisting: usize,
    /// Findings open before and not seen again: fixed.
    pub fixed: Vec<xunjian_core::Finding>,
}
