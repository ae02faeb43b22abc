//! Column discovery and classification (indicators §5, §6, §11.2): which columns a site has,
//! what each one is called, where it sits in the column tree, which class of the freshness
//! rules it belongs to, how new its newest item is, and whether it is `ok`, `not_updated` or
//! `blank`. This module owns the column model ([`ColumnInfo`]) and the report's `columns[]`
//! ([`columns`]); the findings drawn from it live in [`super::freshness`] and
//! [`super::interaction`].
//!
//! How columns are found, from what the crawl stored (no fetching):
//! - **Pages of one column** are grouped by URL (`index.html`, `index_1.html` … and `/col/`
//!   are one column; so are `?page=N` variants) and by the pagination links each page states
//!   (下一页 / 尾页 / `createPageHTML`).
//! - **A group is a column** when one of its pages is a list (dated entries, pagination, a
//!   "blank with note" message, a message list), when a breadcrumb (当前位置) names it, or
//!   when the homepage links it with a short text that names a known class (通知公告, 领导信箱,
//!   机构职能 …). Articles and service guides are never columns; the homepage is none either.
//! - **Name**: the homepage link text, else the breadcrumb text, else the page headline.
//! - **Parent**: the breadcrumb entry before the column; else the column whose directory
//!   holds this one. No parent means first level.
//! - **Class**: the config overrides (URL prefix or exact name), else the keywords of §6.
//! - **Historical topics**: a 专题 column with a year or 历史/往期 in its name, or any column
//!   under a 专题 parent (专题专栏): exempt from the freshness rules.
//! - **Status**: `blank` when a list column (or one whose class has an update rule) shows no
//!   entry, no content link, no sub-column, no further page and no 暂无信息 note; a column
//!   with the note is `ok`. `not_updated` when its newest entry is older than the class's
//!   window ([`super::freshness::window`]), or when its entries carry no dates at all. Items
//!   dated after the as-of date never count as an update (they are `date_inconsistent`).

use super::freshness::{self, Window};
use super::{PageRecord, SiteData};
use crate::pageinfo::PageKind;
use crate::report::Column;
use chrono::NaiveDate;
use regex::Regex;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;
use url::Url;

/// The column classes of SPEC.md (`columns[].class`).
pub const CLASSES: [&str; 11] = [
    "news",
    "notice",
    "policy",
    "personnel",
    "planning",
    "consultation",
    "interview",
    "survey",
    "service",
    "basic",
    "other",
];

/// A column's state (`columns[].status`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Updated within its window, exempt, or without a rule.
    Ok,
    /// Newest entry older than the window, or entries without dates.
    NotUpdated,
    /// No content at all.
    Blank,
}

impl Status {
    /// The report name.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::NotUpdated => "not_updated",
            Status::Blank => "blank",
        }
    }
}

/// The newest entry of a column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Latest {
    /// Its date.
    pub date: NaiveDate,
    /// Its title.
    pub title: String,
    /// Its URL.
    pub url: String,
}

/// One discovered column with everything the rules need.
#[derive(Debug, Clone)]
pub struct ColumnInfo {
    /// Column name.
    pub name: String,
    /// The column's first list page.
    pub url: String,
    /// Its list pages (indices into `SiteData::pages`), first page first.
    pub pages: Vec<usize>,
    /// Index of the parent column in the discovered list.
    pub parent: Option<usize>,
    /// Class (one of [`CLASSES`]).
    pub class: String,
    /// A first-level column (no parent column).
    pub first_level: bool,
    /// A 专题 column, or one under a 专题 parent.
    pub topic: bool,
    /// A historical topic: exempt from the freshness rules.
    pub historical: bool,
    /// The newest dated entry not after the as-of date.
    pub latest: Option<Latest>,
    /// Distinct dated entries over all its pages.
    pub items: usize,
    /// Entries (articles, documents) listed without any date: (title, URL).
    pub undated: Vec<(String, String)>,
    /// Distinct links to content (not navigation, not pagination, not other columns).
    pub content_links: usize,
    /// Number of sub-columns.
    pub children: usize,
    /// The page says the column is legitimately empty (暂无信息).
    pub note: bool,
    /// The pagination says there are further pages.
    pub more_pages: bool,
    /// One of its pages is a list page (entries, pagination, note or messages).
    pub list_frame: bool,
    /// The freshness window of its class and level, if any.
    pub window: Option<Window>,
    /// The state.
    pub status: Status,
    /// The newest published reply (consultation columns).
    pub latest_reply: Option<NaiveDate>,
}

impl ColumnInfo {
    /// The report's view of the column.
    pub fn to_report(&self, all: &[ColumnInfo]) -> Column {
        Column {
            name: self.name.clone(),
            url: self.url.clone(),
            class: self.class.clone(),
            latest: self.latest.as_ref().map(|l| l.date.to_string()),
            items: self.items as u64,
            status: self.status.as_str().to_string(),
            parent: self.parent.and_then(|p| all.get(p)).map(|p| p.url.clone()),
            historical: self.historical,
            latest_reply: self.latest_reply.map(|d| d.to_string()),
        }
    }
}

/// The report's `columns[]` of the columns [`discover`] found.
pub fn report(cols: &[ColumnInfo]) -> Vec<Column> {
    cols.iter().map(|c| c.to_report(cols)).collect()
}

/// The class a column name suggests (indicators §6 keyword lists); `other` when none fits.
pub fn classify(name: &str) -> &'static str {
    const RULES: &[(&str, &[&str])] = &[
        ("consultation", &["信箱", "咨询", "留言", "来信", "问政", "诉求", "投诉", "建言", "网上问答", "有问必答"]),
        ("interview", &["访谈", "新闻发布会", "发布会", "直播"]),
        ("survey", &["征集", "调查", "征求意见", "意见建议"]),
        ("personnel", &["人事", "任免", "招考", "录用", "招聘", "公务员"]),
        ("planning", &["规划", "计划", "工作总结"]),
        ("notice", &["通知", "公告", "公示", "通告"]),
        ("policy", &["政策", "文件", "法规", "规章", "解读", "图解"]),
        (
            "news",
            &[
                "要闻",
                "动态",
                "新闻",
                "工作进展",
                "头条",
                "快讯",
                "时政",
                "资讯",
                "信息快递",
                "领导活动",
                "领导讲话",
                "政务活动",
            ],
        ),
        ("service", &["办事", "服务", "指南", "表格下载", "在线办理", "办件", "便民", "网上办理", "审批"]),
        (
            "basic",
            &[
                "机构",
                "职能",
                "领导",
                "负责人",
                "联系",
                "概况",
                "简介",
                "信息公开",
                "公开指南",
                "公开制度",
                "年报",
                "年度报告",
            ],
        ),
    ];
    // 信访 and 纪检举报 channels are not consultation channels (V5).
    if name.contains("信访") || name.contains("举报") {
        return "other";
    }
    RULES.iter().find(|(_, words)| words.iter().any(|w| name.contains(w))).map_or("other", |(class, _)| class)
}

/// Link texts that say "more", not a column name.
fn generic(text: &str) -> bool {
    let t: String = text.chars().filter(|c| !c.is_whitespace() && !">》»›+…".contains(*c)).collect();
    t.is_empty()
        || matches!(
            t.to_lowercase().as_str(),
            "更多" | "more" | "查看更多" | "详情" | "详细" | "进入" | "首页" | "返回首页"
        )
}

/// A year in a name (`2023年…专题`).
fn has_year(name: &str) -> bool {
    static YEAR: OnceLock<Regex> = OnceLock::new();
    YEAR.get_or_init(|| Regex::new(r"(?:19|20)\d{2}").expect("static regex")).is_match(name)
}

/// The key shared by all list pages of one column: `index.html`, `index_3.html`, `index.shtml`
/// and the bare directory are one key; `?page=N`-style parameters are dropped.
pub fn column_key(url: &str) -> String {
    static INDEX: OnceLock<Regex> = OnceLock::new();
    static PAGE_PARAM: OnceLock<Regex> = OnceLock::new();
    static NUMBERED: OnceLock<Regex> = OnceLock::new();
    let index = INDEX.get_or_init(|| {
        Regex::new(r"(?i)^(?:index|default)(?:_\d+)?\.(?:s?html?|jsp|php|aspx?)$").expect("static regex")
    });
    let page_param = PAGE_PARAM.get_or_init(|| {
        Regex::new(r"(?i)^(?:page|pageno|pagenum|pageindex|currpage|pn|p|curpage|pageidx)$").expect("static regex")
    });
    let numbered = NUMBERED.get_or_init(|| Regex::new(r"^(.*-index)-\d+(\.s?html?)$").expect("static regex"));
    let Ok(mut u) = Url::parse(url) else {
        return url.to_string();
    };
    u.set_fragment(None);
    let path = u.path().to_string();
    let (dir, last) = path.rsplit_once('/').unwrap_or(("", path.as_str()));
    let new_path = if last.is_empty() || index.is_match(last) {
        format!("{dir}/")
    } else if let Some(c) = numbered.captures(last) {
        format!("{dir}/{}{}", &c[1], &c[2])
    } else {
        path.clone()
    };
    u.set_path(&new_path);
    if u.query().is_some() {
        let kept: Vec<(String, String)> = u
            .query_pairs()
            .filter(|(k, _)| !page_param.is_match(k))
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        if kept.is_empty() {
            u.set_query(None);
        } else {
            u.query_pairs_mut().clear().extend_pairs(kept);
        }
    }
    u.to_string()
}

/// The 1-based page number a list URL names (`index_2.html` is page 3; `?page=4` page 4).
fn page_no(url: &str) -> u32 {
    static TRS: OnceLock<Regex> = OnceLock::new();
    static QUERY: OnceLock<Regex> = OnceLock::new();
    let trs = TRS.get_or_init(|| Regex::new(r"(?i)(?:index|default)_(\d+)\.\w+(?:$|\?)").expect("static regex"));
    let query = QUERY.get_or_init(|| {
        Regex::new(r"(?i)[?&](?:page|pageNo|pageNum|PageIndex|currPage|pn|p|curpage)=(\d+)").expect("static regex")
    });
    if let Some(c) = trs.captures(url) {
        return c[1].parse::<u32>().map_or(1, |n| n.saturating_add(1));
    }
    query.captures(url).and_then(|c| c[1].parse().ok()).unwrap_or(1)
}

/// Union-find over page indices.
struct Groups(Vec<usize>);

impl Groups {
    fn root(&mut self, mut i: usize) -> usize {
        while self.0[i] != i {
            self.0[i] = self.0[self.0[i]];
            i = self.0[i];
        }
        i
    }

    fn join(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.root(a), self.root(b));
        if ra != rb {
            let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
            self.0[hi] = lo;
        }
    }
}

/// What made a group a column, gathered before the tree is built.
#[derive(Default)]
struct Candidate {
    list_frame: bool,
    /// Homepage link texts (position, text).
    nav: Vec<(u32, String)>,
    /// Breadcrumb texts naming it.
    crumbs: Vec<String>,
    /// URLs by which navigation or breadcrumbs reach it.
    referenced: HashSet<String>,
}

/// Whether a page was fetched and parsed as one of the site's own HTML pages.
pub(crate) fn usable(p: &PageRecord) -> bool {
    p.is_html && !p.external && p.error.is_none() && p.status < 400
}

/// A page's kind (the stored column, else the analysis).
pub(crate) fn kind_of(p: &PageRecord) -> PageKind {
    p.kind.unwrap_or(p.info.kind)
}

/// A page's publish date (the stored column, else the analysis).
pub(crate) fn publish_of(p: &PageRecord) -> Option<NaiveDate> {
    p.publish_date.or(p.info.publish_date.map(|d| d.date))
}

/// Pages that are single publications, never columns.
pub(crate) fn is_leaf(p: &PageRecord) -> bool {
    matches!(kind_of(p), PageKind::Article | PageKind::Service)
}

/// A list page: dated entries, pagination, a "blank with note" message or a message list.
fn is_list_page(p: &PageRecord) -> bool {
    let i = &p.info;
    let kind = kind_of(p);
    kind == PageKind::List
        || (kind == PageKind::Consultation && (i.messages.len() >= 2 || i.items.len().max(p.items.len()) >= 2))
        || i.pagination.is_some()
        || i.blank_with_note
}

/// Discovers the site's columns (see the module documentation).
pub fn discover(site: &SiteData) -> Vec<ColumnInfo> {
    let pages = &site.pages;
    let mut by_url: HashMap<&str, usize> = HashMap::new();
    for (i, p) in pages.iter().enumerate() {
        if usable(p) {
            by_url.entry(p.url.as_str()).or_insert(i);
            by_url.entry(p.final_url.as_str()).or_insert(i);
        }
    }
    let home = pages.iter().position(|p| p.is_home && usable(p));
    let home_key = home.map(|h| column_key(&pages[h].url));
    let is_home_url = |u: &str| {
        by_url.get(u).is_some_and(|&j| Some(j) == home) || home_key.as_deref().is_some_and(|k| column_key(u) == k)
    };
    // Pages that may belong to a column: the site's own non-leaf pages other than the homepage.
    let eligible = |i: usize| {
        let p = &pages[i];
        usable(p) && Some(i) != home && !is_leaf(p) && !is_home_url(&p.url)
    };

    // 1. Group pages: same column key, or linked as next/last page.
    let mut groups = Groups((0..pages.len()).collect());
    let mut by_key: HashMap<String, usize> = HashMap::new();
    for i in (0..pages.len()).filter(|&i| eligible(i)) {
        for u in [&pages[i].url, &pages[i].final_url] {
            let key = column_key(u);
            match by_key.get(&key) {
                Some(&j) => groups.join(i, j),
                None => {
                    by_key.insert(key, i);
                }
            }
        }
    }
    for i in (0..pages.len()).filter(|&i| eligible(i)) {
        if let Some(pg) = &pages[i].info.pagination {
            for u in [&pg.next_url, &pg.last_url].into_iter().flatten() {
                if let Some(&j) = by_url.get(u.as_str())
                    && eligible(j)
                {
                    groups.join(i, j);
                }
            }
        }
    }
    let group_of = |groups: &mut Groups, u: &str| -> Option<usize> {
        let &j = by_url.get(u)?;
        eligible(j).then(|| groups.root(j))
    };

    // 2. Candidates: list pages, breadcrumb entries, homepage links naming a class.
    let mut cands: HashMap<usize, Candidate> = HashMap::new();
    for i in (0..pages.len()).filter(|&i| eligible(i)) {
        if is_list_page(&pages[i]) {
            let r = groups.root(i);
            cands.entry(r).or_default().list_frame = true;
        }
    }
    for p in pages.iter().filter(|p| usable(p)) {
        for c in &p.info.breadcrumb {
            let Some(u) = &c.url else { continue };
            if let Some(g) = group_of(&mut groups, u) {
                let cand = cands.entry(g).or_default();
                cand.crumbs.push(c.name.to_string());
                cand.referenced.insert(u.to_string());
            }
        }
    }
    let links_by_source = links_by_source(site);
    if let Some(h) = home {
        let mut nav: Vec<&super::LinkRecord> = links_by_source
            .get(pages[h].url.as_str())
            .map(|v| v.iter().copied().filter(|l| l.tag == "a" && l.invalid.is_none()).collect())
            .unwrap_or_default();
        nav.sort_by_key(|l| l.position);
        for l in nav {
            let text = crate::pageinfo::squeeze(&l.text);
            let n = text.chars().count();
            if !(2..=16).contains(&n) || generic(&text) {
                continue;
            }
            let Some(g) = group_of(&mut groups, &l.target) else { continue };
            if classify(&text) == "other" && !cands.contains_key(&g) {
                continue;
            }
            let cand = cands.entry(g).or_default();
            cand.nav.push((l.position, text));
            cand.referenced.insert(l.target.to_string());
        }
    }

    // 3. Members of each column, first page first.
    let mut members: HashMap<usize, Vec<usize>> = HashMap::new();
    for i in (0..pages.len()).filter(|&i| eligible(i)) {
        let r = groups.root(i);
        if cands.contains_key(&r) {
            members.entry(r).or_default().push(i);
        }
    }
    let mut roots: Vec<usize> = cands.keys().copied().filter(|r| members.contains_key(r)).collect();
    let order_key = |r: &usize| {
        let c = &cands[r];
        let nav = c.nav.iter().map(|(p, _)| *p).min().unwrap_or(u32::MAX);
        (nav, pages[*r].depth, pages[*r].url.clone())
    };
    roots.sort_by_key(order_key);
    let index_of: HashMap<usize, usize> = roots.iter().enumerate().map(|(k, r)| (*r, k)).collect();

    let mut cols: Vec<ColumnInfo> = Vec::with_capacity(roots.len());
    for r in &roots {
        let cand = &cands[r];
        let mut pg = members[r].clone();
        pg.sort_by_key(|&i| {
            let p = &pages[i];
            (page_no(&p.url), !cand.referenced.contains(p.url.as_str()), p.depth, p.url.len(), p.url.clone())
        });
        let first = &pages[pg[0]];
        let name = cand
            .nav
            .first()
            .map(|(_, t)| t.clone())
            .or_else(|| most_common(&cand.crumbs))
            .unwrap_or_else(|| first.title.clone());
        cols.push(ColumnInfo {
            name,
            url: first.url.to_string(),
            pages: pg,
            parent: None,
            class: String::new(),
            first_level: true,
            topic: false,
            historical: false,
            latest: None,
            items: 0,
            undated: Vec::new(),
            content_links: 0,
            children: 0,
            note: false,
            more_pages: false,
            list_frame: cand.list_frame,
            window: None,
            status: Status::Ok,
            latest_reply: None,
        });
    }

    // 4. Parents: the breadcrumb entry before the column, else the enclosing directory.
    let mut votes: HashMap<usize, HashMap<Option<usize>, usize>> = HashMap::new();
    for p in pages.iter().filter(|p| usable(p)) {
        let crumbs: Vec<&str> = p.info.breadcrumb.iter().filter_map(|c| c.url.as_deref()).collect();
        for w in crumbs.windows(2) {
            let Some(child) = group_of(&mut groups, w[1]).and_then(|g| index_of.get(&g).copied()) else { continue };
            let parent = if is_home_url(w[0]) {
                None
            } else {
                match group_of(&mut groups, w[0]).and_then(|g| index_of.get(&g).copied()) {
                    Some(pi) if pi != child => Some(pi),
                    _ => continue,
                }
            };
            *votes.entry(child).or_default().entry(parent).or_insert(0) += 1;
        }
    }
    let keys: Vec<String> = cols.iter().map(|c| column_key(&c.url)).collect();
    let by_dir: HashMap<&str, usize> =
        keys.iter().enumerate().filter(|(_, k)| k.ends_with('/')).map(|(j, k)| (k.as_str(), j)).collect();
    for k in 0..cols.len() {
        let parent = match votes.get(&k) {
            Some(v) => v.iter().max_by_key(|(p, n)| (**n, p.map_or(0, |x| usize::MAX - x))).and_then(|(p, _)| *p),
            None => {
                // the nearest enclosing directory that is a column
                let key = keys[k].as_str();
                let mut cur = key.trim_end_matches('/');
                let mut found = None;
                while let Some(pos) = cur.rfind('/') {
                    if let Some(&j) = by_dir.get(&key[..=pos])
                        && j != k
                    {
                        found = Some(j);
                        break;
                    }
                    cur = &cur[..pos];
                }
                found
            }
        };
        cols[k].parent = parent;
    }
    // No cycles: a column cannot be its own ancestor.
    for k in 0..cols.len() {
        let mut seen = HashSet::from([k]);
        let mut cur = cols[k].parent;
        while let Some(p) = cur {
            if !seen.insert(p) {
                cols[k].parent = None;
                break;
            }
            cur = cols[p].parent;
        }
    }
    for k in 0..cols.len() {
        if let Some(p) = cols[k].parent {
            cols[p].children += 1;
        }
        cols[k].first_level = cols[k].parent.is_none();
    }

    // 5. Class and topic flags.
    for k in 0..cols.len() {
        let class = override_class(site, &cols[k]).unwrap_or_else(|| classify(&cols[k].name).to_string());
        cols[k].class = class;
        let parent_topic = cols[k].parent.is_some_and(|p| cols[p].name.contains("专题"));
        let name = cols[k].name.clone();
        cols[k].topic = name.contains("专题") || parent_topic;
        let past = ["历史", "往期", "已结束", "回顾", "归档"].iter().any(|w| name.contains(w));
        cols[k].historical = parent_topic || (name.contains("专题") && (has_year(&name) || past));
    }

    // 6. Entries, content links and status.
    let column_pages: HashSet<usize> = cols.iter().flat_map(|c| c.pages.iter().copied()).collect();
    let template = template_links(site, &links_by_source);
    for col in cols.iter_mut() {
        fill_entries(site, col, &by_url, &links_by_source, &template, &column_pages, home);
        col.window = freshness::window(&col.class, col.first_level);
        col.status = status(col, site.as_of);
    }
    cols
}

/// The class the config assigns to a column, if any.
fn override_class(site: &SiteData, col: &ColumnInfo) -> Option<String> {
    let path = Url::parse(&col.url).ok().map(|u| {
        let mut s = u.path().to_string();
        if let Some(q) = u.query() {
            s.push('?');
            s.push_str(q);
        }
        s
    });
    site.column_overrides
        .iter()
        .find(|o| {
            let by_prefix = o.prefix.as_deref().map(|pre| {
                col.url.starts_with(pre)
                    || (pre.starts_with('/') && path.as_deref().is_some_and(|p| p.starts_with(pre)))
            });
            let by_name = o.name.as_deref().map(|n| n == col.name);
            match (by_prefix, by_name) {
                (None, None) => false,
                (a, b) => a.unwrap_or(true) && b.unwrap_or(true),
            }
        })
        .map(|o| o.class.clone())
}

fn most_common(names: &[String]) -> Option<String> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for n in names {
        *counts.entry(n.as_str()).or_insert(0) += 1;
    }
    counts.into_iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0))).map(|(n, _)| n.to_string())
}

/// Links by their source page.
fn links_by_source(site: &SiteData) -> HashMap<&str, Vec<&super::LinkRecord>> {
    let mut m: HashMap<&str, Vec<&super::LinkRecord>> = HashMap::new();
    for l in &site.links {
        m.entry(l.source.as_str()).or_default().push(l);
    }
    m
}

/// On how many of `sources` pages with links a target must appear to be the template: half of
/// them, and three (or all of them on a smaller site).
pub fn template_need(sources: usize) -> usize {
    sources.div_ceil(2).max(sources.min(3))
}

/// Link targets on at least half of the pages that have links (and on three of them, or on
/// all of them on a smaller site): the navigation, header and footer every page repeats.
fn template_links<'a>(
    site: &'a SiteData,
    by_source: &HashMap<&'a str, Vec<&'a super::LinkRecord>>,
) -> HashSet<&'a str> {
    if let Some(t) = &site.template {
        let need = template_need(t.sources);
        return t.counts.iter().filter(|(_, n)| **n >= need && t.sources >= 2).map(|(u, _)| u.as_str()).collect();
    }
    let mut counts: HashMap<&str, usize> = HashMap::new();
    let mut sources = 0usize;
    for p in site.pages.iter().filter(|p| usable(p)) {
        let Some(links) = by_source.get(p.url.as_str()) else { continue };
        sources += 1;
        let distinct: HashSet<&str> = links.iter().filter(|l| l.tag == "a").map(|l| l.target.as_str()).collect();
        for t in distinct {
            *counts.entry(t).or_insert(0) += 1;
        }
    }
    let need = template_need(sources);
    counts.into_iter().filter(|(_, n)| *n >= need && sources >= 2).map(|(t, _)| t).collect()
}

/// Entries, undated entries, content links, note, pagination and latest reply of a column.
fn fill_entries(
    site: &SiteData,
    col: &mut ColumnInfo,
    by_url: &HashMap<&str, usize>,
    by_source: &HashMap<&str, Vec<&super::LinkRecord>>,
    template: &HashSet<&str>,
    column_pages: &HashSet<usize>,
    home: Option<usize>,
) {
    let pages = &site.pages;
    let own: HashSet<usize> = col.pages.iter().copied().collect();
    let mut dated: HashMap<&str, (NaiveDate, &str)> = HashMap::new();
    let mut listed: HashSet<&str> = HashSet::new();
    let mut content: HashSet<&str> = HashSet::new();
    let mut undated: Vec<(String, String)> = Vec::new();
    let mut replies: Vec<NaiveDate> = Vec::new();
    for &i in &col.pages {
        let p = &pages[i];
        let info = &p.info;
        col.note |= info.blank_with_note;
        if let Some(pg) = &info.pagination {
            col.more_pages |= pg.total_pages.unwrap_or(0) > 1 || pg.next_url.is_some();
        }
        let items = if p.items.is_empty() { &info.items } else { &p.items };
        for it in items {
            listed.insert(it.url.as_str());
            if let Some(d) = it.date {
                let e = dated.entry(it.url.as_str()).or_insert((d, it.title.as_str()));
                if d > e.0 {
                    *e = (d, it.title.as_str());
                }
            }
        }
        for m in &info.messages {
            listed.insert(m.url.as_str());
            if let Some(d) = m.asked {
                dated.entry(m.url.as_str()).or_insert((d, m.title.as_str()));
            }
            replies.extend(m.replied);
            // the message's own page may state its reply
            if m.url != p.url
                && let Some(&j) = by_url.get(m.url.as_str())
            {
                replies.extend(pages[j].info.messages.iter().filter_map(|x| x.replied));
            }
        }
        let crumbs: HashSet<&str> = info.breadcrumb.iter().filter_map(|c| c.url.as_deref()).collect();
        let Some(links) = by_source.get(p.url.as_str()) else { continue };
        for l in links.iter().filter(|l| l.tag == "a" && l.invalid.is_none()) {
            let t = l.target.as_str();
            if template.contains(t) || crumbs.contains(t) || t == p.url || t == p.final_url {
                continue;
            }
            let target = by_url.get(t).copied();
            if let Some(j) = target
                && (Some(j) == home || own.contains(&j) || column_pages.contains(&j))
            {
                continue;
            }
            if !content.insert(t) {
                continue;
            }
            // An entry is an article, or a document attached directly to the list.
            let entry_like = match target {
                Some(j) => kind_of(&pages[j]) == PageKind::Article,
                None => l.internal && Url::parse(t).is_ok_and(|u| crate::urlnorm::is_attachment(&u)),
            };
            if entry_like && !listed.contains(t) {
                undated.push((crate::pageinfo::tidy(&l.text), t.to_string()));
            }
        }
    }
    col.items = dated.len();
    col.latest = dated
        .iter()
        .filter(|(_, (d, _))| *d <= site.as_of)
        .max_by(|a, b| a.1.0.cmp(&b.1.0).then(b.0.cmp(a.0)))
        .map(|(u, (d, t))| Latest { date: *d, title: t.to_string(), url: u.to_string() });
    col.content_links = content.len();
    // Entries listed with dates on some page are dated, even if another page lists them bare.
    undated.retain(|(_, u)| !dated.contains_key(u.as_str()));
    col.undated = undated;
    col.latest_reply = replies.into_iter().filter(|d| *d <= site.as_of).max();
}

/// The status of a filled column.
fn status(col: &ColumnInfo, as_of: NaiveDate) -> Status {
    if col.items == 0 {
        if col.note {
            return Status::Ok;
        }
        if col.undated.is_empty() {
            let empty = col.content_links == 0 && col.children == 0 && !col.more_pages;
            return if empty && (col.list_frame || col.window.is_some()) { Status::Blank } else { Status::Ok };
        }
        return if col.window.is_some() && !col.historical { Status::NotUpdated } else { Status::Ok };
    }
    match (col.window, col.historical) {
        (Some(w), false) => match &col.latest {
            Some(l) if !freshness::stale(l.date, as_of, w) => Status::Ok,
            _ => Status::NotUpdated,
        },
        _ => Status::Ok,
    }
}

/// Test sites built from HTML, analysed the way the crawl analyses them.
#[cfg(test)]
pub(crate) mod fixture {
    use super::super::{LinkRecord, PageRecord, SiteData};
    use crate::html::Document;
    use crate::pageinfo;
    use chrono::NaiveDate;
    use url::Url;

    /// The test site's origin.
    pub(crate) const BASE: &str = "http://www.example.gov.cn";

    /// The navigation every page repeats.
    pub(crate) fn nav(entries: &[(&str, &str)]) -> String {
        let links: String = entries.iter().map(|(n, h)| format!("<a href='{h}'>{n}</a>")).collect();
        format!("<div class=nav><a href='/'>首页</a>{links}</div>")
    }

    /// A whole page: navigation, main part, footer.
    pub(crate) fn page(nav: &str, title: &str, main: &str) -> String {
        format!(
            "<html><head><title>{title}_某某市人民政府</title></head><body>{nav}<div class=main>{main}</div>\
             <div class=footer><a href='/wzdt.html'>网站地图</a><p>主办单位：某某市人民政府办公室　联系电话：0571-87000001</p>\
             <p>网站标识码：3300000001 浙ICP备12345678号</p></div></body></html>"
        )
    }

    /// `当前位置：首页 > …` with (name, href) entries.
    pub(crate) fn crumb(entries: &[(&str, &str)]) -> String {
        let links: String = entries.iter().map(|(n, h)| format!(" &gt; <a href='{h}'>{n}</a>")).collect();
        format!("<div class=crumb>当前位置：<a href='/'>首页</a>{links}</div>")
    }

    /// A list page of a column: crumb, heading, entries (title, href, date), TRS pagination.
    pub(crate) fn list(
        nav: &str,
        name: &str,
        path: &str,
        entries: &[(String, String, Option<NaiveDate>)],
        page: usize,
        pages: usize,
    ) -> String {
        let rows: String = entries
            .iter()
            .map(|(t, h, d)| match d {
                Some(d) => format!("<li><a href='{h}'>{t}</a><span>{d}</span></li>"),
                None => format!("<li><a href='{h}'>{t}</a></li>"),
            })
            .collect();
        let next =
            if page + 1 < pages { format!("<a href='index_{}.html'>下一页</a>", page + 1) } else { String::new() };
        let main = format!(
            "{}<h2>{name}</h2><ul class=list>{rows}</ul><div class=page>共{pages}页 {next}</div>\
             <script>createPageHTML({pages}, {page}, \"index\", \"html\");</script>",
            crumb(&[(name, path)])
        );
        page_html(nav, name, &main)
    }

    fn page_html(nav: &str, title: &str, main: &str) -> String {
        page(nav, title, main)
    }

    /// An article page with a 发布时间 line.
    pub(crate) fn article(nav: &str, col: (&str, &str), title: &str, date: NaiveDate) -> String {
        let body = "正文内容。".repeat(60);
        let main = format!(
            "{}<h1>{title}</h1><div class=info>发布时间：{date} 10:00　来源：某某市人民政府办公室</div><div class=content><p>{body}</p></div>",
            crumb(&[col])
        );
        page(nav, title, &main)
    }

    /// A site of pages given as (path, html); the first one is the homepage. Pages the
    /// homepage links are at depth 1, the others at depth 2.
    pub(crate) fn site(as_of: &str, pages: &[(String, String)]) -> SiteData {
        let mut recs = Vec::new();
        let mut links = Vec::new();
        for (k, (path, html)) in pages.iter().enumerate() {
            let url = Url::parse(&format!("{BASE}{path}")).expect("test url");
            let doc = Document::parse(html, &url);
            let info = pageinfo::analyze(&doc, k == 0);
            for l in doc.links() {
                if let Ok(t) = &l.target {
                    links.push(LinkRecord {
                        source: url.as_str().into(),
                        target: t.as_str().into(),
                        tag: l.tag.as_str().into(),
                        text: l.text.as_str().into(),
                        position: l.position as u32,
                        internal: t.host_str() == url.host_str(),
                        ..LinkRecord::default()
                    });
                }
            }
            recs.push(PageRecord {
                url: url.as_str().into(),
                final_url: url.as_str().into(),
                status: 200,
                is_html: true,
                is_home: k == 0,
                kind: Some(info.kind),
                title: info.title.clone(),
                publish_date: info.publish_date.map(|d| d.date),
                items: info.items.clone(),
                footer: info.footer.clone(),
                info,
                ..PageRecord::default()
            });
        }
        let home = recs.first().map(|h| h.url.clone()).unwrap_or_default();
        for r in recs.iter_mut().skip(1) {
            r.depth = if links.iter().any(|l| l.source == home && l.target == r.url) { 1 } else { 2 };
        }
        SiteData {
            start_url: format!("{BASE}/"),
            as_of: as_of.parse().expect("test date"),
            pages: recs,
            links,
            ..SiteData::default()
        }
    }

    /// `n` days before `as_of`.
    pub(crate) fn ago(as_of: &str, n: i64) -> NaiveDate {
        as_of.parse::<NaiveDate>().expect("test date") - chrono::TimeDelta::days(n)
    }

    /// A column with its list pages (`per_page` entries each) and articles, dated `ages` days
    /// before `as_of` (`None`: the list shows no date).
    pub(crate) fn column(
        nav: &str,
        as_of: &str,
        slug: &str,
        name: &str,
        ages: &[Option<i64>],
        per_page: usize,
    ) -> Vec<(String, String)> {
        let path = format!("/{slug}/index.html");
        let entries: Vec<(String, String, Option<NaiveDate>, NaiveDate)> = ages
            .iter()
            .enumerate()
            .map(|(k, a)| {
                let date = ago(as_of, a.unwrap_or(3));
                let href = format!("/{slug}/{}/t{}_{k}.html", date.format("%Y%m"), date.format("%Y%m%d"));
                (format!("{name}第{k}条信息标题"), href, a.map(|_| date), date)
            })
            .collect();
        let pages = entries.len().div_ceil(per_page).max(1);
        let mut out = Vec::new();
        for p in 0..pages {
            let chunk: Vec<(String, String, Option<NaiveDate>)> = entries
                .iter()
                .skip(p * per_page)
                .take(per_page)
                .map(|(t, h, d, _)| (t.clone(), h.clone(), *d))
                .collect();
            let file = if p == 0 { path.clone() } else { format!("/{slug}/index_{p}.html") };
            out.push((file, list(nav, name, &path, &chunk, p, pages)));
        }
        for (t, h, _, d) in &entries {
            out.push((h.clone(), article(nav, (name, &path), t, *d)));
        }
        out
    }

    /// A homepage listing `items` (title, href, date).
    pub(crate) fn home(nav: &str, items: &[(String, String, NaiveDate)]) -> String {
        let rows: String =
            items.iter().map(|(t, h, d)| format!("<li><a href='{h}'>{t}</a><span>{d}</span></li>")).collect();
        page(nav, "某某市人民政府", &format!("<div class=block><ul>{rows}</ul></div>"))
    }
}

#[cfg(test)]
mod tests {
    use super::fixture::*;
    use super::*;

    const AS_OF: &str = "2026-11-28";

    fn navs() -> String {
        nav(&[
            ("工作动态", "/gzdt/index.html"),
            ("通知公告", "/tzgg/index.html"),
            ("人事信息", "/rsxx/index.html"),
            ("规划计划", "/ghjh/index.html"),
            ("专题专栏", "/ztzl/index.html"),
        ])
    }

    /// Homepage, a three-page news column, a blank column, a column with a note, a topic
    /// section with a historical topic below it.
    fn demo_like() -> SiteData {
        let n = navs();
        let mut pages = vec![("/".to_string(), home(&n, &[]))];
        pages.extend(column(&n, AS_OF, "gzdt", "工作动态", &[Some(2), Some(5), Some(9), Some(12), Some(20)], 2));
        pages.extend(column(&n, AS_OF, "tzgg", "通知公告", &[Some(30), Some(90)], 10));
        pages.push(("/rsxx/index.html".into(), list(&n, "人事信息", "/rsxx/index.html", &[], 0, 1)));
        let note = page(
            &n,
            "规划计划",
            &format!("{}<h2>规划计划</h2><div>本栏目暂无信息。</div>", crumb(&[("规划计划", "/ghjh/index.html")])),
        );
        pages.push(("/ghjh/index.html".into(), note));
        let topics = page(
            &n,
            "专题专栏",
            &format!(
                "{}<h2>专题专栏</h2><div><a href='/ztzl/wmcs/index.html'>2023年创建文明城市专题</a></div>",
                crumb(&[("专题专栏", "/ztzl/index.html")])
            ),
        );
        pages.push(("/ztzl/index.html".into(), topics));
        let entries: Vec<(String, String, Option<NaiveDate>)> = (0..3)
            .map(|k| {
                (
                    format!("文明城市创建信息{k}"),
                    format!("/ztzl/wmcs/202301/t2023010{}_{k}.html", k + 1),
                    Some(ago(AS_OF, 1000 + k)),
                )
            })
            .collect();
        let wmcs = list(&n, "2023年创建文明城市专题", "/ztzl/wmcs/index.html", &entries, 0, 1).replace(
            "当前位置：<a href='/'>首页</a>",
            "当前位置：<a href='/'>首页</a> &gt; <a href='/ztzl/index.html'>专题专栏</a>",
        );
        pages.push(("/ztzl/wmcs/index.html".into(), wmcs));
        site(AS_OF, &pages)
    }

    fn find<'a>(cols: &'a [ColumnInfo], name: &str) -> &'a ColumnInfo {
        cols.iter().find(|c| c.name == name).unwrap_or_else(|| panic!("no column {name}: {cols:#?}"))
    }

    #[test]
    fn classes_follow_the_keyword_lists() {
        for (name, class) in [
            ("要闻动态", "news"),
            ("部门动态", "news"),
            ("图片新闻", "news"),
            ("通知公告", "notice"),
            ("公示公告", "notice"),
            ("政策文件", "policy"),
            ("规范性文件", "policy"),
            ("政策解读", "policy"),
            ("人事信息", "personnel"),
            ("招考录用", "personnel"),
            ("规划计划", "planning"),
            ("领导信箱", "consultation"),
            ("我要咨询", "consultation"),
            ("网上信访", "other"),
            ("纪检举报", "other"),
            ("在线访谈", "interview"),
            ("新闻发布会", "interview"),
            ("意见征集", "survey"),
            ("办事指南", "service"),
            ("便民服务", "service"),
            ("机构职能", "basic"),
            ("领导活动", "news"),
            ("领导信息", "basic"),
            ("政府信息公开", "basic"),
            ("专题专栏", "other"),
        ] {
            assert_eq!(classify(name), class, "{name}");
        }
    }

    #[test]
    fn pagination_pages_share_one_key() {
        let k = column_key("http://a.gov.cn/col/tzgg/index.html");
        assert_eq!(k, "http://a.gov.cn/col/tzgg/");
        assert_eq!(column_key("http://a.gov.cn/col/tzgg/index_3.html"), k);
        assert_eq!(column_key("http://a.gov.cn/col/tzgg/"), k);
        assert_eq!(column_key("http://a.gov.cn/list.jsp?id=5&page=3"), "http://a.gov.cn/list.jsp?id=5");
        assert_eq!(column_key("http://a.gov.cn/list.jsp?pageNo=2"), "http://a.gov.cn/list.jsp");
        assert_eq!(column_key("http://a.gov.cn/zwgk/column-index-4.shtml"), "http://a.gov.cn/zwgk/column-index.shtml");
        assert_ne!(column_key("http://a.gov.cn/col/tzgg/t20261120_1.html"), k);
        assert_eq!(page_no("http://a.gov.cn/col/tzgg/index_3.html"), 4);
        assert_eq!(page_no("http://a.gov.cn/list.jsp?page=3"), 3);
        assert_eq!(page_no("http://a.gov.cn/col/tzgg/index.html"), 1);
    }

    #[test]
    fn the_column_tree_of_a_small_site() {
        let s = demo_like();
        let cols = discover(&s);
        let gzdt = find(&cols, "工作动态");
        assert_eq!(gzdt.url, format!("{BASE}/gzdt/index.html"));
        assert_eq!(gzdt.pages.len(), 3, "index, index_1, index_2 are one column");
        assert_eq!(gzdt.items, 5);
        assert_eq!(gzdt.latest.as_ref().map(|l| l.date), Some(ago(AS_OF, 2)));
        assert_eq!((gzdt.class.as_str(), gzdt.first_level, gzdt.status), ("news", true, Status::Ok));
        assert_eq!(find(&cols, "通知公告").status, Status::Ok);
        let rsxx = find(&cols, "人事信息");
        assert_eq!((rsxx.class.as_str(), rsxx.status), ("personnel", Status::Blank));
        let ghjh = find(&cols, "规划计划");
        assert!(ghjh.note);
        assert_eq!(ghjh.status, Status::Ok, "blank with a note is not blank");
        let ztzl = find(&cols, "专题专栏");
        assert_eq!((ztzl.children, ztzl.status), (1, Status::Ok), "a section with sub-columns is not blank");
        let wmcs = find(&cols, "2023年创建文明城市专题");
        assert_eq!(wmcs.parent.map(|p| cols[p].name.as_str()), Some("专题专栏"));
        assert!(wmcs.historical && !wmcs.first_level);
        assert_eq!(wmcs.status, Status::Ok);
        assert!(cols.iter().all(|c| !c.url.contains("/t20")), "articles are not columns");
        let report = report(&discover(&s));
        let r = report.iter().find(|c| c.name == "2023年创建文明城市专题").unwrap();
        assert_eq!(r.parent.as_deref(), Some(format!("{BASE}/ztzl/index.html").as_str()));
    }

    #[test]
    fn blank_versus_paginated_but_full() {
        let n = navs();
        // page 1 shows nothing but the bar says there are 3 pages: not blank
        let mut pages = vec![("/".to_string(), home(&n, &[]))];
        let empty_first = list(&n, "人事信息", "/rsxx/index.html", &[], 0, 3);
        pages.push(("/rsxx/index.html".into(), empty_first));
        // a full column whose first page has every entry on later pages too
        pages.extend(column(&n, AS_OF, "gzdt", "工作动态", &[Some(1), Some(2), Some(3), Some(4)], 1));
        let s = site(AS_OF, &pages);
        let cols = discover(&s);
        assert_eq!(find(&cols, "人事信息").status, Status::Ok);
        assert!(find(&cols, "人事信息").more_pages);
        let gzdt = find(&cols, "工作动态");
        assert_eq!((gzdt.pages.len(), gzdt.items, gzdt.status), (4, 4, Status::Ok));
    }

    #[test]
    fn without_breadcrumbs_the_directory_gives_the_parent() {
        let n = nav(&[("政务公开", "/zwgk/index.html")]);
        let list_of = |name: &str, slug: &str, k: usize| {
            let rows: String = (0..5)
                .map(|i| format!("<li><a href='/{slug}/202611/t2026112{i}_{k}{i}.html'>{name}信息{i}</a><span>2026-11-2{i}</span></li>"))
                .collect();
            page(&n, name, &format!("<h2>{name}</h2><ul>{rows}</ul>"))
        };
        let s = site(
            AS_OF,
            &[
                ("/".to_string(), home(&n, &[])),
                ("/zwgk/index.html".to_string(), list_of("政务公开", "zwgk", 1)),
                ("/zwgk/tzgg/index.html".to_string(), list_of("通知公告", "zwgk/tzgg", 2)),
            ],
        );
        let cols = discover(&s);
        let tzgg = cols.iter().find(|c| c.url.ends_with("/zwgk/tzgg/index.html")).unwrap();
        assert_eq!(tzgg.parent.map(|p| cols[p].url.as_str()), Some(format!("{BASE}/zwgk/index.html").as_str()));
        assert!(!tzgg.first_level);
        assert_eq!(tzgg.window, Some(Window::Months(12)), "notice below the first level");
    }

    #[test]
    fn config_overrides_win() {
        let mut s = demo_like();
        s.column_overrides = vec![
            super::super::ColumnOverride { prefix: Some("/tzgg/".into()), name: None, class: "policy".into() },
            super::super::ColumnOverride { prefix: None, name: Some("工作动态".into()), class: "other".into() },
        ];
        let cols = discover(&s);
        assert_eq!(find(&cols, "通知公告").class, "policy");
        assert_eq!(find(&cols, "工作动态").class, "other");
        assert_eq!(find(&cols, "人事信息").class, "personnel");
    }
}
