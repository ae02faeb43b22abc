//! How a page's link occurrences are kept: one row per source page, the links a compact
//! JSON array of `[target, tag, text, snippet, position, internal, invalid, fragment,
//! exit_notice]` (booleans as 0/1, so SQLite's `json_array` writes the same shape). One row
//! instead of sixty is what keeps the store from being the crawl's bottleneck.

use crate::rows::LinkRow;
use serde::{Deserialize, Serialize};
use xunjian_core::checks::LinkRecord;

#[derive(Serialize)]
struct Out<'a>(&'a str, &'a str, &'a str, &'a str, u32, u8, Option<&'a str>, Option<&'a str>, u8);

#[derive(Deserialize)]
struct In(String, String, String, String, u32, u8, Option<String>, Option<String>, u8);

/// The stored form of a page's links.
pub(crate) fn encode(links: &[LinkRow]) -> String {
    let out: Vec<Out> = links
        .iter()
        .map(|l| {
            Out(
                &l.target,
                &l.tag,
                &l.text,
                &l.snippet,
                l.position,
                l.internal as u8,
                l.invalid.as_deref(),
                l.fragment.as_deref(),
                l.exit_notice as u8,
            )
        })
        .collect();
    serde_json::to_string(&out).unwrap_or_else(|_| "[]".into())
}

/// The links of `source` from their stored form (an unreadable value reads as no links).
pub(crate) fn decode(source: &str, data: &str) -> Vec<LinkRecord> {
    let rows: Vec<In> = serde_json::from_str(data).unwrap_or_default();
    rows.into_iter()
        .map(|In(target, tag, text, snippet, position, internal, invalid, fragment, exit)| LinkRecord {
            source: source.to_string(),
            target,
            tag,
            text,
            snippet,
            position,
            internal: internal != 0,
            invalid,
            fragment,
            exit_notice: exit != 0,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_keeps_every_field() {
        let rows = vec![
            LinkRow {
                source: "http://s/".into(),
                target: "http://s/a.html".into(),
                tag: "a".into(),
                text: "通知 \"引号\"\n".into(),
                snippet: "<a href=\"a.html\">通知</a>".into(),
                position: 3,
                internal: true,
                invalid: None,
                fragment: Some("top".into()),
                exit_notice: false,
            },
            LinkRow {
                source: "http://s/".into(),
                target: "http://s:99999/".into(),
                tag: "resource".into(),
                invalid: Some("port".into()),
                exit_notice: true,
                ..LinkRow::default()
            },
        ];
        let back = decode("http://s/", &encode(&rows));
        assert_eq!(back.len(), 2);
        for (r, b) in rows.iter().zip(&back) {
            assert_eq!(
                (&r.source, &r.target, &r.tag, &r.text, &r.snippet, r.position, r.internal, &r.invalid, &r.fragment),
                (&b.source, &b.target, &b.tag, &b.text, &b.snippet, b.position, b.internal, &b.invalid, &b.fragment)
            );
            assert_eq!(r.exit_notice, b.exit_notice);
        }
        assert!(decode("x", "not json").is_empty());
    }
}
