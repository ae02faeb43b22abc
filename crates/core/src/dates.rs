//! Date extraction (indicators §11.3): the publish date of an article, the dates of list
//! entries, dates in CMS URLs, Chinese-numeral dates.
//!
//! This module owns the date rules; it reads the page through the single-walk model of
//! [`crate::pageinfo`]. The rules:
//! - **Publish date**, in this order: a labelled line (发布时间 / 发布日期 / 信息时间 / 发稿时间 /
//!   bare 时间 / 日期, with any colon, spaces, `【发布日期】`, `2020年07月29日`,
//!   `2024-05-17 15:13`, `二〇二三年五月六日`), the one nearest the headline; else an explicit
//!   first-publication meta (`firstpublishedtime`); else an unlabelled byline timestamp right
//!   under the headline. Hidden elements and attribute values are never read; 成文日期 /
//!   生成日期 / 发文日期 are never the publish date, nor is `<meta name="PubDate">` or a
//!   页面生成时间 regeneration time. Dates before 1995 are rejected.
//! - **List entries**: every date-only piece of text (`2023-05-06`, `[2023-05-06]`,
//!   `(2023/05/06)`, `2023.05.06`, `2023年5月6日`, `05-06`, `5月6日`) is paired with the link of
//!   its row (the nearest enclosing element holding a link), whatever the markup: `ul/li`,
//!   table rows, `div` rows or flat runs of links and dates. A bare `MM-DD` takes its year from
//!   the page-generation meta or the newest full date on the page; without context it stays
//!   undated. An entry without a date is undated: it is never given a fallback date.

use crate::html::Document;
use crate::pageinfo::{Item, NONE, PageText};
use chrono::{Datelike, NaiveDate};
use regex::{Captures, Regex};
use serde::Serialize;
use std::collections::HashMap;
use std::sync::OnceLock;

/// Where a publish date was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DateSource {
    /// A labelled line: 发布时间 / 发布日期 / 时间 / 日期 ….
    Label,
    /// A meta tag stating first publication (`firstpublishedtime`).
    Meta,
    /// An unlabelled byline timestamp right under the headline.
    Byline,
}

/// A publish date and its source (`xunjian.page/1` `publish_date`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct PublishDate {
    /// The date.
    pub date: NaiveDate,
    /// Where it was read.
    pub source: DateSource,
}

fn re(cell: &'static OnceLock<Regex>, pat: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pat).expect("static regex"))
}

/// A numeric date: year, month, day (groups 1–3).
const NUM_DATE: &str = r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})";
/// A Chinese-numeral date: `二〇二三年五月六日` (groups 4–6 after [`NUM_DATE`]).
const CN_DATE: &str =
    r"([〇○零Ｏ一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,3})\s*日";

/// The date of captures made of [`NUM_DATE`] then [`CN_DATE`] starting at group `g`.
fn date_of(c: &Captures<'_>, g: usize) -> Option<NaiveDate> {
    if let (Some(y), Some(m), Some(d)) = (c.get(g), c.get(g + 1), c.get(g + 2)) {
        return ymd(y.as_str(), m.as_str(), d.as_str());
    }
    let (y, m, d) = (c.get(g + 3)?, c.get(g + 4)?, c.get(g + 5)?);
    cn_ymd(y.as_str(), m.as_str(), d.as_str())
}

/// A number from ASCII or full-width digits.
fn num(s: &str) -> Option<u32> {
    let mut n: u32 = 0;
    let mut any = false;
    for c in s.chars() {
        let d = match c {
            '0'..='9' => c as u32 - '0' as u32,
            '０'..='９' => c as u32 - '０' as u32,
            _ => return None,
        };
        n = n.checked_mul(10)?.checked_add(d)?;
        any = true;
    }
    any.then_some(n)
}

/// A date from year, month and day strings, if it is a real calendar date from 1995 to 2100.
pub fn ymd(y: &str, m: &str, d: &str) -> Option<NaiveDate> {
    let y = num(y)?;
    if !(1995..=2100).contains(&y) {
        return None;
    }
    NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, num(m)?, num(d)?)
}

/// The value of a Chinese numeral digit (〇/○/零 = 0, 一 … 九).
fn cn_digit(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '○' | '零' | 'Ｏ' | 'O' | '0' => 0,
        '一' => 1,
        '二' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// A Chinese-numeral number up to 31: 五, 十, 十二, 二十, 二十六, 三十一.
fn cn_small(s: &str) -> Option<u32> {
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
        [a] if *a == '十' => Some(10),
        [a] => cn_digit(*a),
        ['十', b] => Some(10 + cn_digit(*b)?),
        [a, '十'] => Some(cn_digit(*a)? * 10),
        [a, '十', b] => Some(cn_digit(*a)? * 10 + cn_digit(*b)?),
        _ => None,
    }
}

fn cn_ymd(y: &str, m: &str, d: &str) -> Option<NaiveDate> {
    let mut year = 0;
    for c in y.chars() {
        year = year * 10 + cn_digit(c)?;
    }
    ymd(&year.to_string(), &cn_small(m)?.to_string(), &cn_small(d)?.to_string())
}

/// The first Chinese-numeral date in `s` (`二〇二三年五月六日`).
pub fn chinese_date(s: &str) -> Option<NaiveDate> {
    static CN: OnceLock<Regex> = OnceLock::new();
    let c = re(&CN, CN_DATE).captures(s)?;
    cn_ymd(&c[1], &c[2], &c[3])
}

/// The first full date in `s`: `2023-05-06`, `2023/5/6`, `2023.05.06`, `2023年5月6日`,
/// `2007-08-20-23:59:59`, `二〇二三年五月六日`.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    static ANY: OnceLock<Regex> = OnceLock::new();
    let r = re(&ANY, &format!("(?:^|[^0-9]){NUM_DATE}|{CN_DATE}"));
    r.captures_iter(s).find_map(|c| date_of(&c, 1))
}

/// The date in a CMS article URL (`t20261120_123.html`, `/art/2026/11/20/`, `/2026-11/20/`).
pub fn url_date(url: &str) -> Option<NaiveDate> {
    static TRS: OnceLock<Regex> = OnceLock::new();
    static ART: OnceLock<Regex> = OnceLock::new();
    if let Some(c) = re(&TRS, r"/t(\d{4})(\d{2})(\d{2})_\d+").captures(url) {
        return ymd(&c[1], &c[2], &c[3]);
    }
    let c = re(&ART, r"/(?:art/)?(\d{4})[-/](\d{1,2})/(\d{1,2})/").captures(url)?;
    ymd(&c[1], &c[2], &c[3])
}

// ---------------------------------------------------------------------------------------
// Publish date
// ---------------------------------------------------------------------------------------

/// The publish date of a parsed page (see the module rules).
pub fn publish_date(doc: &Document) -> Option<PublishDate> {
    let pt = PageText::read(doc);
    let items = raw_items(&pt);
    let rows: Vec<(usize, usize)> = items.iter().map(|r| r.row).collect();
    publish_in(&pt, &rows)
}

/// Labelled publish dates: (byte offset of the label, date).
///
/// A bare `时间`/`日期` label must not end a longer word (`留言时间`, `成文日期`): the character
/// before it, which the offset includes, is not a Han character, or the label starts the text.
/// That condition is checked here rather than written into the pattern as `(?:^|[^汉])`: a
/// pattern that may start with any character has no literal to look for first, and the regex
/// then scanned every character of every page (5 % of the processing of a page).
fn labelled(text: &str) -> impl Iterator<Item = (usize, NaiveDate)> + '_ {
    static LABEL: OnceLock<Regex> = OnceLock::new();
    let r = LABEL.get_or_init(|| {
        let pat = format!(
            r"(?:(?:(?:信息)?(?:发布|发稿|发表)(?:时间|日期)|信息(?:时间|日期))\s*[】\]］]?\s*[:：]?|[【\[［]?(?:时间|日期)\s*(?:[】\]］]\s*[:：]?|[:：]))\s*(?:{NUM_DATE}|{CN_DATE})"
        );
        Regex::new(&pat).expect("static regex")
    });
    let mut end = 0;
    r.captures_iter(text).filter_map(move |c| {
        let m = c.get(0)?;
        let mut start = m.start();
        if !m.as_str().starts_with(['信', '发']) {
            // Where `(?:^|[^汉])` would have started: on the character before (the match's
            // own offset), unless that is a Han character or ended the previous match; a
            // bracket (`【时间】`) is itself such a character.
            let before = text[..start].chars().next_back().filter(|&p| !is_han(p) && start - p.len_utf8() >= end);
            match before {
                Some(p) => start -= p.len_utf8(),
                None if start == 0 || m.as_str().starts_with(['【', '[', '［']) => {}
                None => return None,
            }
        }
        end = m.end();
        Some((start, date_of(&c, 1)?))
    })
}

/// A character of the CJK Unified Ideographs (and extension A) blocks.
fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}')
}

/// The publish date from the page model; `rows` are the spans of list entries (a date
/// inside a list row belongs to that entry, not to the page).
pub(crate) fn publish_in(pt: &PageText<'_>, rows: &[(usize, usize)]) -> Option<PublishDate> {
    let in_row = |pos: usize| rows.iter().any(|&(s, e)| pos >= s && pos < e);
    let found: Vec<(usize, NaiveDate)> = labelled(&pt.text).filter(|&(pos, _)| !pt.is_hidden(pos)).collect();
    // A label repeated in list rows (`发布时间：…` on every entry) dates the entries, not the page;
    // a single one in a row (an info line holding a 来源 link) is still the page's.
    let per_row = found.iter().filter(|&&(pos, _)| in_row(pos)).count() >= 2;
    let mut best: Option<(usize, NaiveDate)> = None;
    for (pos, date) in found {
        if per_row && in_row(pos) {
            continue;
        }
        let dist = match &pt.headline {
            Some(h) if pos >= h.stop => pos - h.stop,
            Some(h) => h.start.saturating_sub(pos).saturating_mul(2),
            None => pos,
        };
        if best.is_none_or(|(d, _)| dist < d) {
            best = Some((dist, date));
        }
    }
    if let Some((_, date)) = best {
        return Some(PublishDate { date, source: DateSource::Label });
    }
    if let Some(date) = pt.meta.first_published {
        return Some(PublishDate { date, source: DateSource::Meta });
    }
    byline(pt, &in_row).map(|date| PublishDate { date, source: DateSource::Byline })
}

/// An unlabelled byline date right under the headline: in the few short lines before the
/// body starts, a numeric date with a time of day, or a numeric date on a 来源/作者 line;
/// never a date of a list entry or one labelled as something else.
fn byline(pt: &PageText<'_>, in_row: &dyn Fn(usize) -> bool) -> Option<NaiveDate> {
    static STAMP: OnceLock<Regex> = OnceLock::new();
    static OTHER_LABEL: OnceLock<Regex> = OnceLock::new();
    static BYLINE_WORDS: OnceLock<Regex> = OnceLock::new();
    let stamp = re(&STAMP, r"(?:^|[^0-9])(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(\s+\d{1,2}:\d{2})?");
    let other = re(&OTHER_LABEL, r"(?:日期|时间|时限|期限)\s*[:：]?\s*$");
    let words = re(&BYLINE_WORDS, r"来源|作者|编辑|责编|浏览|阅读|点击");
    let h = pt.headline.as_ref()?;
    let mut pos = h.stop;
    for _ in 0..8 {
        let rest = pt.text.get(pos..)?;
        let rest = rest.strip_prefix('\n').unwrap_or(rest);
        let line_start = pt.text.len() - rest.len();
        let line = rest.split('\n').next().unwrap_or_default();
        pos = line_start + line.len();
        if line.is_empty() {
            if pos >= pt.text.len() {
                return None;
            }
            continue;
        }
        if pt.is_hidden(line_start) {
            continue;
        }
        if line.chars().count() > 80 {
            return None;
        }
        for c in stamp.captures_iter(line) {
            let Some(y) = c.get(1) else { continue };
            let at = line_start + y.start();
            if in_row(at) || other.is_match(&line[..y.start()]) {
                continue;
            }
            if c.get(4).is_none() && !words.is_match(line) {
                continue;
            }
            if let Some(d) = ymd(&c[1], &c[2], &c[3]) {
                return Some(d);
            }
        }
    }
    None
}

/// The document date (成文日期 / 发文日期) when printed visibly.
pub(crate) fn document_date(pt: &PageText<'_>) -> Option<NaiveDate> {
    static DOC: OnceLock<Regex> = OnceLock::new();
    let r = DOC.get_or_init(|| {
        Regex::new(&format!(r"(?:成文日期|发文日期)\s*[:：]?\s*(?:{NUM_DATE}|{CN_DATE})")).expect("static regex")
    });
    r.captures_iter(&pt.text).find_map(|c| {
        let m = c.get(0)?;
        if pt.is_hidden(m.start()) {
            return None;
        }
        date_of(&c, 1)
    })
}

// ---------------------------------------------------------------------------------------
// List entries
// ---------------------------------------------------------------------------------------

/// A date as a list prints it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LeafDate {
    /// A full date.
    Full(NaiveDate),
    /// Month and day only (`05-06`, `5月6日`): the year comes from context.
    MonthDay(u32, u32),
}

/// Longest piece of text (bytes) that can be a date-only piece.
pub(crate) const LEAF_MAX: usize = 64;

/// The date of a piece of text that is only a date (optionally bracketed, labelled, timed).
pub(crate) fn leaf_date(piece: &str) -> Option<LeafDate> {
    static LEAF: OnceLock<Regex> = OnceLock::new();
    if piece.len() > LEAF_MAX || !piece.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let r = re(
        &LEAF,
        r"^[\[(（【［〔<]?\s*(?:[\x{3400}-\x{4DBF}\x{4E00}-\x{9FFF}]{2,6}\s*[:：]\s*)?(?:(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?|(\d{1,2})\s*月\s*(\d{1,2})\s*日|(\d{2})-(\d{2}))(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?\s*[\])）】］〕>]?$",
    );
    let c = r.captures(piece.trim())?;
    if let (Some(y), Some(m), Some(d)) = (c.get(1), c.get(2), c.get(3)) {
        return ymd(y.as_str(), m.as_str(), d.as_str()).map(LeafDate::Full);
    }
    let (m, d) = match (c.get(4), c.get(5)) {
        (Some(m), Some(d)) => (m, d),
        _ => (c.get(6)?, c.get(7)?),
    };
    let (m, d) = (num(m.as_str())?, num(d.as_str())?);
    // valid in a leap year
    NaiveDate::from_ymd_opt(2000, m, d).map(|_| LeafDate::MonthDay(m, d))
}

/// One dated entry before its year is settled.
#[derive(Debug, Clone)]
pub(crate) struct RawItem {
    pub(crate) title: String,
    pub(crate) url: String,
    pub(crate) date: LeafDate,
    /// The element holding the list's rows (grouping key).
    pub(crate) container: u32,
    /// Byte span of the row in the page text.
    pub(crate) row: (usize, usize),
}

/// A row is at most this long (bytes of text): a title, a date and perhaps a summary line.
const ROW_CAP: usize = 600;
/// How far up from a date to look for its row.
const ROW_CLIMB: usize = 8;
/// A row holds a title link and perhaps a category or attachment link, not a link list.
const ROW_LINKS: u32 = 3;
/// Elements that hold rows or sections, never one row: the search for a row stops there.
const ROW_BARRIERS: &[&str] = &[
    "ul", "ol", "dl", "table", "tbody", "thead", "body", "html", "main", "article", "section", "form", "nav", "header",
    "footer",
];

/// Every dated entry of the page: each date-only piece paired with the link of its row.
pub(crate) fn raw_items(pt: &PageText<'_>) -> Vec<RawItem> {
    let mut out: Vec<RawItem> = Vec::new();
    for (k, leaf) in pt.leaves.iter().enumerate() {
        let mut cur = leaf.el;
        let mut found = None;
        for _ in 0..=ROW_CLIMB {
            let Some(e) = pt.els.get(cur as usize) else {
                break;
            };
            if e.stop - e.start > ROW_CAP || e.links > ROW_LINKS || ROW_BARRIERS.contains(&e.name) {
                break;
            }
            if e.dates > 1 {
                found = Some((cur, true));
                break;
            }
            if e.links > 0 {
                found = Some((cur, false));
                break;
            }
            if e.parent == NONE {
                break;
            }
            cur = e.parent;
        }
        let Some((at, flat)) = found else { continue };
        let e = &pt.els[at as usize];
        let links = pt.links_in(at, e.end);
        let good = links.iter().filter(|l| l.good);
        let (link, container) = if flat {
            // A run of links and dates in one element: if the run starts with a link, each date
            // closes its entry (pair with the link just before it, after the previous date);
            // otherwise each date opens one (pair with the link just after it).
            let span = |l: &&crate::pageinfo::LinkRec<'_>| {
                let le = &pt.els[l.el as usize];
                (le.start, le.stop)
            };
            let first = pt.leaves.partition_point(|l| l.start < e.start);
            let first_start = pt.leaves.get(first).map_or(leaf.start, |l| l.start);
            let link_first = good.clone().any(|l| span(&l).1 <= first_start);
            let link = if link_first {
                let prev_stop =
                    k.checked_sub(1).map(|j| &pt.leaves[j]).filter(|p| p.start >= e.start).map_or(e.start, |p| p.stop);
                good.rev().find(|l| {
                    let (s, t) = span(l);
                    s >= prev_stop && t <= leaf.start
                })
            } else {
                let next_start = pt.leaves.get(k + 1).filter(|n| n.stop <= e.stop).map_or(e.stop, |n| n.start);
                good.clone().find(|l| {
                    let (s, t) = span(l);
                    s >= leaf.stop && t <= next_start
                })
            };
            (link, at)
        } else {
            (good.max_by_key(|l| pt.els[l.el as usize].stop - pt.els[l.el as usize].start), e.parent)
        };
        let Some(link) = link else { continue };
        let le = &pt.els[link.el as usize];
        let mut title = pt.span(le.start, le.stop).to_string();
        if leaf.start >= le.start && leaf.stop <= le.stop {
            title = format!("{}{}", pt.span(le.start, leaf.start), pt.span(leaf.stop, le.stop));
        }
        let mut title = crate::pageinfo::tidy(&title);
        if title.is_empty() {
            title = link.title_attr.map(crate::pageinfo::tidy).unwrap_or_default();
        }
        let url = pt.doc.base.join(link.href.trim()).map(|u| u.to_string()).unwrap_or_else(|_| link.href.to_string());
        let row = if flat { (le.start.min(leaf.start), le.stop.max(leaf.stop)) } else { (e.start, e.stop) };
        out.push(RawItem { title, url, date: leaf.date, container, row });
    }
    out
}

/// The page's main list: the largest group of entries sharing a container (sibling containers
/// of the same tag — a list split into several `<ul>` — count as one).
pub(crate) fn main_list<'r>(pt: &PageText<'_>, items: &'r [RawItem]) -> Vec<&'r RawItem> {
    let key = |c: u32| pt.els.get(c as usize).map_or((NONE, ""), |e| (e.parent, e.name));
    let mut counts: HashMap<(u32, &str), usize> = HashMap::new();
    let mut order: Vec<(u32, &str)> = Vec::new();
    for it in items {
        let k = key(it.container);
        let n = counts.entry(k).or_insert(0);
        if *n == 0 {
            order.push(k);
        }
        *n += 1;
    }
    let Some(best) = order.iter().copied().max_by(|a, b| counts[a].cmp(&counts[b]).then(b.0.cmp(&a.0))) else {
        return Vec::new();
    };
    items.iter().filter(|it| key(it.container) == best).collect()
}

/// The context date for `MM-DD` entries: the page-generation meta, else the newest full date
/// printed as a list date on the page, else the publish date.
fn year_context(pt: &PageText<'_>, publish: Option<NaiveDate>) -> Option<NaiveDate> {
    pt.meta
        .generated
        .or_else(|| {
            pt.leaves
                .iter()
                .filter_map(|l| match l.date {
                    LeafDate::Full(d) => Some(d),
                    LeafDate::MonthDay(..) => None,
                })
                .max()
        })
        .or(publish)
}

/// A month-day in the year of `context`, or the year before when it would lie more than a
/// week after `context`.
fn with_year(m: u32, d: u32, context: NaiveDate) -> Option<NaiveDate> {
    let y = context.year();
    let this = NaiveDate::from_ymd_opt(y, m, d);
    match this {
        Some(t) if (t - context).num_days() <= 7 => Some(t),
        _ => NaiveDate::from_ymd_opt(y - 1, m, d),
    }
}

/// The year of an entry's URL when the URL names the entry's month (`/202310/…`,
/// `t20231011_…`, `/2023-10/…`, `/art/2023/10/…`).
fn url_year(url: &str, month: u32) -> Option<i32> {
    static YM: OnceLock<Regex> = OnceLock::new();
    let r = re(&YM, r"/t?((?:19|20)\d{2})[-/]?(\d{2})(?:\d{2}_|/|-)");
    r.captures_iter(url).find_map(|c| {
        let y: i32 = c[1].parse().ok()?;
        (num(&c[2])? == month && y >= 1995).then_some(y)
    })
}

/// Settles the entries' years and removes repeats.
pub(crate) fn resolve_items(pt: &PageText<'_>, chosen: &[&RawItem], publish: Option<NaiveDate>) -> Vec<Item> {
    let context =
        if chosen.iter().any(|r| matches!(r.date, LeafDate::MonthDay(..))) { year_context(pt, publish) } else { None };
    let mut out: Vec<Item> = Vec::with_capacity(chosen.len());
    for r in chosen {
        let date = match r.date {
            LeafDate::Full(d) => Some(d),
            LeafDate::MonthDay(m, d) => url_year(&r.url, m)
                .and_then(|y| NaiveDate::from_ymd_opt(y, m, d))
                .or_else(|| context.and_then(|c| with_year(m, d, c))),
        };
        let item = Item { title: r.title.clone(), url: r.url.clone(), date };
        if !out.iter().rev().take(64).any(|o| *o == item) {
            out.push(item);
        }
    }
    out
}

/// Every dated entry of a parsed page (all lists, years settled).
pub fn list_items(doc: &Document) -> Vec<Item> {
    let pt = PageText::read(doc);
    let raw = raw_items(&pt);
    let all: Vec<&RawItem> = raw.iter().collect();
    resolve_items(&pt, &all, None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use url::Url;

    fn doc(html: &str) -> Document {
        Document::parse(html, &Url::parse("http://www.example.gov.cn/col/tzgg/index.html").unwrap())
    }

    fn pd(html: &str) -> Option<(String, DateSource)> {
        publish_date(&doc(html)).map(|p| (p.date.to_string(), p.source))
    }

    /// The labelled dates as the pattern with `(?:^|[^汉])` written in finds them (the old
    /// definition, kept as the reference).
    fn labelled_reference(text: &str) -> Vec<(usize, NaiveDate)> {
        static REFERENCE: OnceLock<Regex> = OnceLock::new();
        let r = REFERENCE.get_or_init(|| {
            Regex::new(&format!(
                r"(?m)(?:(?:(?:信息)?(?:发布|发稿|发表)(?:时间|日期)|信息(?:时间|日期))\s*[】\]］]?\s*[:：]?|(?:^|[^\x{{3400}}-\x{{4DBF}}\x{{4E00}}-\x{{9FFF}}])[【\[［]?(?:时间|日期)\s*(?:[】\]］]\s*[:：]?|[:：]))\s*(?:{NUM_DATE}|{CN_DATE})"
            ))
            .unwrap()
        });
        r.captures_iter(text).filter_map(|c| Some((c.get(0)?.start(), date_of(&c, 1)?))).collect()
    }

    #[test]
    fn labelled_dates_are_found_where_the_reference_finds_them() {
        // Every sequence of up to four pieces: labels with and without a word before them,
        // brackets, separators, dates, line breaks.
        let pieces = [
            "发布时间：",
            "信息发布日期:",
            "信息时间 ",
            "时间：",
            "日期:",
            "【日期】",
            "［时间］",
            "留言时间：",
            "成文日期：",
            "留言【时间】",
            "x",
            "\n",
            "2023-11-03",
            "二〇二三年五月六日",
            " ",
            "发",
            "时间",
            "2024年1月2日",
            "【",
        ];
        let n = pieces.len();
        let mut texts = 0;
        for a in 0..n {
            for b in 0..n {
                for c in 0..n {
                    for d in [0, 4, 12] {
                        let text = format!("{}{}{}{}", pieces[a], pieces[b], pieces[c], pieces[d]);
                        let got: Vec<_> = labelled(&text).collect();
                        assert_eq!(got, labelled_reference(&text), "{text:?}");
                        texts += 1;
                    }
                }
            }
        }
        assert!(texts > 20_000);
    }

    fn label(html: &str) -> Option<String> {
        pd(html).filter(|(_, s)| *s == DateSource::Label).map(|(d, _)| d)
    }

    #[test]
    fn labelled_forms() {
        for (html, want) in [
            ("<p>发布时间:2017-12-01 16:10</p>", "2017-12-01"),
            ("<p>发布时间：2024-05-17 15:13</p>", "2024-05-17"),
            ("<p>发布日期: <span>2024-09-27 17:07</span></p>", "2024-09-27"),
            ("<p>时间:2020-01-08 16:25:25</p>", "2020-01-08"),
            ("<p>发布日期:2020年07月29日</p>", "2020-07-29"),
            ("<p>发布时间 2020年10月13日</p>", "2020-10-13"),
            ("<p>【发布日期】2018-01-15</p>", "2018-01-15"),
            ("<p>信息发布时间：2021/2/1</p>", "2021-02-01"),
            ("<p>发稿时间：2021.02.01</p>", "2021-02-01"),
            ("<p>日期：2023-11-03</p>", "2023-11-03"),
            ("<p>【日期】2023-11-03</p>", "2023-11-03"),
            ("<p>发布日期：二〇二三年五月六日</p>", "2023-05-06"),
            ("<td>发布时间：</td><td>2021-10-11</td>", "2021-10-11"),
            ("<p>来源：新华社 发布时间：　2024-06-27  16:18</p>", "2024-06-27"),
        ] {
            assert_eq!(label(html).as_deref(), Some(want), "{html}");
        }
    }

    #[test]
    fn label_near_misses() {
        assert_eq!(pd("<p>成文日期：2021-01-19</p>"), None, "成文日期 alone is no publish date");
        assert_eq!(pd("<p>生成日期：2023-05-11</p><p>发文日期：2023-04-18</p>"), None);
        assert_eq!(pd("<p>留言时间：2025-04-27</p><p>回复时间：2025-04-28</p>"), None);
        assert_eq!(pd("<p>发布日期：1994-05-06</p>"), None, "before 1995");
        assert_eq!(pd("<p>发布日期：2021-02-30</p>"), None, "no such day");
        assert_eq!(pd("<p>发文日期：</p><p>文号：</p><p>2024年7月8日</p>"), None, "an empty label borrows nothing");
        assert_eq!(
            pd("<table><tr><th>日期</th><th>产量</th></tr><tr><td>2024-01-01</td><td>5</td></tr></table>"),
            None,
            "a column header is no label"
        );
        assert_eq!(pd("<p>更新时间：2024-01-01</p><p>报名时间：2024-07-08</p>"), None);
        assert_eq!(
            label("<p>成文日期：2021-01-19</p><p>发布日期：2021-02-01</p>").as_deref(),
            Some("2021-02-01"),
            "发布日期 beats 成文日期"
        );
    }

    #[test]
    fn attributes_hidden_elements_and_regeneration_metas_are_not_read() {
        assert_eq!(
            label("<h1>标题甲乙</h1><span alt=\"时间：2017-11-08 20:26\"><i>时间：</i>2019-09-18 06:23</span>")
                .as_deref(),
            Some("2019-09-18")
        );
        assert_eq!(pd("<div title='发布时间：2019-09-18'>正文</div>"), None);
        assert_eq!(pd("<div style=\"display: none\">发布时间：2019-09-18</div><p>正文</p>"), None);
        assert_eq!(pd("<div class=\"ng-hide\"><p>发布日期：2019-09-18</p></div>"), None);
        assert_eq!(
            pd(
                "<head><meta name=PubDate content='2022-04-24 10:00:43'><meta name=others content='页面生成时间 2022-04-24 10:00:43'></head><body><p>正文</p></body>"
            ),
            None
        );
        assert_eq!(
            pd(
                "<head><meta name=firstpublishedtime content='2007-08-20-23:59:59'></head><body><p>2007年6月29日通过</p></body>"
            ),
            Some(("2007-08-20".into(), DateSource::Meta))
        );
    }

    #[test]
    fn nearest_label_to_the_headline_wins() {
        let html = "<title>甲乙丙丁的通知_某市</title><body><div>日期：2026-01-01</div><div>菜单</div>\
                    <h1>甲乙丙丁的通知</h1><p>发布时间：2025-12-30</p><p>正文</p><ul><li>时间：2026-02-02</li></ul></body>";
        assert_eq!(label(html).as_deref(), Some("2025-12-30"));
    }

    #[test]
    fn byline_timestamp_under_the_headline() {
        let html = "<title>甲乙丙丁座谈会-某网</title><body><div><div>甲乙丙丁座谈会</div>\
                    <ul><li>来源：新华社</li><li>作者：</li><li>2023-12-01 14:43</li></ul></div>\
                    <div><p>新华社上海11月30日电 ……</p></div></body>";
        assert_eq!(pd(html), Some(("2023-12-01".into(), DateSource::Byline)));
        // a related-article entry under the headline is not a byline
        let html = "<title>甲乙丙丁公报</title><body><h1>甲乙丙丁公报</h1><h3>关联稿件：</h3>\
                    <ul><li><a href=x.html>图文解读：甲乙丙丁公报</a><span>2023-07-12</span></li></ul>\
                    <p>某某统计局</p><p>2023年3月28日</p><p>正文……</p></body>";
        assert_eq!(pd(html), None);
        // a date labelled as something else is not a byline
        let html = "<title>甲乙丙丁公报</title><body><h1>甲乙丙丁公报</h1><p>生成日期：2023-05-11 10:00</p></body>";
        assert_eq!(pd(html), None);
    }

    #[test]
    fn chinese_numerals() {
        assert_eq!(chinese_date("二〇二三年五月六日").map(|d| d.to_string()).as_deref(), Some("2023-05-06"));
        assert_eq!(chinese_date("二○二一年十二月三十一日").map(|d| d.to_string()).as_deref(), Some("2021-12-31"));
        assert_eq!(chinese_date("二〇二〇年十月二十日").map(|d| d.to_string()).as_deref(), Some("2020-10-20"));
        assert_eq!(chinese_date("二〇二三年二月三十日"), None);
        assert_eq!(chinese_date("一九九〇年五月六日"), None, "before 1995");
        assert_eq!(parse_date("2007-08-20-23:59:59").map(|d| d.to_string()).as_deref(), Some("2007-08-20"));
        assert_eq!(
            parse_date("页面生成时间 2023-10-11 11:36:07").map(|d| d.to_string()).as_deref(),
            Some("2023-10-11")
        );
        assert_eq!(parse_date("２０２３年５月６日").map(|d| d.to_string()).as_deref(), Some("2023-05-06"));
    }

    #[test]
    fn url_dates() {
        assert_eq!(
            url_date("http://x.gov.cn/a/202101/t20210106_47506.html").map(|d| d.to_string()).as_deref(),
            Some("2021-01-06")
        );
        assert_eq!(
            url_date("http://x.gov.cn/art/2016/11/22/art_1_2.html").map(|d| d.to_string()).as_deref(),
            Some("2016-11-22")
        );
        assert_eq!(
            url_date("http://x.gov.cn/politics/2023-12/01/content_1.html").map(|d| d.to_string()).as_deref(),
            Some("2023-12-01")
        );
        assert_eq!(url_date("http://x.gov.cn/202309/content_6906622.htm"), None);
        assert_eq!(url_date("http://x.gov.cn/t19045284.shtml"), None);
    }

    #[test]
    fn leaf_forms() {
        let full = |s: &str| match leaf_date(s) {
            Some(LeafDate::Full(d)) => Some(d.to_string()),
            _ => None,
        };
        for s in [
            "2023-05-06",
            "[2023-05-06]",
            "(2023-05-06)",
            "（2023-05-06）",
            "2023/05/06",
            "2023.05.06",
            "2023年5月6日",
            "2023-05-06 10:20",
            "发布时间：2023-05-06",
        ] {
            assert_eq!(full(s).as_deref(), Some("2023-05-06"), "{s}");
        }
        assert_eq!(leaf_date("05-06"), Some(LeafDate::MonthDay(5, 6)));
        assert_eq!(leaf_date("[10-11]"), Some(LeafDate::MonthDay(10, 11)));
        assert_eq!(leaf_date("5月6日"), Some(LeafDate::MonthDay(5, 6)));
        for s in [
            "1-10",
            "2023-10",
            "13-01",
            "0795-8819792",
            "2023年5月",
            "10月9日至10日，市委书记",
            "（2023年5月）",
            "2023-05-06 关于印发",
        ] {
            assert_eq!(leaf_date(s), None, "{s}");
        }
    }

    fn items(html: &str) -> Vec<(String, String, Option<String>)> {
        list_items(&doc(html)).into_iter().map(|i| (i.title, i.url, i.date.map(|d| d.to_string()))).collect()
    }

    #[test]
    fn list_markups() {
        let want = |t: &str, u: &str, d: &str| {
            (t.to_string(), format!("http://www.example.gov.cn/col/tzgg/{u}"), Some(d.to_string()))
        };
        // ul/li with a span date
        assert_eq!(
            items(
                "<ul><li><a href='a.html'>通知一</a><span>2023-05-06</span></li><li><a href='b.html'>通知二</a><span>[2023-05-05]</span></li></ul>"
            ),
            vec![want("通知一", "a.html", "2023-05-06"), want("通知二", "b.html", "2023-05-05")]
        );
        // table rows
        assert_eq!(
            items(
                "<table><tr><td><a href='a.html'>通知一</a></td><td>2023/05/06</td></tr><tr><td><a href='b.html'>通知二</a></td><td>2023.05.05</td></tr></table>"
            ),
            vec![want("通知一", "a.html", "2023-05-06"), want("通知二", "b.html", "2023-05-05")]
        );
        // div rows, date inside the link
        assert_eq!(
            items(
                "<div class=list><div class=row><a href='a.html'><span>通知一</span><span>(2023-05-06)</span></a></div><div class=row><a href='b.html'>通知二<i>2023年5月5日</i></a></div></div>"
            ),
            vec![want("通知一", "a.html", "2023-05-06"), want("通知二", "b.html", "2023-05-05")]
        );
        // flat run of links and dates
        assert_eq!(
            items("<div><a href='a.html'>通知一</a> 2023-05-06<br><a href='b.html'>通知二</a> 2023-05-05<br></div>"),
            vec![want("通知一", "a.html", "2023-05-06"), want("通知二", "b.html", "2023-05-05")]
        );
        // dates before their links
        assert_eq!(
            items(
                "<div><span>2023-05-06</span> <a href='a.html'>通知一</a><br><span>2023-05-05</span> <a href='b.html'>通知二</a></div>"
            ),
            vec![want("通知一", "a.html", "2023-05-06"), want("通知二", "b.html", "2023-05-05")]
        );
        // a row without a date is no entry; a date without a link is no entry
        assert!(items("<ul><li><a href='a.html'>通知一</a></li></ul><p>2023-05-06</p>").is_empty());
    }

    #[test]
    fn month_day_takes_the_year_from_context() {
        let html = "<head><meta name=others content='页面生成时间 2023-10-11 11:36:07'></head><body><ul>\
                    <li><a href=a>甲</a><span>10-11</span></li><li><a href=b>乙</a><span>08-21</span></li>\
                    <li><a href=c>丙</a><span>12-30</span></li></ul></body>";
        let got: Vec<_> = items(html).into_iter().map(|i| i.2.unwrap_or_default()).collect();
        assert_eq!(got, ["2023-10-11", "2023-08-21", "2022-12-30"]);
        // from the newest full date on the page
        let html =
            "<ul><li><a href=a>甲</a><span>2024-01-03</span></li><li><a href=b>乙</a><span>12-28</span></li></ul>";
        let got: Vec<_> = items(html).into_iter().map(|i| i.2.unwrap_or_default()).collect();
        assert_eq!(got, ["2024-01-03", "2023-12-28"]);
        // the entry's URL names its month
        let html = "<ul><li><a href='/xw/202212/t20221230_1.html'>甲</a><span>12-30</span></li><li><a href='/xw/2023-01/05/c.html'>乙</a><span>01-05</span></li></ul>";
        let got: Vec<_> = items(html).into_iter().map(|i| i.2.unwrap_or_default()).collect();
        assert_eq!(got, ["2022-12-30", "2023-01-05"]);
        // no context: undated, never a guessed year
        assert_eq!(items("<ul><li><a href=a>甲</a><span>05-06</span></li></ul>")[0].2, None);
    }
}
