//! Page templates shared by the demo's government sites: the frame of every page (header
//! with search, navigation, a hidden mobile menu, footer), column list pages with TRS
//! pagination, and article pages with their 发布时间 line or 信息公开 metadata block.
//! Content is authored here and trusted; text that varies (titles, query echoes) goes
//! through [`esc`].

use crate::model::{Article, Column, DateFmt, ListStyle, cn_date, iso};
use std::fmt::Write;

/// Escapes text for HTML content and attribute values.
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// One escaped paragraph.
pub(crate) fn p(text: &str) -> String {
    format!("<p>{}</p>\n", esc(text))
}

/// Escaped paragraphs.
pub(crate) fn paras(texts: &[&str]) -> String {
    texts.iter().map(|t| p(t)).collect()
}

/// The parts every page of one site shares.
#[derive(Debug, Clone)]
pub(crate) struct Chrome {
    /// Site name (header, `<title>` suffix).
    pub site: &'static str,
    /// Navigation entries (name, href).
    pub nav: Vec<(&'static str, String)>,
    /// Footer HTML.
    pub footer: String,
    /// Whether the header carries the site search form.
    pub search: bool,
}

impl Chrome {
    /// A whole page. `head` holds the charset `<meta>` and any extra head tags; `title` is
    /// the `<title>` text (escaped here); `main` is the page's own HTML.
    pub(crate) fn page(&self, title: &str, head: &str, main: &str) -> String {
        let site = self.site;
        let nav: String = self.nav.iter().map(|(n, h)| format!("<a href=\"{}\">{n}</a>\n", esc(h))).collect();
        let search = if self.search {
            "<form class=\"search\" action=\"/search/\" method=\"get\"><input type=\"text\" name=\"q\" \
             placeholder=\"请输入关键词\" aria-label=\"站内搜索\"><button type=\"submit\">搜索</button></form>"
        } else {
            ""
        };
        let title = esc(title);
        let footer = &self.footer;
        format!(
            r##"<!DOCTYPE html>
<html lang="zh-CN">
<head>
{head}
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="stylesheet" href="/css/style.css">
<script src="/js/common.js"></script>
<style>.skip{{position:absolute;left:-9999px}}.skip:focus{{left:0;top:0;z-index:99}}</style>
</head>
<body>
<a class="skip" href="#main">跳到主要内容</a>
<div class="header"><img src="/images/logo.gif" alt="{site}" width="60" height="60"><span class="site-name">{site}</span>
{search}</div>
<div class="nav" id="nav">
{nav}</div>
<button id="menu-btn" type="button">栏目导航</button>
<nav id="mnav" class="mnav" style="display:none">
{nav}</nav>
<div class="main" id="main">
{main}
</div>
<div class="footer">
{footer}
</div>
<script>
document.getElementById("menu-btn").onclick = function () {{
  var m = document.getElementById("mnav");
  m.style.display = m.style.display === "block" ? "none" : "block";
}};
</script>
</body>
</html>
"##
        )
    }

    /// `<title>` of an inner page: `页面_站点`.
    pub(crate) fn title(&self, page: &str) -> String {
        format!("{page}_{}", self.site)
    }
}

/// The breadcrumb of a column page.
fn crumb(col: &Column) -> String {
    let mut s = String::from("<div class=\"crumb\">当前位置：<a href=\"/\">首页</a>");
    if let Some((name, path)) = col.parent {
        let _ = write!(s, " &gt; <a href=\"{path}\">{name}</a>");
    }
    let _ = writeln!(s, " &gt; <a href=\"{}\">{}</a></div>", col.index_path(), esc(&col.name));
    s
}

/// One list entry in the column's markup.
pub(crate) fn entry(style: ListStyle, a: &Article) -> String {
    let (href, title) = (a.path(), esc(&a.title));
    match style {
        ListStyle::Ul(fmt) => format!(
            "<li><a href=\"{href}\" title=\"{title}\">{title}</a><span class=\"date\">{}</span></li>\n",
            fmt.show(a.list_date)
        ),
        ListStyle::Table => format!(
            "<tr><td class=\"t\"><a href=\"{href}\" title=\"{title}\">{title}</a></td><td>{}</td><td>{}</td></tr>\n",
            esc(a.doc_no.as_deref().unwrap_or("")),
            iso(a.list_date)
        ),
        ListStyle::Rows => format!(
            "<div class=\"row\"><a href=\"{href}\">{title}</a><span class=\"date\">{}</span></div>\n",
            DateFmt::Dash.show(a.list_date)
        ),
        ListStyle::Thumbs => format!(
            "<li><a href=\"{href}\"><img src=\"{}\" alt=\"{title}\" width=\"160\" height=\"100\"><span>{title}</span></a></li>\n",
            a.thumb.as_deref().unwrap_or("/images/logo.gif")
        ),
    }
}

/// Entries wrapped in the list container of their style.
pub(crate) fn entries(style: ListStyle, items: &[&Article]) -> String {
    let inner: String = items.iter().map(|a| entry(style, a)).collect();
    match style {
        ListStyle::Ul(_) => format!("<ul class=\"list\">\n{inner}</ul>\n"),
        ListStyle::Table => format!(
            "<table class=\"zcwj\">\n<tr><th>文件名称</th><th>文号</th><th>发布日期</th></tr>\n{inner}</table>\n"
        ),
        ListStyle::Rows => format!("<div class=\"rows\">\n{inner}</div>\n"),
        ListStyle::Thumbs => format!("<ul class=\"thumbs\">\n{inner}</ul>\n"),
    }
}

/// TRS pagination: static 首页/上一页/下一页/尾页 links plus the inline `createPageHTML` call.
fn pagination(pages: usize, page: usize) -> String {
    let name = |i: usize| {
        if i == 0 { "index.html".to_string() } else { format!("index_{i}.html") }
    };
    let mut s = format!("<div class=\"page\">共{pages}页 第{}页 ", page + 1);
    if page > 0 {
        let _ = write!(s, "<a href=\"{}\">首页</a> <a href=\"{}\">上一页</a> ", name(0), name(page - 1));
    } else {
        s.push_str("首页 上一页 ");
    }
    if page + 1 < pages {
        let _ = write!(s, "<a href=\"{}\">下一页</a> <a href=\"{}\">尾页</a>", name(page + 1), name(pages - 1));
    } else {
        s.push_str("下一页 尾页");
    }
    let _ = write!(
        s,
        "</div>\n<script type=\"text/javascript\">\n  var countPage = {pages};\n  createPageHTML({pages}, {page}, \"index\", \"html\");\n</script>\n"
    );
    s
}

/// The main part of list page `page` of a column.
pub(crate) fn list_main(col: &Column, tampered: bool, page: usize) -> String {
    let all = col.visible(tampered);
    let pages = col.pages(tampered);
    let items: Vec<&Article> = all.iter().skip(page * col.page_size).take(col.page_size).copied().collect();
    let mut s = crumb(col);
    let _ = write!(s, "<div class=\"column\">\n<h2>{}</h2>\n", esc(&col.name));
    if items.is_empty() {
        if let Some(note) = col.note {
            let _ = writeln!(s, "<div class=\"empty-note\">{note}</div>");
        }
    } else {
        s.push_str(&entries(col.style, &items));
    }
    s.push_str(&pagination(pages, page));
    s.push_str("</div>");
    s
}

/// Which version of an article page to render.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Variant {
    /// What a browser sees.
    Normal,
    /// After the tamper switch.
    Tampered,
    /// What a search-engine crawler sees (cloaking).
    Crawler,
}

/// The main part of an article page.
pub(crate) fn article_main(col: &Column, a: &Article, variant: Variant) -> String {
    let mut s = crumb(col);
    let _ = write!(s, "<div class=\"article\">\n<h1>{}</h1>\n", esc(&a.title));
    match &a.disclosure {
        Some(d) => {
            let _ = write!(
                s,
                "<table class=\"meta\">\n<tr><th>索引号：</th><td>{}</td><th>发布机构：</th><td>{}</td></tr>\n\
                 <tr><th>成文日期：</th><td>{}</td><th>发布日期：</th><td>{}</td></tr>\n\
                 <tr><th>文号：</th><td>{}</td><th>主题分类：</th><td>综合政务\\政务公开</td></tr>\n</table>\n",
                esc(&d.index_no),
                d.org,
                iso(d.written),
                iso(a.published),
                esc(a.doc_no.as_deref().unwrap_or("无"))
            );
        }
        None => {
            let _ =
                writeln!(s, "<div class=\"info\">发布时间：{} {}　来源：{}</div>", iso(a.published), a.time, a.source);
        }
    }
    let body = match (variant, &a.tampered_body) {
        (Variant::Tampered, Some(b)) => b.as_str(),
        _ => a.body.as_str(),
    };
    let _ = write!(s, "<div class=\"content\" id=\"zoom\">\n{body}</div>\n");
    if let (Variant::Crawler, Some(extra)) = (variant, &a.cloaked_extra) {
        s.push_str(extra);
    }
    s.push_str("</div>");
    s
}

/// A signature block: the issuing body and a date (成文日期 style, not a publish date).
pub(crate) fn signature(org: &str, date: chrono::NaiveDate) -> String {
    format!("<p class=\"sign\">{org}</p>\n<p class=\"sign\">{}</p>\n", cn_date(date))
}
