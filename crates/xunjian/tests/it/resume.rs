//! Durability: an inspection killed with SIGKILL loses nothing already stored, and running
//! the same command again resumes it instead of starting over.

use crate::hostile::{Hostile, Opts};
use crate::support::*;
use std::time::{Duration, Instant};

#[test]
fn a_killed_inspection_resumes_where_it_stopped() {
    let site = Hostile::start(Opts { pages: 300, delay_ms: 30, traps: false });
    let w = Work::new();
    let cfg = w.config(&site_toml(&site.url, "concurrency = 2"));
    let (db, json) = (w.db(), w.path("r.json"));
    let args = ["inspect", "--config", cfg.to_str().unwrap(), "--db", &db, "--json", json.to_str().unwrap(), "-q"];
    let mut child =
        xunjian().args(args).stdout(std::process::Stdio::null()).stderr(std::process::Stdio::null()).spawn().unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while site.counters.hits_prefix("/site/") < 80 {
        assert!(Instant::now() < deadline, "the crawl never got going");
        std::thread::sleep(Duration::from_millis(10));
    }
    child.kill().unwrap(); // SIGKILL: no chance to clean up
    child.wait().unwrap();
    let before = site.counters.hits_prefix("/site/");
    assert!(before < 300, "the crawl finished before it could be killed");

    let out = run(&args);
    assert!(out.status.success(), "{}", show(&out));
    assert!(String::from_utf8_lossy(&out.stderr).contains("resumed"), "{}", show(&out));
    let r = w.json("r.json");
    assert_eq!(r["stats"]["pages"], 301, "every page is in the report");
    let total = site.counters.hits_prefix("/site/");
    // Only what was in flight (or not yet committed) at the kill is fetched twice.
    assert!(total <= 300 + 20, "{total} page fetches for 300 pages: the resumed run started over");
    assert_eq!(site.counters.hits("/"), 1, "the homepage was stored before the kill and not fetched again");
}
