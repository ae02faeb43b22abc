//! Runs `pageinfo::analyze` over the real government pages of `tests/realpages/` and compares
//! every annotated field with `truth.json`. A failure prints one table of every mismatching
//! field of every page, not just the first.

use serde_json::Value;
use std::fmt::Write as _;
use std::path::Path;
use xunjian_core::html::Document;
use xunjian_core::pageinfo::{self, PageInfo};

fn show(v: Option<String>) -> String {
    v.unwrap_or_else(|| "null".to_string())
}

fn expected(v: &Value) -> String {
    match v {
        Value::Null => "null".to_string(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Every (field, expected, got) of one page that differs.
fn compare(truth: &Value, info: &PageInfo) -> Vec<(String, String, String)> {
    let mut rows = Vec::new();
    let mut check = |field: &str, want: String, got: String| {
        if want != got {
            rows.push((field.to_string(), want, got));
        }
    };
    check("kind", expected(&truth["kind"]), info.kind.as_str().to_string());
    check("title", expected(&truth["title"]), info.title.clone());
    check("publish_date", expected(&truth["publish_date"]), show(info.publish_date.map(|p| p.date.to_string())));
    let f = &truth["footer"];
    let footer = info.footer.as_deref().cloned().unwrap_or_default();
    check("footer.site_code", expected(&f["site_code"]), show(footer.site_code.clone()));
    check("footer.icp", expected(&f["icp"]), show(footer.icp.clone()));
    check("footer.psb", expected(&f["psb"]), show(footer.psb.clone()));
    check("footer.sponsor", expected(&f["sponsor"]), show(footer.sponsor.clone()));

    let dated: Vec<_> = info.items.iter().filter_map(|i| i.date).collect();
    let listy = matches!(truth["kind"].as_str(), Some("home" | "list"));
    for (field, got) in [("newest_item_date", dated.iter().max()), ("oldest_item_date", dated.iter().min())] {
        let want = &truth[field];
        if listy || !want.is_null() {
            check(field, expected(want), show(got.map(|d| d.to_string())));
        }
    }
    if let Some(n) = truth["list_items"].as_u64() {
        check("list_items", n.to_string(), dated.len().to_string());
    }
    rows
}

#[test]
fn real_pages_match_the_hand_checked_truth() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/realpages");
    let truth_text = std::fs::read_to_string(dir.join("truth.json")).expect("truth.json is readable");
    let truth: Vec<Value> = serde_json::from_str(&truth_text).expect("truth.json is a JSON list");
    assert!(!truth.is_empty());

    let mut table = String::new();
    let mut bad_pages = 0;
    for t in &truth {
        let file = t["file"].as_str().expect("file name");
        let bytes = std::fs::read(dir.join("pages").join(file)).expect("page is readable");
        let decoded = xunjian_core::decode::decode(&bytes, None);
        let url = t["original_url"]
            .as_str()
            .and_then(|u| url::Url::parse(u).ok())
            .unwrap_or_else(|| url::Url::parse(&format!("file:///realpages/{file}")).expect("file URL"));
        let doc = Document::parse(&decoded.text, &url);
        let info = pageinfo::analyze(&doc, t["kind"] == "home");
        let rows = compare(t, &info);
        if !rows.is_empty() {
            bad_pages += 1;
        }
        for (field, want, got) in rows {
            let _ = writeln!(table, "{file:<9} {field:<18} {want:<40} {got}");
        }
    }
    assert!(
        table.is_empty(),
        "{bad_pages}/{} pages differ from truth.json:\n{:<9} {:<18} {:<40} {}\n{table}",
        truth.len(),
        "file",
        "field",
        "expected",
        "got"
    );
}
