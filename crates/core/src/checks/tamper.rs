//! `page_changed`: a page compared with its approved baseline ([`crate::fingerprint`]). The
//! first inspection of a site sets every page's baseline (a page first seen later gets its
//! baseline then); `xunjian baseline accept` moves it. Changes are classified so ordinary
//! publishing is not reported:
//! - `links` (high): links or frames to new hosts, new external script sources, or new hidden
//!   links — the marks of injected spam and 挂马. Hosts that are government or approved in
//!   the register are reviewed links and do not count.
//! - `content` (medium): an article whose main text changed while its publish date did not
//!   (a quiet edit of published content, or tampering).
//! - `structure` (high): the page's element structure is mostly replaced (defacement).
//! - New entries in a list, a republished article (new publish date): no finding.

use super::SiteData;
use crate::approval::{Coverage, Register};
use crate::finding::{Finding, Kind, Severity};
use crate::fingerprint::{Fingerprint, distance, structure_similarity};
use chrono::NaiveDate;
use std::collections::HashMap;
use url::Url;

/// SimHash bits that must differ before a text change counts (small edits of a counter or a
/// typo do not).
pub const CONTENT_BITS: u32 = 3;
/// Structure similarity below which a page counts as replaced.
pub const STRUCTURE_MIN: f64 = 0.5;

/// Runs the check.
pub fn check(site: &SiteData) -> Vec<Finding> {
    let base: HashMap<&str, &Fingerprint> = site.security.baselines.iter().map(|(u, f)| (u.as_str(), f)).collect();
    let mut out = Vec::new();
    for (url, now) in &site.security.current {
        if let Some(b) = base.get(url.as_str()) {
            out.extend(compare(url, b, now, &site.register, site.as_of));
        }
    }
    out
}

/// The findings for one page: its baseline `b` against its state `now`.
pub fn compare(url: &str, b: &Fingerprint, now: &Fingerprint, register: &Register, as_of: NaiveDate) -> Vec<Finding> {
    let mut out = Vec::new();
    let unreviewed = |t: &str| {
        Url::parse(t).is_ok_and(|u| {
            !register.is_government(&u) && !matches!(register.coverage(&u, as_of), Coverage::Approved(_))
        })
    };
    let hosts: Vec<&String> = now.link_hosts.difference(&b.link_hosts).filter(|h| unreviewed(h)).collect();
    let scripts: Vec<&String> = now.scripts.difference(&b.scripts).filter(|s| unreviewed(s)).collect();
    let hidden: Vec<&String> = now.hidden.difference(&b.hidden).collect();
    if !hosts.is_empty() || !scripts.is_empty() || !hidden.is_empty() {
        let mut parts = Vec::new();
        let list = |v: &[&String]| v.iter().take(3).map(|s| s.as_str()).collect::<Vec<_>>().join(" ");
        if !scripts.is_empty() {
            parts.push(format!("新增外部脚本 {}", list(&scripts)));
        }
        if !hidden.is_empty() {
            parts.push(format!("新增暗链 {} 个: {}", hidden.len(), list(&hidden)));
        }
        if !hosts.is_empty() {
            parts.push(format!("新增外链主机 {}", list(&hosts)));
        }
        out.push(
            Finding::new(
                Kind::PageChanged,
                Severity::High,
                url,
                "页面与基线相比新增了外部脚本、外链主机或暗链，疑似被篡改 / new external hosts, scripts or hidden links since the baseline",
            )
            .subtype("links")
            .evidence(parts.join("；")),
        );
    }
    let bits = distance(b.simhash, now.simhash);
    if b.kind == "article"
        && now.kind == "article"
        && b.publish_date.is_some()
        && b.publish_date == now.publish_date
        && b.body_hash != now.body_hash
        && bits >= CONTENT_BITS
    {
        let similar = 100 - bits * 100 / 64;
        out.push(
            Finding::new(
                Kind::PageChanged,
                Severity::Medium,
                url,
                "文章正文已改变而发布日期未变 / the article text changed but its publish date did not",
            )
            .subtype("content")
            .evidence(format!(
                "发布日期 {} 未变，正文与基线相似度约 {similar}%（SimHash 相差 {bits} 位）",
                now.publish_date.as_deref().unwrap_or("")
            )),
        );
    }
    let similarity = structure_similarity(&b.structure, &now.structure);
    if b.structure.len() >= 10 && similarity < STRUCTURE_MIN {
        out.push(
            Finding::new(
                Kind::PageChanged,
                Severity::High,
                url,
                "页面结构与基线相比大幅改变，疑似被篡改 / the page structure was replaced",
            )
            .subtype("structure")
            .evidence(format!(
                "元素结构相似度 {:.0}%（基线 {} 种元素路径，现在 {} 种）",
                similarity * 100.0,
                b.structure.len(),
                now.structure.len()
            )),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::html::Document;
    use crate::urlnorm::Scope;

    fn fp(kind: &str, date: &str, html: &str, hidden: &[&str]) -> Fingerprint {
        let home = Url::parse("http://www.bj.gov.cn/").unwrap();
        let d = Document::parse(html, &home);
        crate::fingerprint::compute(
            &d,
            &d.links(),
            &d.text(),
            kind,
            Some(date.to_string()),
            hidden.iter().map(|s| s.to_string()),
            &Scope::new(&home, &[]),
        )
    }

    fn subs(b: &Fingerprint, n: &Fingerprint) -> Vec<String> {
        compare("http://www.bj.gov.cn/x", b, n, &Register::default(), "2026-11-28".parse().unwrap())
            .into_iter()
            .map(|f| f.subtype.unwrap_or_default().to_string())
            .collect()
    }

    const BODY: &str = "<div class=nav><a href=/>首页</a><a href=/ywdt/>要闻</a></div><div class=content>\
        <p>近日，省发展改革委公布第三批省级未来社区创建名单，我市3个项目成功入选。</p>\
        <p>此次入选的项目涵盖城市更新和新建两种类型，总投资约45亿元，将惠及居民2万余户。</p>\
        <p>下一步，我市将按照“一统三化九场景”要求，高标准推进项目建设，力争三年内全面建成。</p></div>";

    #[test]
    fn a_quietly_edited_article_is_content() {
        let b = fp("article", "2026-11-26", BODY, &[]);
        let edited = BODY.replace(
            "下一步，我市将按照“一统三化九场景”要求，高标准推进项目建设，力争三年内全面建成。",
            "据悉，上述项目已全部完成建设并交付使用，居民满意度达到百分之百，成为全省标杆。",
        );
        assert_eq!(subs(&b, &fp("article", "2026-11-26", &edited, &[])), vec!["content"]);
        assert!(subs(&b, &fp("article", "2026-11-27", &edited, &[])).is_empty(), "republished");
        assert!(subs(&b, &fp("article", "2026-11-26", BODY, &[])).is_empty());
    }

    #[test]
    fn new_hosts_scripts_and_hidden_links_are_links() {
        let b = fp("home", "", BODY, &[]);
        let tampered = format!(
            "{BODY}<script src='http://127.0.0.6:9/cnzz.js'></script><div style=display:none><a href='http://127.0.0.5:9/f/1.html'>彩票</a></div>"
        );
        assert_eq!(subs(&b, &fp("home", "", &tampered, &["http://127.0.0.5:9/f/1.html"])), vec!["links"]);
        let approved = format!("{BODY}<a href='http://www.zj.gov.cn/'>浙江</a>");
        assert!(subs(&b, &fp("home", "", &approved, &[])).is_empty(), "government links are reviewed");
    }

    #[test]
    fn new_list_entries_are_publishing_and_defacement_is_structure() {
        let list = |n: usize| {
            let items: String = (0..n)
                .map(|i| format!("<li><a href=/a/{i}.html>第{i}条信息</a><span>2026-11-{:02}</span></li>", i + 1))
                .collect();
            format!(
                "<div class=nav><a href=/>首页</a></div><div class=main><h2>要闻</h2><ul class=list>{items}</ul><div class=page>共1页</div></div><div class=footer><p>主办</p></div>"
            )
        };
        let b = fp("list", "", &list(5), &[]);
        assert!(subs(&b, &fp("list", "", &list(6), &[])).is_empty());
        let hacked = "<body bgcolor=black><center><h1>Hacked</h1><marquee><font color=red>owned</font></marquee><img src=x.gif><table><tr><td><b>x</b></td></tr></table></center></body>";
        assert_eq!(subs(&b, &fp("list", "", hacked, &[])), vec!["structure"]);
    }
}
