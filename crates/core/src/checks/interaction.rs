//! Interaction (indicators V5, §6 class I): whether the site has an online consultation
//! channel at all (`consultation_missing`, once per site, on the homepage) and whether its
//! messages are answered within 3 months (`consultation_unanswered`, one per message). This
//! module owns those two rules; the messages come from the page analysis
//! ([`crate::pageinfo::Message`]: list rows and a message's own page).
//!
//! - **Channel**: a column of class `consultation`, a page read as a message board, or a
//!   homepage link named like one (领导信箱, 我要咨询, 网上留言 …, also on another host) whose
//!   target is not broken. 网上信访 and 纪检举报 channels do not count.
//! - **Unanswered**: a message asked within the year before the as-of date that has waited
//!   more than 3 calendar months without a reply (the list or its page says it waits, or shows
//!   an empty reply field), or that was answered more than 3 months after it was asked. A
//!   message whose state the pages do not show is not judged. `url` is the message's own page
//!   when it has one, else the list page. Both findings are `veto` items (V5).
//! - The date of the newest published reply is shown in the evidence (the 2019 deductions
//!   look for one within 2 months) and in the column's `latest_reply`.

use super::SiteData;
use super::columns::{ColumnInfo, kind_of, usable};
use crate::finding::{Finding, Kind, Severity};
use crate::pageinfo::{self, PageKind, Reply};
use chrono::{Months, NaiveDate};
use std::collections::{BTreeMap, HashMap};

/// The reply deadline (V5).
const REPLY_MONTHS: u32 = 3;
/// How far back messages are judged (V5).
const LOOKBACK_MONTHS: u32 = 12;

/// Runs the interaction checks.
pub fn check(site: &SiteData, cols: &[ColumnInfo]) -> Vec<Finding> {
    let mut out = Vec::new();
    if let Some(home) = site.home().filter(|h| usable(h))
        && !has_channel(site, cols)
    {
        out.push(
            Finding::new(
                Kind::ConsultationMissing,
                Severity::Veto,
                &home.url,
                "网站没有在线咨询渠道（领导信箱、咨询、留言等） / no online consultation channel",
            )
            .evidence("首页及各栏目中未发现领导信箱、咨询、留言类栏目或页面（网上信访、纪检举报渠道不计）"),
        );
    }
    out.extend(unanswered(site));
    out
}

/// Whether the site offers a consultation channel.
fn has_channel(site: &SiteData, cols: &[ColumnInfo]) -> bool {
    if cols.iter().any(|c| c.class == "consultation") {
        return true;
    }
    if site.pages.iter().any(|p| usable(p) && kind_of(p) == PageKind::Consultation) {
        return true;
    }
    let Some(home) = site.home() else { return false };
    let by_url: HashMap<&str, &super::PageRecord> = site.pages.iter().map(|p| (p.url.as_str(), p)).collect();
    site.links.iter().filter(|l| l.source == home.url && l.tag == "a" && l.invalid.is_none()).any(|l| {
        let named = pageinfo::names_consultation(&l.text) && l.text.chars().count() <= 16;
        let broken = by_url.get(l.target.as_str()).is_some_and(|p| p.error.is_some() || p.status >= 400);
        named && !broken
    })
}

/// A message as merged from its list row and its own page.
#[derive(Debug, Clone, Default)]
struct Merged {
    title: String,
    asked: Option<NaiveDate>,
    replied: Option<NaiveDate>,
    reply: Reply,
}

/// Whether a page belongs to an excluded channel (网上信访, 纪检举报).
fn excluded(p: &super::PageRecord) -> bool {
    let bad = |s: &str| s.contains("信访") || s.contains("举报") || s.contains("纪检");
    bad(&p.title) || p.info.breadcrumb.iter().any(|c| bad(&c.name))
}

/// `consultation_unanswered`.
fn unanswered(site: &SiteData) -> Vec<Finding> {
    let as_of = site.as_of;
    let mut msgs: BTreeMap<&str, Merged> = BTreeMap::new();
    // List rows first, then each message's own page, which knows best.
    for own in [false, true] {
        for p in site.pages.iter().filter(|p| usable(p) && !excluded(p)) {
            for m in &p.info.messages {
                let is_own = m.url == p.url || m.url == p.final_url;
                if is_own != own {
                    continue;
                }
                let e = msgs.entry(m.url.as_str()).or_default();
                if e.title.is_empty() || own {
                    e.title = m.title.clone();
                }
                if m.asked.is_some() {
                    e.asked = m.asked;
                }
                if m.replied.is_some() {
                    e.replied = m.replied;
                }
                if m.reply != Reply::Unknown {
                    e.reply = m.reply;
                }
            }
        }
    }
    let latest_reply = msgs.values().filter_map(|m| m.replied).filter(|d| *d <= as_of).max();
    let reply_note = match latest_reply {
        Some(d) => format!("；最近一次公开答复：{d}（距检查日{}天）", (as_of - d).num_days()),
        None => "；未见任何公开答复".to_string(),
    };
    let since = as_of.checked_sub_months(Months::new(LOOKBACK_MONTHS)).unwrap_or(NaiveDate::MIN);
    let mut out = Vec::new();
    for (url, m) in msgs {
        let Some(asked) = m.asked.filter(|a| *a >= since && *a <= as_of) else { continue };
        let Some(deadline) = asked.checked_add_months(Months::new(REPLY_MONTHS)) else { continue };
        let (zh, en) = match m.replied {
            Some(r) if r > deadline => (
                format!("留言超过3个月才答复（{}天） / answered after more than 3 months", (r - asked).num_days()),
                format!("留言时间 {asked}，答复时间 {r}，用时{}天", (r - asked).num_days()),
            ),
            None if m.reply == Reply::Pending && as_of > deadline => (
                format!(
                    "留言超过3个月未答复（已{}天） / unanswered for more than 3 months",
                    (as_of - asked).num_days()
                ),
                format!("留言时间 {asked}，至检查日（{as_of}）已{}天未答复", (as_of - asked).num_days()),
            ),
            _ => continue,
        };
        out.push(
            Finding::new(Kind::ConsultationUnanswered, Severity::Veto, url, zh)
                .evidence(format!("《{}》{en}（时限3个月）{reply_note}", m.title)),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::columns::{discover, fixture::*};
    use super::*;

    const AS_OF: &str = "2026-11-28";

    /// A 领导信箱 list (table with 留言时间 / 回复时间 / 状态) and one page per message:
    /// (id, asked days ago, replied days ago).
    fn mailbox(msgs: &[(u32, i64, Option<i64>)]) -> SiteData {
        let n = nav(&[("领导信箱", "/ldxx/index.html")]);
        let crumb = crumb(&[("领导信箱", "/ldxx/index.html")]);
        let mut rows = String::from("<table><tr><th>留言标题</th><th>留言时间</th><th>回复时间</th><th>状态</th></tr>");
        let mut pages = vec![("/".to_string(), home(&n, &[]))];
        for &(id, asked, replied) in msgs {
            let (r, st) = match replied {
                Some(d) => (ago(AS_OF, d).to_string(), "已回复"),
                None => ("—".to_string(), "待回复"),
            };
            rows.push_str(&format!(
                "<tr><td><a href='/ldxx/{id}.html'>关于小区停车问题的咨询{id}</a></td><td>{}</td><td>{r}</td><td>{st}</td></tr>",
                ago(AS_OF, asked)
            ));
            let reply = match replied {
                Some(d) => format!(
                    "<div class=reply><h3>回复内容</h3><p>回复时间：{}</p><p>已转交有关部门办理。</p></div>",
                    ago(AS_OF, d)
                ),
                None => "<div class=reply><p>办理状态：待回复</p></div>".to_string(),
            };
            let body = format!(
                "{crumb}<h1>关于小区停车问题的咨询{id}</h1><table><tr><th>留言时间</th><td>{} 10:23</td></tr>\
                 <tr><th>留言内容</th><td>小区停车难，请问何时规划新停车场？</td></tr></table>{reply}",
                ago(AS_OF, asked)
            );
            pages.push((format!("/ldxx/{id}.html"), page(&n, &format!("关于小区停车问题的咨询{id}"), &body)));
        }
        rows.push_str("</table>");
        let list =
            page(&n, "领导信箱", &format!("{crumb}<h2>领导信箱</h2>{rows}<a href='/ldxx/write.html'>我要写信</a>"));
        pages.insert(1, ("/ldxx/index.html".to_string(), list));
        site(AS_OF, &pages)
    }

    fn run(s: &SiteData) -> Vec<Finding> {
        check(s, &discover(s))
    }

    #[test]
    fn messages_over_three_months_without_reply() {
        let s = mailbox(&[(1, 10, Some(5)), (2, 80, None), (3, 100, None), (4, 200, Some(20)), (5, 400, None)]);
        let f = run(&s);
        let urls: Vec<(Kind, &str)> = f.iter().map(|f| (f.kind, f.url.as_str())).collect();
        assert_eq!(
            urls,
            vec![
                (Kind::ConsultationUnanswered, format!("{BASE}/ldxx/3.html").as_str()),
                (Kind::ConsultationUnanswered, format!("{BASE}/ldxx/4.html").as_str()),
            ],
            "80 days is inside the 3 months, 400 days is outside the year: {f:#?}"
        );
        assert!(f.iter().all(|f| f.severity == Severity::Veto));
        assert!(f[0].evidence.contains("100天") && f[0].evidence.contains("最近一次公开答复"), "{}", f[0].evidence);
        assert!(f[1].message.contains("才答复"), "answered after 180 days: {}", f[1].message);
        let cols = discover(&s);
        let col = cols.iter().find(|c| c.class == "consultation").unwrap();
        assert_eq!(col.latest_reply, Some(ago(AS_OF, 5)));
    }

    #[test]
    fn the_list_alone_tells_the_state() {
        let mut s = mailbox(&[(1, 10, Some(5)), (2, 120, None)]);
        s.pages.retain(|p| !p.url.ends_with("/2.html"));
        let f = run(&s);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].url, format!("{BASE}/ldxx/2.html"), "the message's own page is the url");
    }

    #[test]
    fn a_site_without_any_channel() {
        let n = nav(&[("工作动态", "/gzdt/index.html")]);
        let mut pages = vec![("/".to_string(), home(&n, &[]))];
        pages.extend(columns_for(&n));
        let f = run(&site(AS_OF, &pages));
        assert_eq!(f.len(), 1);
        assert_eq!((f[0].kind, f[0].url.as_str()), (Kind::ConsultationMissing, format!("{BASE}/").as_str()));
        // a 网上信访 link is no consultation channel; a 领导信箱 on the provincial platform is
        let n2 = nav(&[("网上信访", "/xf/index.html")]);
        let f = run(&site(AS_OF, &[("/".to_string(), home(&n2, &[]))]));
        assert_eq!(f.len(), 1);
        let n3 = format!("{}<a href='http://www.zjzwfw.gov.cn/ldxx/'>市长信箱</a>", nav(&[]));
        let f = run(&site(AS_OF, &[("/".to_string(), home(&n3, &[]))]));
        assert!(f.is_empty(), "{f:#?}");
    }

    fn columns_for(n: &str) -> Vec<(String, String)> {
        column(n, AS_OF, "gzdt", "工作动态", &[Some(3)], 10)
    }
}
