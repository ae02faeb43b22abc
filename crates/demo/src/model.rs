//! The data the demo sites are made of: the base URL of every server, articles and columns
//! with their dates, and the date helpers that keep every date relative to `today` so the
//! findings are the same whatever day the demo runs.

use chrono::{Datelike, NaiveDate, TimeDelta};

/// Base URLs of every demo server, each ending with `/`. Every one is a loopback address;
/// a host is identified by its IP (the approval register matches a host on any port).
#[derive(Debug, Clone)]
pub struct Hosts {
    /// The city portal 滨江市人民政府 (127.0.0.1).
    pub portal: String,
    /// The department site 滨江市文化和旅游局 (127.0.0.3).
    pub department: String,
    /// The commercial shop 某某商城 (127.0.0.2), linked without approval.
    pub shop: String,
    /// The provincial portal (127.0.0.4), approved in the register.
    pub provincial: String,
    /// The gambling site (127.0.0.5): every page carries a gambling title.
    pub gambling: String,
    /// The third-party script host (127.0.0.6) serving `tj.js` and `cnzz.js`.
    pub scripts: String,
    /// The newspaper site (127.0.0.7) whose approval has expired.
    pub expired: String,
    /// A loopback address and port nothing listens on (127.0.0.9).
    pub dead: String,
}

/// `base` (ending with `/`) joined with an absolute `path` (starting with `/`).
pub(crate) fn at(base: &str, path: &str) -> String {
    format!("{}{}", base.trim_end_matches('/'), path)
}

/// The date `days` before `today` (negative: after).
pub(crate) fn ago(today: NaiveDate, days: i64) -> NaiveDate {
    today - TimeDelta::days(days)
}

/// `2026年11月20日`.
pub(crate) fn cn_date(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// `2026-11-20`.
pub(crate) fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// How a page's bytes are labelled (the 信息公开 section is GBK, labelled three ways).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Charset {
    /// UTF-8 with `<meta charset="utf-8">` and the header charset.
    Utf8,
    /// GBK bytes, `Content-Type: text/html; charset=GBK`, no meta.
    GbkHeader,
    /// GBK bytes, `<meta charset="gb2312">` only; the header says `text/html`.
    GbkMeta,
    /// GBK bytes without any charset label at all.
    GbkBare,
}

impl Charset {
    /// The `<meta>` for the page head.
    pub(crate) fn meta(self) -> &'static str {
        match self {
            Charset::Utf8 => "<meta charset=\"utf-8\">",
            Charset::GbkMeta => "<meta charset=\"gb2312\">",
            Charset::GbkHeader | Charset::GbkBare => "",
        }
    }

    /// The `Content-Type` header.
    pub(crate) fn content_type(self) -> &'static str {
        match self {
            Charset::Utf8 => "text/html; charset=utf-8",
            Charset::GbkHeader => "text/html; charset=GBK",
            Charset::GbkMeta | Charset::GbkBare => "text/html",
        }
    }
}

/// How a list shows an entry's date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DateFmt {
    /// `2026-11-20`
    Dash,
    /// `[2026-11-20]`
    Bracket,
    /// `(2026-11-20)`
    Paren,
    /// `2026/11/20`
    Slash,
    /// `2026年11月20日`
    Chinese,
    /// `[11-20]` (the year is implied by the list)
    Short,
}

impl DateFmt {
    /// The date as this list prints it.
    pub(crate) fn show(self, d: NaiveDate) -> String {
        match self {
            DateFmt::Dash => iso(d),
            DateFmt::Bracket => format!("[{}]", iso(d)),
            DateFmt::Paren => format!("({})", iso(d)),
            DateFmt::Slash => d.format("%Y/%m/%d").to_string(),
            DateFmt::Chinese => cn_date(d),
            DateFmt::Short => d.format("[%m-%d]").to_string(),
        }
    }
}

/// The markup of a column's list pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ListStyle {
    /// `<ul><li><a>…</a><span>date</span></li></ul>`
    Ul(DateFmt),
    /// `<table>` rows: title, 文号, date.
    Table,
    /// `<div class="row">` entries.
    Rows,
    /// Thumbnails without any date (图片新闻).
    Thumbs,
}

/// The metadata block of a 信息公开 article (索引号, 发布机构, 成文日期, 发布日期).
#[derive(Debug, Clone)]
pub(crate) struct Disclosure {
    /// 索引号.
    pub index_no: String,
    /// 发布机构.
    pub org: &'static str,
    /// 成文日期 (never the freshness date).
    pub written: NaiveDate,
}

/// One published article.
#[derive(Debug, Clone)]
pub(crate) struct Article {
    /// Document id (the `_58231` of the TRS URL).
    pub id: u32,
    /// Name of a planted role, so the manifest can find the article.
    pub key: Option<&'static str>,
    /// The column's slug (`ywdt`, `ztzl/yshj`).
    pub col: &'static str,
    /// Headline.
    pub title: String,
    /// The 发布时间 on the page.
    pub published: NaiveDate,
    /// The time of day on the 发布时间 line.
    pub time: &'static str,
    /// The date in the URL (`t20261120_…`).
    pub url_date: NaiveDate,
    /// The date the list pages show.
    pub list_date: NaiveDate,
    /// 来源.
    pub source: &'static str,
    /// 文号 of a policy document.
    pub doc_no: Option<String>,
    /// Body HTML (trusted, authored here).
    pub body: String,
    /// Body HTML once the tamper switch is on, if it changes.
    pub tampered_body: Option<String>,
    /// Extra HTML served only to search-engine crawlers (cloaking).
    pub cloaked_extra: Option<String>,
    /// Extra tags for `<head>`.
    pub head: String,
    /// Published only when the tamper switch is on (ordinary publishing between runs).
    pub tamper_only: bool,
    /// Thumbnail path for thumbnail lists.
    pub thumb: Option<String>,
    /// How the page is encoded and labelled.
    pub charset: Charset,
    /// The 信息公开 metadata block, replacing the 发布时间 line.
    pub disclosure: Option<Disclosure>,
}

impl Article {
    /// A UTF-8 article whose URL and list dates equal its publish date.
    pub(crate) fn new(
        id: u32,
        col: &'static str,
        title: impl Into<String>,
        published: NaiveDate,
        body: String,
    ) -> Self {
        const TIMES: [&str; 6] = ["09:30", "10:15", "15:20", "16:45", "08:50", "11:05"];
        Article {
            id,
            key: None,
            col,
            title: title.into(),
            published,
            time: TIMES[(id % 6) as usize],
            url_date: published,
            list_date: published,
            source: "滨江市人民政府办公室",
            doc_no: None,
            body,
            tampered_body: None,
            cloaked_extra: None,
            head: String::new(),
            tamper_only: false,
            thumb: None,
            charset: Charset::Utf8,
            disclosure: None,
        }
    }

    /// Names the article's planted role.
    pub(crate) fn key(mut self, key: &'static str) -> Self {
        self.key = Some(key);
        self
    }

    /// Sets 来源.
    pub(crate) fn source(mut self, source: &'static str) -> Self {
        self.source = source;
        self
    }

    /// The TRS article path: `/<col>/<yyyymm>/t<yyyymmdd>_<id>.html`.
    pub(crate) fn path(&self) -> String {
        format!("/{}/{}/t{}_{}.html", self.col, self.url_date.format("%Y%m"), self.url_date.format("%Y%m%d"), self.id)
    }
}

/// A column: its list pages (TRS pagination) and its articles.
#[derive(Debug, Clone)]
pub(crate) struct Column {
    /// URL slug (`tzgg`, `ztzl/yshj`).
    pub slug: &'static str,
    /// Column name.
    pub name: String,
    /// List markup.
    pub style: ListStyle,
    /// Entries per list page.
    pub page_size: usize,
    /// A note shown when the column is legitimately empty (本栏目暂无信息).
    pub note: Option<&'static str>,
    /// Parent column for the breadcrumb (name, path).
    pub parent: Option<(&'static str, &'static str)>,
    /// Encoding of the list pages.
    pub charset: Charset,
    /// Every article, in any order.
    pub articles: Vec<Article>,
}

impl Column {
    /// A UTF-8 column with ten entries per page.
    pub(crate) fn new(slug: &'static str, name: impl Into<String>, style: ListStyle, articles: Vec<Article>) -> Self {
        Column {
            slug,
            name: name.into(),
            style,
            page_size: 10,
            note: None,
            parent: None,
            charset: Charset::Utf8,
            articles,
        }
    }

    /// `/<slug>/index.html`.
    pub(crate) fn index_path(&self) -> String {
        self.page_path(0)
    }

    /// The path of list page `i` (0-based): `index.html`, `index_1.html` ….
    pub(crate) fn page_path(&self, i: usize) -> String {
        if i == 0 { format!("/{}/index.html", self.slug) } else { format!("/{}/index_{i}.html", self.slug) }
    }

    /// The articles published in this state, newest list date first.
    pub(crate) fn visible(&self, tampered: bool) -> Vec<&Article> {
        let mut v: Vec<&Article> = self.articles.iter().filter(|a| tampered || !a.tamper_only).collect();
        v.sort_by(|a, b| b.list_date.cmp(&a.list_date).then(b.id.cmp(&a.id)));
        v
    }

    /// Number of list pages (at least one).
    pub(crate) fn pages(&self, tampered: bool) -> usize {
        self.visible(tampered).len().div_ceil(self.page_size).max(1)
    }
}
