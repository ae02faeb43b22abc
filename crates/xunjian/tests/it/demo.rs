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
    "hidden_link",
    "suspicious_script",
    "cloaking",
    "missing_security_header",
    "tls_problem",
    "exposed_file",
    "mixed_content",
    "personal_data",
    "classified_marker",
    "sensitive_word",
    "wrong_expression",
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
    // Every column gets its class and status: (site, path, class, status).
    let (portal, department) = (demo.portal_url(), demo.department_url());
    let mut columns = Vec::new();
    for file in ["r.1.json", "r.2.json"] {
        let r = w.json(file);
        columns.extend(r["columns"].as_array().unwrap().iter().map(|c| {
            let s = |k: &str| c[k].as_str().unwrap_or("").to_string();
            (s("url"), s("class"), s("status"))
        }));
    }
    for (base, path, class, status) in [
        (&portal, "/ywdt/index.html", "news", "ok"),
        (&portal, "/gzdt/index.html", "news", "not_updated"),
        (&portal, "/bmdt/index.html", "news", "ok"),
        (&portal, "/tzgg/index.html", "notice", "not_updated"),
        (&portal, "/zcwj/index.html", "policy", "ok"),
        (&portal, "/xxgk/index.html", "basic", "ok"),
        (&portal, "/rsxx/index.html", "personnel", "blank"),
        (&portal, "/ghjh/index.html", "planning", "ok"),
        (&portal, "/tpxw/index.html", "news", "not_updated"),
        (&portal, "/ztzl/wmcs/index.html", "other", "ok"),
        (&portal, "/ldxx/index.html", "consultation", "ok"),
        (&portal, "/bszn/index.html", "service", "ok"),
        (&department, "/gzdt/index.html", "news", "not_updated"),
        (&department, "/tzgg/index.html", "notice", "ok"),
        (&department, "/zcwj/index.html", "policy", "ok"),
    ] {
        let url = format!("{}{path}", base.trim_end_matches('/'));
        let got = columns.iter().find(|(u, _, _)| *u == url);
        assert_eq!(
            got.map(|(_, c, s)| (c.as_str(), s.as_str())),
            Some((class, status)),
            "column {url} in {columns:#?}"
        );
    }
    rt.block_on(demo.shutdown());
}

/// Kinds the tamper switch changes: judged on the second inspection.
const TAMPER_CHECKED: &[&str] =
    &["page_changed", "hidden_link", "suspicious_script", "unapproved_external_link", "dangerous_link"];

type Key = (String, Option<String>, String, Option<String>);

/// The findings of `kinds` in the reports `{stem}.1.json` and `{stem}.2.json`, each once.
fn reported_keys(w: &Work, stem: &str, kinds: &[&str]) -> BTreeSet<Key> {
    let mut reported = BTreeSet::new();
    for file in [format!("{stem}.1.json"), format!("{stem}.2.json")] {
        for f in w.json(&file)["findings"].as_array().unwrap() {
            let kind = f["kind"].as_str().unwrap();
            if kinds.contains(&kind) {
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
    reported
}

#[test]
fn tampering_between_two_runs_is_reported_against_the_baseline_until_accepted() {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
    let demo = rt.block_on(Demo::start(DemoOptions::new(today))).unwrap();
    let w = Work::new();
    let cfg = w.config(&demo.config_toml());
    let inspect = |stem: &str| {
        let json = w.path(&format!("{stem}.json"));
        let args = ["inspect", "--config", cfg.to_str().unwrap(), "--db", &w.db(), "--as-of", "2026-11-28"];
        let out = run(&[&args[..], &["--json", json.to_str().unwrap(), "-q"]].concat());
        assert!(out.status.success(), "{}", show(&out));
        reported_keys(&w, stem, TAMPER_CHECKED)
    };
    let first = inspect("r1");
    assert!(!first.iter().any(|k| k.0 == "page_changed"), "the first run sets the baseline: {first:#?}");

    demo.set_tampered(true);
    let second = inspect("r2");
    let expected: BTreeSet<Key> = demo
        .planted()
        .into_iter()
        .filter(|p| matches!(p.needs, Needs::Crawl | Needs::SecondRun) && TAMPER_CHECKED.contains(&p.kind))
        .map(|p| (p.kind.to_string(), p.subtype.map(str::to_string), p.url, p.source))
        .collect();
    let missing: Vec<_> = expected.difference(&second).collect();
    let extra: Vec<_> = second.difference(&expected).collect();
    assert!(missing.is_empty(), "planted but not reported: {missing:#?}");
    assert!(extra.is_empty(), "reported but not planted: {extra:#?}");
    for (kind, url) in demo.near_misses() {
        assert!(!second.iter().any(|(k, _, u, _)| k == kind && *u == url), "near miss reported: {kind} {url}");
    }

    // The operator approves the new state: the next run compares with it.
    let out = run(&["baseline", "accept", "--all", "--db", &w.db()]);
    assert!(out.status.success(), "{}", show(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("基线"), "{}", show(&out));
    let third = inspect("r3");
    assert!(!third.iter().any(|k| k.0 == "page_changed"), "accepted: {third:#?}");
    let bad = run(&["baseline", "accept", "--db", &w.db()]);
    assert_eq!(bad.status.code(), Some(2), "a page or --all is required: {}", show(&bad));
    rt.block_on(demo.shutdown());
}
