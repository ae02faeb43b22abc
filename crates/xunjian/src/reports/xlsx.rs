//! `--xlsx`: the workbook government offices forward — sheets 概况 (overview), 扣分
//! (deductions), 问题清单 (findings) and 栏目 (columns).

use super::{severity_zh, verdict_zh};
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};
use std::path::Path;
use xunjian_core::Kind;
use xunjian_core::report::Report;

/// Writes the workbook.
pub fn write(r: &Report, path: &Path) -> Result<(), String> {
    build(r, path).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

fn header(ws: &mut Worksheet, cols: &[&str], bold: &Format) -> Result<(), XlsxError> {
    for (i, c) in cols.iter().enumerate() {
        ws.write_string_with_format(0, i as u16, *c, bold)?;
    }
    Ok(())
}

fn build(r: &Report, path: &Path) -> Result<(), XlsxError> {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let ws = wb.add_worksheet().set_name("概况")?;
    let rows: Vec<(&str, String)> = vec![
        ("站点", r.site.name.clone()),
        ("网址", r.site.url.clone()),
        ("监测时间点", r.as_of.clone()),
        ("结论", verdict_zh(&r.score.verdict).to_string()),
        ("得分", format!("{:.1}", r.score.points)),
        ("单项否决", r.score.veto.join("、")),
        ("未测指标", r.score.not_measured.join("；")),
        ("页面数", r.stats.pages.to_string()),
        ("链接数", r.stats.links.to_string()),
        ("问题数", r.findings.len().to_string()),
        ("开始", r.started_at.clone()),
        ("结束", r.finished_at.clone()),
    ];
    for (i, (k, v)) in rows.iter().enumerate() {
        ws.write_string_with_format(i as u32, 0, *k, &bold)?;
        ws.write_string(i as u32, 1, v)?;
    }
    ws.set_column_width(1, 60)?;
    let ws = wb.add_worksheet().set_name("扣分")?;
    header(ws, &["一级指标", "指标", "代码", "扣分", "问题数"], &bold)?;
    let mut row = 1;
    for v in &r.score.veto_items {
        ws.write_string(row, 0, "单项否决")?;
        ws.write_string(row, 1, format!("{} {}", v.id, v.name))?;
        ws.write_string(row, 2, v.kinds.join(","))?;
        ws.write_string(row, 3, "否决")?;
        ws.write_number(row, 4, v.count as f64)?;
        row += 1;
    }
    for d in &r.score.deductions {
        ws.write_string(row, 0, &d.group)?;
        ws.write_string(row, 1, &d.name)?;
        ws.write_string(row, 2, &d.indicator)?;
        ws.write_number(row, 3, -d.points)?;
        ws.write_number(row, 4, d.count as f64)?;
        row += 1;
    }
    ws.set_column_width(1, 40)?;
    let ws = wb.add_worksheet().set_name("问题清单")?;
    header(ws, &["级别", "问题", "类型", "子类", "问题地址", "所在页面", "证据", "说明"], &bold)?;
    for (i, f) in r.findings.iter().enumerate() {
        let row = i as u32 + 1;
        ws.write_string(row, 0, severity_zh(f.severity))?;
        ws.write_string(row, 1, f.kind.label_zh())?;
        ws.write_string(row, 2, f.kind.as_str())?;
        ws.write_string(row, 3, f.subtype.as_deref().unwrap_or(""))?;
        ws.write_string(row, 4, f.url.as_str())?;
        ws.write_string(row, 5, f.source.as_deref().unwrap_or(""))?;
        ws.write_string(row, 6, f.evidence.as_str())?;
        ws.write_string(row, 7, f.message.as_str())?;
    }
    ws.set_column_width(4, 50)?;
    ws.set_column_width(5, 50)?;
    ws.set_column_width(6, 60)?;
    let ws = wb.add_worksheet().set_name("栏目")?;
    header(ws, &["栏目", "地址", "类别", "最新", "条数", "状态"], &bold)?;
    for (i, c) in r.columns.iter().enumerate() {
        let row = i as u32 + 1;
        ws.write_string(row, 0, &c.name)?;
        ws.write_string(row, 1, &c.url)?;
        ws.write_string(row, 2, &c.class)?;
        ws.write_string(row, 3, c.latest.as_deref().unwrap_or(""))?;
        ws.write_number(row, 4, c.items as f64)?;
        ws.write_string(row, 5, &c.status)?;
    }
    let ws = wb.add_worksheet().set_name("链接")?;
    header(ws, &["问题", "子类", "链接地址", "所在页面", "链接代码", "说明"], &bold)?;
    let link_kinds =
        [Kind::BrokenLink, Kind::UnapprovedExternalLink, Kind::DangerousLink, Kind::HiddenLink, Kind::MixedContent];
    for (i, f) in r.findings.iter().filter(|f| link_kinds.contains(&f.kind)).enumerate() {
        let row = i as u32 + 1;
        ws.write_string(row, 0, f.kind.label_zh())?;
        ws.write_string(row, 1, f.subtype.as_deref().unwrap_or(""))?;
        ws.write_string(row, 2, f.url.as_str())?;
        ws.write_string(row, 3, f.source.as_deref().unwrap_or(""))?;
        ws.write_string(row, 4, f.evidence.as_str())?;
        ws.write_string(row, 5, f.message.as_str())?;
    }
    ws.set_column_width(2, 50)?;
    ws.set_column_width(3, 50)?;
    wb.save(path)
}
