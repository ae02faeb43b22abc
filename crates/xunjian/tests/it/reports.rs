//! Scoring and reports: `xunjian probe` stores probes and the 7-day availability rule reads
//! them; the HTML, XLSX, CSV and JSON reports of a site read back with what a supervising
//! office needs, crawled text escaped, and the comparison with the previous run.

use crate::hostile::{Hostile, Opts};
use crate::support::*;
use calamine::{Reader, Xlsx, open_workbook};
use sqlx::Connection;

/// A site whose homepage title and links carry markup and a formula, and one broken link.
fn hostile_text_site() -> (tokio::runtime::Runtime, String) {
    use axum::Router;
    use axum::http::{StatusCode, header};
    use axum::response::IntoResponse;
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    let l = rt.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).unwrap();
    let url = format!("http://{}/", l.local_addr().unwrap());
    let app = Router::new().fallback(|req: axum::extract::Request| async move {
        match req.uri().path() {
            "/" => (
                [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                "<html><head><title>&lt;script&gt;alert(1)&lt;/script&gt;</title></head><body>\
                 <a href=\"/gone.html\"><script>alert('x')</script>=HYPERLINK(\"http://evil\")</a>\
                 <a href=\"/gone.html?<img src=x onerror=alert(2)>\">坏</a></body></html>",
            )
                .into_response(),
            _ => StatusCode::NOT_FOUND.into_response(),
        }
    });
    rt.spawn(async move { axum::serve(l, app).await.unwrap() });
    (rt, url)
}

#[test]
fn reports_read_back_and_escape_crawled_text() {
    let (_rt, url) = hostile_text_site();
    let w = Work::new();
    let args = |n: &str| {
        vec![
            "inspect".to_string(),
            url.clone(),
            "--db".into(),
            w.db(),
            "-q".into(),
            "--json".into(),
            w.path(&format!("{n}.json")).to_string_lossy().into_owned(),
            "--html".into(),
            w.path(&format!("{n}.html")).to_string_lossy().into_owned(),
            "--xlsx".into(),
            w.path(&format!("{n}.xlsx")).to_string_lossy().into_owned(),
            "--csv".into(),
            w.path(&format!("{n}.csv")).to_string_lossy().into_owned(),
        ]
    };
    let o = xunjian().args(args("a")).output().unwrap();
    assert!(o.status.success(), "{}", show(&o));
    let html = std::fs::read_to_string(w.path("a.html")).unwrap();
    assert!(!html.contains("<script>alert"), "crawled markup must be escaped");
    assert!(!html.contains("<img src=x"), "crawled markup must be escaped");
    assert!(
        html.contains("&lt;a href=&quot;/gone.html&quot;&gt;=HYPERLINK(&quot;http://evil&quot;)&lt;/a&gt;"),
        "the evidence is shown, escaped (script text is not anchor text)"
    );
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; 网站巡检报告"), "the crawled title, escaped");
    assert!(html.contains("结论") && html.contains("问题清单") && html.contains("首次巡检"));

    let mut wb: Xlsx<_> = open_workbook(w.path("a.xlsx")).unwrap();
    assert_eq!(wb.sheet_names(), vec!["概况", "扣分", "问题清单", "栏目", "链接"]);
    let overview = wb.worksheet_range("概况").unwrap();
    let cell = |r: &calamine::Range<calamine::Data>, row: u32, col: u32| {
        r.get_value((row, col)).map(|v| v.to_string()).unwrap_or_default()
    };
    assert_eq!(cell(&overview, 1, 1), url);
    let findings = wb.worksheet_range("问题清单").unwrap();
    assert!(findings.rows().any(|r| r.iter().any(|c| *c == "broken_link")), "{findings:?}");
    let links = wb.worksheet_range("链接").unwrap();
    assert_eq!(links.rows().filter(|r| r.iter().any(|c| c.to_string().ends_with("/gone.html"))).count(), 1);
    let deductions = wb.worksheet_range("扣分").unwrap();
    assert!(deductions.rows().any(|r| r.iter().any(|c| *c == "link_availability")));

    let csv = std::fs::read_to_string(w.path("a.csv")).unwrap();
    assert!(csv.starts_with('\u{feff}'), "UTF-8 BOM for Excel");
    assert!(csv.lines().count() >= 3, "a header and the findings: {csv}");

    // Second run: nothing new, the same problems persist; the report says so.
    let o = xunjian().args(args("b")).output().unwrap();
    assert!(o.status.success(), "{}", show(&o));
    let r = w.json("b.json");
    assert_eq!(r["changes"]["new"].as_array().unwrap().len(), 0);
    assert!(r["changes"]["persisting"].as_u64().unwrap() >= 2);
    assert!(r["changes"]["previous_run"].is_string());
    let html = std::fs::read_to_string(w.path("b.html")).unwrap();
    assert!(html.contains("上次巡检"));
}

#[test]
fn probes_feed_the_availability_veto() {
    let site = Hostile::start(Opts { pages: 1, delay_ms: 0, traps: false });
    let w = Work::new();
    let db = w.db();
    let o = run(&["probe", &site.url, "--count", "3", "--interval", "0", "--db", &db, "--as-of", "2026-11-28"]);
    assert!(o.status.success(), "{}", show(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("100.0% (3/3)"), "{out}");
    assert!(out.contains("not measured"), "3 probes today are not 7 days × 20: {out}");
    assert_eq!(site.counters.hits("/"), 3);

    // The probes of the past week (as a scheduler would have stored them): 24 an hour apart
    // on each Beijing day of the window, 10 failed.
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(async {
        let mut c = sqlx::SqliteConnection::connect(&format!("sqlite://{db}")).await.unwrap();
        for d in 0..8 {
            for h in 0..24 {
                let at = format!("2026-11-{:02}T{:02}:10:00.000Z", 21 + d, h);
                let ok = !(d == 2 && h < 10);
                sqlx::query("INSERT INTO probes (site_id, url, at, ok, status, error, ttfb_ms, total_ms) VALUES (1, ?1, ?2, ?3, ?4, NULL, 5, 9)")
                    .bind(&site.url)
                    .bind(at)
                    .bind(ok)
                    .bind(if ok { 200 } else { 503 })
                    .execute(&mut c)
                    .await
                    .unwrap();
            }
        }
    });
    let o = run(&[
        "inspect",
        &site.url,
        "--db",
        &db,
        "--as-of",
        "2026-11-28",
        "--json",
        w.path("r.json").to_str().unwrap(),
        "-q",
    ]);
    assert!(o.status.success(), "{}", show(&o));
    let r = w.json("r.json");
    let down = findings(&r, "site_unreachable", None);
    assert_eq!(down.len(), 1, "10 of ~170 probes failed (5.9 %): a veto: {r}");
    assert_eq!(r["score"]["verdict"], "unqualified");
    assert!(r["score"]["veto_items"].as_array().unwrap().iter().any(|v| v["id"] == "V2"));
    // One day earlier the window lacks a full week of probes: not measured, never passed.
    let o = run(&[
        "inspect",
        &site.url,
        "--db",
        &db,
        "--as-of",
        "2026-11-26",
        "--fresh",
        "--json",
        w.path("r2.json").to_str().unwrap(),
        "-q",
    ]);
    assert!(o.status.success(), "{}", show(&o));
    let r = w.json("r2.json");
    assert!(findings(&r, "site_unreachable", None).is_empty());
    assert!(
        r["score"]["not_measured"].as_array().unwrap().iter().any(|n| n.as_str().unwrap().starts_with("V2")),
        "{r}"
    );
}

#[test]
fn the_next_run_lists_what_is_new_and_what_was_fixed() {
    use axum::Router;
    use axum::http::{StatusCode, header};
    use axum::response::IntoResponse;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    // The homepage links a missing page; before the second run it is edited to link another.
    let edited = Arc::new(AtomicBool::new(false));
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    let l = rt.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).unwrap();
    let url = format!("http://{}/", l.local_addr().unwrap());
    let e = edited.clone();
    let app = Router::new().fallback(move |req: axum::extract::Request| {
        let gone = if e.load(Ordering::SeqCst) { "/gone2.html" } else { "/gone1.html" };
        async move {
            match req.uri().path() {
                "/" => (
                    [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                    format!("<html><head><title>测试</title></head><body><a href=\"{gone}\">旧闻</a></body></html>"),
                )
                    .into_response(),
                _ => StatusCode::NOT_FOUND.into_response(),
            }
        }
    });
    rt.spawn(async move { axum::serve(l, app).await.unwrap() });
    let w = Work::new();
    let inspect = |n: &str| {
        let json = w.path(&format!("{n}.json"));
        let html = w.path(&format!("{n}.html"));
        let o = run(&[
            "inspect",
            &url,
            "--db",
            &w.db(),
            "-q",
            "--json",
            json.to_str().unwrap(),
            "--html",
            html.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{}", show(&o));
        (w.json(&format!("{n}.json")), std::fs::read_to_string(html).unwrap())
    };
    let broken = |r: &serde_json::Value| -> Vec<String> {
        findings(r, "broken_link", None).iter().map(|f| f["url"].as_str().unwrap().to_string()).collect()
    };

    let (first, _) = inspect("a");
    assert_eq!(broken(&first), vec![format!("{url}gone1.html")]);
    assert!(first["changes"]["previous_run"].is_null());
    assert_eq!(first["changes"]["new"].as_array().unwrap().len(), 0, "a first run lists nothing as new: {first:#}");
    let link = first["score"]["deductions"].as_array().unwrap().iter().find(|d| d["indicator"] == "link_availability");
    let link = link.unwrap_or_else(|| panic!("{first:#}"));
    assert_eq!((link["count"].as_u64(), link["findings"].as_array().unwrap().len()), (Some(1), 1));

    edited.store(true, Ordering::SeqCst);
    let (second, html) = inspect("b");
    assert_eq!(broken(&second), vec![format!("{url}gone2.html")]);
    let new: Vec<&str> = second["changes"]["new"].as_array().unwrap().iter().map(|k| k.as_str().unwrap()).collect();
    assert_eq!(new, vec![format!("broken_link|http_404|{url}gone2.html|{url}")], "{second:#}");
    let fixed = second["changes"]["fixed"].as_array().unwrap();
    assert_eq!(fixed.len(), 1, "{second:#}");
    assert_eq!(fixed[0]["url"], format!("{url}gone1.html"));
    assert!(html.contains("新增 1 项"), "{html}");
    assert_eq!(html.matches("class=\"new\">新</b>").count(), 1, "only the new finding is marked");
}
