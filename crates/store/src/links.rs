//! How a page's link occurrences are kept: one row per source page, the links a compact
//! JSON array of `[target, tag, text, snippet, position, internal, invalid, fragment,
//! exit_notice]` (booleans as 0/1, so SQLite's `json_array` writes the same shape). One row
//! instead of sixty is what keeps the store from being the crawl's bottleneck.

use crate::rows::LinkRow;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use xunjian_core::checks::LinkView;

#[derive(Serialize)]
struct Out<'a>(&'a str, &'a str, &'a str, &'a str, u32, u8, Option<&'a str>, Option<&'a str>, u8);

/// Borrowed from the stored text where it has no escapes.
#[derive(Deserialize)]
struct In<'a>(
    #[serde(borrow)] Cow<'a, str>,
    #[serde(borrow)] Cow<'a, str>,
    #[serde(borrow)] Cow<'a, str>,
    #[serde(borrow)] Cow<'a, str>,
    u32,
    u8,
    #[serde(borrow)] Option<Cow<'a, str>>,
    #[serde(borrow)] Option<Cow<'a, str>>,
    u8,
);

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

/// Calls `f` with the links of `source` from their stored form, borrowed where the stored
/// text has no escapes (an unreadable value reads as no links).
pub(crate) fn with_views<R>(data: &str, f: impl FnOnce(&[LinkView<'_>]) -> R) -> R {
    let rows: Vec<In> = serde_json::from_str(data).unwrap_or_default();
    let views: Vec<LinkView> = rows
        .iter()
        .map(|In(target, tag, text, snippet, position, internal, invalid, fragment, exit)| LinkView {
            target,
            tag,
            text,
            snippet,
            position: *position,
            internal: *internal != 0,
            invalid: invalid.as_deref(),
            fragment: fragment.as_deref(),
            exit_notice: *exit != 0,
        })
        .collect();
    f(&views)
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
        with_views(&encode(&rows), |back| {
            assert_eq!(back.len(), 2);
            for (r, b) in rows.iter().zip(back) {
                assert_eq!(
                    (&*r.target, &*r.tag, &*r.text, &*r.snippet, r.position, r.internal),
                    (b.target, b.tag, b.text, b.snippet, b.position, b.internal)
                );
                assert_eq!((r.invalid.as_deref(), r.fragment.as_deref()), (b.invalid, b.fragment));
                assert_eq!(r.exit_notice, b.exit_notice);
            }
        });
        assert_eq!(with_views("not json", |v| v.len()), 0);
    }
}
