//! The crawler against the hostile site: politeness (per-host limit, robots.txt,
//! Retry-After) and every trap (calendar, redirect loop, huge page, gzip bomb, slow page,
//! unlabelled GBK, malformed HTML and URLs).

use crate::hostile::{Hostile, Opts};
use crate::support::*;
use std::sync::atomic::Ordering;

#[test]
fn never_more_than_the_configured_requests_per_host() {
    let site = Hostile::start(Opts { pages: 60, delay_ms: 40, traps: false });
    let w = Work::new();
    let cfg = w.config(&site_toml(&site.url, "concurrency = 3"));
    let out = run(&[
        "inspect",
        "--config",
        cfg.to_str().unwrap(),
        "--db",
        &w.db(),
        "--json",
        w.path("r.json").to_str().unwrap(),
        "-q",
    ]);
    assert!(out.status.success(), "{}", show(&out));
    let max = site.counters.max_inflight.load(Ordering::SeqCst);
    assert!(max <= 3, "the server saw {max} concurrent requests");
    assert!(max >= 2, "the crawl should use its allowance, saw {max}");
    let r = w.json("r.json");
    assert_eq!(r["stats"]["pages"], 61, "{r}");
    // every content page fetched exactly once
    for i in 0..60 {
        assert_eq!(site.counters.hits(&format!("/site/p{i}.html")), 1, "p{i}");
    }
}

#[test]
fn two_sites_of_one_host_are_never_inspected_at_once() {
    // Sites of a --config run several at a time; two on the same host must still share its
    // allowance, or the host would see twice the configured requests.
    let site = Hostile::start(Opts { pages: 30, delay_ms: 40, traps: false });
    let w = Work::new();
    let second = format!("{}site/p0.html", site.url);
    let toml = format!(
        "[[site]]\n{}\n[[site]]\n{}",
        site_toml(&site.url, "concurrency = 3"),
        site_toml(&second, "concurrency = 3").replace("测试站点", "第二站点")
    );
    let cfg = w.config(&toml);
    let out = run(&[
        "inspect",
        "--config",
        cfg.to_str().unwrap(),
        "--db",
        &w.db(),
        "--json",
        w.path("r.json").to_str().unwrap(),
        "-q",
    ]);
    assert!(out.status.success(), "{}", show(&out));
    let max = site.counters.max_inflight.load(Ordering::SeqCst);
    assert!(max <= 3, "the server saw {max} concurrent requests");
    // both reports written, in the order of the config
    assert_eq!(w.json("r.1.json")["site"]["name"], "测试站点");
    assert_eq!(w.json("r.2.json")["site"]["name"], "第二站点");
}

#[test]
fn robots_txt_is_obeyed_and_reported() {
    let site = Hostile::start(Opts { pages: 3, delay_ms: 0, traps: false });
    let w = Work::new();
    let cfg = w.config(&site_toml(&site.url, ""));
    let out = run(&[
        "inspect",
        "--config",
        cfg.to_str().unwrap(),
        "--db",
        &w.db(),
        "--json",
        w.path("r.json").to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", show(&out));
    assert_eq!(site.counters.hits("/private/secret.html"), 0);
    assert_eq!(site.counters.hits("/robots.txt"), 1);
    let r = w.json("r.json");
    let robots = findings(&r, "crawl_limit", Some("robots"));
    assert_eq!(robots.len(), 1, "{r}");
    assert!(robots[0]["evidence"].as_str().unwrap().contains("/private/secret.html"));

    // The site's own operators may turn robots.txt off.
    let w2 = Work::new();
    let cfg = w2.config(&site_toml(&site.url, "obey_robots = false"));
    let out = run(&["inspect", "--config", cfg.to_str().unwrap(), "--db", &w2.db()]);
    assert!(out.status.success(), "{}", show(&out));
    assert_eq!(site.counters.hits("/private/secret.html"), 1);
}

#[test]
fn every_trap_is_reported_capped_or_skipped() {
    let site = Hostile::start(Opts { pages: 5, delay_ms: 0, traps: true });
    let w = Work::new();
    let cfg = w.config(&site_toml(&site.url, ""));
    let child = xunjian()
        .args([
            "inspect",
            "--config",
            cfg.to_str().unwrap(),
            "--db",
            &w.db(),
            "--json",
            w.path("r.json").to_str().unwrap(),
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let peak = peak_rss_kib(child.id());
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", show(&out));
    let peak = peak.join().unwrap();
    assert!(peak < 200 * 1024, "peak RSS {peak} KiB while a 1 GiB gzip bomb was served");
    let r = w.json("r.json");

    // Retry-After: the 429 was retried after the pause and then worked.
    assert_eq!(site.counters.hits("/busy.html"), 2);
    assert!(
        findings(&r, "broken_link", None).iter().all(|f| !f["url"].as_str().unwrap().ends_with("/busy.html")),
        "{r}"
    );
    // The endless calendar was cut off.
    let cal = site.counters.hits_prefix("/cal");
    assert!((10..=250).contains(&cal), "calendar fetched {cal} times");
    assert_eq!(findings(&r, "crawl_limit", Some("trap")).len(), 1, "{r}");
    // The redirect loop is a broken link, reported once where it is linked.
    let loops = findings(&r, "broken_link", Some("redirect_loop"));
    assert_eq!(loops.len(), 1, "{r}");
    assert_eq!(loops[0]["source"], site.url.as_str());
    // The 6 MB page and the bomb were cut at the cap and noted.
    let size = findings(&r, "crawl_limit", Some("size"));
    let cut: Vec<&str> = size.iter().map(|f| f["url"].as_str().unwrap()).collect();
    assert!(cut.iter().any(|u| u.ends_with("/big.html")) && cut.iter().any(|u| u.ends_with("/bomb.html")), "{cut:?}");
    assert_eq!(site.counters.hits("/after-the-cap.html"), 0);
    // The slow page timed out (retried once), the crawl went on.
    let slow = findings(&r, "broken_link", Some("timeout"));
    assert_eq!(slow.len(), 1, "{r}");
    assert!(slow[0]["url"].as_str().unwrap().ends_with("/slow.html"));
    // Malformed URLs are reported; links inside malformed HTML are still followed.
    assert_eq!(findings(&r, "broken_link", Some("invalid_url")).len(), 2, "{r}");
    assert_eq!(site.counters.hits("/site/p3.html"), 1);
    // A plain 404.
    assert_eq!(findings(&r, "broken_link", Some("http_404")).len(), 1, "{r}");
}

#[test]
fn unlabelled_gbk_is_decoded() {
    let site = Hostile::start(Opts { pages: 1, delay_ms: 0, traps: true });
    let out = run(&["page", &format!("{}gbk.html", site.url), "--json"]);
    assert!(out.status.success(), "{}", show(&out));
    let page: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(page["schema"], "xunjian.page/1");
    assert_eq!(page["encoding"]["source"], "detected");
    assert_eq!(page["encoding"]["name"], "GBK");
    assert_eq!(page["title"], "关于做好冬季安全生产工作的通知");
    assert_eq!(page["publish_date"]["date"], "2026-11-20");
}

/// Samples the peak resident set (VmHWM) of a running process until it exits.
fn peak_rss_kib(pid: u32) -> std::thread::JoinHandle<u64> {
    std::thread::spawn(move || {
        let mut peak = 0;
        while let Ok(status) = std::fs::read_to_string(format!("/proc/{pid}/status")) {
            if let Some(kb) = status
                .lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse::<u64>().ok())
            {
                peak = peak.max(kb);
            }
            if status.lines().any(|l| l.starts_with("State:") && l.contains("zombie")) {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        peak
    })
}
