//! Link checking of targets on other hosts, and the approval register: each unique URL once,
//! HEAD refused → GET, redirects to a 404, loops, timeouts, `.invalid` hosts, politeness per
//! host, and approvals made with `xunjian links` changing the next report.

use crate::external::{Sites, TARGETS};
use crate::support::*;
use std::sync::atomic::Ordering;

fn inspect(w: &Work, sites: &Sites, extra: &str, out: &str) -> serde_json::Value {
    let cfg = w.config(&site_toml(&sites.site, &format!("recheck_delay_secs = 0.2\nconcurrency = 2\n{extra}")));
    let o = run(&[
        "inspect",
        "--config",
        cfg.to_str().unwrap(),
        "--db",
        &w.db(),
        "--as-of",
        "2026-11-28",
        "--json",
        w.path(out).to_str().unwrap(),
        "-q",
    ]);
    assert!(o.status.success(), "{}", show(&o));
    w.json(out)
}

#[test]
fn external_links_are_checked_once_each_and_classified() {
    let sites = Sites::start(6);
    let w = Work::new();
    let r = inspect(&w, &sites, "", "r.json");
    let broken: Vec<(String, String, String)> = findings(&r, "broken_link", None)
        .iter()
        .map(|f| {
            (
                f["subtype"].as_str().unwrap().to_string(),
                f["url"].as_str().unwrap().to_string(),
                f["source"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    // Six pages each hold one link to every target: one finding per occurrence.
    let of = |sub: &str, url: &str| broken.iter().filter(|(s, u, _)| s == sub && u == url).count();
    assert_eq!(of("http_404", &format!("{}/to404", sites.other)), 6, "{broken:#?}");
    assert_eq!(of("redirect_loop", &format!("{}/loop1", sites.other)), 6, "{broken:#?}");
    assert_eq!(of("timeout", &format!("{}/slow.html", sites.other)), 6, "{broken:#?}");
    assert_eq!(of("dns", "http://no-such-host.invalid/x"), 6, "{broken:#?}");
    assert_eq!(broken.len(), 24, "nothing else is broken: {broken:#?}");
    // Each unique URL was asked for once: resources with HEAD (a server refusing HEAD gets a
    // GET next), pages a visitor opens with GET (their title is a dangerous-link signal);
    // the suspected timeout was checked again once, after the delay.
    assert_eq!(sites.hits.path("/ok.html"), 1);
    assert_eq!(sites.hits.path("/shop.html"), 1);
    assert_eq!(sites.hits.get("HEAD /img.png"), 1);
    assert_eq!((sites.hits.get("HEAD /nohead.html"), sites.hits.get("GET /nohead.html")), (0, 1));
    assert_eq!((sites.hits.get("HEAD /nohead.png"), sites.hits.get("GET /nohead.png")), (1, 1));
    assert_eq!(sites.hits.path("/to404"), 1, "a confirmed 404 is not re-checked");
    assert_eq!(sites.hits.path("/slow.html"), 4, "timeout retried once, then re-checked once more after the delay");
    assert_eq!(sites.hits.path("/robots.txt"), 1, "robots.txt of the other host is read once");
    let max = sites.hits.max_inflight.load(Ordering::SeqCst);
    assert!(max <= 2, "the other host saw {max} concurrent requests with concurrency = 2");
    // Every occurrence is unapproved (nothing is in the register).
    assert_eq!(findings(&r, "unapproved_external_link", None).len(), 6 * (TARGETS.len() + 1));
}

#[test]
fn approvals_made_with_the_links_command_change_the_next_report() {
    let sites = Sites::start(2);
    let w = Work::new();
    let other_host = sites.other.trim_start_matches("http://").split(':').next().unwrap().to_string();
    let r = inspect(&w, &sites, "", "r1.json");
    let unapproved = |r: &serde_json::Value| {
        findings(r, "unapproved_external_link", None)
            .iter()
            .map(|f| f["url"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert!(unapproved(&r).iter().any(|u| u.starts_with(&sites.other)));

    let db = w.db();
    let o = run(&["links", "approve", &other_host, "--by", "王伟", "--on", "2026-01-05", "--db", &db]);
    assert!(o.status.success(), "{}", show(&o));
    let r = inspect(&w, &sites, "", "r2.json");
    assert!(unapproved(&r).iter().all(|u| !u.starts_with(&sites.other)), "{:?}", unapproved(&r));
    assert_eq!(unapproved(&r).len(), 2, "only the .invalid host is left: {:?}", unapproved(&r));

    // Revoked, then approved with an expiry before the as-of date: reported as expired.
    assert!(run(&["links", "revoke", &other_host, "--db", &db]).status.success());
    let o = run(&[
        "links",
        "approve",
        &other_host,
        "--by",
        "王伟",
        "--on",
        "2025-01-01",
        "--expires",
        "2026-01-01",
        "--db",
        &db,
    ]);
    assert!(o.status.success(), "{}", show(&o));
    let r = inspect(&w, &sites, "", "r3.json");
    let expired: Vec<_> = findings(&r, "unapproved_external_link", None)
        .into_iter()
        .filter(|f| f["url"].as_str().unwrap().starts_with(&sites.other))
        .collect();
    assert!(!expired.is_empty() && expired.iter().all(|f| f["message"].as_str().unwrap().contains("过期")));
    // Working external links are reused from the cache across runs (24 hours by default);
    // broken ones are checked again every run.
    assert_eq!(sites.hits.path("/ok.html"), 1, "three runs, one check of a working link");
    assert_eq!(sites.hits.path("/to404"), 3, "a broken link is checked again every run");

    // Export and import round-trip; bad rows are refused whole.
    let csv = w.path("approvals.csv");
    assert!(run(&["links", "export", csv.to_str().unwrap(), "--db", &db]).status.success());
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(
        text.starts_with("pattern,approved_by,approved_on,expires,site,note") && text.contains(&other_host),
        "{text}"
    );
    std::fs::write(&csv, format!("{text}*.gov.cn,李娜,2026-02-01,,,\nnot a host!,x,2026-01-01,,,\n")).unwrap();
    let o = run(&["links", "import", csv.to_str().unwrap(), "--db", &db]);
    assert_eq!(o.status.code(), Some(2), "{}", show(&o));
    let listed = run(&["links", "list", "--db", &db]);
    assert!(!String::from_utf8_lossy(&listed.stdout).contains("*.gov.cn"), "nothing imported from a bad file");
    // A wildcard approval from a config covers sub-domains; a bad approval is bad input.
    let o = run(&["links", "approve", "http//bad", "--by", "x", "--db", &db]);
    assert_eq!(o.status.code(), Some(2), "{}", show(&o));
}
