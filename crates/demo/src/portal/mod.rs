//! The city portal 滨江市人民政府 (127.0.0.1): every page is prepared at start-up in two
//! versions (before and after the tamper switch) plus the cloaked version crawlers get;
//! the calendar trap, the exit interstitial and the site search are answered per request.

mod catalog;
mod home;
mod interact;
mod security;
mod service;
mod texts;

pub(crate) use catalog::{Catalog, ERROR_PAGE, FORM_DOCX, FORM_XLS, LEAK_CSV, LEAK_DOCX, LEAK_PDF, MISSING_THUMB};
pub(crate) use service::exit_link;

use crate::html::{Chrome, Variant, esc};
use crate::model::{Hosts, iso};
use crate::pages::{self, PageMap};
use crate::server::{GIF, Resource, Shared, not_found, security_headers};
use axum::Router;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, Uri, header};
use axum::response::Response;
use chrono::NaiveDate;
use std::collections::HashMap;
use std::fmt::Write;
use std::sync::Arc;

/// The portal's prepared pages.
#[derive(Debug)]
pub(crate) struct Portal {
    /// The content everything is rendered from.
    pub catalog: Catalog,
    /// The frame of every page.
    chrome: Chrome,
    /// Pages before the tamper switch.
    normal: PageMap,
    /// Pages after the tamper switch.
    tampered: PageMap,
    /// Pages served to search-engine crawlers instead (cloaking).
    cloaked: PageMap,
}

/// The frame of every portal page.
fn chrome(today: NaiveDate) -> Chrome {
    let mut nav: Vec<(&'static str, String)> = [
        ("首页", "/"),
        ("要闻动态", "/ywdt/index.html"),
        ("工作动态", "/gzdt/index.html"),
        ("部门动态", "/bmdt/index.html"),
        ("通知公告", "/tzgg/index.html"),
        ("政策文件", "/zcwj/index.html"),
        ("政策解读", "/zcjd/index.html"),
        ("信息公开", "/xxgk/index.html"),
        ("人事信息", "/rsxx/index.html"),
        ("规划计划", "/ghjh/index.html"),
        ("图片新闻", "/tpxw/index.html"),
        ("专题专栏", "/ztzl/index.html"),
        ("领导信箱", "/ldxx/index.html"),
        ("办事指南", "/bszn/index.html"),
        ("便民服务", "/bmfw/index.html"),
    ]
    .iter()
    .map(|&(n, h)| (n, h.to_string()))
    .collect();
    nav.push(("活动日历", format!("/hdrl/?month={}", today.format("%Y-%m"))));
    Chrome {
        site: "滨江市人民政府",
        nav,
        footer: "<p><a href=\"/wzdt.html\">网站地图</a> | <a href=\"/lxwm.html\">联系我们</a> | <a href=\"/admin/\">网站管理</a></p>\n\
                 <p>主办单位：滨江市人民政府办公室　承办单位：滨江市大数据发展中心</p>\n\
                 <p>地址：滨江市江滨大道1号　邮编：311200　联系电话：0571-87000001</p>\n\
                 <p>网站标识码：3301000001　浙ICP备12345678号-1　\
                 <img src=\"/images/ga.gif\" alt=\"\" width=\"16\" height=\"16\">浙公网安备 <span>33010002000123号</span></p>"
            .to_string(),
        search: true,
    }
}

impl Portal {
    /// Prepares every page for `today`, linking the other demo servers at `hosts`.
    pub(crate) fn build(today: NaiveDate, hosts: &Hosts) -> Portal {
        let catalog = Catalog::build(today, hosts);
        let chrome = chrome(today);
        let normal = all_pages(&catalog, hosts, &chrome, false);
        let tampered = all_pages(&catalog, hosts, &chrome, true);
        let cloaked = catalog
            .articles()
            .filter(|(_, a)| a.cloaked_extra.is_some())
            .map(|(c, a)| (a.path(), pages::article(&chrome, c, a, Variant::Crawler)))
            .collect();
        Portal { catalog, chrome, normal, tampered, cloaked }
    }

    /// The portal's router.
    pub(crate) fn router(self: Arc<Self>, shared: Arc<Shared>) -> Router {
        Router::new().fallback(handle).with_state(Arc::new(App { portal: self, shared }))
    }

    /// The site search: titles containing the query.
    fn search(&self, q: Option<&String>, tampered: bool) -> Resource {
        let q = q.map(|s| s.trim()).unwrap_or("");
        let mut main = format!(
            "<div class=\"crumb\">当前位置：<a href=\"/\">首页</a> &gt; 站内搜索</div>\n<h2>搜索结果：{}</h2>\n<ul class=\"list\">\n",
            esc(q)
        );
        let mut hits = 0;
        if !q.is_empty() {
            for (_, a) in self.catalog.articles().filter(|(_, a)| tampered || !a.tamper_only) {
                if a.title.contains(q) {
                    hits += 1;
                    let _ = writeln!(
                        main,
                        "<li><a href=\"{}\">{}</a><span class=\"date\">{}</span></li>",
                        a.path(),
                        esc(&a.title),
                        iso(a.published)
                    );
                }
            }
        }
        let _ = write!(main, "</ul>\n<p>共找到{hits}条结果。</p>");
        pages::simple(&self.chrome, "站内搜索", &main)
    }
}

/// Router state.
struct App {
    portal: Arc<Portal>,
    shared: Arc<Shared>,
}

async fn handle(State(app): State<Arc<App>>, uri: Uri, headers: HeaderMap) -> Response {
    app.shared.count();
    let p = &app.portal;
    let tampered = app.shared.tampered();
    let query: HashMap<String, String> = Query::try_from_uri(&uri).map(|q| q.0).unwrap_or_default();
    let res = match uri.path() {
        "/hdrl/" | "/hdrl/index.html" => security::calendar(&p.chrome, query.get("month"), p.catalog.today),
        "/exit.html" => service::exit_page(&p.chrome, query.get("url")),
        "/search/" | "/search/index.html" => p.search(query.get("q"), tampered),
        path => {
            let ua = headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok()).unwrap_or("");
            let crawler = ua.contains("Baiduspider") || ua.contains("Googlebot");
            let map = if tampered { &p.tampered } else { &p.normal };
            crawler.then(|| p.cloaked.get(path)).flatten().or_else(|| map.get(path)).cloned().unwrap_or_else(not_found)
        }
    };
    security_headers(res.response())
}

/// Every prepared page of one tamper state.
fn all_pages(cat: &Catalog, h: &Hosts, chrome: &Chrome, tampered: bool) -> PageMap {
    let mut m = PageMap::new();
    let home = Resource::html(home::render(cat, h, chrome, tampered));
    m.insert("/".into(), home.clone());
    m.insert("/index.html".into(), home);
    pages::columns(&mut m, &cat.columns, chrome, tampered);
    pages::assets(&mut m);
    interact::pages(&mut m, cat, chrome);
    service::pages(&mut m, cat, h, chrome);
    security::pages(&mut m, chrome);
    m.insert("/images/ga.gif".into(), Resource::new("image/gif", GIF));
    for n in [1, 2, 4, 5] {
        m.insert(format!("/tpxw/images/p{n}.gif"), Resource::new("image/gif", GIF));
    }
    for n in 1..=5 {
        m.insert(format!("/tpxw/images/d{n}.gif"), Resource::new("image/gif", GIF));
    }
    m.insert(LEAK_CSV.into(), Resource::new("text/csv; charset=utf-8", catalog::leak_csv()));
    m.insert(LEAK_PDF.into(), Resource::new("application/pdf", catalog::leak_pdf(cat.today)));
    m.insert(
        LEAK_DOCX.into(),
        Resource::new(
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            catalog::leak_docx(cat.today),
        ),
    );
    let topics = "<div class=\"crumb\">当前位置：<a href=\"/\">首页</a> &gt; 专题专栏</div>\n<h2>专题专栏</h2>\n\
                  <div class=\"topics\">\n<div class=\"topic\"><a href=\"/ztzl/yshj/index.html\">优化营商环境专题</a></div>\n";
    let historic = &cat.column("ztzl/wmcs").name;
    let topics =
        format!("{topics}<div class=\"topic\"><a href=\"/ztzl/wmcs/index.html\">{}</a></div>\n</div>", esc(historic));
    m.insert("/ztzl/index.html".into(), pages::simple(chrome, "专题专栏", &topics));
    m.insert("/ztzl/".into(), pages::simple(chrome, "专题专栏", &topics));
    let map: String = chrome.nav.iter().map(|(n, h)| format!("<li><a href=\"{}\">{n}</a></li>\n", esc(h))).collect();
    let map = format!("<h2>网站地图</h2>\n<ul class=\"sitemap\">\n{map}</ul>");
    m.insert("/wzdt.html".into(), pages::simple(chrome, "网站地图", &map));
    m.insert("/lxwm.html".into(), pages::simple(chrome, "联系我们", texts::CONTACT));
    m
}
