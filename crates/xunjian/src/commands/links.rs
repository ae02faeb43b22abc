//! `xunjian links list | approve | revoke | import | export`: the link approval register kept
//! in the database (the 2011 notice: links to other websites are approved by the managing
//! unit). Approvals made here change the next inspection's `unapproved_external_link`
//! findings; the config's `[[links.approved]]` entries add to them.

use crate::cli::LinksAction;
use crate::commands::{default_db, parse_site_url};
use crate::{AppError, Exit};
use chrono::NaiveDate;
use std::io::Read;
use xunjian_store::{ApprovalRow, Store};

const HEADER: [&str; 6] = ["pattern", "approved_by", "approved_on", "expires", "site", "note"];

/// Runs the command.
pub async fn run(action: LinksAction, db: Option<String>) -> Result<Exit, AppError> {
    // Validate before touching the database.
    let site_of = |s: &Option<String>| -> Result<Option<String>, AppError> {
        s.as_deref().map(|u| parse_site_url(u).map(|u| xunjian_core::urlnorm::normalize(u).to_string())).transpose()
    };
    let planned = match &action {
        LinksAction::Approve { pattern, approved_by, approved_on, expires, site, note } => Some(vec![approval(
            pattern,
            approved_by,
            approved_on.as_deref(),
            expires.as_deref(),
            site_of(site)?,
            note,
        )?]),
        LinksAction::Import { file } => Some(read_csv(file)?),
        _ => None,
    };
    let store = Store::open(&db.unwrap_or_else(default_db)).await?;
    let result = match action {
        LinksAction::List { site } => {
            let rows = store.approvals(site_of(&site)?.as_deref()).await?;
            println!(
                "{:<36} {:<10} {:<10} {:<10} {:<30} 备注",
                "范围 pattern", "审批人", "审批日期", "有效期至", "网站 site"
            );
            for r in &rows {
                println!(
                    "{:<36} {:<10} {:<10} {:<10} {:<30} {}",
                    r.pattern,
                    r.approved_by,
                    r.approved_on,
                    r.expires.as_deref().unwrap_or("长期"),
                    r.site.as_deref().unwrap_or("全部 all"),
                    r.note
                );
            }
            println!("共 {} 条 / {} approvals", rows.len(), rows.len());
            Ok(Exit::Ok)
        }
        LinksAction::Approve { .. } | LinksAction::Import { .. } => {
            let rows = planned.unwrap_or_default();
            for r in &rows {
                store.approve(r).await?;
            }
            println!("已登记 {} 条审批 / {} approvals recorded", rows.len(), rows.len());
            Ok(Exit::Ok)
        }
        LinksAction::Revoke { pattern, site } => {
            let n = store.revoke(site_of(&site)?.as_deref(), pattern.trim()).await?;
            if n == 0 {
                Err(AppError::input(format!("no approval of `{pattern}` to revoke")))
            } else {
                println!("已撤销 {n} 条审批 / {n} approvals revoked");
                Ok(Exit::Ok)
            }
        }
        LinksAction::Export { file } => {
            let rows = store.approvals(None).await?;
            let mut w = csv::Writer::from_writer(Vec::new());
            let csv_err = |e: csv::Error| AppError::Other(e.to_string());
            w.write_record(HEADER).map_err(csv_err)?;
            for r in &rows {
                w.write_record([
                    r.pattern.as_str(),
                    &r.approved_by,
                    &r.approved_on,
                    r.expires.as_deref().unwrap_or(""),
                    r.site.as_deref().unwrap_or(""),
                    &r.note,
                ])
                .map_err(csv_err)?;
            }
            let bytes = w.into_inner().map_err(|e| AppError::Other(e.to_string()))?;
            match file {
                Some(p) => std::fs::write(&p, bytes)
                    .map_err(|e| AppError::input(format!("cannot write {}: {e}", p.display())))?,
                None => print!("{}", String::from_utf8_lossy(&bytes)),
            }
            Ok(Exit::Ok)
        }
    };
    store.close().await;
    result
}

fn date(s: &str, what: &str) -> Result<NaiveDate, AppError> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| AppError::input(format!("{what} `{s}` is not a date (YYYY-MM-DD)")))
}

/// A validated approval.
fn approval(
    pattern: &str,
    by: &str,
    on: Option<&str>,
    expires: Option<&str>,
    site: Option<String>,
    note: &str,
) -> Result<ApprovalRow, AppError> {
    let pattern = pattern.trim();
    let valid = if pattern.contains("://") {
        url::Url::parse(pattern).is_ok_and(|u| matches!(u.scheme(), "http" | "https"))
    } else {
        let host = pattern.strip_prefix("*.").unwrap_or(pattern);
        !host.is_empty() && !host.contains(['/', ' ', ':']) && url::Url::parse(&format!("http://{host}/")).is_ok()
    };
    if !valid {
        return Err(AppError::input(format!("`{pattern}` is not a host, *.domain or http(s) URL prefix")));
    }
    if by.trim().is_empty() {
        return Err(AppError::input("an approval needs the approver's name (--by)"));
    }
    let on = match on.filter(|s| !s.trim().is_empty()) {
        Some(d) => date(d, "approval date")?,
        None => chrono::Local::now().date_naive(),
    };
    let expires = expires.filter(|s| !s.trim().is_empty()).map(|d| date(d, "expiry date")).transpose()?;
    if expires.is_some_and(|x| x <= on) {
        return Err(AppError::input("the expiry date must be after the approval date"));
    }
    Ok(ApprovalRow {
        id: 0,
        site,
        pattern: pattern.to_string(),
        approved_by: by.trim().to_string(),
        approved_on: on.to_string(),
        expires: expires.map(|d| d.to_string()),
        note: note.to_string(),
    })
}

/// Reads and validates a whole CSV file (nothing is stored if one row is bad).
fn read_csv(file: &str) -> Result<Vec<ApprovalRow>, AppError> {
    let mut text = String::new();
    if file == "-" {
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| AppError::input(format!("cannot read standard input: {e}")))?;
    } else {
        text = std::fs::read_to_string(file).map_err(|e| AppError::input(format!("cannot read {file}: {e}")))?;
    }
    let text = text.trim_start_matches('\u{feff}');
    let mut r = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (i, rec) in r.records().enumerate() {
        let rec = rec.map_err(|e| AppError::input(format!("{file} line {}: {e}", i + 2)))?;
        let get = |k: usize| rec.get(k).unwrap_or("").trim();
        let site = Some(get(4)).filter(|s| !s.is_empty()).map(|s| parse_site_url(s).map(|u| u.to_string())).transpose();
        let row = site.and_then(|site| approval(get(0), get(1), Some(get(2)), Some(get(3)), site, get(5)));
        rows.push(row.map_err(|e| AppError::input(format!("{file} line {}: {e}", i + 2)))?);
    }
    Ok(rows)
}
