//! 办事指南 (a complete guide and one lacking 设定依据 and 收费标准, each with a form
//! attachment: a working DOCX, a missing XLS), 便民服务 (outbound links, every one behind a
//! leaving-the-site notice), and the `/exit.html?url=…` interstitial.

use super::{Catalog, FORM_DOCX};
use crate::html::{Chrome, esc};
use crate::model::Hosts;
use crate::pages::{PageMap, simple};
use crate::server::Resource;
use std::fmt::Write;

/// The confirm() notice on outbound links.
const CONFIRM: &str = "onclick=\"return confirm('您访问的链接即将离开滨江市人民政府网站，是否继续？')\"";

/// Percent-encodes a URL for use as a query value.
pub(crate) fn encode_component(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// The interstitial link to `target` (`/exit.html?url=…`).
pub(crate) fn exit_link(target: &str) -> String {
    format!("/exit.html?url={}", encode_component(target))
}

/// The 办事指南 and 便民服务 pages and the working form.
pub(crate) fn pages(m: &mut PageMap, cat: &Catalog, h: &Hosts, chrome: &Chrome) {
    let crumb =
        "<div class=\"crumb\">当前位置：<a href=\"/\">首页</a> &gt; <a href=\"/bszn/index.html\">办事指南</a></div>\n";
    let mut list = format!("{crumb}<h2>办事指南</h2>\n<ul class=\"list\">\n");
    for g in &cat.guides {
        let _ = writeln!(list, "<li><a href=\"{}\">{}</a></li>", g.path, g.title);
        let mut page = format!("{crumb}<div class=\"guide\">\n<h1>{}办事指南</h1>\n<table class=\"guide\">\n", g.title);
        for (label, value) in &g.elements {
            let _ = writeln!(page, "<tr><th>{label}</th><td>{}</td></tr>", esc(value));
        }
        let _ = write!(page, "</table>\n<p>表格下载：<a href=\"{}\">{}</a></p>\n</div>", g.form.1, g.form.0);
        m.insert(g.path.into(), simple(chrome, g.title, &page));
    }
    list.push_str("</ul>\n<p><a href=\"/loop/a\">网上办事大厅</a>（在线申报、办件进度查询）</p>");
    let list = simple(chrome, "办事指南", &list);
    m.insert("/bszn/index.html".into(), list.clone());
    m.insert("/bszn/".into(), list);
    m.insert(
        FORM_DOCX.into(),
        Resource::new(
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            super::catalog::form_docx(),
        ),
    );

    let bmfw = format!(
        "<div class=\"crumb\">当前位置：<a href=\"/\">首页</a> &gt; 便民服务</div>\n<h2>便民服务</h2>\n<ul class=\"services\">\n\
         <li><a href=\"http://bad-host.invalid/\" {CONFIRM}>水电燃气缴费</a></li>\n\
         <li><a href=\"{dead}\" {CONFIRM}>公交实时查询</a></li>\n\
         <li><a href=\"http://[broken\" {CONFIRM}>天气预报</a></li>\n\
         <li><a href=\"{shop}coupon.html\" {CONFIRM}>消费券领取</a></li>\n\
         <li><a href=\"{exit}\">网上商城</a></li>\n</ul>",
        dead = h.dead,
        shop = h.shop,
        exit = exit_link(&h.shop),
    );
    let bmfw = simple(chrome, "便民服务", &bmfw);
    m.insert("/bmfw/index.html".into(), bmfw.clone());
    m.insert("/bmfw/".into(), bmfw);
}

/// The interstitial: says the visitor is leaving the site, then links the target.
pub(crate) fn exit_page(chrome: &Chrome, url: Option<&String>) -> Resource {
    match url.filter(|u| u.starts_with("http://") || u.starts_with("https://")) {
        Some(u) => simple(
            chrome,
            "即将离开本网站",
            &format!(
                "<div class=\"exit\">\n<h2>您即将离开滨江市人民政府网站</h2>\n<p>您访问的链接即将离开滨江市人民政府网站，\
                 前往：{u}。该网站内容由其主办单位负责，与本网站无关。</p>\n\
                 <p><a href=\"{u}\" rel=\"nofollow noopener\">继续访问</a>　<a href=\"/\">返回首页</a></p>\n</div>",
                u = esc(u)
            ),
        ),
        None => crate::server::not_found(),
    }
}
