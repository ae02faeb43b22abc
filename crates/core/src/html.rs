//! One parse of an HTML page (html5ever through `scraper`, so malformed markup is repaired the
//! way browsers repair it) and the facts every later step needs: the title, the effective
//! base URL, the meta refresh target, and every link or embedded resource with its tag,
//! anchor text and position in the page.

use crate::urlnorm::{self, UrlProblem};
use scraper::{ElementRef, Html, Node};
use std::sync::OnceLock;
use url::Url;

/// Where a link was found: the element and attribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkTag {
    /// `<a href>` / `<area href>`: navigation a visitor clicks.
    Anchor,
    /// `<img src>`, `<source src>`, `<embed src>`, `<link href>`, inline `url()`: embedded resources.
    Resource,
    /// `<script src>`.
    Script,
    /// `<iframe src>` / `<frame src>`.
    Frame,
    /// `<meta http-equiv=refresh content="0;url=…">`.
    Refresh,
}

impl LinkTag {
    /// Short name stored with each link.
    pub fn as_str(self) -> &'static str {
        match self {
            LinkTag::Anchor => "a",
            LinkTag::Resource => "resource",
            LinkTag::Script => "script",
            LinkTag::Frame => "frame",
            LinkTag::Refresh => "refresh",
        }
    }

    /// Whether a crawler should follow it as a page (rather than fetch it as a resource).
    pub fn is_navigational(self) -> bool {
        matches!(self, LinkTag::Anchor | LinkTag::Frame | LinkTag::Refresh)
    }
}

/// One link or embedded resource of a page.
#[derive(Debug, Clone)]
pub struct Link {
    /// The attribute value as written.
    pub href: String,
    /// The resolved, normalised target, or why it could not be resolved.
    pub target: Result<Url, UrlProblem>,
    /// The kind of element it came from.
    pub tag: LinkTag,
    /// The visible anchor text (or `alt`/`title`), whitespace-collapsed and capped.
    pub text: String,
    /// 1-based position among the page's links, in document order.
    pub position: usize,
    /// A short HTML-like rendering for evidence: `<a href="…">text</a>`.
    pub snippet: String,
    /// The `#fragment` of the href, if any (the target is normalised without it).
    pub fragment: Option<String>,
    /// Whether the element itself warns before leaving (an `onclick` with `confirm(` or 离开).
    pub exit_notice: bool,
}

/// A parsed HTML page.
pub struct Document {
    html: Html,
    /// The URL the page was fetched from (after redirects).
    pub url: Url,
    /// The base for relative links (`<base href>` if present and valid).
    pub base: Url,
}

/// Anchor text is evidence, not content: cap it.
const TEXT_CAP: usize = 120;

fn sel(s: &'static str, cell: &'static OnceLock<scraper::Selector>) -> &'static scraper::Selector {
    cell.get_or_init(|| scraper::Selector::parse(s).expect("static selector is valid"))
}

impl Document {
    /// Parses `text` fetched from `url`.
    pub fn parse(text: &str, url: &Url) -> Document {
        let html = Html::parse_document(text);
        static BASE: OnceLock<scraper::Selector> = OnceLock::new();
        let base = html
            .select(sel("base[href]", &BASE))
            .next()
            .and_then(|b| b.value().attr("href"))
            .and_then(|h| url.join(h.trim()).ok())
            .filter(|b| matches!(b.scheme(), "http" | "https" | "file"))
            .unwrap_or_else(|| url.clone());
        Document { html, url: url.clone(), base }
    }

    /// The underlying DOM, for analyses that need more than this module offers.
    pub fn dom(&self) -> &Html {
        &self.html
    }

    /// The `<title>` text, whitespace-collapsed; empty when absent.
    pub fn title(&self) -> String {
        static T: OnceLock<scraper::Selector> = OnceLock::new();
        self.html.select(sel("title", &T)).next().map(|t| collapse(&t.text().collect::<String>())).unwrap_or_default()
    }

    /// Every link and embedded resource, in document order.
    pub fn links(&self) -> Vec<Link> {
        let mut out = Vec::new();
        for node in self.html.tree.nodes() {
            let Some(el) = ElementRef::wrap(node) else {
                continue;
            };
            let e = el.value();
            let (attr, tag) = match e.name() {
                "a" | "area" => ("href", LinkTag::Anchor),
                "link" => ("href", LinkTag::Resource),
                "img" | "source" | "embed" | "input" | "audio" | "video" | "track" => ("src", LinkTag::Resource),
                "script" => ("src", LinkTag::Script),
                "iframe" | "frame" => ("src", LinkTag::Frame),
                "meta" => {
                    if e.attr("http-equiv").is_some_and(|v| v.eq_ignore_ascii_case("refresh"))
                        && let Some(target) = e.attr("content").and_then(refresh_target)
                    {
                        self.push(&mut out, target, LinkTag::Refresh, String::new(), "meta");
                    }
                    continue;
                }
                "style" => {
                    let css: String = el.text().collect();
                    for u in css_urls(&css) {
                        self.push(&mut out, u, LinkTag::Resource, String::new(), "style");
                    }
                    continue;
                }
                _ => ("", LinkTag::Resource),
            };
            if let Some(style) = e.attr("style") {
                for u in css_urls(style) {
                    self.push(&mut out, u, LinkTag::Resource, String::new(), e.name());
                }
            }
            if attr.is_empty() {
                continue;
            }
            if e.name() == "link" && !link_rel_fetchable(e.attr("rel")) {
                continue;
            }
            let Some(href) = e.attr(attr) else { continue };
            let text = match tag {
                LinkTag::Anchor => {
                    let mut raw = String::new();
                    text_into(el, &mut raw);
                    let t = collapse(&raw);
                    if t.is_empty() {
                        el.select(sel_img())
                            .next()
                            .and_then(|i| i.value().attr("alt"))
                            .map(collapse)
                            .unwrap_or_else(|| e.attr("title").map(collapse).unwrap_or_default())
                    } else {
                        t
                    }
                }
                _ => e.attr("alt").or_else(|| e.attr("title")).map(collapse).unwrap_or_default(),
            };
            let notice = e.attr("onclick").is_some_and(|o| o.contains("confirm(") || o.contains("离开"));
            self.push(&mut out, href.to_string(), tag, text, e.name());
            if notice && let Some(last) = out.last_mut() {
                last.exit_notice = true;
            }
        }
        out
    }

    /// Every `id` and `<a name>` of the page: the targets a `#fragment` link can reach.
    pub fn anchors(&self) -> Vec<String> {
        let mut ids: Vec<String> = self
            .html
            .tree
            .nodes()
            .filter_map(ElementRef::wrap)
            .flat_map(|el| {
                let e = el.value();
                let name = if e.name() == "a" { e.attr("name") } else { None };
                e.attr("id").into_iter().chain(name).map(str::to_string).collect::<Vec<_>>()
            })
            .collect();
        ids.sort();
        ids.dedup();
        ids
    }

    fn push(&self, out: &mut Vec<Link>, href: String, tag: LinkTag, text: String, element: &str) {
        let text = crate::finding::cap_chars(&text, TEXT_CAP);
        let attr = if matches!(tag, LinkTag::Anchor) || element == "link" { "href" } else { "src" };
        let snippet = match element {
            "meta" => {
                format!("<meta http-equiv=\"refresh\" content=\"…url={}\">", crate::finding::cap_chars(&href, 150))
            }
            "style" => format!("url({})", crate::finding::cap_chars(&href, 150)),
            _ if matches!(tag, LinkTag::Anchor) => {
                format!("<{element} {attr}=\"{}\">{text}</{element}>", crate::finding::cap_chars(&href, 150))
            }
            _ => format!("<{element} {attr}=\"{}\">", crate::finding::cap_chars(&href, 150)),
        };
        let target = urlnorm::resolve(&self.base, &href);
        let fragment = href.split_once('#').map(|(_, f)| f.to_string()).filter(|f| !f.is_empty());
        out.push(Link { href, target, tag, text, position: out.len() + 1, snippet, fragment, exit_notice: false });
    }

    /// The visible text of the body (scripts, styles and comments left out), with a line
    /// break at every block boundary, whitespace collapsed within lines.
    pub fn text(&self) -> String {
        let mut out = String::new();
        let root = self.html.root_element();
        text_into(root, &mut out);
        let mut lines = String::with_capacity(out.len());
        for line in out.lines() {
            let before = lines.len();
            collapse_into(line, &mut lines);
            if lines.len() > before {
                lines.push('\n');
            }
        }
        lines
    }
}

fn sel_img() -> &'static scraper::Selector {
    static IMG: OnceLock<scraper::Selector> = OnceLock::new();
    sel("img[alt]", &IMG)
}

/// Elements whose content a visitor never reads as text.
pub const NON_TEXT: &[&str] = &["script", "style", "noscript", "template", "head", "title", "iframe", "object", "svg"];

/// Block elements: a boundary in the text flow.
pub const BLOCKS: &[&str] = &[
    "p",
    "div",
    "li",
    "tr",
    "td",
    "th",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "table",
    "section",
    "article",
    "header",
    "footer",
    "nav",
    "dd",
    "dt",
    "dl",
    "form",
    "hr",
    "blockquote",
    "pre",
    "aside",
    "main",
];

fn text_into(el: ElementRef<'_>, out: &mut String) {
    for child in el.children() {
        match child.value() {
            Node::Text(t) => out.push_str(t),
            Node::Element(e) => {
                let name = e.name();
                if NON_TEXT.contains(&name) {
                    continue;
                }
                let block = BLOCKS.contains(&name);
                if block {
                    out.push('\n');
                }
                if let Some(c) = ElementRef::wrap(child) {
                    text_into(c, out);
                }
                if block {
                    out.push('\n');
                } else if matches!(name, "span" | "a" | "font" | "em" | "strong" | "b" | "i") {
                    // inline: no boundary
                } else {
                    out.push(' ');
                }
            }
            _ => {}
        }
    }
}

/// `<link rel=…>` values whose href a browser fetches or a visitor follows.
fn link_rel_fetchable(rel: Option<&str>) -> bool {
    let Some(rel) = rel else { return false };
    rel.split_ascii_whitespace().any(|r| {
        matches!(
            r.to_ascii_lowercase().as_str(),
            "stylesheet" | "icon" | "shortcut" | "apple-touch-icon" | "alternate" | "prev" | "next"
        )
    })
}

/// The URL of `content="5; url=/new/"`.
fn refresh_target(content: &str) -> Option<String> {
    let lower = content.to_ascii_lowercase();
    let i = lower.find("url")?;
    let rest = content[i + 3..].trim_start();
    let rest = rest.strip_prefix('=')?.trim();
    let rest = rest.trim_matches(|c| c == '\'' || c == '"');
    (!rest.is_empty()).then(|| rest.to_string())
}

/// The `url(…)` references of a CSS text.
fn css_urls(css: &str) -> Vec<String> {
    let mut out = Vec::new();
    let lower = css.to_ascii_lowercase();
    let mut pos = 0;
    while let Some(i) = lower[pos..].find("url(") {
        let start = pos + i + 4;
        let Some(end) = css[start..].find(')') else {
            break;
        };
        let u = css[start..start + end].trim().trim_matches(|c| c == '\'' || c == '"').trim();
        if !u.is_empty() && !u.starts_with("data:") {
            out.push(u.to_string());
        }
        pos = start + end;
    }
    out
}

/// Collapses runs of whitespace (including full-width spaces and NBSP) to one space.
pub fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    collapse_into(s, &mut out);
    out
}

/// Appends `s` to `out` with its whitespace collapsed as [`collapse`] does (no leading or
/// trailing space), copying each run of other characters at once.
fn collapse_into(s: &str, out: &mut String) {
    let (mut run, mut space, mut wrote) = (None, false, false);
    for (i, c) in s.char_indices() {
        if c.is_whitespace() || c == '\u{3000}' || c == '\u{a0}' {
            if let Some(start) = run.take() {
                out.push_str(&s[start..i]);
            }
            space = true;
        } else if run.is_none() {
            if space && wrote {
                out.push(' ');
            }
            (run, space, wrote) = (Some(i), false, true);
        }
    }
    if let Some(start) = run {
        out.push_str(&s[start..]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapse_keeps_its_meaning_when_copying_runs() {
        // The character-by-character definition the run-copying version must match.
        fn reference(s: &str) -> String {
            let mut out = String::new();
            let mut space = false;
            for c in s.chars() {
                if c.is_whitespace() || c == '\u{3000}' || c == '\u{a0}' {
                    space = true;
                } else {
                    if space && !out.is_empty() {
                        out.push(' ');
                    }
                    space = false;
                    out.push(c);
                }
            }
            out
        }
        let alphabet = ['a', ' ', '\n', '\t', '\u{3000}', '\u{a0}', '\u{2003}', '甲', '乙', '😀', 'é'];
        let mut cases: Vec<String> =
            ["", " ", "   a  b ", "\u{3000}通知\u{a0}\u{a0}公告\n", "x"].map(String::from).to_vec();
        let mut seed = 7u64;
        for _ in 0..2000 {
            let len = (seed % 12) as usize;
            let mut s = String::new();
            for _ in 0..len {
                seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                s.push(alphabet[(seed >> 33) as usize % alphabet.len()]);
            }
            cases.push(s);
        }
        for s in &cases {
            assert_eq!(collapse(s), reference(s), "{s:?}");
        }
        let doc =
            Document::parse("<p> 甲\u{3000}乙 </p><p>\u{a0}</p><div>  丙  丁</div>", &Url::parse("http://x/").unwrap());
        assert_eq!(doc.text(), "甲 乙\n丙 丁\n");
    }

    fn doc(html: &str) -> Document {
        Document::parse(html, &Url::parse("http://www.bj.gov.cn/xwzx/index.html").unwrap())
    }

    #[test]
    fn finds_every_kind_of_link_in_order() {
        let d = doc(r#"<html><head><title> 新闻 中心 </title>
            <link rel="stylesheet" href="/css/a.css"><link rel="preconnect" href="//cdn.x">
            <meta http-equiv="Refresh" content="5; URL='/new/'">
            <script src="/js/a.js"></script><style>.b{background:url("/img/bg.png")}</style></head>
            <body><a href="t1.html">关于 <b>冬季</b>安全的通知</a><img src="logo.png" alt="标志">
            <a href="x.pdf"><img src="pdf.gif" alt="附件"></a><iframe src="/frame.html"></iframe>
            <div style="background-image:url(/img/d.jpg)"></div><a href="mailto:a@b.cn">信</a>
            <a href="http://[::1">坏</a><area href="/map.html"></body></html>"#);
        assert_eq!(d.title(), "新闻 中心");
        let links = d.links();
        let shown: Vec<(String, &str)> = links
            .iter()
            .map(|l| (l.target.as_ref().map(|u| u.path().to_string()).unwrap_or_else(|_| "ERR".into()), l.tag.as_str()))
            .collect();
        assert_eq!(
            shown,
            vec![
                ("/css/a.css".into(), "resource"),
                ("/new/".into(), "refresh"),
                ("/js/a.js".into(), "script"),
                ("/img/bg.png".into(), "resource"),
                ("/xwzx/t1.html".into(), "a"),
                ("/xwzx/logo.png".into(), "resource"),
                ("/xwzx/x.pdf".into(), "a"),
                ("/xwzx/pdf.gif".into(), "resource"),
                ("/frame.html".into(), "frame"),
                ("/img/d.jpg".into(), "resource"),
                ("ERR".into(), "a"),
                ("ERR".into(), "a"),
                ("/map.html".into(), "a"),
            ]
        );
        assert_eq!(links[4].text, "关于 冬季安全的通知");
        assert_eq!(links[4].snippet, "<a href=\"t1.html\">关于 冬季安全的通知</a>");
        assert_eq!(links[6].text, "附件");
        assert_eq!(links[4].position, 5);
        assert!(matches!(links[11].target, Err(UrlProblem::Invalid(_))));
    }

    #[test]
    fn base_href_is_honoured() {
        let d = doc(r#"<base href="http://www.bj.gov.cn/zwgk/"><a href="a.html">a</a>"#);
        assert_eq!(d.links()[0].target.as_ref().unwrap().as_str(), "http://www.bj.gov.cn/zwgk/a.html");
    }

    #[test]
    fn malformed_html_still_yields_links_and_text() {
        let d = doc("<table><tr><td><a href=a.html>一<td><a href='b.html'>二</table></div></span><p>三<p>四");
        assert_eq!(d.links().len(), 2);
        assert_eq!(d.text(), "一\n二\n三\n四\n");
    }

    #[test]
    fn text_skips_scripts_and_breaks_blocks() {
        let d = doc(
            "<body><div>发布时间：2026-11-20</div><script>var x='不显示';</script><p>正文<span>内容</span></p></body>",
        );
        assert_eq!(d.text(), "发布时间：2026-11-20\n正文内容\n");
    }
}
