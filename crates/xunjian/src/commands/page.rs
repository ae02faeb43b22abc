//! `xunjian page URL|FILE`: how xunjian reads one page — encoding and its source, kind,
//! title, publish date and its source, list items, footer identifiers, links, and the
//! findings on that page. A URL is fetched politely (robots.txt, the same timeouts and caps
//! as an inspection); a file is read from disk.

use crate::commands::parse_as_of;
use crate::config::Config;
use crate::{AppError, Exit};
use std::path::PathBuf;
use std::sync::Arc;
use url::Url;
use xunjian_core::decode;
use xunjian_core::html::Document;
use xunjian_core::pageinfo;
use xunjian_core::report::{DateRef, EncodingRef, PAGE_SCHEMA, PageReport};
use xunjian_crawler::{FetchKind, Fetcher, Settings};

/// Runs the command.
pub async fn run(target: &str, json: bool, as_of: Option<&str>, config: Option<PathBuf>) -> Result<Exit, AppError> {
    let _as_of = parse_as_of(as_of)?;
    let site = match &config {
        Some(p) => Config::load(p).map_err(AppError::Input)?.sites.into_iter().next(),
        None => None,
    };
    let (url, bytes, content_type) = if target.starts_with("http://") || target.starts_with("https://") {
        let url = crate::commands::parse_site_url(target)?;
        let settings = match &site {
            Some(s) => crate::inspect::settings(s, &Default::default()),
            None => Settings::default(),
        };
        let fetcher = Arc::new(Fetcher::new(settings).map_err(|e| AppError::Other(e.to_string()))?);
        if !fetcher.allowed(&url).await {
            return Err(AppError::input(format!("robots.txt of {} disallows {url}", url.host_str().unwrap_or(""))));
        }
        let f = fetcher.fetch(&url, FetchKind::Page).await;
        if let Some(e) = &f.error {
            return Err(AppError::input(format!("cannot fetch {url}: {e}")));
        }
        if f.status >= 400 {
            return Err(AppError::input(format!("cannot fetch {url}: HTTP {}", f.status)));
        }
        (f.final_url, f.body, f.content_type)
    } else {
        let path = std::path::Path::new(target);
        let bytes = std::fs::read(path).map_err(|e| AppError::input(format!("cannot read {target}: {e}")))?;
        let abs = std::fs::canonicalize(path).map_err(|e| AppError::input(format!("cannot read {target}: {e}")))?;
        let url = Url::from_file_path(&abs).map_err(|_| AppError::input(format!("cannot make a URL of {target}")))?;
        (url, bytes, None)
    };
    let report = explain(&url, &bytes, content_type.as_deref());
    if json {
        println!("{}", serde_json::to_string_pretty(&report).map_err(|e| AppError::Other(e.to_string()))?);
    } else {
        print!("{}", text(&report));
        print!("{}", hints(&url, &bytes, content_type.as_deref()));
    }
    Ok(Exit::Ok)
}

/// The page explanation of `bytes` fetched from `url`.
pub fn explain(url: &Url, bytes: &[u8], content_type: Option<&str>) -> PageReport {
    let decoded = decode::decode(bytes, content_type);
    let doc = Document::parse(&decoded.text, url);
    let is_home = matches!(url.path(), "" | "/" | "/index.html" | "/index.htm" | "/index.shtml" | "/index.jsp");
    let info = pageinfo::analyze(&doc, is_home && url.scheme() != "file");
    PageReport {
        schema: PAGE_SCHEMA,
        url: url.to_string(),
        encoding: EncodingRef { name: decoded.encoding.to_string(), source: decoded.source.as_str().to_string() },
        kind: info.kind.as_str().to_string(),
        title: info.title.clone(),
        publish_date: info.publish_date.map(|d| DateRef {
            date: d.date.to_string(),
            source: serde_json::to_value(d.source)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default(),
        }),
        items: info.items.clone(),
        footer: info.footer.as_deref().cloned().unwrap_or_default(),
        links: doc.links().len() as u64,
        findings: Vec::new(),
    }
}

fn text(r: &PageReport) -> String {
    let none = || "—".to_string();
    let mut s = String::new();
    s.push_str(&format!("地址 URL          {}\n", r.url));
    s.push_str(&format!("编码 Encoding     {} (来源 {})\n", r.encoding.name, r.encoding.source));
    s.push_str(&format!("类型 Kind         {}\n", r.kind));
    s.push_str(&format!("标题 Title        {}\n", r.title));
    s.push_str(&format!(
        "发布日期 Published {}\n",
        r.publish_date.as_ref().map(|d| format!("{} (来源 {})", d.date, d.source)).unwrap_or_else(none)
    ));
    s.push_str(&format!("网站标识码        {}\n", r.footer.site_code.clone().unwrap_or_else(none)));
    s.push_str(&format!("ICP备案           {}\n", r.footer.icp.clone().unwrap_or_else(none)));
    s.push_str(&format!("公安备案          {}\n", r.footer.psb.clone().unwrap_or_else(none)));
    s.push_str(&format!("主办单位          {}\n", r.footer.sponsor.clone().unwrap_or_else(none)));
    s.push_str(&format!("链接 Links        {}\n", r.links));
    s.push_str(&format!("列表 Items        {}\n", r.items.len()));
    for i in r.items.iter().take(50) {
        s.push_str(&format!(
            "  {}  {}  {}\n",
            i.date.map(|d| d.to_string()).unwrap_or_else(|| "无日期".into()),
            i.title,
            i.url
        ));
    }
    s.push_str(&format!("问题 Findings     {}\n", r.findings.len()));
    for f in &r.findings {
        s.push_str(&format!("  [{}] {} {}\n", f.severity, f.kind, f.message));
    }
    s
}

/// Column hints for the text output (not part of `xunjian.page/1`): breadcrumb, pagination,
/// consultation messages, service-guide elements.
fn hints(url: &Url, bytes: &[u8], content_type: Option<&str>) -> String {
    let decoded = decode::decode(bytes, content_type);
    let doc = Document::parse(&decoded.text, url);
    let is_home = matches!(url.path(), "" | "/" | "/index.html" | "/index.htm" | "/index.shtml" | "/index.jsp");
    let info = pageinfo::analyze(&doc, is_home && url.scheme() != "file");
    let mut s = String::new();
    if !info.breadcrumb.is_empty() {
        let names: Vec<&str> = info.breadcrumb.iter().map(|c| c.name.as_str()).collect();
        s.push_str(&format!("位置 Breadcrumb   {}\n", names.join(" > ")));
    }
    if let Some(p) = &info.pagination {
        let n = |v: Option<u32>| v.map(|n| n.to_string()).unwrap_or_else(|| "?".into());
        s.push_str(&format!("分页 Pages        第{}页/共{}页", n(p.current_page), n(p.total_pages)));
        if let Some(next) = &p.next_url {
            s.push_str(&format!("  下一页 {next}"));
        }
        s.push('\n');
    }
    if info.blank_with_note {
        s.push_str("栏目说明          页面注明本栏目暂无信息 (blank with note)\n");
    }
    if !info.messages.is_empty() {
        s.push_str(&format!("留言 Messages     {}\n", info.messages.len()));
        for m in info.messages.iter().take(50) {
            let d = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_else(|| "—".into());
            let state = match m.reply {
                pageinfo::Reply::Replied => "已回复",
                pageinfo::Reply::Pending => "待回复",
                pageinfo::Reply::Unknown => "未知",
            };
            s.push_str(&format!("  留言 {}  回复 {}  {state}  {}  {}\n", d(m.asked), d(m.replied), m.title, m.url));
        }
    }
    if info.kind == pageinfo::PageKind::Service {
        let missing: Vec<&str> = pageinfo::GUIDE_ELEMENTS
            .iter()
            .filter(|(k, _, _)| !info.guide.iter().any(|e| e.key == *k && e.filled))
            .map(|(_, zh, _)| *zh)
            .collect();
        let shown = if missing.is_empty() {
            "齐全 (complete)".to_string()
        } else {
            format!("缺少 {}", missing.join("、"))
        };
        s.push_str(&format!("办事指南要素      {shown}\n"));
    }
    s
}
