//! The summary printed on stdout after an inspection, and the league table of a
//! many-site run. Plain aligned text; Chinese first.

use super::{severity_zh, verdict_zh};
use std::collections::BTreeMap;
use std::fmt::Write;
use xunjian_core::Severity;
use xunjian_core::report::Report;

/// The summary of one site's report.
pub fn summary(r: &Report, diff: (usize, usize, usize)) -> String {
    let mut s = String::new();
    let score = &r.score;
    let _ = writeln!(s, "站点 Site      {} <{}>", r.site.name, r.site.url);
    let _ = writeln!(s, "结论 Verdict   {} / {}  得分 {:.1}", verdict_zh(&score.verdict), score.verdict, score.points);
    for v in &score.veto_items {
        let _ = writeln!(s, "单项否决 Veto  {} {}（{}）", v.id, v.name, v.kinds.join(", "));
    }
    for d in &score.deductions {
        let _ = writeln!(s, "扣分 Deduction −{:<5.1} {}（{}）· {} 项", d.points, d.name, d.indicator, d.count.max(1));
    }
    if !score.not_measured.is_empty() {
        let _ = writeln!(s, "未测 Not measured  {}", score.not_measured.join("; "));
    }
    let _ = writeln!(
        s,
        "抓取 Crawl     {} 页面 pages · {} 链接 links · {} 请求 requests · {} 字节 bytes",
        r.stats.pages, r.stats.links, r.stats.requests, r.stats.bytes
    );
    let (new, persisting, fixed) = diff;
    let _ = writeln!(
        s,
        "问题 Findings  {} (新增 new {new} · 仍存在 persisting {persisting} · 已修复 fixed {fixed})",
        r.findings.len()
    );
    let mut by_kind: BTreeMap<(std::cmp::Reverse<Severity>, &str, &str), usize> = BTreeMap::new();
    for f in &r.findings {
        *by_kind.entry((std::cmp::Reverse(f.severity), f.kind.as_str(), f.kind.label_zh())).or_default() += 1;
    }
    if !by_kind.is_empty() {
        let _ = writeln!(s, "  {:<6} {:<28} {:>5}  说明", "级别", "kind", "数量");
        for ((sev, kind, zh), n) in by_kind {
            let _ = writeln!(s, "  {:<6} {:<28} {:>5}  {}", severity_zh(sev.0), kind, n, zh);
        }
    }
    let mut hosts: BTreeMap<String, usize> = BTreeMap::new();
    for f in r.findings.iter().filter(|f| f.kind == xunjian_core::Kind::UnapprovedExternalLink) {
        let host = url::Url::parse(&f.url).ok().and_then(|u| u.host_str().map(str::to_string)).unwrap_or_default();
        *hosts.entry(host).or_default() += 1;
    }
    if !hosts.is_empty() {
        let mut by: Vec<(String, usize)> = hosts.into_iter().collect();
        by.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let list: Vec<String> = by.iter().map(|(h, n)| format!("{h} ×{n}")).collect();
        let _ = writeln!(s, "未审批外链 Unapproved hosts  {}", list.join(" · "));
    }
    s
}

/// One site's line in the league table (kept instead of its whole report, so a fleet of
/// thousands of sites does not hold every report until the end).
#[derive(Debug, Clone)]
pub struct LeagueRow {
    name: String,
    url: String,
    verdict: String,
    points: f64,
    veto: Vec<String>,
    findings: usize,
}

impl LeagueRow {
    /// The line of `r`.
    pub fn of(r: &Report) -> LeagueRow {
        LeagueRow {
            name: r.site.name.clone(),
            url: r.site.url.clone(),
            verdict: r.score.verdict.clone(),
            points: r.score.points,
            veto: r.score.veto.clone(),
            findings: r.findings.len(),
        }
    }
}

/// The league table of a many-site run, worst first.
pub fn league_table(rows: &[LeagueRow]) -> String {
    let mut rows: Vec<&LeagueRow> = rows.iter().collect();
    rows.sort_by(|a, b| {
        (a.verdict == "qualified")
            .cmp(&(b.verdict == "qualified"))
            .then(a.points.partial_cmp(&b.points).unwrap_or(std::cmp::Ordering::Equal))
    });
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{:<4} {:<24} {:<8} {:>6} {:>6}  单项否决 veto / 地址 url",
        "排名", "站点 site", "结论", "得分", "问题"
    );
    for (i, r) in rows.iter().enumerate() {
        let veto = if r.veto.is_empty() { "-".to_string() } else { r.veto.join(",") };
        let _ = writeln!(
            s,
            "{:<4} {:<24} {:<8} {:>6.1} {:>6}  {} {}",
            i + 1,
            r.name,
            verdict_zh(&r.verdict),
            r.points,
            r.findings,
            veto,
            r.url
        );
    }
    s
}
