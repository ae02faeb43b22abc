//! The built-in demo: `xunjian demo --once` works for a new user, and an inspection of the
//! demo sites reports the planted problems of the kinds the checks cover — each once, with
//! the right url and source — and nothing on the near-misses.

use crate::support::*;
use std::collections::BTreeSet;
use xunjian_demo::{Demo, DemoOptions, Needs};

/// The finding kinds whose checks exist; a kind joins this list with its check.
const CHECKED: &[&str] = &[
    "broken_link",
    "footer_missing",
    "crawl_limit",
    "unapproved_external_link",
    "dangerous_link",
    "missing_exit_notice",
    "homepage_not_updated",
    "column_not_updated",
    "blank_column",
    "undated_items",
    "consultation_unanswered",
    "consultation_missing",
    "service_guide_incomplete",
    "date_inconsistent",
];

#[test]
fn the_demo_command_runs_for_a_new_user() {
    let w = Work::new();
    let out = xunjian()
        .args(["demo", "--once", "--db", &w.db(), "--json", w.path("r.json").to_str().unwrap()])
        .env("XDG_DATA_HOME", w.path("data"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", show(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("滨江市人民政府") && stdout.contains("滨江市文化和旅游局"), "{stdout}");
    assert!(stdout.contains("排名"), "a league table of both sites: {stdout}");
    let r = w.json("r.1.json");
    assert_eq!(r["schema"], "xunjian.report/1");
    assert!(r["stats"]["pages"].as_u64().unwrap() > 50);
}

#[test]
fn every_planted_problem_of_a_checked_kind_is_reported_once() {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
    let demo = rt.block_on(Demo::start(DemoOptions::new(today))).unwrap();
    let w = Work::new();
    let cfg = w.config(&demo.config_toml());
    let out = run(&[
        "inspect",
        "--config",
        cfg.to_str().unwrap(),
        "--db",
        &w.db(),
        "--as-of",
        "2026-11-28",
        "--json",
        w.path("r.json").to_str().unwrap(),
        "-q",
    ]);
    assert!(out.status.success(), "{}", show(&out));
    let mut reported = BTreeSet::new();
    for file in ["r.1.json", "r.2.json"] {
        let r = w.json(file);
        for f in r["findings"].as_array().unwrap() {
            let kind = f["kind"].as_str().unwrap();
            if CHECKED.contains(&kind) {
                let key = (
                    kind.to_string(),
                    f["subtype"].as_str().map(str::to_string),
                    f["url"].as_str().unwrap().to_string(),
                    f["source"].as_str().map(str::to_string),
                );
                assert!(reported.insert(key.clone()), "reported twice: {key:?}");
            }
        }
    }
    let mut expected = BTreeSet::new();
    for p in demo.planted() {
        if p.needs != Needs::Crawl || !CHECKED.contains(&p.kind) {
            continue;
        }
        expected.insert((p.kind.to_string(), p.subtype.map(str::to_string), p.url.clone(), p.source.clone()));
    }
    let missing: Vec<_> = expected.difference(&reported).collect();
    let extra: Vec<_> = reported.iter().filter(|k| !expected.contains(*k)).collect();
    assert!(missing.is_empty(), "planted but not reported: {missing:#?}");
    assert!(extra.is_empty(), "reported but not planted: {extra:#?}");
    for (kind, url) in demo.near_misses() {
        assert!(!reported.iter().any(|(k, _, u, _)| k == kind && *u == url), "near miss reported: {kind} {url}");
    }
    rt.block_on(demo.shutdown());
}
