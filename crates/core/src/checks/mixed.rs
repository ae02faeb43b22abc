//! `mixed_content`: an `http://` resource embedded in an `https://` page (images, media,
//! stylesheets, scripts, frames; links a visitor clicks are not embedded and do not count).
//! Scripts, stylesheets and frames are active content that browsers block (medium); images
//! and media are passive and only lose the padlock (low). One finding per resource URL and
//! page.

use super::page::{Page, PageContext};
use crate::finding::{Finding, Kind, Severity};
use crate::html::LinkTag;
use std::collections::BTreeSet;

/// Runs the check on one page.
pub fn check(page: &Page<'_>, _ctx: &PageContext) -> Vec<Finding> {
    let doc = page.doc;
    if doc.url.scheme() != "https" {
        return Vec::new();
    }
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for l in doc.links() {
        if !matches!(l.tag, LinkTag::Resource | LinkTag::Script | LinkTag::Frame) {
            continue;
        }
        let Ok(target) = &l.target else { continue };
        if target.scheme() != "http" || !seen.insert(target.to_string()) {
            continue;
        }
        let active = matches!(l.tag, LinkTag::Script | LinkTag::Frame) || l.snippet.starts_with("<link");
        let (severity, what) = if active {
            (Severity::Medium, "主动内容（脚本、样式或框架，浏览器会拦截）/ active")
        } else {
            (Severity::Low, "被动内容（图片或媒体）/ passive")
        };
        out.push(
            Finding::new(
                Kind::MixedContent,
                severity,
                target.as_str(),
                format!("HTTPS 页面引用 HTTP 资源：{what} mixed content"),
            )
            .source(doc.url.as_str())
            .evidence(&l.snippet),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::hidden::test_ctx;
    use crate::html::Document;
    use url::Url;

    fn run(url: &str, html: &str) -> Vec<(String, Severity)> {
        let d = Document::parse(html, &Url::parse(url).unwrap());
        let info = crate::pageinfo::analyze(&d, false);
        let page = Page { doc: &d, text: "", info: &info, is_home: false };
        check(&page, &test_ctx()).into_iter().map(|f| (f.url.to_string(), f.severity)).collect()
    }

    #[test]
    fn http_resources_on_https_pages() {
        let html = r#"<link rel="stylesheet" href="http://cdn.example.com/a.css"><script src="http://cdn.example.com/a.js"></script>
            <img src="http://www.zj.gov.cn/banner.gif"><img src="http://www.zj.gov.cn/banner.gif"><img src="/local.png">
            <img src="https://secure.example.com/x.png"><a href="http://www.gov.cn/">中国政府网</a><iframe src="http://v.example.com/"></iframe>"#;
        assert_eq!(
            run("https://www.bj.gov.cn/", html),
            vec![
                ("http://cdn.example.com/a.css".into(), Severity::Medium),
                ("http://cdn.example.com/a.js".into(), Severity::Medium),
                ("http://www.zj.gov.cn/banner.gif".into(), Severity::Low),
                ("http://v.example.com/".into(), Severity::Medium),
            ]
        );
        assert!(run("http://www.bj.gov.cn/", html).is_empty(), "an http page has no mixed content");
    }
}
