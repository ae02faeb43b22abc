//! What a page is, read the way an inspector reads it: its kind (home, list, article,
//! consultation, service, other), its headline, its publish date (发布日期, never the
//! 成文日期) with where that date came from, the dated entries of its main list, its
//! pagination, whether it shows a "blank column" note, and its footer identifiers.
//!
//! This module owns the page model: [`analyze`] walks the DOM **once** ([`PageText::read`])
//! and records the visible text (one line per block, hidden elements marked), every element's
//! span in that text, the links, the date-shaped text pieces, the footer zone and the
//! headline. [`crate::dates`] and [`crate::footer`] read their facts from that model, so no
//! step re-parses the document or re-walks it.

use crate::dates::{self, LeafDate, PublishDate};
use crate::footer::{self, Footer};
use crate::html::{self, Document};
use crate::text::Text;
use chrono::NaiveDate;
use regex::Regex;
use scraper::{ElementRef, Node, Selector};
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// The kind of a page (`xunjian.page/1` `kind`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
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
    #[default]
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

/// How a column is paginated (indicators §11.2), as far as this one page tells.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Pagination {
    /// Total number of pages (`createPageHTML(total, …)`, `countPage = N`, 共N页, the 尾页 link).
    pub total_pages: Option<u32>,
    /// This page's 1-based number, when stated.
    pub current_page: Option<u32>,
    /// Absolute URL of the next page (TRS `index_N.html`, or the 下一页 link).
    pub next_url: Option<String>,
    /// Absolute URL of the last page (尾页 / 末页 link).
    pub last_url: Option<String>,
}

/// One entry of a page's breadcrumb (当前位置：首页 > 通知公告).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Crumb {
    /// The entry's text (shared: every page of a column has the same trail).
    pub name: Text,
    /// Its absolute URL; `None` for the trailing plain-text entry.
    pub url: Option<Text>,
}

/// Whether a consultation message has been answered, as far as the page tells.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Reply {
    /// A reply is published (回复时间, 已回复, 回复内容).
    Replied,
    /// The page says it waits (待回复, 办理中) or shows an empty reply field.
    Pending,
    /// The page does not say.
    #[default]
    Unknown,
}

/// One message of a consultation channel (领导信箱, 咨询, 留言), from its list or its own page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    /// The message's subject.
    pub title: String,
    /// The message's own page (the list page itself when it has none).
    pub url: String,
    /// 留言时间 / 来信时间 / 提问时间.
    pub asked: Option<NaiveDate>,
    /// 回复时间 / 答复时间, when printed.
    pub replied: Option<NaiveDate>,
    /// Whether it is answered.
    pub reply: Reply,
}

/// The ten key elements of a service guide (indicators V6): report key, Chinese name, and the
/// field labels that carry it.
pub const GUIDE_ELEMENTS: [(&str, &str, &[&str]); 10] = [
    ("item_name", "事项名称", &["事项名称", "服务事项名称", "服务事项", "项目名称", "审批事项名称", "办理事项"]),
    ("legal_basis", "设定依据", &["设定依据", "办理依据", "实施依据", "法律依据", "法定依据", "政策依据", "受理依据"]),
    ("conditions", "申请条件", &["申请条件", "受理条件", "办理条件", "申办条件", "准予条件", "受理标准"]),
    ("materials", "办理材料", &["办理材料", "申请材料", "申报材料", "所需材料", "提交材料", "材料清单"]),
    ("place", "办理地点", &["办理地点", "受理地点", "办公地点", "服务地点", "办理地址", "受理地址", "窗口地址"]),
    (
        "agency",
        "办理机构",
        &["办理机构", "受理机构", "实施主体", "实施机关", "实施机构", "办理部门", "受理部门", "承办机构", "责任部门"],
    ),
    ("fees", "收费标准", &["收费标准", "收费依据", "是否收费", "收费情况", "收费项目", "办理费用"]),
    ("hours", "办理时间", &["办理时间", "受理时间", "办公时间", "工作时间", "服务时间"]),
    ("phone", "联系电话", &["联系电话", "咨询电话", "咨询方式", "联系方式", "咨询途径"]),
    ("process", "办理流程", &["办理流程", "办理程序", "办事流程", "审批流程", "申办流程", "办理步骤"]),
];

/// One key element found on a service guide.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GuideElement {
    /// The report key (`legal_basis`, …; see [`GUIDE_ELEMENTS`]).
    pub key: String,
    /// The label as printed (设定依据, 办理依据 …).
    pub label: String,
    /// Whether a value follows it (not empty, not a bare dash).
    pub filled: bool,
}

/// Everything `xunjian page` explains about one HTML page.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct PageInfo {
    /// The kind of page.
    pub kind: PageKind,
    /// The visible headline (or the `<title>` when there is none).
    pub title: String,
    /// The publish date and its source, `None` when the page has none.
    pub publish_date: Option<PublishDate>,
    /// The entries of the main dated list (empty when there is none). On a home page: every
    /// dated entry of every list.
    pub items: Vec<Item>,
    /// The footer identifiers (boxed: a site's records drop all but the homepage's).
    pub footer: Option<Box<Footer>>,
    /// The date encoded in the URL (`t20261120_…`, `/art/2026/11/20/`), if any.
    pub url_date: Option<NaiveDate>,
    /// The document date (成文日期 / 发文日期) when printed. Never the publish date; kept for
    /// the "published within 20 working days" check.
    pub document_date: Option<NaiveDate>,
    /// Pagination facts, when the page shows any (boxed: most pages show none).
    pub pagination: Option<Box<Pagination>>,
    /// Whether the page shows a "this column is legitimately empty" note (暂无信息,
    /// 本栏目暂无…, 无此类信息) and has no list of its own (`blank_with_note`, indicators §5).
    pub blank_with_note: bool,
    /// The breadcrumb (当前位置), when the page shows one.
    pub breadcrumb: Vec<Crumb>,
    /// Consultation messages: the rows of a message list, or the message of a message page.
    pub messages: Vec<Message>,
    /// The service-guide key elements found (service pages only).
    pub guide: Vec<GuideElement>,
}

/// Analyses a parsed page. `is_home` is true for the site's start page.
pub fn analyze(doc: &Document, is_home: bool) -> PageInfo {
    let pt = PageText::read(doc);
    let raw_items = dates::raw_items(&pt);
    let rows: Vec<(usize, usize)> = raw_items.iter().map(|r| r.row).collect();
    let publish = if is_home { None } else { dates::publish_in(&pt, &rows) };
    let main = dates::main_list(&pt, &raw_items);
    let visible = pt.visible_text();
    let pagination = pagination(doc, &pt, &visible);
    let note = blank_note(&visible);
    let headline_found = pt.headline.is_some();

    let kind = if is_home {
        PageKind::Home
    } else if service_labels(&visible) >= 4 {
        PageKind::Service
    } else if publish.is_some() {
        PageKind::Article
    } else if is_consultation(&pt, &visible) {
        PageKind::Consultation
    } else if main.len() >= 5 || (main.len() >= 3 && pagination.is_some()) {
        // a short list with its pagination bar is a list even when the footer makes text
        PageKind::List
    } else if headline_found && pt.body_chars() >= 200 {
        PageKind::Article
    } else if main.len() >= 3
        || note
        || pagination.as_ref().is_some_and(|p| p.total_pages.unwrap_or(0) > 1 || p.next_url.is_some())
    {
        PageKind::List
    } else {
        PageKind::Other
    };

    let chosen: Vec<&dates::RawItem> = match kind {
        PageKind::Home => raw_items.iter().collect(),
        PageKind::List | PageKind::Consultation | PageKind::Other => main,
        PageKind::Article | PageKind::Service => Vec::new(),
    };
    let items = dates::resolve_items(&pt, &chosen, publish.map(|p| p.date));
    let title = if is_home { pt.page_title.clone() } else { pt.title_text() };
    let blank_with_note = note && items.is_empty() && matches!(kind, PageKind::List | PageKind::Other);
    let breadcrumb = if is_home { Vec::new() } else { breadcrumb(&pt) };
    let messages = if is_home { Vec::new() } else { messages(&pt, kind, &breadcrumb, &title) };
    let guide = if kind == PageKind::Service { guide(&pt, &title) } else { Vec::new() };

    PageInfo {
        kind,
        title,
        publish_date: publish,
        items,
        footer: Some(Box::new(footer_of(&pt, &visible))),
        url_date: dates::url_date(doc.url.as_str()),
        document_date: dates::document_date(&pt),
        pagination: pagination.map(Box::new),
        blank_with_note,
        breadcrumb,
        messages,
        guide,
    }
}

/// The footer identifiers of a parsed page: read from the footer zone (`<footer>`, `.footer`,
/// `#footer`, the blocks holding 版权所有 / ICP备 / 标识码), then from the whole visible text.
pub fn footer_of_doc(doc: &Document) -> Footer {
    let pt = PageText::read(doc);
    footer_of(&pt, &pt.visible_text())
}

fn footer_of(pt: &PageText<'_>, visible: &str) -> Footer {
    let (zone, loose) = pt.footer_zone();
    let hrefs = pt.links.iter().map(|l| l.href);
    let mut f = footer::extract_zone(&zone, visible, hrefs);
    if f.sponsor.is_none() && loose {
        // footer lines that are loose children of <body>: the plain-text window around them
        f.sponsor = footer::extract(visible).sponsor;
    }
    f
}

// ---------------------------------------------------------------------------------------
// The page model
// ---------------------------------------------------------------------------------------

/// "No element" in parent links.
pub(crate) const NONE: u32 = u32::MAX;

/// One element of the body, in document order (its index is its preorder number).
#[derive(Debug, Clone)]
pub(crate) struct El<'a> {
    /// Tag name.
    pub(crate) name: &'a str,
    /// Index of the parent element, or [`NONE`].
    pub(crate) parent: u32,
    /// One past the index of its last descendant: its subtree is `[self, end)`.
    pub(crate) end: u32,
    /// Byte span of its text in [`PageText::text`].
    pub(crate) start: usize,
    /// End of that span.
    pub(crate) stop: usize,
    /// Links with text in its subtree (itself included).
    pub(crate) links: u32,
    /// Bytes of link text in its subtree.
    pub(crate) link_bytes: usize,
    /// Date-shaped text pieces in its subtree.
    pub(crate) dates: u32,
    /// Hidden itself or by an ancestor (`display:none`, `hidden`, class `hide`…).
    pub(crate) hidden: bool,
    /// A footer container by tag, id or class.
    pub(crate) footer: bool,
}

/// One `<a href>` of the body.
#[derive(Debug, Clone)]
pub(crate) struct LinkRec<'a> {
    /// Its element index.
    pub(crate) el: u32,
    /// The `href` as written.
    pub(crate) href: &'a str,
    /// The `title` attribute.
    pub(crate) title_attr: Option<&'a str>,
    /// Whether it has a text a visitor can read (two characters or more, or a title).
    pub(crate) good: bool,
}

/// A piece of text that is only a date (`2023-05-06`, `[05-06]`, `2023年5月6日 10:20`).
#[derive(Debug, Clone)]
pub(crate) struct Leaf {
    /// The element holding it.
    pub(crate) el: u32,
    /// Byte span in the text.
    pub(crate) start: usize,
    /// End of that span.
    pub(crate) stop: usize,
    /// The date as printed.
    pub(crate) date: LeafDate,
}

/// The visible headline: where it is in the text and what it says.
#[derive(Debug, Clone)]
pub(crate) struct Headline {
    pub(crate) start: usize,
    pub(crate) stop: usize,
    pub(crate) text: String,
}

/// The `<meta>` facts the date rules use.
#[derive(Debug, Clone, Default)]
pub(crate) struct Meta {
    /// `<meta name="ArticleTitle">`.
    pub(crate) article_title: Option<String>,
    /// The page-generation time (`<meta name="others" content="页面生成时间 …">`): context for
    /// the year of `MM-DD` list dates, never a publish date.
    pub(crate) generated: Option<NaiveDate>,
    /// An explicit first-publication meta (`firstpublishedtime`, `article:published_time`).
    pub(crate) first_published: Option<NaiveDate>,
}

/// The page read once: visible text with element spans, links, date pieces, footer zone,
/// headline and metas.
pub(crate) struct PageText<'a> {
    pub(crate) doc: &'a Document,
    /// The body text, one line per block, whitespace collapsed; hidden parts included but
    /// listed in `hidden`.
    pub(crate) text: String,
    pub(crate) els: Vec<El<'a>>,
    pub(crate) links: Vec<LinkRec<'a>>,
    pub(crate) leaves: Vec<Leaf>,
    /// Sorted, disjoint byte spans of hidden text.
    pub(crate) hidden: Vec<(usize, usize)>,
    /// Outermost `<footer>` / `.footer` / `#footer` / copyright elements.
    footer_els: Vec<u32>,
    /// Elements holding a footer anchor text (版权所有, ICP备, 标识码 …).
    anchors: Vec<u32>,
    /// Inline scripts that mention pages (pagination variables).
    pub(crate) scripts: Vec<String>,
    /// Whether the page has a `<textarea>` (a message form).
    pub(crate) has_textarea: bool,
    pub(crate) meta: Meta,
    /// The `<title>` text.
    pub(crate) page_title: String,
    pub(crate) headline: Option<Headline>,
}

/// Elements whose text is not part of the reading flow (besides [`html::NON_TEXT`]).
fn skipped(name: &str) -> bool {
    html::NON_TEXT.contains(&name) || matches!(name, "textarea" | "select" | "button")
}

/// Whether an element hides itself (inline `display:none` / `visibility:hidden`, the `hidden`
/// attribute, or a class that conventionally hides: `hide`, `hidden`, `ng-hide`, `d-none`).
fn hides(e: &scraper::node::Element) -> bool {
    if e.attr("hidden").is_some() {
        return true;
    }
    if let Some(style) = e.attr("style")
        && (has_ci(style, "none") || has_ci(style, "hidden"))
    {
        let s: String = style.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
        if s.contains("display:none") || s.contains("visibility:hidden") {
            return true;
        }
    }
    e.classes().any(|c| matches!(c, "hide" | "hidden" | "ng-hide" | "d-none" | "invisible"))
}

/// ASCII case-insensitive substring test, without allocating.
fn has_ci(hay: &str, needle: &str) -> bool {
    hay.as_bytes().windows(needle.len()).any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// Whether an element is a footer container by tag, id or class.
fn footerish(e: &scraper::node::Element) -> bool {
    if e.name() == "footer" {
        return true;
    }
    let hit = |s: &str| has_ci(s, "foot") || has_ci(s, "copyright") || has_ci(s, "banquan");
    e.id().is_some_and(hit) || e.classes().any(hit)
}

/// Whether an element's class or id marks a title (`title`, `bt`, `tit`).
fn titleish(e: &scraper::node::Element) -> bool {
    let hit = |s: &str| has_ci(s, "title") || s.eq_ignore_ascii_case("bt") || s.eq_ignore_ascii_case("tit");
    e.id().is_some_and(hit) || e.classes().any(hit)
}

/// A reference title the visible headline must equal (whitespace ignored).
struct Ref {
    squeezed: String,
    /// `<meta name="ArticleTitle">` beats `<title>` parts.
    strength: u8,
}

/// Removes all whitespace.
pub(crate) fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace() && *c != '\u{3000}' && *c != '\u{a0}').collect()
}

/// Collapses whitespace, then drops a space whose neighbours are both non-ASCII (a line
/// break inside a Chinese headline is not a word space).
pub(crate) fn tidy(s: &str) -> String {
    let c = html::collapse(s);
    let chars: Vec<char> = c.chars().collect();
    let mut out = String::with_capacity(c.len());
    for (i, &ch) in chars.iter().enumerate() {
        if ch == ' ' && i > 0 && i + 1 < chars.len() && !chars[i - 1].is_ascii() && !chars[i + 1].is_ascii() {
            continue;
        }
        out.push(ch);
    }
    out
}

/// Whether a `<title>` part names a site rather than a page (中国宜春网, …人民政府, …门户网站).
fn site_like(s: &str) -> bool {
    ["网", "网站", "门户", "政府", "官网"].iter().any(|e| s.ends_with(e))
}

/// The parts of a `<title>`: split at `_`, `|`, `｜`, a dash next to whitespace, and a bare
/// `-` between two Chinese characters (`座谈会-中国科普网`, but not `1-10月`).
fn title_parts(title: &str) -> Vec<String> {
    static SEP: OnceLock<Regex> = OnceLock::new();
    let sep = SEP.get_or_init(|| Regex::new(r"_+|\||｜|\s+[-—–]+\s*|[-—–]+\s+|——").expect("static regex"));
    let mut out = Vec::new();
    for part in sep.split(title) {
        let chars: Vec<char> = part.trim().chars().collect();
        let mut cur = String::new();
        for (i, &c) in chars.iter().enumerate() {
            let between_han = i > 0 && i + 1 < chars.len() && !chars[i - 1].is_ascii() && !chars[i + 1].is_ascii();
            if c == '-' && between_han {
                out.push(std::mem::take(&mut cur));
            } else {
                cur.push(c);
            }
        }
        out.push(cur);
    }
    out.into_iter().map(|p| p.trim().to_string()).filter(|p| squeeze(p).chars().count() >= 2).collect()
}

impl Meta {
    fn read(doc: &Document) -> Meta {
        static META: OnceLock<Selector> = OnceLock::new();
        let sel = META.get_or_init(|| Selector::parse("meta[content]").expect("static selector"));
        let mut m = Meta::default();
        for e in doc.dom().select(sel) {
            let v = e.value();
            let content = v.attr("content").unwrap_or_default();
            let name = v.attr("name").or_else(|| v.attr("property")).unwrap_or_default().to_ascii_lowercase();
            match name.as_str() {
                "articletitle" if m.article_title.is_none() => {
                    let t = tidy(content);
                    if !t.is_empty() {
                        m.article_title = Some(t);
                    }
                }
                "firstpublishedtime" | "article:published_time" if m.first_published.is_none() => {
                    m.first_published = dates::parse_date(content);
                }
                _ => {}
            }
            if content.contains("页面生成时间") && m.generated.is_none() {
                m.generated = dates::parse_date(content);
            }
        }
        m
    }
}

/// Mutable state of the single DOM walk.
struct Reader<'a> {
    pt: PageText<'a>,
    stack: Vec<u32>,
    pending_space: bool,
    hidden_depth: u32,
    link_depth: u32,
    footer_depth: u32,
    refs: Vec<Ref>,
    min_ref: usize,
    max_ref: usize,
    /// Best headline candidate so far: (score, element).
    best: Option<((u8, u8, usize), u32)>,
    titleish: Vec<bool>,
}

impl<'a> PageText<'a> {
    /// Reads the page in one walk of the DOM.
    pub(crate) fn read(doc: &'a Document) -> PageText<'a> {
        let meta = Meta::read(doc);
        let page_title = doc.title();
        let mut refs: Vec<Ref> = Vec::new();
        if let Some(t) = &meta.article_title {
            refs.push(Ref { squeezed: squeeze(t), strength: 3 });
        } else {
            let whole = squeeze(&page_title);
            if whole.chars().count() >= 2 {
                refs.push(Ref { squeezed: whole, strength: 2 });
            }
            for p in title_parts(&page_title) {
                let s = squeeze(&p);
                if !site_like(&s) && !refs.iter().any(|r| r.squeezed == s) {
                    refs.push(Ref { squeezed: s, strength: 1 });
                }
            }
        }
        let min_ref = refs.iter().map(|r| r.squeezed.len()).min().unwrap_or(0);
        let max_ref = refs.iter().map(|r| r.squeezed.len()).max().unwrap_or(0);
        let pt = PageText {
            doc,
            text: String::new(),
            els: Vec::new(),
            links: Vec::new(),
            leaves: Vec::new(),
            hidden: Vec::new(),
            footer_els: Vec::new(),
            anchors: Vec::new(),
            scripts: Vec::new(),
            has_textarea: false,
            meta,
            page_title,
            headline: None,
        };
        let mut r = Reader {
            pt,
            stack: Vec::new(),
            pending_space: false,
            hidden_depth: 0,
            link_depth: 0,
            footer_depth: 0,
            refs,
            min_ref,
            max_ref,
            best: None,
            titleish: Vec::new(),
        };
        let root = doc.dom().tree.root();
        let mut node = root;
        'walk: loop {
            let descend = match node.value() {
                Node::Document | Node::Fragment => true,
                Node::Text(t) => {
                    r.text(t);
                    false
                }
                Node::Element(_) => ElementRef::wrap(node).is_some_and(|e| r.open(e)),
                _ => false,
            };
            if descend && let Some(child) = node.first_child() {
                node = child;
                continue;
            }
            loop {
                if let Some(e) = ElementRef::wrap(node) {
                    r.close(e);
                }
                if node.id() == root.id() {
                    break 'walk;
                }
                if let Some(next) = node.next_sibling() {
                    node = next;
                    break;
                }
                match node.parent() {
                    Some(p) => node = p,
                    None => break 'walk,
                }
            }
        }
        r.finish()
    }

    /// The text of a byte span.
    pub(crate) fn span(&self, start: usize, stop: usize) -> &str {
        self.text.get(start..stop).unwrap_or_default()
    }

    /// The text of an element.
    pub(crate) fn el_text(&self, i: u32) -> &str {
        self.els.get(i as usize).map_or("", |e| self.span(e.start, e.stop))
    }

    /// Whether a byte offset lies in hidden text.
    pub(crate) fn is_hidden(&self, pos: usize) -> bool {
        let i = self.hidden.partition_point(|&(s, _)| s <= pos);
        i > 0 && pos < self.hidden[i - 1].1
    }

    /// The visible text (hidden spans left out).
    pub(crate) fn visible_text(&self) -> String {
        self.visible_between(0, self.text.len())
    }

    fn visible_between(&self, start: usize, stop: usize) -> String {
        let mut out = String::with_capacity(stop.saturating_sub(start));
        let mut pos = start;
        let first = self.hidden.partition_point(|&(_, e)| e <= start);
        for &(hs, he) in &self.hidden[first..] {
            if hs >= stop {
                break;
            }
            if hs > pos {
                out.push_str(self.span(pos, hs));
            }
            pos = pos.max(he);
        }
        if pos < stop {
            out.push_str(self.span(pos, stop));
        }
        out
    }

    /// The links whose element lies in the subtree `[from, to)`.
    pub(crate) fn links_in(&self, from: u32, to: u32) -> &[LinkRec<'a>] {
        let lo = self.links.partition_point(|l| l.el < from);
        let hi = self.links.partition_point(|l| l.el < to);
        &self.links[lo..hi.max(lo)]
    }

    /// The headline text: the visible headline, else `<meta name="ArticleTitle">`, else the
    /// page part of `<title>`.
    pub(crate) fn title_text(&self) -> String {
        if let Some(h) = &self.headline {
            return h.text.clone();
        }
        if let Some(t) = &self.meta.article_title {
            return t.clone();
        }
        let parts = title_parts(&self.page_title);
        parts
            .iter()
            .find(|p| !site_like(&squeeze(p)))
            .or(parts.first())
            .map(|p| tidy(p))
            .unwrap_or_else(|| tidy(&self.page_title))
    }

    /// Characters of visible running text after the headline (lines of 30+ characters).
    pub(crate) fn body_chars(&self) -> usize {
        let from = self.headline.as_ref().map_or(0, |h| h.stop);
        let tail = self.visible_between(from, self.text.len());
        tail.lines().map(|l| l.chars().count()).filter(|&n| n >= 30).sum()
    }

    /// The footer zone's visible text: footer elements, and the small blocks around the
    /// footer anchors (版权所有, ICP备, 公网安备, 标识码). The flag tells whether some anchor
    /// sits loose in `<body>` (no enclosing footer block), so the zone may miss its neighbours.
    pub(crate) fn footer_zone(&self) -> (String, bool) {
        const BLOCK: usize = 1500;
        let mut spans: Vec<(usize, usize)> = Vec::new();
        let mut loose = false;
        for &i in &self.footer_els {
            let e = &self.els[i as usize];
            spans.push((e.start, e.stop));
        }
        for &a in &self.anchors {
            let mut cur = a;
            loop {
                let e = &self.els[cur as usize];
                if e.footer || e.parent == NONE {
                    break;
                }
                let pe = &self.els[e.parent as usize];
                if matches!(pe.name, "body" | "html" | "main" | "article") {
                    loose |= cur == a;
                    break;
                }
                if pe.stop - pe.start > BLOCK || pe.hidden {
                    break;
                }
                cur = e.parent;
            }
            let e = &self.els[cur as usize];
            spans.push((e.start, e.stop));
        }
        spans.sort_unstable();
        let mut zone = String::new();
        let mut reach = 0;
        for (s, e) in spans {
            let s = s.max(reach);
            if s >= e {
                continue;
            }
            zone.push_str(&self.visible_between(s, e));
            zone.push('\n');
            reach = e;
        }
        (zone, loose)
    }
}

impl<'a> Reader<'a> {
    fn boundary(&mut self) {
        let t = &mut self.pt.text;
        if !t.is_empty() && !t.ends_with('\n') {
            t.push('\n');
        }
        self.pending_space = false;
    }

    fn text(&mut self, s: &str) {
        let start = self.pt.text.len();
        for c in s.chars() {
            if c.is_whitespace() || c == '\u{3000}' || c == '\u{a0}' {
                self.pending_space = true;
            } else {
                if self.pending_space && !self.pt.text.is_empty() && !self.pt.text.ends_with('\n') {
                    self.pt.text.push(' ');
                }
                self.pending_space = false;
                self.pt.text.push(c);
            }
        }
        let stop = self.pt.text.len();
        let Some(&cur) = self.stack.last() else {
            return;
        };
        if stop == start {
            return;
        }
        let piece = self.pt.text[start..stop].trim_start();
        let start = stop - piece.len();
        if piece.len() <= dates::LEAF_MAX
            && let Some(date) = dates::leaf_date(piece)
        {
            self.pt.leaves.push(Leaf { el: cur, start, stop, date });
            self.pt.els[cur as usize].dates += 1;
        }
        if self.hidden_depth == 0 && footer::is_anchor(piece) {
            self.pt.anchors.push(cur);
        }
    }

    fn open(&mut self, er: ElementRef<'a>) -> bool {
        let e = er.value();
        let name = e.name();
        if skipped(name) {
            match name {
                "script" if e.attr("src").is_none() && er.text().any(|t| t.contains("Page") || t.contains("page")) => {
                    self.pt.scripts.push(er.text().collect());
                }
                "textarea" => self.pt.has_textarea = true,
                _ => {}
            }
            return false;
        }
        if html::BLOCKS.contains(&name) {
            self.boundary();
        }
        let parent = self.stack.last().copied().unwrap_or(NONE);
        let parent_hidden = parent != NONE && self.pt.els[parent as usize].hidden;
        let hidden = parent_hidden || hides(e);
        if hidden {
            self.hidden_depth += 1;
        }
        let idx = self.pt.els.len() as u32;
        let start = self.pt.text.len();
        let is_footer = footerish(e);
        self.pt.els.push(El {
            name,
            parent,
            end: idx + 1,
            start,
            stop: start,
            links: 0,
            link_bytes: 0,
            dates: 0,
            hidden,
            footer: is_footer,
        });
        self.titleish.push(titleish(e) || matches!(name, "h1" | "h2" | "h3"));
        if name == "a"
            && let Some(href) = e.attr("href")
        {
            self.pt.links.push(LinkRec { el: idx, href, title_attr: e.attr("title"), good: false });
            self.link_depth += 1;
        }
        if !hidden && self.footer_depth == 0 && is_footer {
            self.pt.footer_els.push(idx);
        }
        if is_footer {
            self.footer_depth += 1;
        }
        self.stack.push(idx);
        true
    }

    fn close(&mut self, er: ElementRef<'a>) {
        let e = er.value();
        let name = e.name();
        if skipped(name) {
            return;
        }
        let Some(idx) = self.stack.pop() else { return };
        let stop = self.pt.text.len();
        let count = self.pt.els.len() as u32;
        let i = idx as usize;
        {
            let el = &mut self.pt.els[i];
            el.stop = stop;
            el.end = count;
        }
        let (start, hidden, parent) = {
            let el = &self.pt.els[i];
            (el.start, el.hidden, el.parent)
        };
        if self.pt.els[i].footer {
            self.footer_depth = self.footer_depth.saturating_sub(1);
        }
        if name == "a" && e.attr("href").is_some() {
            self.link_depth = self.link_depth.saturating_sub(1);
            let text = self.pt.text[start..stop].trim();
            let good = text.chars().any(char::is_alphanumeric) || e.attr("title").is_some_and(|t| !t.trim().is_empty());
            if let Some(l) = self.pt.links.iter_mut().rev().find(|l| l.el == idx) {
                l.good = good;
            }
            if good {
                let el = &mut self.pt.els[i];
                el.links += 1;
                el.link_bytes += text.len();
            }
        }
        // A date split over several inline pieces (`<b>2023</b>-05-06`).
        if self.pt.els[i].dates == 0 && stop - start <= dates::LEAF_MAX && stop > start {
            let piece = self.pt.text[start..stop].trim();
            if let Some(date) = dates::leaf_date(piece) {
                let s = stop - self.pt.text[start..stop].trim_start().len();
                self.pt.leaves.push(Leaf { el: idx, start: s, stop, date });
                self.pt.els[i].dates += 1;
            }
        }
        if !hidden && self.link_depth == 0 {
            self.headline_candidate(idx, name);
        }
        if hidden {
            self.hidden_depth = self.hidden_depth.saturating_sub(1);
            let parent_hidden = parent != NONE && self.pt.els[parent as usize].hidden;
            if !parent_hidden && stop > start {
                self.pt.hidden.push((start, stop));
            }
        }
        if parent != NONE {
            let (links, link_bytes, dates) = {
                let el = &self.pt.els[i];
                (el.links, el.link_bytes, el.dates)
            };
            let p = &mut self.pt.els[parent as usize];
            p.links += links;
            p.link_bytes += link_bytes;
            p.dates += dates;
        }
        if html::BLOCKS.contains(&name) {
            self.boundary();
        }
    }

    fn headline_candidate(&mut self, idx: u32, name: &str) {
        if self.refs.is_empty() {
            return;
        }
        let el = &self.pt.els[idx as usize];
        let len = el.stop - el.start;
        if len < self.min_ref || len > self.max_ref * 2 + 64 || el.link_bytes * 2 > len {
            return;
        }
        let text = &self.pt.text[el.start..el.stop];
        let sq = squeeze(text);
        let Some(r) = self.refs.iter().filter(|r| r.squeezed == sq).max_by_key(|r| r.strength) else {
            return;
        };
        let tag = match name {
            "h1" => 3,
            _ if self.titleish.get(idx as usize).copied().unwrap_or(false) => 2,
            _ => 1,
        };
        let score = (r.strength, tag, usize::MAX - idx as usize);
        // Enclosing elements with the same text close later: keep the innermost unless the
        // outer one is a better tag.
        if self.best.is_none_or(|(b, _)| score.0 > b.0 || (score.0 == b.0 && score.1 > b.1)) {
            self.best = Some((score, idx));
        }
    }

    fn finish(mut self) -> PageText<'a> {
        if let Some((_, idx)) = self.best {
            let el = &self.pt.els[idx as usize];
            let (start, stop) = (el.start, el.stop);
            let text = tidy(&self.pt.text[start..stop]);
            self.pt.headline = Some(Headline { start, stop, text });
        }
        self.pt.leaves.sort_by_key(|l| l.start);
        self.pt
    }
}

// ---------------------------------------------------------------------------------------
// Kind signals
// ---------------------------------------------------------------------------------------

/// Distinct 办事指南 field labels that start a line (设定依据, 申请条件, 办理材料, 办理地点 …).
fn service_labels(visible: &str) -> usize {
    const LABELS: &[&str] = &[
        "设定依据",
        "办理依据",
        "实施依据",
        "申请条件",
        "受理条件",
        "办理条件",
        "办理材料",
        "申请材料",
        "申报材料",
        "办理地点",
        "受理地点",
        "办理时间",
        "受理时间",
        "办理流程",
        "办理程序",
        "收费标准",
        "收费依据",
        "是否收费",
        "承诺时限",
        "承诺办结时限",
        "法定时限",
        "法定办结时限",
        "办结时限",
        "事项名称",
        "事项类型",
        "事项编码",
        "实施主体",
        "办理对象",
        "服务对象",
        "咨询方式",
        "监督投诉",
    ];
    let mut seen = vec![false; LABELS.len()];
    for line in visible.lines() {
        let l = line.trim_start_matches(|c: char| {
            c.is_ascii_digit() || c.is_whitespace() || "一二三四五六七八九十、.．（）()【】[]·".contains(c)
        });
        for (k, lab) in LABELS.iter().enumerate() {
            if l.starts_with(lab) {
                seen[k] = true;
            }
        }
    }
    seen.iter().filter(|s| **s).count()
}

/// A message-board page: its title, headline or `<title>` names a consultation channel, and it
/// shows message fields (留言时间, 回复时间, 回复内容 …) or a message form.
fn is_consultation(pt: &PageText<'_>, visible: &str) -> bool {
    static CHANNEL: OnceLock<Regex> = OnceLock::new();
    static FIELDS: OnceLock<Regex> = OnceLock::new();
    let channel =
        CHANNEL.get_or_init(|| Regex::new(r"信箱|咨询|留言|来信|问政|诉求|投诉|建言|互动交流").expect("static regex"));
    let fields = FIELDS.get_or_init(|| {
        Regex::new(r"(?:留言|回复|来信|答复|提问|咨询|办理)(?:时间|日期|内容|状态|单位)|我要(?:写信|留言|咨询)")
            .expect("static regex")
    });
    let named = channel.is_match(&pt.page_title) || pt.headline.as_ref().is_some_and(|h| channel.is_match(&h.text));
    named && (pt.has_textarea || fields.find_iter(visible).take(2).count() >= 2)
}

// ---------------------------------------------------------------------------------------
// Breadcrumbs, consultation messages, service-guide elements
// ---------------------------------------------------------------------------------------

/// Breadcrumb separators (`首页 > 通知公告`).
const CRUMB_SEPS: &[char] = &['>', '＞', '›', '»', '→', '/', '》', '-'];

/// The breadcrumb: the innermost visible block holding a 当前位置 / 您的位置 label and links,
/// else a short block that starts with 首页 and separates its links with `>`-like marks.
fn breadcrumb(pt: &PageText<'_>) -> Vec<Crumb> {
    static LABEL: OnceLock<Regex> = OnceLock::new();
    let label = LABEL.get_or_init(|| {
        Regex::new(r"当前位置|您的位置|您现在的位置|您当前的位置|您所在的位置|现在的位置|所在位置|当前页面")
            .expect("static regex")
    });
    let size = |i: usize| pt.els[i].stop - pt.els[i].start;
    let mut best: Option<usize> = None;
    let mut fallback: Option<usize> = None;
    for (i, e) in pt.els.iter().enumerate() {
        if e.hidden || e.links == 0 || e.stop - e.start > 600 {
            continue;
        }
        let text = pt.span(e.start, e.stop);
        if label.is_match(text) {
            if best.is_none_or(|b| size(b) > size(i)) {
                best = Some(i);
            }
        } else if e.links >= 2 && e.links <= 8 && e.stop - e.start <= 300 {
            let sq = squeeze(text);
            let seps = sq.chars().filter(|c| CRUMB_SEPS.contains(c)).count() as u32;
            let home_first = ["首页", "网站首页", "主页", "返回首页"].iter().any(|h| sq.starts_with(h));
            if home_first && seps + 1 >= e.links && fallback.is_none_or(|b| size(b) > size(i)) {
                fallback = Some(i);
            }
        }
    }
    let Some(at) = best.or(fallback) else {
        return Vec::new();
    };
    let e = &pt.els[at];
    let mut out = Vec::new();
    let mut last_stop = e.start;
    for l in pt.links_in(at as u32, e.end) {
        let le = &pt.els[l.el as usize];
        let href = l.href.trim();
        if !l.good || href.is_empty() || href.starts_with('#') || href.to_ascii_lowercase().starts_with("javascript") {
            continue;
        }
        let Ok(url) = pt.doc.base.join(href) else { continue };
        let name = tidy(pt.span(le.start, le.stop));
        if !name.is_empty() {
            out.push(Crumb { name: name.into(), url: Some(url.as_str().into()) });
        }
        last_stop = last_stop.max(le.stop);
    }
    // A trailing plain-text entry: `首页 > 专题专栏` where the last part is not a link.
    let tail = pt.span(last_stop, e.stop);
    let tail = tail.trim_matches(|c: char| c.is_whitespace() || CRUMB_SEPS.contains(&c) || c == '\u{3000}');
    let tail = tidy(tail);
    let name_like = !tail.contains(['|', '｜', ':', '：', '\n']);
    if !out.is_empty() && !tail.is_empty() && tail.chars().count() <= 40 && name_like && !label.is_match(&tail) {
        out.push(Crumb { name: tail.into(), url: None });
    }
    out
}

/// A consultation channel named in a title or crumb (not 信访 or 纪检举报, indicators V5).
pub fn names_consultation(s: &str) -> bool {
    static CHANNEL: OnceLock<Regex> = OnceLock::new();
    let r = CHANNEL.get_or_init(|| {
        Regex::new(r"信箱|咨询|留言|来信|问政|诉求|投诉|建言|互动交流|网上问答|民声|有问必答").expect("static regex")
    });
    r.is_match(s) && !s.contains("信访") && !s.contains("举报")
}

fn asked_label() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(r"(?:留言|来信|提问|咨询|写信|提交|发帖|来电|诉求)(?:时间|日期)").expect("static regex")
    })
}

fn replied_label() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| Regex::new(r"(?:回复|答复|办结|反馈|回信)(?:时间|日期)").expect("static regex"))
}

/// A labelled date: the label regex, an optional colon, then a numeric date.
fn labelled_date(text: &str, label: &Regex) -> Option<NaiveDate> {
    static DATE: OnceLock<Regex> = OnceLock::new();
    let date = DATE.get_or_init(|| {
        Regex::new(r"^\s*[】\]]?\s*[:：]?\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})").expect("static regex")
    });
    label.find_iter(text).find_map(|m| {
        let c = date.captures(text.get(m.end()..)?)?;
        dates::ymd(&c[1], &c[2], &c[3])
    })
}

/// Status words of a message row or page.
fn reply_words(text: &str) -> Reply {
    const PENDING: &[&str] = &[
        "待回复",
        "未回复",
        "待答复",
        "未答复",
        "办理中",
        "处理中",
        "待处理",
        "未办结",
        "待办理",
        "受理中",
        "正在办理",
    ];
    const DONE: &[&str] = &["已回复", "已答复", "已办结", "已处理", "已反馈"];
    if PENDING.iter().any(|w| text.contains(w)) {
        Reply::Pending
    } else if DONE.iter().any(|w| text.contains(w)) {
        Reply::Replied
    } else {
        Reply::Unknown
    }
}

/// The direct child elements of element `i`.
fn children(pt: &PageText<'_>, i: u32) -> Vec<u32> {
    let mut out = Vec::new();
    let Some(e) = pt.els.get(i as usize) else { return out };
    let mut j = i + 1;
    while j < e.end {
        out.push(j);
        j = pt.els[j as usize].end.max(j + 1);
    }
    out
}

/// The nearest enclosing element named `name`.
fn ancestor(pt: &PageText<'_>, mut i: u32, name: &str) -> u32 {
    while let Some(e) = pt.els.get(i as usize) {
        if e.name == name {
            return i;
        }
        i = e.parent;
    }
    NONE
}

/// The row's main link (the longest visible text): (title, absolute URL).
fn row_link(pt: &PageText<'_>, i: u32) -> Option<(String, String)> {
    let e = pt.els.get(i as usize)?;
    let l = pt.links_in(i, e.end).iter().filter(|l| l.good).max_by_key(|l| {
        let le = &pt.els[l.el as usize];
        le.stop - le.start
    })?;
    let le = &pt.els[l.el as usize];
    let mut title = tidy(pt.span(le.start, le.stop));
    if title.is_empty() {
        title = l.title_attr.map(tidy).unwrap_or_default();
    }
    let url = pt.doc.base.join(l.href.trim()).ok()?.to_string();
    Some((title, url))
}

/// The messages of a consultation page: the rows of a message table (header 留言时间 / 回复时间 /
/// 状态), else rows labelled 留言时间：… 回复时间：…, else (on a message's own page) the page's
/// own 留言时间 and reply.
fn messages(pt: &PageText<'_>, kind: PageKind, crumbs: &[Crumb], title: &str) -> Vec<Message> {
    // A message board, a page under one (breadcrumb), or a page named like one that is not an
    // article (an article about a 咨询 event is no message).
    let channel = kind == PageKind::Consultation
        || crumbs.iter().any(|c| names_consultation(&c.name))
        || (names_consultation(title) && kind != PageKind::Article);
    if !channel {
        return Vec::new();
    }
    let rows = table_messages(pt);
    if !rows.is_empty() {
        return rows;
    }
    if kind == PageKind::Consultation {
        let rows = labelled_messages(pt);
        if !rows.is_empty() {
            return rows;
        }
    }
    let visible = pt.visible_text();
    let Some(asked) = labelled_date(&visible, asked_label()) else {
        return Vec::new();
    };
    let replied = labelled_date(&visible, replied_label());
    let reply = match (replied, reply_words(&visible)) {
        (Some(_), _) => Reply::Replied,
        (None, Reply::Unknown) => {
            static BODY: OnceLock<Regex> = OnceLock::new();
            let body = BODY.get_or_init(|| {
                Regex::new(r"(?:回复|答复|办理)(?:内容|意见|结果)|回复单位|答复单位").expect("static regex")
            });
            if body.is_match(&visible) { Reply::Replied } else { Reply::Unknown }
        }
        (None, r) => r,
    };
    vec![Message { title: title.to_string(), url: pt.doc.url.to_string(), asked: Some(asked), replied, reply }]
}

/// Message rows of tables whose header row names 留言时间 (and perhaps 回复时间, 状态).
fn table_messages(pt: &PageText<'_>) -> Vec<Message> {
    static ASKED_HEAD: OnceLock<Regex> = OnceLock::new();
    static REPLIED_HEAD: OnceLock<Regex> = OnceLock::new();
    let asked_head = ASKED_HEAD.get_or_init(|| {
        Regex::new(r"^(?:留言|来信|提问|咨询|写信|提交|发帖|来电|诉求)(?:时间|日期)$").expect("static regex")
    });
    let replied_head =
        REPLIED_HEAD.get_or_init(|| Regex::new(r"^(?:回复|答复|办结|反馈|回信)(?:时间|日期)$").expect("static regex"));
    // (table, asked column, replied column, status column)
    let mut header: Option<(u32, usize, Option<usize>, Option<usize>)> = None;
    let mut out = Vec::new();
    for (i, e) in pt.els.iter().enumerate() {
        if e.name != "tr" || e.hidden {
            continue;
        }
        let i = i as u32;
        let cells: Vec<u32> =
            children(pt, i).into_iter().filter(|&c| matches!(pt.els[c as usize].name, "td" | "th")).collect();
        let texts: Vec<String> = cells.iter().map(|&c| squeeze(pt.el_text(c))).collect();
        let table = ancestor(pt, i, "table");
        if e.links == 0 && e.dates == 0 {
            if let Some(a) = texts.iter().position(|t| asked_head.is_match(t)) {
                let r = texts.iter().position(|t| replied_head.is_match(t));
                let s = texts.iter().position(|t| t.contains("状态") && t.chars().count() <= 8);
                header = Some((table, a, r, s));
            }
            continue;
        }
        let Some((t, a, r, s)) = header else { continue };
        if t != table || e.links == 0 || texts.len() <= a {
            continue;
        }
        let Some((title, url)) = row_link(pt, i) else { continue };
        let asked = dates::parse_date(&texts[a]);
        let replied = r.and_then(|r| texts.get(r)).and_then(|t| dates::parse_date(t));
        let status = s.and_then(|s| texts.get(s)).map_or(Reply::Unknown, |t| reply_words(t));
        let reply = match (replied, status) {
            (Some(_), _) => Reply::Replied,
            (None, Reply::Unknown) if r.is_some() => Reply::Pending,
            (None, st) => st,
        };
        out.push(Message { title, url, asked, replied, reply });
    }
    out
}

/// Message rows labelled inline: `<li><a>…</a> 留言时间：2026-05-06 回复时间：2026-05-09</li>`.
fn labelled_messages(pt: &PageText<'_>) -> Vec<Message> {
    let mut rows: Vec<u32> = Vec::new();
    for (i, e) in pt.els.iter().enumerate() {
        if e.hidden || e.links == 0 || e.links > 3 || e.stop - e.start > 600 || e.dates == 0 {
            continue;
        }
        if labelled_date(pt.span(e.start, e.stop), asked_label()).is_none() {
            continue;
        }
        // keep the innermost: drop an enclosing candidate
        while let Some(&last) = rows.last() {
            if (i as u32) < pt.els[last as usize].end {
                rows.pop();
            } else {
                break;
            }
        }
        rows.push(i as u32);
    }
    rows.into_iter()
        .filter_map(|i| {
            let e = &pt.els[i as usize];
            let text = pt.span(e.start, e.stop);
            let (title, url) = row_link(pt, i)?;
            let asked = labelled_date(text, asked_label());
            let replied = labelled_date(text, replied_label());
            let reply = if replied.is_some() { Reply::Replied } else { reply_words(text) };
            Some(Message { title, url, asked, replied, reply })
        })
        .collect()
}

/// Labels that start a field line of a service guide (the ten elements and the usual others).
fn guide_label_line(line: &str) -> bool {
    GUIDE_ELEMENTS.iter().any(|(_, _, labels)| labels.iter().any(|l| line.starts_with(l)))
        || [
            "承诺时限",
            "承诺办结时限",
            "法定时限",
            "法定办结时限",
            "办结时限",
            "事项类型",
            "事项编码",
            "办理对象",
            "服务对象",
            "监督投诉",
            "表格下载",
            "结果名称",
            "审批结果",
        ]
        .iter()
        .any(|l| line.starts_with(l))
}

/// The service-guide elements of a page: a line starting with an element's label, with a value
/// after the label on the same line or on the next line that is not itself a label. The
/// footer zone is left out (its 联系电话 is the site's, not the service's). A guide without
/// a 事项名称 line takes its item name from a headline naming the guide (`…办事指南`).
fn guide(pt: &PageText<'_>, title: &str) -> Vec<GuideElement> {
    let mut spans: Vec<(usize, usize)> =
        pt.footer_els.iter().map(|&i| (pt.els[i as usize].start, pt.els[i as usize].stop)).collect();
    spans.sort_unstable();
    let mut text = String::new();
    let mut pos = 0;
    for (s, e) in spans {
        if s > pos {
            text.push_str(&pt.visible_between(pos, s));
        }
        pos = pos.max(e);
    }
    text.push_str(&pt.visible_between(pos.min(pt.text.len()), pt.text.len()));
    let strip = |l: &str| -> String {
        l.trim_start_matches(|c: char| {
            c.is_ascii_digit() || c.is_whitespace() || "一二三四五六七八九十、.．（）()【】[]·\u{3000}".contains(c)
        })
        .to_string()
    };
    let lines: Vec<String> = text.lines().map(strip).filter(|l| !l.is_empty()).collect();
    let empty = |v: &str| {
        let v = v.trim_matches(|c: char| c.is_whitespace() || "：:】]）)".contains(c));
        v.is_empty() || v.chars().all(|c| "-—－/／…．.".contains(c)) || matches!(v, "暂无" | "空" | "无内容")
    };
    let mut out: Vec<GuideElement> = Vec::new();
    for (key, _, labels) in GUIDE_ELEMENTS {
        let mut found: Option<GuideElement> = None;
        for (k, line) in lines.iter().enumerate() {
            let Some(label) = labels.iter().find(|l| line.starts_with(**l)) else { continue };
            let rest = &line[label.len()..];
            let filled = if !empty(rest) {
                true
            } else {
                lines.get(k + 1).is_some_and(|next| !guide_label_line(next) && !empty(next))
            };
            let el = GuideElement { key: key.to_string(), label: label.to_string(), filled };
            if filled {
                found = Some(el);
                break;
            }
            found.get_or_insert(el);
        }
        if found.is_none() && key == "item_name" {
            let name = title.replace("办事指南", "").replace("服务指南", "");
            if title.contains("指南") && !name.trim().is_empty() {
                found = Some(GuideElement { key: key.to_string(), label: "标题".to_string(), filled: true });
            }
        }
        out.extend(found);
    }
    out
}

/// Whether the page says its column is legitimately empty.
fn blank_note(visible: &str) -> bool {
    static NOTE: OnceLock<Regex> = OnceLock::new();
    let r = NOTE.get_or_init(|| {
        Regex::new(r"暂无(?:相关)?(?:信息|数据|内容|记录|文章|公开信息)|本栏目(?:暂无|无)|无此类信息|没有(?:相关|符合条件的)?(?:信息|记录|数据)")
            .expect("static regex")
    });
    r.is_match(visible)
}

/// Pagination facts: TRS `createPageHTML(total, cur, "index", "html")`, `countPage`/`totalPage`
/// variables, 共N页, and the 下一页 / 尾页 links.
fn pagination(doc: &Document, pt: &PageText<'_>, visible: &str) -> Option<Pagination> {
    static CREATE: OnceLock<Regex> = OnceLock::new();
    static VAR: OnceLock<Regex> = OnceLock::new();
    static TOTAL: OnceLock<Regex> = OnceLock::new();
    let create = CREATE.get_or_init(|| {
        Regex::new(
            r#"createPageHTML\(\s*['"]?(\d+)['"]?\s*,\s*['"]?(\d+)['"]?\s*,\s*['"]([^'"]*)['"]\s*,\s*['"]([^'"]*)['"]"#,
        )
        .expect("static regex")
    });
    let var = VAR.get_or_init(|| {
        Regex::new(r"(?i)\b(?:countPage|totalPage|totalPages|pageCount|page_count)\b\s*[:=]\s*['\x22]?(\d+)")
            .expect("static regex")
    });
    let total_re = TOTAL.get_or_init(|| Regex::new(r"共\s*(\d{1,5})\s*页").expect("static regex"));
    let mut p = Pagination::default();
    for js in &pt.scripts {
        if let Some(c) = create.captures(js) {
            let total: u32 = c[1].parse().unwrap_or(0);
            let cur: u32 = c[2].parse().unwrap_or(0);
            p.total_pages = Some(total);
            p.current_page = Some(cur + 1);
            if cur + 1 < total
                && let Ok(u) = doc.base.join(&format!("{}_{}.{}", &c[3], cur + 1, &c[4]))
            {
                p.next_url = Some(u.to_string());
            }
            if total > 1
                && let Ok(u) = doc.base.join(&format!("{}_{}.{}", &c[3], total - 1, &c[4]))
            {
                p.last_url = Some(u.to_string());
            }
        } else if p.total_pages.is_none()
            && let Some(c) = var.captures(js)
        {
            p.total_pages = c[1].parse().ok();
        }
    }
    if p.total_pages.is_none()
        && let Some(c) = total_re.captures(visible)
    {
        p.total_pages = c[1].parse().ok();
    }
    for l in &pt.links {
        let text = squeeze(pt.el_text(l.el));
        let href = l.href.trim();
        if href.is_empty() || href.starts_with('#') || href.to_ascii_lowercase().starts_with("javascript") {
            continue;
        }
        let Ok(url) = doc.base.join(href) else {
            continue;
        };
        if url.as_str() == doc.url.as_str() {
            continue;
        }
        // Arrows are also "more" links: they count only when they point at a numbered page.
        let numbered = || page_number(url.as_str()).is_some();
        let next = matches!(text.as_str(), "下一页" | "下页" | "后一页" | "下一页>" | "下一页»")
            || (matches!(text.as_str(), ">" | "›" | "»") && numbered());
        let last =
            matches!(text.as_str(), "尾页" | "末页" | "最后一页" | "尾页>>" | "末页>>") || (text == ">>" && numbered());
        if p.next_url.is_none() && next {
            p.next_url = Some(url.to_string());
        } else if p.last_url.is_none() && last {
            p.last_url = Some(url.to_string());
        }
    }
    if p.total_pages.is_none()
        && let Some(last) = &p.last_url
    {
        p.total_pages = page_number(last);
    }
    (p != Pagination::default()).then_some(p)
}

/// The 1-based page number a pagination URL points to (`index_4.html` is page 5, `?page=5`).
fn page_number(url: &str) -> Option<u32> {
    static TRS: OnceLock<Regex> = OnceLock::new();
    static QUERY: OnceLock<Regex> = OnceLock::new();
    static PLAIN: OnceLock<Regex> = OnceLock::new();
    let trs = TRS.get_or_init(|| Regex::new(r"index_(\d+)\.s?html?").expect("static regex"));
    let query = QUERY.get_or_init(|| {
        Regex::new(r"(?i)[?&](?:page|pageNo|pageNum|PageIndex|currPage|pn|p)=(\d+)").expect("static regex")
    });
    let plain =
        PLAIN.get_or_init(|| Regex::new(r"(?:column-index-|/)(\d{1,4})\.s?html?(?:$|[?#])").expect("static regex"));
    if let Some(c) = trs.captures(url) {
        return c[1].parse::<u32>().ok().map(|n| n + 1);
    }
    if let Some(c) = query.captures(url) {
        return c[1].parse().ok();
    }
    plain.captures(url).and_then(|c| c[1].parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use url::Url;

    fn doc(html: &str) -> Document {
        Document::parse(html, &Url::parse("http://www.example.gov.cn/col/tzgg/index.html").unwrap())
    }

    #[test]
    fn headline_prefers_the_visible_element_matching_the_title() {
        let d = doc(
            "<title>关于做好冬季安全工作的通知_某某市人民政府</title><body><div class=logo>某某市人民政府</div>\
             <div class=bread>首页 &gt; 通知公告</div><h2>关于做好冬季<br>安全工作的通知</h2><p>发布时间：2026-11-20</p></body>",
        );
        let info = analyze(&d, false);
        assert_eq!(info.title, "关于做好冬季安全工作的通知");
        assert_eq!(info.kind, PageKind::Article);
    }

    #[test]
    fn headline_falls_back_to_article_title_meta_then_title() {
        let d = doc(
            "<head><meta name=ArticleTitle content='某某局行政处罚信息公开表(罚决字〔2024〕36号)'><title>某某局</title></head><body><div>某某局</div></body>",
        );
        assert_eq!(analyze(&d, false).title, "某某局行政处罚信息公开表(罚决字〔2024〕36号)");
        let d = doc("<title>中标公告详细页面</title><body>x</body>");
        assert_eq!(analyze(&d, false).title, "中标公告详细页面");
        let d = doc("<title>中国宜春</title><body>x</body>");
        assert_eq!(analyze(&d, true).title, "中国宜春");
    }

    #[test]
    fn hidden_headline_copies_are_ignored() {
        let d = doc("<title>甲乙丙丁通知</title><body><div style='display: none'>甲乙丙丁通知</div>\
             <p>日期：2020-01-02</p><p>正文</p><h1>甲乙丙丁通知</h1><p>日期：2021-03-04</p></body>");
        let info = analyze(&d, false);
        assert_eq!(info.publish_date.map(|p| p.date.to_string()).as_deref(), Some("2021-03-04"));
    }

    #[test]
    fn list_page_kind_items_and_pagination() {
        let mut html = String::from("<title>通知公告_某某市人民政府</title><body><h2>通知公告</h2><ul class=list>");
        for i in 1..=12 {
            html.push_str(&format!(
                "<li><a href='./2026{:02}/t20261{:03}_{i}.html'>第{i}号通知</a><span>2026-{:02}-{:02}</span></li>",
                i % 12 + 1,
                i,
                i % 12 + 1,
                i + 1
            ));
        }
        html.push_str("</ul><div class=page><a href='index_1.html'>下一页</a><a href='index_9.html'>尾页</a></div>");
        html.push_str("<script>createPageHTML(10, 0, \"index\", \"html\");</script></body>");
        let info = analyze(&doc(&html), false);
        assert_eq!(info.kind, PageKind::List);
        assert_eq!(info.items.len(), 12);
        assert_eq!(info.items[0].title, "第1号通知");
        assert!(info.items[0].url.starts_with("http://www.example.gov.cn/col/tzgg/202602/"));
        assert_eq!(info.title, "通知公告");
        assert!(info.publish_date.is_none());
        let p = info.pagination.unwrap();
        assert_eq!(p.total_pages, Some(10));
        assert_eq!(p.current_page, Some(1));
        assert_eq!(p.next_url.as_deref(), Some("http://www.example.gov.cn/col/tzgg/index_1.html"));
        assert_eq!(p.last_url.as_deref(), Some("http://www.example.gov.cn/col/tzgg/index_9.html"));
    }

    #[test]
    fn pagination_from_links_only() {
        let d = doc(
            "<body><ul><li><a href='a.html'>甲</a></li></ul><a href='?page=2'>下一页</a><a href='?page=7'>尾页</a></body>",
        );
        let p = analyze(&d, false).pagination.unwrap();
        assert_eq!(p.total_pages, Some(7));
        assert_eq!(p.next_url.as_deref(), Some("http://www.example.gov.cn/col/tzgg/index.html?page=2"));
        assert_eq!(page_number("http://x.gov.cn/col/index_4.shtml"), Some(5));
        assert_eq!(page_number("http://x.gov.cn/col/column-index-3.shtml"), Some(3));
        assert!(analyze(&doc("<body><p>正文</p></body>"), false).pagination.is_none());
        let d = doc("<body><h2>公民服务</h2><a href='/fuwu/gongmin/'>&gt;&gt;</a><a href='/fuwu/'>&gt;</a></body>");
        assert!(analyze(&d, false).pagination.is_none(), "arrows to non-page URLs are 'more' links");
        let d = doc("<body><span>共 12 页</span><a href='index_1.html'>&gt;</a></body>");
        let p = analyze(&d, false).pagination.unwrap();
        assert_eq!(
            (p.total_pages, p.next_url.as_deref()),
            (Some(12), Some("http://www.example.gov.cn/col/tzgg/index_1.html"))
        );
    }

    #[test]
    fn blank_column_with_note() {
        let d = doc(
            "<title>规划计划_某某县人民政府</title><body><h2>规划计划</h2><div class=list>本栏目暂无信息</div></body>",
        );
        let info = analyze(&d, false);
        assert!(info.blank_with_note);
        assert_eq!(info.kind, PageKind::List);
        assert!(info.items.is_empty());
        let d = doc("<title>规划计划</title><body><h2>规划计划</h2><div>根据职能，本单位无此类信息。</div></body>");
        assert!(analyze(&d, false).blank_with_note);
        let d = doc("<title>规划计划</title><body><h2>规划计划</h2><div>正文</div></body>");
        assert!(!analyze(&d, false).blank_with_note);
    }

    #[test]
    fn service_guide_kind() {
        let d = doc("<title>个体工商户设立登记办事指南</title><body><h1>个体工商户设立登记办事指南</h1>\
             <p>一、设定依据</p><p>《促进个体工商户发展条例》</p><p>二、申请条件</p><p>…</p>\
             <p>三、办理材料</p><p>…</p><p>四、办理地点</p><p>市民中心</p><p>五、办理时间</p><p>工作日</p></body>");
        assert_eq!(analyze(&d, false).kind, PageKind::Service);
        // the words in running text are not field labels
        let d = doc(
            "<title>通知</title><body><h1>通知</h1><p>请按设定依据、申请条件、办理材料、办理地点、办理时间准备。</p></body>",
        );
        assert_ne!(analyze(&d, false).kind, PageKind::Service);
    }

    #[test]
    fn consultation_kind() {
        let mut html = String::from("<title>市长信箱_某某市人民政府</title><body><h2>市长信箱</h2><table>");
        for i in 1..=6 {
            html.push_str(&format!("<tr><td><a href='xx{i}.html'>关于小区停车问题{i}</a></td><td>留言时间：2026-10-{i:02}</td><td>回复时间：2026-10-{:02}</td></tr>", i + 2));
        }
        html.push_str("</table></body>");
        let info = analyze(&doc(&html), false);
        assert_eq!(info.kind, PageKind::Consultation);
        assert_eq!(info.items.len(), 6);
        assert_eq!(info.items[0].date.map(|d| d.to_string()).as_deref(), Some("2026-10-01"));
        // a sidebar 政务咨询 box on an article does not make the article a message board
        let d = doc("<title>关于某事的通知</title><body><h1>关于某事的通知</h1><p>发布时间：2024-07-12</p>\
             <div><h3>政务咨询</h3><ul><li><a href=a>问题一</a><span>留言时间：</span><span>2025-04-27</span></li>\
             <li><a href=b>问题二</a><span>留言时间：</span><span>2025-04-16</span></li></ul></div></body>");
        let info = analyze(&d, false);
        assert_eq!(info.kind, PageKind::Article);
        assert!(info.items.is_empty());
        assert_eq!(info.publish_date.map(|p| p.date.to_string()).as_deref(), Some("2024-07-12"));
    }

    #[test]
    fn breadcrumbs_by_label_or_by_separators() {
        let d = doc("<body><div class=nav><a href='/'>首页</a><a href='/a/'>甲栏目</a></div>\
             <div class=crumb>当前位置：<a href='/'>首页</a> &gt; <a href='/ztzl/index.html'>专题专栏</a> &gt; \
             <a href='/ztzl/yshj/index.html'>优化营商环境专题</a></div><h2>优化营商环境专题</h2></body>");
        let c = analyze(&d, false).breadcrumb;
        let names: Vec<&str> = c.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["首页", "专题专栏", "优化营商环境专题"]);
        assert_eq!(c[1].url.as_deref(), Some("http://www.example.gov.cn/ztzl/index.html"));
        let d =
            doc("<body><div class=path><a href='/'>首页</a> » <a href='/zwgk/'>政务公开</a> » 通知公告</div></body>");
        let c = analyze(&d, false).breadcrumb;
        assert_eq!(c.len(), 3);
        assert_eq!((c[2].name.as_str(), c[2].url.as_deref()), ("通知公告", None));
        let d =
            doc("<body><div class=nav><a href='/'>首页</a> <a href='/a/'>要闻</a> <a href='/b/'>公告</a></div></body>");
        assert!(analyze(&d, false).breadcrumb.is_empty(), "a navigation bar is no breadcrumb");
    }

    #[test]
    fn consultation_messages_from_labelled_rows_and_message_pages() {
        let mut html = String::from("<title>咨询投诉_某某县人民政府</title><body><h2>咨询投诉</h2><ul>");
        html.push_str("<li><a href='m1.html'>关于供暖问题</a><span>留言时间：2026-06-01</span><span>回复时间：2026-06-09</span></li>");
        html.push_str(
            "<li><a href='m2.html'>关于道路维修</a><span>留言时间：2026-05-02</span><span>状态：办理中</span></li>",
        );
        html.push_str(
            "<li><a href='m3.html'>关于学区划分</a><span>留言时间：2026-04-03</span><span>状态：已回复</span></li>",
        );
        html.push_str("</ul><a href='write.html'>我要留言</a></body>");
        let info = analyze(&doc(&html), false);
        assert_eq!(info.kind, PageKind::Consultation);
        let m: Vec<(&str, Option<String>, Option<String>, Reply)> = info
            .messages
            .iter()
            .map(|m| (m.title.as_str(), m.asked.map(|d| d.to_string()), m.replied.map(|d| d.to_string()), m.reply))
            .collect();
        assert_eq!(
            m,
            vec![
                ("关于供暖问题", Some("2026-06-01".into()), Some("2026-06-09".into()), Reply::Replied),
                ("关于道路维修", Some("2026-05-02".into()), None, Reply::Pending),
                ("关于学区划分", Some("2026-04-03".into()), None, Reply::Replied),
            ]
        );
        assert_eq!(info.messages[0].url, "http://www.example.gov.cn/col/tzgg/m1.html");
        // a message's own page
        let d = doc("<title>关于学校开学时间的咨询_某某市人民政府</title><body>\
             <div class=crumb>当前位置：<a href='/'>首页</a> &gt; <a href='/ldxx/'>领导信箱</a></div>\
             <h1>关于学校开学时间的咨询</h1><table><tr><th>留言时间</th><td>2026-07-01 10:23</td></tr>\
             <tr><th>留言内容</th><td>请问新学校何时开学？</td></tr></table><p>办理状态：待回复</p></body>");
        let info = analyze(&d, false);
        assert_eq!(info.messages.len(), 1);
        let m = &info.messages[0];
        assert_eq!((m.asked.map(|d| d.to_string()).as_deref(), m.reply), (Some("2026-07-01"), Reply::Pending));
        assert_eq!(m.url, "http://www.example.gov.cn/col/tzgg/index.html");
        // an article is no message
        let d = doc(
            "<title>关于某事的通知</title><body><h1>关于某事的通知</h1><p>发布时间：2024-07-12</p><p>正文</p></body>",
        );
        assert!(analyze(&d, false).messages.is_empty());
    }

    #[test]
    fn service_guide_elements() {
        let d = doc("<title>个体工商户设立登记办事指南</title><body><h1>个体工商户设立登记办事指南</h1>\
             <p>一、设定依据：《促进个体工商户发展条例》</p><p>二、申请条件</p><p>具有经营能力的公民</p>\
             <p>三、办理材料</p><p>四、办理地点</p><p>市民中心</p><p>五、办理时间：工作日</p>\
             <div class=footer>联系电话：0571-87000001</div></body>");
        let info = analyze(&d, false);
        assert_eq!(info.kind, PageKind::Service);
        let got: Vec<(&str, bool)> = info.guide.iter().map(|e| (e.key.as_str(), e.filled)).collect();
        assert_eq!(
            got,
            [
                ("item_name", true),
                ("legal_basis", true),
                ("conditions", true),
                ("materials", false),
                ("place", true),
                ("hours", true)
            ]
        );
    }

    #[test]
    fn odd_input_never_panics() {
        let deep = format!("{}发布时间：2024-01-02{}", "<div><span>".repeat(1500), "</span></div>".repeat(1500));
        let many: String =
            (0..3000).map(|i| format!("<li><a href='?p={i}'>条目{i}</a>[2024-02-{:02}]</li>", i % 28 + 1)).collect();
        for html in [
            "",
            "<",
            "\u{feff}<html><body></body></html>",
            "<a href>日期：</a><p>2023-</p><p>-05-06</p>",
            "<p>发布日期：9999-99-99</p><p>发布日期：二〇二三年十三月三十二日</p><p>05-06</p>",
            "<script>createPageHTML(99999999999, 5, \"index\", \"html\")</script><a href='http://[::1'>下一页</a>",
            "<div style='display:none'><footer>主办：</footer></div>网站标识码：",
            "\u{3000}\u{a0} \n\t",
            deep.as_str(),
            many.as_str(),
        ] {
            for home in [false, true] {
                let info = analyze(&doc(html), home);
                assert!(info.items.len() <= 3000);
            }
        }
        let info = analyze(&doc(&many), false);
        assert_eq!(info.kind, PageKind::List);
        assert_eq!(info.items.len(), 3000);
        assert_eq!(analyze(&doc(&deep), false).publish_date.map(|p| p.date.to_string()).as_deref(), Some("2024-01-02"));
    }

    #[test]
    fn tidy_removes_line_break_spaces_between_han_only() {
        assert_eq!(tidy("全国人民代表大会常务委员会\n关于批准"), "全国人民代表大会常务委员会关于批准");
        assert_eq!(tidy(" H5 解读：市政府 第51次 "), "H5 解读：市政府第51次");
        assert_eq!(tidy("Q&A 问答 2023 年"), "Q&A 问答 2023 年");
    }

    #[test]
    fn footer_zone_prefers_the_footer() {
        let d = doc("<body><div class=content><p>活动通知</p><p>主办单位：市图书馆</p></div>\
             <div id=footer><p>主办：某某市人民政府 承办：某某市人民政府办公室</p>\
             <p>赣ICP备06000141号 政府网站标识码：3609000002 赣公网安备</p><p>36090202000004号</p></div></body>");
        let f = footer_of_doc(&d);
        assert_eq!(f.sponsor.as_deref(), Some("某某市人民政府"));
        assert_eq!(f.psb.as_deref(), Some("36090202000004"));
        // 版权所有 block without a footer class, sponsor absent
        let d = doc("<body><div><p>主办单位：市图书馆</p><p>活动详情</p></div><div><div>很多正文</div></div>\
             <div class=bq><p>某某委员会 版权所有</p><p>浙ICP备05018911号 网站标识码：3300000020</p>\
             <p>浙公网安备 33010602009328号</p></div></body>");
        let f = footer_of_doc(&d);
        assert_eq!(f.sponsor, None);
        assert_eq!(f.site_code.as_deref(), Some("3300000020"));
        assert_eq!(f.psb.as_deref(), Some("33010602009328"));
        // footer lines loose in <body>: the neighbouring lines still count
        let d = doc("<body><div>很多正文</div><p>主办：某某县人民政府</p><p>赣ICP备11002306号-1</p></body>");
        assert_eq!(footer_of_doc(&d).sponsor.as_deref(), Some("某某县人民政府"));
        // recordcode in the beian link when the number is not printed
        let d = doc(
            "<body><div class=footer>冀公网安备 <a href='http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=13010402001602'><img alt=''></a></div></body>",
        );
        assert_eq!(footer_of_doc(&d).psb.as_deref(), Some("13010402001602"));
    }
}
