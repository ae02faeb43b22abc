//! `--html`: one self-contained, print-ready page in Chinese — verdict and score first, veto
//! items, deductions, then the findings grouped by kind with the page to fix and the
//! evidence. Every piece of crawled text is HTML-escaped; nothing is loaded from elsewhere.

use super::{severity_zh, verdict_zh};
use std::fmt::Write;
use xunjian_core::report::Report;

/// Escapes text for HTML content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font-family:'PingFang SC','Microsoft YaHei','Noto Sans CJK SC',sans-serif;margin:2em auto;max-width:1100px;color:#222}
h1{font-size:1.6em}h2{border-bottom:2px solid #b22;padding-bottom:.2em;margin-top:1.6em}
.verdict{font-size:1.3em;padding:.6em 1em;border-radius:6px;display:inline-block}
.unqualified{background:#fde2e2;color:#900}.qualified{background:#e3f6e5;color:#185c22}
table{border-collapse:collapse;width:100%;font-size:.9em}th,td{border:1px solid #ccc;padding:.3em .5em;text-align:left;vertical-align:top}
th{background:#f3f3f3}td.ev{font-family:monospace;word-break:break-all}td.u{word-break:break-all}
.sev-veto{color:#fff;background:#900}.new{color:#fff;background:#c60;padding:0 .2em;border-radius:3px}.sev-high{color:#900}.sev-medium{color:#a60}
@media print{body{margin:0;max-width:none}h2{page-break-after:avoid}tr{page-break-inside:avoid}}";

/// Renders the report.
pub fn render(r: &Report) -> String {
    let mut h = String::with_capacity(64 * 1024);
    let s = &r.score;
    let _ = write!(
        h,
        "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{} 巡检报告</title><style>{STYLE}</style></head><body>",
        esc(&r.site.name)
    );
    let _ = write!(h, "<h1>{} 网站巡检报告</h1>", esc(&r.site.name));
    let _ = write!(
        h,
        "<p>网址 {} · 监测时间点 {} · 开始 {} · 结束 {}</p>",
        esc(&r.site.url),
        esc(&r.as_of),
        esc(&r.started_at),
        esc(&r.finished_at)
    );
    let _ = write!(
        h,
        "<p class=\"verdict {}\">结论：{}　得分：{:.1}（{}）</p>",
        esc(&s.verdict),
        verdict_zh(&s.verdict),
        s.points,
        esc(&s.profile)
    );
    h.push_str("<h2>单项否决</h2>");
    if s.veto_items.is_empty() {
        h.push_str("<p>未发现单项否决问题。</p>");
    } else {
        h.push_str("<table><tr><th>否决项</th><th>名称</th><th>问题类型</th><th>问题数</th></tr>");
        for v in &s.veto_items {
            let _ = write!(
                h,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&v.id),
                esc(&v.name),
                esc(&v.kinds.join("、")),
                v.count
            );
        }
        h.push_str("</table>");
    }
    h.push_str("<h2>扣分</h2>");
    if s.deductions.is_empty() {
        h.push_str("<p>无扣分。</p>");
    } else {
        h.push_str("<table><tr><th>一级指标</th><th>指标</th><th>扣分</th><th>问题数</th></tr>");
        for d in &s.deductions {
            let _ = write!(
                h,
                "<tr><td>{}</td><td>{}（{}）</td><td>−{:.1}</td><td>{}</td></tr>",
                esc(&d.group),
                esc(&d.name),
                esc(&d.indicator),
                d.points,
                d.count
            );
        }
        h.push_str("</table>");
    }
    if s.scaled_for_no_services {
        h.push_str("<p>该单位无对外办事服务职能：办事服务类指标不评分，其余得分 × 4/3。</p>");
    }
    let c = &r.changes;
    h.push_str("<h2>与上次巡检对比</h2>");
    match &c.previous_run {
        None => h.push_str("<p>这是该网站的首次巡检。</p>"),
        Some(prev) => {
            let _ = write!(
                h,
                "<p>上次巡检 {}：新增 {} 项，仍存在 {} 项，已修复 {} 项。</p>",
                esc(prev),
                c.new.len(),
                c.persisting,
                c.fixed.len()
            );
            if !c.fixed.is_empty() {
                h.push_str("<table><tr><th>已修复的问题</th><th>地址</th><th>说明</th></tr>");
                for f in &c.fixed {
                    let _ = write!(
                        h,
                        "<tr><td>{}</td><td class=\"u\">{}</td><td>{}</td></tr>",
                        f.kind.label_zh(),
                        esc(&f.url),
                        esc(&f.message)
                    );
                }
                h.push_str("</table>");
            }
        }
    }
    if !s.not_measured.is_empty() {
        let _ = write!(h, "<p>未测指标（不计为合格）：{}</p>", esc(&s.not_measured.join("；")));
    }
    let _ = write!(
        h,
        "<h2>抓取概况</h2><p>页面 {} · 链接 {} · 请求 {} · 字节 {}</p>",
        r.stats.pages, r.stats.links, r.stats.requests, r.stats.bytes
    );
    let _ = write!(h, "<h2>问题清单（{} 项）</h2>", r.findings.len());
    // A set, not a scan of the list per finding: a large site has hundreds of thousands.
    let new: std::collections::HashSet<&str> = r.changes.new.iter().map(String::as_str).collect();
    let mut kinds: Vec<_> = r.findings.iter().map(|f| f.kind).collect();
    kinds.dedup();
    kinds.sort_by_key(|k| r.findings.iter().position(|f| f.kind == *k));
    kinds.dedup();
    for kind in kinds {
        let group: Vec<_> = r.findings.iter().filter(|f| f.kind == kind).collect();
        let _ = write!(h, "<h3>{}（{}）· {} 项</h3>", kind.label_zh(), kind.as_str(), group.len());
        h.push_str(
            "<table><tr><th>级别</th><th>类型</th><th>问题地址</th><th>所在页面</th><th>证据</th><th>说明</th></tr>",
        );
        for f in group {
            let badge = if r.changes.previous_run.is_some() && new.contains(f.key().as_str()) {
                " <b class=\"new\">新</b>"
            } else {
                ""
            };
            let _ = write!(
                h,
                "<tr><td class=\"sev-{}\">{}{badge}</td><td>{}</td><td class=\"u\">{}</td><td class=\"u\">{}</td><td class=\"ev\">{}</td><td>{}</td></tr>",
                f.severity.as_str(),
                severity_zh(f.severity),
                esc(f.subtype.as_deref().unwrap_or("")),
                esc(&f.url),
                esc(f.source.as_deref().unwrap_or("")),
                esc(&f.evidence),
                esc(&f.message)
            );
        }
        h.push_str("</table>");
    }
    if !r.columns.is_empty() {
        h.push_str("<h2>栏目</h2><table><tr><th>栏目</th><th>类别</th><th>最新</th><th>条数</th><th>状态</th></tr>");
        for c in &r.columns {
            let _ = write!(
                h,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&c.name),
                esc(&c.class),
                esc(c.latest.as_deref().unwrap_or("-")),
                c.items,
                esc(&c.status)
            );
        }
        h.push_str("</table>");
    }
    h.push_str("<p style=\"color:#888;font-size:.8em\">由 xunjian（巡检）生成。</p></body></html>\n");
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(esc("<script>alert('x')</script>&\""), "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;");
    }
}
