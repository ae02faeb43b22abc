//! Freshness (indicators V3, V4, §5) and forged-date signals (V1e), judged against
//! `SiteData::as_of`. This module owns the update windows and the findings
//! `column_not_updated`, `blank_column`, `undated_items`, `homepage_not_updated` and
//! `date_inconsistent`; the columns themselves come from [`super::columns`].
//!
//! Rules:
//! - **Windows** ([`window`]): news 14 days; first-level notice/policy 6 months; personnel and
//!   planning 1 year; notice/policy below the first level 1 year (our reading of V4(2), "should
//!   be updated but long not updated"); other classes have no window yet. A date on the first
//!   day of the window still counts (14 days before the as-of date is fresh, 15 is stale).
//! - **Columns**: one finding per column: `blank_column` for a blank column, `undated_items`
//!   for a column whose list entries carry no dates at all (on its first list page; no
//!   `column_not_updated` as well), else `column_not_updated` (subtype = class). Historical
//!   topics and columns with a 暂无信息 note are exempt. Severity `high`; they become `veto`
//!   when a V4 count is reached: news plus first-level notice/policy columns not updated ≥ 5,
//!   all stale columns ≥ 10, blank columns ≥ 5.
//! - **Homepage** (V3, `veto`): no dated homepage item within 14 days. A homepage listing
//!   articles without dates counts as not updated; a navigation-only homepage (no dated items,
//!   no article links) is judged on the pages it links directly (second-level pages).
//! - **Dates** (`date_inconsistent`): `future` when the publish date is after the as-of date;
//!   `url_mismatch` when it is more than [`URL_DATE_TOLERANCE_DAYS`] days from the date in the
//!   URL (the CMS stamps the URL when the document is first published; a page showing a date a
//!   week or more away from it was re-dated); `list_mismatch` when a list shows an entry more
//!   than [`LIST_DATE_TOLERANCE_DAYS`] days from the article's own publish date (the same
//!   month and day in another year is left alone: it is a year guessed for a `MM-DD` list).
//!   `future` and `url_mismatch` are `high`, `list_mismatch` `medium`; one per page and subtype.

use super::SiteData;
use super::columns::{ColumnInfo, Status, kind_of, publish_of, usable};
use crate::finding::{Finding, Kind, Severity};
use crate::pageinfo::{Item, PageKind};
use chrono::{Datelike, Months, NaiveDate};
use std::collections::{BTreeMap, HashMap};

/// An update window, counted back from the as-of date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Window {
    /// A number of days.
    Days(u32),
    /// A number of calendar months.
    Months(u32),
}

impl Window {
    /// The oldest date still inside the window.
    pub fn start(self, as_of: NaiveDate) -> NaiveDate {
        match self {
            Window::Days(n) => as_of - chrono::TimeDelta::days(i64::from(n)),
            Window::Months(n) => as_of.checked_sub_months(Months::new(n)).unwrap_or(NaiveDate::MIN),
        }
    }

    /// `14天`, `6个月`, `1年`.
    pub fn zh(self) -> String {
        match self {
            Window::Days(n) => format!("{n}天"),
            Window::Months(n) if n % 12 == 0 => format!("{}年", n / 12),
            Window::Months(n) => format!("{n}个月"),
        }
    }

    /// `14 days`, `6 months`, `1 year`.
    pub fn en(self) -> String {
        match self {
            Window::Days(n) => format!("{n} days"),
            Window::Months(12) => "1 year".to_string(),
            Window::Months(n) if n % 12 == 0 => format!("{} years", n / 12),
            Window::Months(n) => format!("{n} months"),
        }
    }
}

/// The homepage window (V3).
pub const HOME_WINDOW: Window = Window::Days(14);
/// How far a publish date may be from the date in its URL.
pub const URL_DATE_TOLERANCE_DAYS: i64 = 7;
/// How far a list date may be from the article's publish date.
pub const LIST_DATE_TOLERANCE_DAYS: i64 = 7;

/// The update window of a column class at its level; `None` when the class has no rule.
pub fn window(class: &str, first_level: bool) -> Option<Window> {
    match class {
        "news" => Some(Window::Days(14)),
        "notice" | "policy" if first_level => Some(Window::Months(6)),
        "notice" | "policy" | "personnel" | "planning" => Some(Window::Months(12)),
        _ => None,
    }
}

/// Whether the newest date lies before the window.
pub fn stale(latest: NaiveDate, as_of: NaiveDate, w: Window) -> bool {
    latest < w.start(as_of)
}

/// The Chinese name of a class with a window.
fn class_zh(class: &str) -> &'static str {
    match class {
        "news" => "动态要闻类",
        "notice" => "通知公告类",
        "policy" => "政策文件类",
        "personnel" => "人事类",
        "planning" => "规划计划类",
        _ => "其他",
    }
}

/// Runs the freshness and date checks over the discovered columns.
pub fn check(site: &SiteData, cols: &[ColumnInfo]) -> Vec<Finding> {
    let mut out = column_findings(site, cols);
    out.extend(homepage(site));
    out.extend(dates(site));
    out
}

/// `column_not_updated`, `blank_column`, `undated_items`, with the V4 veto counts.
fn column_findings(site: &SiteData, cols: &[ColumnInfo]) -> Vec<Finding> {
    let as_of = site.as_of;
    let stale_cols: Vec<&ColumnInfo> = cols.iter().filter(|c| c.status == Status::NotUpdated).collect();
    let v4_1 = stale_cols
        .iter()
        .filter(|c| c.class == "news" || (c.first_level && (c.class == "notice" || c.class == "policy")))
        .count();
    let blanks = cols.iter().filter(|c| c.status == Status::Blank).count();
    let veto_stale = |c: &ColumnInfo| {
        let in_v4_1 = c.class == "news" || (c.first_level && (c.class == "notice" || c.class == "policy"));
        (in_v4_1 && v4_1 >= 5) || stale_cols.len() >= 10
    };
    let mut out = Vec::new();
    for c in cols {
        let f = match c.status {
            Status::Ok => continue,
            Status::Blank => {
                let veto = blanks >= 5;
                Finding::new(
                    Kind::BlankColumn,
                    if veto { Severity::Veto } else { Severity::High },
                    &c.url,
                    format!("栏目“{}”为空白栏目，没有任何信息 / blank column: no content at all", c.name),
                )
                .evidence(format!(
                    "栏目页{}页，无列表条目、无内容链接、无子栏目，也无“暂无信息”说明{}",
                    c.pages.len(),
                    if veto {
                        format!("；全站空白栏目{blanks}个，达到单项否决标准（≥5）")
                    } else {
                        String::new()
                    }
                ))
            }
            Status::NotUpdated if c.items == 0 && !c.undated.is_empty() => {
                let (title, url) = &c.undated[0];
                Finding::new(
                    Kind::UndatedItems,
                    if veto_stale(c) { Severity::Veto } else { Severity::High },
                    &c.url,
                    format!(
                        "栏目“{}”列表中的信息没有发布日期，视为未更新 / list entries carry no publish date ({} entries)",
                        c.name,
                        c.undated.len()
                    ),
                )
                .evidence(format!("共{}条无日期，如《{title}》 {url}", c.undated.len()))
            }
            Status::NotUpdated => {
                let w = c.window.unwrap_or(Window::Days(14));
                let (zh, detail) = match &c.latest {
                    Some(l) => {
                        let days = (as_of - l.date).num_days();
                        (
                            format!("{days}天未更新"),
                            format!(
                                "最新信息：{} 《{}》，距检查日（{as_of}）{days}天；{}栏目时限{}",
                                l.date,
                                l.title,
                                class_zh(&c.class),
                                w.zh()
                            ),
                        )
                    }
                    None => (
                        "检查日前无任何信息".to_string(),
                        format!("栏目无检查日（{as_of}）之前发布的信息；{}栏目时限{}", class_zh(&c.class), w.zh()),
                    ),
                };
                let veto = veto_stale(c);
                let tail = if veto {
                    format!(
                        "；全站不更新栏目{}个（动态/一级通知公告政策类{v4_1}个），达到单项否决标准",
                        stale_cols.len()
                    )
                } else {
                    String::new()
                };
                let days_en =
                    c.latest.as_ref().map_or("ever".to_string(), |l| format!("{} days", (as_of - l.date).num_days()));
                Finding::new(
                    Kind::ColumnNotUpdated,
                    if veto { Severity::Veto } else { Severity::High },
                    &c.url,
                    format!(
                        "栏目“{}”{zh}（时限{}） / column not updated for {days_en} (limit {})",
                        c.name,
                        w.zh(),
                        w.en()
                    ),
                )
                .subtype(c.class.clone())
                .evidence(format!("{detail}{tail}"))
            }
        };
        out.push(f);
    }
    out
}

/// The items of a page (the stored copy, or the analysis).
fn items_of(p: &super::PageRecord) -> &[Item] {
    if p.items.is_empty() { &p.info.items } else { &p.items }
}

/// `homepage_not_updated` (V3).
fn homepage(site: &SiteData) -> Option<Finding> {
    let home = site.home().filter(|h| usable(h))?;
    let as_of = site.as_of;
    let start = HOME_WINDOW.start(as_of);
    let items = items_of(home);
    let dated: Vec<&Item> = items.iter().filter(|i| i.date.is_some()).collect();
    let newest = dated.iter().filter(|i| i.date.is_some_and(|d| d <= as_of)).max_by_key(|i| i.date);
    let by_url: HashMap<&str, &super::PageRecord> = site.pages.iter().map(|p| (p.url.as_str(), p)).collect();
    let article_links = site
        .links
        .iter()
        .filter(|l| l.source == home.url && l.tag == "a")
        .filter(|l| by_url.get(l.target.as_str()).is_some_and(|p| kind_of(p) == PageKind::Article))
        .map(|l| l.target.as_str())
        .collect::<std::collections::HashSet<_>>()
        .len();
    let finding = |evidence: String, nav_only: bool| {
        let what = if nav_only {
            "首页为导航页，所有二级页面14天内均无新信息 / navigation-only homepage: no second-level page updated within 14 days"
        } else {
            "首页14天内无新信息 / homepage not updated within 14 days"
        };
        Finding::new(Kind::HomepageNotUpdated, Severity::Veto, &home.url, what).evidence(evidence)
    };
    if !dated.is_empty() {
        return match newest {
            Some(n) if n.date.is_some_and(|d| d >= start) => None,
            Some(n) => {
                let d = n.date.unwrap_or(as_of);
                Some(finding(
                    format!(
                        "首页最新信息：{d} 《{}》，距检查日（{as_of}）{}天；时限14天",
                        n.title,
                        (as_of - d).num_days()
                    ),
                    false,
                ))
            }
            None => Some(finding(format!("首页所列信息的日期均晚于检查日（{as_of}）"), false)),
        };
    }
    if article_links >= 3 {
        return Some(finding(format!("首页列出{article_links}篇文章，均无发布日期（无日期视为未更新）"), false));
    }
    // Navigation-only: the pages the homepage links directly.
    let mut newest: Option<(NaiveDate, &str, &str)> = None;
    for p in site.pages.iter().filter(|p| usable(p) && !p.is_home && p.depth == 1) {
        let dates = items_of(p)
            .iter()
            .filter_map(|i| i.date.map(|d| (d, i.title.as_str())))
            .chain(publish_of(p).map(|d| (d, p.title.as_str())));
        for (d, title) in dates {
            if d <= as_of && newest.is_none_or(|(n, _, _)| d > n) {
                newest = Some((d, title, p.url.as_str()));
            }
        }
    }
    match newest {
        Some((d, _, _)) if d >= start => None,
        Some((d, title, url)) => Some(finding(
            format!(
                "二级页面最新信息：{d} 《{title}》（{url}），距检查日（{as_of}）{}天；时限14天",
                (as_of - d).num_days()
            ),
            true,
        )),
        None => Some(finding(format!("首页及二级页面均无检查日（{as_of}）前有日期的信息"), true)),
    }
}

/// `date_inconsistent`: future, url_mismatch, list_mismatch.
fn dates(site: &SiteData) -> Vec<Finding> {
    let as_of = site.as_of;
    let mut out = Vec::new();
    let mut by_url: HashMap<&str, &super::PageRecord> = HashMap::new();
    for p in site.pages.iter().filter(|p| usable(p)) {
        by_url.entry(p.url.as_str()).or_insert(p);
        by_url.entry(p.final_url.as_str()).or_insert(p);
    }
    for p in site.pages.iter().filter(|p| usable(p) && !p.is_home) {
        let Some(pd) = publish_of(p) else { continue };
        if pd > as_of {
            out.push(
                Finding::new(
                    Kind::DateInconsistent,
                    Severity::High,
                    &p.url,
                    "发布日期晚于检查日，日期不真实 / publish date is in the future",
                )
                .subtype("future")
                .evidence(format!(
                    "发布日期 {pd}，晚于检查日（{as_of}）{}天；《{}》",
                    (pd - as_of).num_days(),
                    p.title
                )),
            );
        }
        if let Some(ud) = p.info.url_date {
            let diff = (pd - ud).num_days();
            if diff.abs() > URL_DATE_TOLERANCE_DAYS {
                out.push(
                    Finding::new(
                        Kind::DateInconsistent,
                        Severity::High,
                        &p.url,
                        format!(
                            "发布日期与网址中的日期相差{}天，疑似修改发稿日期 / publish date {} days from the date in the URL",
                            diff.abs(),
                            diff.abs()
                        ),
                    )
                    .subtype("url_mismatch")
                    .evidence(format!("页面发布日期 {pd}，网址日期 {ud}；《{}》", p.title)),
                );
            }
        }
    }
    // list_mismatch: the first list showing the article with a far date.
    let mut seen: BTreeMap<&str, (NaiveDate, NaiveDate, &str, &str)> = BTreeMap::new();
    for p in site.pages.iter().filter(|p| usable(p)) {
        for it in items_of(p) {
            let Some(ld) = it.date else { continue };
            let Some(a) = by_url.get(it.url.as_str()) else { continue };
            if std::ptr::eq(*a, p) || kind_of(a) != PageKind::Article {
                continue;
            }
            let Some(pd) = publish_of(a) else { continue };
            let diff = (ld - pd).num_days();
            let same_day_other_year = ld.month() == pd.month() && ld.day() == pd.day();
            if diff.abs() > LIST_DATE_TOLERANCE_DAYS && !same_day_other_year {
                seen.entry(a.url.as_str()).or_insert((ld, pd, p.url.as_str(), it.title.as_str()));
            }
        }
    }
    for (url, (ld, pd, list, title)) in seen {
        let diff = (ld - pd).num_days();
        out.push(
            Finding::new(
                Kind::DateInconsistent,
                Severity::Medium,
                url,
                format!(
                    "列表日期与文章发布日期相差{}天 / list date {} days from the article's publish date",
                    diff.abs(),
                    diff.abs()
                ),
            )
            .subtype("list_mismatch")
            .evidence(format!("列表页 {list} 显示《{title}》日期 {ld}，文章页发布日期 {pd}")),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::columns::{discover, fixture::*};
    use super::*;

    const AS_OF: &str = "2026-11-28";

    fn run(s: &SiteData) -> Vec<Finding> {
        check(s, &discover(s))
    }

    fn keys(f: &[Finding]) -> Vec<(Kind, Option<String>, String)> {
        f.iter().map(|f| (f.kind, f.subtype.as_deref().map(str::to_string), f.url.replacen(BASE, "", 1))).collect()
    }

    /// A homepage listing `fresh` days-old news, plus one column.
    fn one_column(slug: &str, name: &str, ages: &[Option<i64>]) -> SiteData {
        let n = nav(&[(name, &format!("/{slug}/index.html"))]);
        let item = (String::from("首页新闻一条标题"), "/ywdt/a.html".to_string(), ago(AS_OF, 1));
        let mut pages = vec![("/".to_string(), home(&n, &[item]))];
        pages.extend(column(&n, AS_OF, slug, name, ages, 10));
        site(AS_OF, &pages)
    }

    fn stale_of(s: &SiteData) -> Vec<(Kind, Option<String>, String)> {
        keys(&run(s)).into_iter().filter(|(k, _, _)| *k != Kind::HomepageNotUpdated).collect()
    }

    #[test]
    fn news_window_is_14_days() {
        assert!(stale_of(&one_column("gzdt", "工作动态", &[Some(14), Some(30)])).is_empty(), "14 days is inside");
        let f = run(&one_column("gzdt", "工作动态", &[Some(15), Some(30)]));
        let col: Vec<&Finding> = f.iter().filter(|f| f.kind == Kind::ColumnNotUpdated).collect();
        assert_eq!(col.len(), 1);
        assert_eq!(col[0].subtype.as_deref(), Some("news"));
        assert_eq!(col[0].url, format!("{BASE}/gzdt/index.html"));
        assert_eq!(col[0].severity, Severity::High);
        assert!(col[0].evidence.contains("2026-11-13") && col[0].evidence.contains("15天"), "{}", col[0].evidence);
    }

    #[test]
    fn notice_window_is_6_months_and_personnel_1_year() {
        assert!(stale_of(&one_column("tzgg", "通知公告", &[Some(170)])).is_empty());
        assert_eq!(
            stale_of(&one_column("tzgg", "通知公告", &[Some(190)])),
            vec![(Kind::ColumnNotUpdated, Some("notice".into()), "/tzgg/index.html".into())]
        );
        assert!(stale_of(&one_column("zcwj", "政策文件", &[Some(170)])).is_empty());
        assert!(stale_of(&one_column("rsxx", "人事任免", &[Some(350)])).is_empty());
        assert_eq!(
            stale_of(&one_column("rsxx", "人事任免", &[Some(370)])),
            vec![(Kind::ColumnNotUpdated, Some("personnel".into()), "/rsxx/index.html".into())]
        );
        assert!(stale_of(&one_column("jgzn", "机构职能", &[Some(2000)])).is_empty(), "no window for basic");
    }

    #[test]
    fn undated_lists_are_undated_items_not_stale_columns() {
        let f = stale_of(&one_column("tpxw", "图片新闻", &[None, None, None]));
        assert_eq!(f, vec![(Kind::UndatedItems, None, "/tpxw/index.html".into())]);
        let f = stale_of(&one_column("tpxw", "图片新闻", &[Some(3), None]));
        assert!(f.is_empty(), "a list with dated entries is judged by its dates: {f:?}");
    }

    #[test]
    fn blank_column_once() {
        let n = nav(&[("人事信息", "/rsxx/index.html")]);
        let item = (String::from("首页新闻一条标题"), "/ywdt/a.html".to_string(), ago(AS_OF, 1));
        let pages = vec![
            ("/".to_string(), home(&n, &[item])),
            ("/rsxx/index.html".to_string(), list(&n, "人事信息", "/rsxx/index.html", &[], 0, 1)),
        ];
        assert_eq!(stale_of(&site(AS_OF, &pages)), vec![(Kind::BlankColumn, None, "/rsxx/index.html".into())]);
    }

    #[test]
    fn five_stale_news_columns_are_a_veto() {
        let names = ["工作动态", "部门动态", "乡镇动态", "区县动态", "要闻动态"];
        let slugs = ["a", "b", "c", "d", "e"];
        let entries: Vec<(&str, String)> =
            names.iter().zip(slugs).map(|(n, s)| (*n, format!("/{s}/index.html"))).collect();
        let refs: Vec<(&str, &str)> = entries.iter().map(|(n, h)| (*n, h.as_str())).collect();
        let n = nav(&refs);
        let item = (String::from("首页新闻一条标题"), "/x/a.html".to_string(), ago(AS_OF, 1));
        let mut pages = vec![("/".to_string(), home(&n, &[item]))];
        for (name, slug) in names.iter().zip(slugs).take(4) {
            pages.extend(column(&n, AS_OF, slug, name, &[Some(30)], 10));
        }
        let f = run(&site(AS_OF, &pages));
        let stale: Vec<&Finding> = f.iter().filter(|f| f.kind == Kind::ColumnNotUpdated).collect();
        assert_eq!(stale.len(), 4);
        assert!(stale.iter().all(|f| f.severity == Severity::High), "4 is below the V4 count");
        pages.extend(column(&n, AS_OF, "e", "要闻动态", &[Some(30)], 10));
        let f = run(&site(AS_OF, &pages));
        let stale: Vec<&Finding> = f.iter().filter(|f| f.kind == Kind::ColumnNotUpdated).collect();
        assert_eq!(stale.len(), 5);
        assert!(stale.iter().all(|f| f.severity == Severity::Veto), "5 reach the V4 count");
    }

    #[test]
    fn homepage_window() {
        let n = nav(&[]);
        let fresh = |days| {
            vec![("/".to_string(), home(&n, &[("首页新闻一条标题".into(), "/a.html".into(), ago(AS_OF, days))]))]
        };
        assert!(homepage(&site(AS_OF, &fresh(14))).is_none());
        let f = homepage(&site(AS_OF, &fresh(15))).unwrap();
        assert_eq!(
            (f.kind, f.severity, f.url.as_str()),
            (Kind::HomepageNotUpdated, Severity::Veto, format!("{BASE}/").as_str())
        );
        assert!(f.evidence.contains("15天"));
        // a future item is no update
        let future =
            vec![("/".to_string(), home(&n, &[("首页新闻一条标题".into(), "/a.html".into(), ago(AS_OF, -5))]))];
        assert!(homepage(&site(AS_OF, &future)).is_some());
    }

    #[test]
    fn navigation_only_homepage_is_judged_on_second_level_pages() {
        let n = nav(&[("工作动态", "/gzdt/index.html")]);
        let build = |age| {
            let mut pages = vec![("/".to_string(), page(&n, "某某市人民政府", "<p>欢迎访问</p>"))];
            pages.extend(column(&n, AS_OF, "gzdt", "工作动态", &[Some(age), Some(40)], 10));
            site(AS_OF, &pages)
        };
        assert!(homepage(&build(3)).is_none());
        let f = homepage(&build(20)).unwrap();
        assert!(f.message.contains("导航"), "{}", f.message);
    }

    #[test]
    fn forged_dates() {
        let n = nav(&[("工作动态", "/gzdt/index.html")]);
        let art = |path: &str, date| {
            (path.to_string(), article(&n, ("工作动态", "/gzdt/index.html"), "某某会议召开情况通报", date))
        };
        let s = site(
            AS_OF,
            &[
                ("/".to_string(), home(&n, &[])),
                art("/gzdt/202612/t20261210_1.html", ago(AS_OF, -12)),
                art("/gzdt/202611/t20261120_2.html", ago(AS_OF, 5)), // 3 days from its URL date: fine
                art("/gzdt/202610/t20261001_3.html", ago(AS_OF, 5)), // 53 days: re-dated
            ],
        );
        assert_eq!(
            keys(&dates(&s)),
            vec![
                (Kind::DateInconsistent, Some("future".into()), "/gzdt/202612/t20261210_1.html".into()),
                (Kind::DateInconsistent, Some("url_mismatch".into()), "/gzdt/202610/t20261001_3.html".into()),
            ]
        );
        // the list shows the article 30 days before its own date; another 2 days (fine)
        let entries = vec![
            ("某某会议召开情况通报一".to_string(), "/gzdt/202611/t20261120_2.html".to_string(), Some(ago(AS_OF, 35))),
            ("某某会议召开情况通报二".to_string(), "/gzdt/202611/t20261121_4.html".to_string(), Some(ago(AS_OF, 9))),
        ];
        let s = site(
            AS_OF,
            &[
                ("/".to_string(), home(&n, &[])),
                ("/gzdt/index.html".to_string(), list(&n, "工作动态", "/gzdt/index.html", &entries, 0, 1)),
                art("/gzdt/202611/t20261120_2.html", ago(AS_OF, 5)),
                art("/gzdt/202611/t20261121_4.html", ago(AS_OF, 7)),
            ],
        );
        let f = dates(&s);
        assert_eq!(
            keys(&f),
            vec![(Kind::DateInconsistent, Some("list_mismatch".into()), "/gzdt/202611/t20261120_2.html".into())]
        );
        assert_eq!(f[0].severity, Severity::Medium);
    }

    #[test]
    fn windows_count_calendar_months() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert_eq!(Window::Months(6).start(d("2026-08-31")), d("2026-02-28"));
        assert!(!stale(d("2026-02-28"), d("2026-08-31"), Window::Months(6)));
        assert!(stale(d("2026-02-27"), d("2026-08-31"), Window::Months(6)));
        assert_eq!((Window::Months(12).zh(), Window::Days(14).en()), ("1年".to_string(), "14 days".to_string()));
    }
}
