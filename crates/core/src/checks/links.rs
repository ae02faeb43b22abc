//! The link rules of the 2011 notice and the 2019 indicators, over every link occurrence the
//! crawl stored and the outcome of checking its target:
//! - `unapproved_external_link`: a link or embedded resource on another host that no current
//!   approval of the register covers (one per occurrence);
//! - `dangerous_link`: a link to a blocklisted host, or to a non-government target whose
//!   anchor text, page title or host name carries gambling or pornography signals — a veto
//!   item, so only strong, compound signals count and government targets are never judged
//!   by words;
//! - `missing_exit_notice`: a page linking non-government sites without a "you are leaving
//!   this site" interstitial or confirm (one per page).

use super::targets::LinkTargets;
use super::{LinkRecord, SiteData};
use crate::approval::{self, Coverage};
use crate::finding::{Finding, Kind, Severity};
use std::collections::BTreeMap;
use url::Url;

/// Strong gambling signals (compound terms; `赌博` alone is news vocabulary: 打击赌博).
pub const GAMBLING: &[&str] = &[
    "娱乐城",
    "真人荷官",
    "百家乐",
    "六合彩",
    "时时彩",
    "老虎机",
    "葡京",
    "威尼斯人",
    "皇冠体育",
    "博彩",
    "网上赌场",
    "在线赌场",
    "赌场娱乐",
    "彩票投注",
    "体育投注",
    "开户送",
    "首存",
    "电子游艺",
    "棋牌游戏",
    "bet365",
    "casino",
    "baccarat",
];
/// Strong pornography signals.
pub const PORN: &[&str] =
    &["色情", "成人视频", "黄色网站", "裸聊", "一夜情", "约炮", "成人电影", "激情视频", "无码", "porn", "xvideos"];
/// Host-name tokens (split on `.` and `-`).
const GAMBLING_HOST: &[&str] = &["casino", "bet365", "betting", "baccarat", "poker", "lottery", "bet"];
const PORN_HOST: &[&str] = &["porn", "xxx", "sex", "xvideos"];

/// Runs the three link rules into `out` (one finding per external link occurrence: a large
/// site has hundreds of thousands, so they go straight where they are kept).
/// The titles of the targets are read from `targets` ([`LinkTargets::of`]): the page records
/// may be freed by then.
pub fn check_into(site: &SiteData, targets: &LinkTargets, out: &mut impl Extend<Finding>) {
    let mut no_notice: BTreeMap<&str, Vec<&LinkRecord>> = BTreeMap::new();
    for l in site.links.iter().filter(|l| !l.internal && l.invalid.is_none()) {
        let Ok(target) = Url::parse(&l.target) else { continue };
        let title = targets.get(&l.target).map(|t| t.title.as_str()).unwrap_or("");
        match site.register.coverage(&target, site.as_of) {
            Coverage::Approved(_) => {}
            Coverage::Expired(a) => {
                out.extend(Some(unapproved(l, &format!("审批已于 {} 过期 / approval expired", fmt_date(a.expires)))))
            }
            Coverage::None => out.extend(Some(unapproved(l, "未经审批 / not in the approval register"))),
        }
        if let Some((sub, why)) = dangerous(site, &target, &l.text, title) {
            out.extend(Some(
                Finding::new(
                    Kind::DangerousLink,
                    Severity::Veto,
                    &l.target,
                    format!(
                        "链接指向{} / link to {sub} content",
                        if sub == "porn" {
                            "色情内容"
                        } else if sub == "gambling" {
                            "赌博内容"
                        } else {
                            "禁止链接的网站"
                        }
                    ),
                )
                .subtype(sub)
                .source(&l.source)
                .evidence(format!("{} · {why}", l.snippet)),
            ));
        }
        if l.tag == "a" && !l.exit_notice && !site.register.is_government(&target) {
            no_notice.entry(l.source.as_str()).or_default().push(l);
        }
    }
    for (page, links) in no_notice {
        let examples: Vec<&str> = links.iter().take(3).map(|l| l.target.as_str()).collect();
        out.extend(Some(
            Finding::new(
                Kind::MissingExitNotice,
                Severity::Low,
                page,
                format!(
                    "页面有 {} 个非政府网站链接没有离站提示 / {} links leave the site without notice",
                    links.len(),
                    links.len()
                ),
            )
            .evidence(format!("例如 {}", examples.join(" , "))),
        ));
    }
}

fn fmt_date(d: Option<chrono::NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

fn unapproved(l: &LinkRecord, why: &str) -> Finding {
    let host = Url::parse(&l.target).ok().and_then(|u| u.host_str().map(str::to_string)).unwrap_or_default();
    let what = match l.tag.as_str() {
        "script" => "外部脚本",
        "frame" => "外部框架页",
        "resource" => "外部资源",
        _ => "外部链接",
    };
    Finding::new(Kind::UnapprovedExternalLink, Severity::Medium, &l.target, format!("{what}{why}（{host}）"))
        .source(&l.source)
        .evidence(&l.snippet)
}

/// The dangerous-link verdict of a target: (subtype, the signal that decided it).
pub fn dangerous(site: &SiteData, target: &Url, anchor: &str, title: &str) -> Option<(&'static str, String)> {
    if let Some(b) = site.blocklist.iter().find(|b| approval::matches(b, target)) {
        return Some(("blocklist", format!("黑名单 {b}")));
    }
    if site.register.is_government(target) {
        return None;
    }
    for (sub, words, hosts) in [("gambling", GAMBLING, GAMBLING_HOST), ("porn", PORN, PORN_HOST)] {
        let lower_anchor = anchor.to_lowercase();
        let lower_title = title.to_lowercase();
        if let Some(w) = words.iter().find(|w| lower_anchor.contains(*w)) {
            return Some((sub, format!("锚文本含“{w}”")));
        }
        if let Some(w) = words.iter().find(|w| lower_title.contains(*w)) {
            return Some((sub, format!("目标网页标题“{}”含“{w}”", crate::finding::cap_chars(title, 60))));
        }
        let host = target.host_str().unwrap_or("").to_ascii_lowercase();
        if let Some(t) = host.split(['.', '-']).find(|t| hosts.contains(t)) {
            return Some((sub, format!("域名 {host} 含“{t}”")));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::approval::{Approval, Register};
    use crate::checks::PageRecord;

    fn check(site: &SiteData) -> Vec<Finding> {
        let mut out = Vec::new();
        check_into(site, &LinkTargets::of(site), &mut out);
        out
    }

    fn link(source: &str, target: &str, text: &str, tag: &str) -> LinkRecord {
        LinkRecord {
            source: source.into(),
            target: target.into(),
            tag: tag.into(),
            text: text.into(),
            snippet: format!("<a href=\"{target}\">{text}</a>").into(),
            ..LinkRecord::default()
        }
    }

    fn site(links: Vec<LinkRecord>, titles: &[(&str, &str)]) -> SiteData {
        let approve = |p: &str, exp: Option<&str>, gov: bool| Approval {
            pattern: p.into(),
            approved_by: Some("王伟".into()),
            approved_on: None,
            expires: exp.map(|d| d.parse().unwrap()),
            government: gov,
        };
        SiteData {
            start_url: "http://s/".into(),
            as_of: "2026-11-28".parse().unwrap(),
            links,
            pages: titles
                .iter()
                .map(|(u, t)| PageRecord {
                    url: (*u).into(),
                    title: t.to_string(),
                    external: true,
                    ..PageRecord::default()
                })
                .collect(),
            register: Register::new(vec![
                approve("www.zj.gov.cn", None, false),
                approve("*.example.com", None, false),
                approve("old.example.org", Some("2026-01-01"), false),
                approve("127.0.0.4", None, true),
            ]),
            blocklist: vec!["evil.example.net".into()],
            ..SiteData::default()
        }
    }

    fn kinds(f: &[Finding]) -> Vec<(Kind, Option<&str>, &str)> {
        f.iter().map(|f| (f.kind, f.subtype.as_deref(), f.url.as_str())).collect()
    }

    #[test]
    fn approvals_wildcards_and_expiry() {
        let s = site(
            vec![
                link("http://s/", "http://www.zj.gov.cn/a.html", "浙江省政府", "a"),
                link("http://s/", "http://news.example.com/x", "新闻", "a"),
                link("http://s/", "http://old.example.org/", "旧报", "a"),
                link("http://s/", "http://cdn.other.net/a.js", "", "script"),
            ],
            &[],
        );
        let f: Vec<_> = check(&s).into_iter().filter(|f| f.kind == Kind::UnapprovedExternalLink).collect();
        assert_eq!(
            kinds(&f),
            vec![
                (Kind::UnapprovedExternalLink, None, "http://old.example.org/"),
                (Kind::UnapprovedExternalLink, None, "http://cdn.other.net/a.js"),
            ]
        );
        assert!(f[0].message.contains("过期"));
        assert!(f[1].message.contains("脚本"));
    }

    #[test]
    fn dangerous_by_title_anchor_host_and_blocklist_but_not_by_news_words() {
        let s = site(
            vec![
                link("http://s/", "http://127.0.0.5:1/", "友情链接", "a"),
                link("http://s/", "http://x.example.com/", "澳门葡京线上", "a"),
                link("http://s/", "http://my-casino.example.com/", "游戏", "a"),
                link("http://s/", "http://evil.example.net/p", "资料", "a"),
                // near misses: news about crackdowns, words inside longer host tokens, government targets
                link("http://s/", "http://news.example.com/1", "我市开展打击赌博专项行动", "a"),
                link("http://s/", "http://alphabet.example.com/", "字母", "a"),
                link("http://s/", "http://www.zj.gov.cn/g", "严厉打击跨境赌博和博彩犯罪", "a"),
            ],
            &[
                ("http://127.0.0.5:1/", "澳门皇冠娱乐城-在线博彩-真人荷官"),
                ("http://news.example.com/1", "打击赌博 守护平安"),
            ],
        );
        let f: Vec<_> = check(&s).into_iter().filter(|f| f.kind == Kind::DangerousLink).collect();
        assert_eq!(
            kinds(&f),
            vec![
                (Kind::DangerousLink, Some("gambling"), "http://127.0.0.5:1/"),
                (Kind::DangerousLink, Some("gambling"), "http://x.example.com/"),
                (Kind::DangerousLink, Some("gambling"), "http://my-casino.example.com/"),
                (Kind::DangerousLink, Some("blocklist"), "http://evil.example.net/p"),
            ]
        );
        assert!(f.iter().all(|f| f.severity == Severity::Veto));
    }

    #[test]
    fn exit_notice_once_per_page_and_not_for_government_or_warned_links() {
        let mut warned = link("http://s/b", "http://shop.example.com/", "商城", "a");
        warned.exit_notice = true;
        let s = site(
            vec![
                link("http://s/", "http://shop.example.com/", "商城", "a"),
                link("http://s/", "http://shop.example.com/2", "商城2", "a"),
                link("http://s/", "http://127.0.0.4:9/", "省政府", "a"),
                link("http://s/a", "http://www.zj.gov.cn/", "浙江", "a"),
                link("http://s/a", "http://img.example.com/x.png", "", "resource"),
                warned,
            ],
            &[],
        );
        let f: Vec<_> = check(&s).into_iter().filter(|f| f.kind == Kind::MissingExitNotice).collect();
        assert_eq!(kinds(&f), vec![(Kind::MissingExitNotice, None, "http://s/")]);
        assert!(f[0].message.contains('2'));
    }
}
