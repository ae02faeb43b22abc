//! `cloaking` (搜索引擎欺骗): a page served to a search-engine crawler (Baiduspider,
//! Googlebot) or to a visitor arriving from a search engine differs materially from the page
//! a browser gets. Material means: links to other hosts the browser version does not have
//! (and that are neither government nor approved), gambling or pornography words the browser
//! version does not have, or a redirect to another host. Ordinary differences (a counter, a
//! timestamp, a different internal link) are not material. One finding per page, with both
//! versions as evidence.

use super::SiteData;
use super::security::{CloakFacts, Variant};
use crate::approval::{Coverage, Register};
use crate::finding::{Finding, Kind, Severity, cap_chars};
use crate::html::{Document, LinkTag};
use crate::urlnorm::Scope;
use chrono::NaiveDate;
use std::collections::BTreeSet;
use url::Url;

/// The guises a page is fetched in: (label, User-Agent, Referer). The first is the browser.
pub const GUISES: &[(&str, &str, Option<&str>)] = &[
    (
        "browser",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36",
        None,
    ),
    ("baiduspider", "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)", None),
    ("googlebot", "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", None),
    (
        "baidu_referer",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36",
        Some("https://www.baidu.com/s?wd="),
    ),
];

/// What a guise got, read from the page it was served (`html` empty when there was none).
pub fn variant(label: &str, status: u16, error: Option<String>, final_url: &Url, html: &str, scope: &Scope) -> Variant {
    let doc = Document::parse(html, final_url);
    let title = doc.title();
    let text = doc.text();
    let mut external = BTreeSet::new();
    for l in doc.links() {
        if !matches!(l.tag, LinkTag::Anchor | LinkTag::Frame | LinkTag::Refresh | LinkTag::Script) {
            continue;
        }
        if let Ok(t) = &l.target
            && matches!(t.scheme(), "http" | "https")
            && !scope.is_internal(t)
        {
            external.insert(t.to_string());
        }
    }
    for (t, _, _) in super::hidden::written_links(&doc) {
        if matches!(t.scheme(), "http" | "https") && !scope.is_internal(&t) {
            external.insert(t.to_string());
        }
    }
    let all = format!("{title}\n{text}").to_lowercase();
    let words = super::links::GAMBLING
        .iter()
        .chain(super::links::PORN.iter())
        .filter(|w| all.contains(*w))
        .map(|w| w.to_string())
        .collect();
    Variant {
        label: label.to_string(),
        status,
        error,
        final_url: final_url.to_string(),
        title: cap_chars(&title, 80),
        external,
        words,
        text_len: text.chars().count(),
    }
}

/// Runs the check.
pub fn check(site: &SiteData) -> Vec<Finding> {
    site.security.cloaking.iter().filter_map(|c| judge(c, &site.register, site.as_of)).collect()
}

/// The finding for one page, when a guise got something materially different.
pub fn judge(c: &CloakFacts, register: &Register, as_of: NaiveDate) -> Option<Finding> {
    let browser = c.variants.first().filter(|b| b.label == "browser" && b.error.is_none() && b.status > 0)?;
    let browser_host = host(&browser.final_url);
    let mut diffs = Vec::new();
    for v in c.variants.iter().skip(1) {
        let mut what = Vec::new();
        let to = host(&v.final_url);
        if to != browser_host && !to.is_empty() {
            what.push(format!("被重定向到 {}", cap_chars(&v.final_url, 60)));
        }
        if v.error.is_some() || v.status == 0 {
            if !what.is_empty() {
                diffs.push(format!("{}版：{}", v.label, what.join("，")));
            }
            continue;
        }
        let new_links: Vec<&String> = v
            .external
            .iter()
            .filter(|t| !browser.external.contains(*t))
            .filter(|t| {
                Url::parse(t).is_ok_and(|u| {
                    !register.is_government(&u) && !matches!(register.coverage(&u, as_of), Coverage::Approved(_))
                })
            })
            .collect();
        if !new_links.is_empty() {
            let shown: Vec<&str> = new_links.iter().take(2).map(|s| s.as_str()).collect();
            what.push(format!("多出{}个外部链接 {}", new_links.len(), shown.join(" ")));
        }
        let new_words: Vec<&String> = v.words.iter().filter(|w| !browser.words.contains(*w)).collect();
        if !new_words.is_empty() {
            let shown: Vec<&str> = new_words.iter().take(4).map(|s| s.as_str()).collect();
            what.push(format!("含“{}”", shown.join("、")));
        }
        if !what.is_empty() {
            diffs.push(format!("{}版：{}", v.label, what.join("，")));
        }
    }
    if diffs.is_empty() {
        return None;
    }
    let evidence = format!(
        "{}；浏览器版：标题“{}”，{}个外部链接{}",
        diffs.join("；"),
        cap_chars(&browser.title, 30),
        browser.external.len(),
        if browser.words.is_empty() {
            String::new()
        } else {
            format!("，含“{}”", browser.words.iter().take(2).cloned().collect::<Vec<_>>().join("、"))
        }
    );
    Some(
        Finding::new(
            Kind::Cloaking,
            Severity::High,
            &c.url,
            "对搜索引擎与普通访客展示不同内容（搜索引擎欺骗）/ search engines are served a different page",
        )
        .evidence(evidence),
    )
}

fn host(u: &str) -> String {
    Url::parse(u).ok().map(|u| crate::urlnorm::host_key(&u)).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(label: &str, url: &str, html: &str) -> Variant {
        let home = Url::parse("http://www.bj.gov.cn/").unwrap();
        variant(label, 200, None, &Url::parse(url).unwrap(), html, &Scope::new(&home, &[]))
    }

    const PAGE: &str =
        "<title>我市入选全国首批城市更新示范城市</title><p>正文</p><a href='http://www.zj.gov.cn/'>省政府</a>";

    fn judge_all(variants: Vec<Variant>) -> Option<Finding> {
        let c = CloakFacts { url: "http://www.bj.gov.cn/a.html".into(), variants };
        judge(&c, &Register::default(), "2026-11-28".parse().unwrap())
    }

    #[test]
    fn crawler_only_gambling_links_are_cloaking() {
        let cloaked = format!("{PAGE}<div>热门推荐：<a href='http://127.0.0.5:9/e/1.html'>澳门皇冠娱乐城</a></div>");
        let f = judge_all(vec![
            v("browser", "http://www.bj.gov.cn/a.html", PAGE),
            v("baiduspider", "http://www.bj.gov.cn/a.html", &cloaked),
            v("googlebot", "http://www.bj.gov.cn/a.html", &cloaked),
            v("baidu_referer", "http://www.bj.gov.cn/a.html", PAGE),
        ])
        .expect("cloaking");
        assert!(f.evidence.contains("baiduspider版") && f.evidence.contains("娱乐城"), "{}", f.evidence);
        assert!(f.evidence.contains("浏览器版"), "{}", f.evidence);
    }

    #[test]
    fn redirects_for_search_visitors_are_cloaking() {
        let f = judge_all(vec![
            v("browser", "http://www.bj.gov.cn/a.html", PAGE),
            v("baidu_referer", "http://127.0.0.5:9/", "<title>x</title>"),
        ]);
        assert!(f.is_some_and(|f| f.evidence.contains("重定向")));
    }

    #[test]
    fn ordinary_differences_are_not() {
        let other =
            format!("{PAGE}<p>浏览次数：1234</p><a href='/other.html'>相关</a><a href='http://www.gov.cn/'>国务院</a>");
        assert!(
            judge_all(vec![
                v("browser", "http://www.bj.gov.cn/a.html", PAGE),
                v("baiduspider", "http://www.bj.gov.cn/a.html", &other),
            ])
            .is_none()
        );
    }
}
