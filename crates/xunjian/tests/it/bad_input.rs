//! Bad input gets one clear line on stderr and exit status 2, before anything is crawled,
//! and nothing already stored is lost.

use crate::hostile::{Hostile, Opts};
use crate::support::*;
use sqlx::{Connection, Row};

fn runs_in(db: &str) -> i64 {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(async {
        let mut c = sqlx::SqliteConnection::connect(&format!("sqlite://{db}")).await.unwrap();
        sqlx::query("SELECT COUNT(*) FROM runs WHERE status = 'finished'")
            .fetch_one(&mut c)
            .await
            .unwrap()
            .get::<i64, _>(0)
    })
}

fn assert_bad(out: &std::process::Output, needle: &str) {
    assert_eq!(out.status.code(), Some(2), "{}", show(out));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
    assert!(err.contains(needle), "stderr should mention `{needle}`: {err}");
}

#[test]
fn each_kind_of_bad_input_exits_2_and_keeps_the_store() {
    let site = Hostile::start(Opts { pages: 3, delay_ms: 0, traps: false });
    let w = Work::new();
    let db = w.db();
    let out = run(&["inspect", &site.url, "--db", &db, "-q"]);
    assert!(out.status.success(), "{}", show(&out));
    assert_eq!(runs_in(&db), 1);
    let hits = site.counters.hits("/");

    assert_bad(&run(&["inspect", "ht!tp:/bad url", "--db", &db]), "not a valid URL");
    assert_bad(&run(&["inspect", "ftp://example.gov.cn/", "--db", &db]), "http");
    assert_bad(
        &run(&["inspect", "--config", w.path("nope.toml").to_str().unwrap(), "--db", &db]),
        "cannot read config",
    );
    let broken = w.config("url = \"http://a.gov.cn/\"\nmax_pages = \n");
    assert_bad(&run(&["inspect", "--config", broken.to_str().unwrap(), "--db", &db]), "config");
    let typo = w.config(&format!("url = \"{}\"\nmax_page = 3\n", site.url));
    assert_bad(&run(&["inspect", "--config", typo.to_str().unwrap(), "--db", &db]), "max_page");
    assert_bad(&run(&["inspect", &site.url, "--db", &db, "--as-of", "2026-13-45"]), "--as-of");
    assert_bad(&run(&["inspect", &site.url, "--db", &db, "--fail-on", "severe"]), "--fail-on");
    assert_bad(&run(&["inspect", &site.url, "--db", &db, "--sites-at-once", "0"]), "--sites-at-once");
    assert_bad(&run(&["inspect", &site.url, "--db", &db, "--json", "/nonexistent-dir/r.json"]), "does not exist");
    assert_bad(&run(&["inspect", &site.url, "--db", "/proc/xunjian/x.db"]), "cannot open database");
    assert_bad(&run(&["inspect", &site.url, "--db", "postgres://127.0.0.1:1/none"]), "unsupported database");
    assert_bad(&run(&["inspect"]), "give a site URL");
    assert_bad(&run(&["page", w.path("missing.html").to_str().unwrap()]), "cannot read");

    assert_eq!(site.counters.hits("/"), hits, "bad input must be refused before crawling");
    assert_eq!(runs_in(&db), 1, "nothing stored was lost");
}

#[test]
fn a_locked_database_exits_2() {
    let site = Hostile::start(Opts { pages: 1, delay_ms: 0, traps: false });
    let w = Work::new();
    let db = w.db();
    let out = run(&["inspect", &site.url, "--db", &db, "-q"]);
    assert!(out.status.success(), "{}", show(&out));
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let mut lock = rt.block_on(sqlx::SqliteConnection::connect(&format!("sqlite://{db}"))).unwrap();
    rt.block_on(sqlx::query("BEGIN EXCLUSIVE").execute(&mut lock)).unwrap();
    assert_bad(&run(&["inspect", &site.url, "--db", &db]), "locked");
    rt.block_on(sqlx::query("ROLLBACK").execute(&mut lock)).unwrap();
    drop(lock);
    assert_eq!(runs_in(&db), 1);
}
