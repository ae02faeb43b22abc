//! The CPU of page processing over the pages of a generated bench site, timed on one thread
//! with no network and no database: stage by stage (decode, parse, analyse, page checks,
//! tamper fingerprint, rows), then as a whole through `pipeline::PageHandler::process`, the
//! code the crawl runs (which also builds the link rows), so the breakdown can be checked
//! against it. It is the per-page budget behind BENCHMARKS.md's comparison with lychee.
//!
//! Run: `python3 bench/gen_site.py bench/site-10000 10000` (once), then
//! `cargo run --release --example stages -- bench/site-10000 1500` (the first 1,500 pages,
//! three rounds).

use sha2::Digest;
use std::hint::black_box;
use std::time::{Duration, Instant};
use url::Url;
use xunjian::pipeline::PageHandler;
use xunjian_core::checks::{self, page::Page, page::PageContext};
use xunjian_core::html::Document;
use xunjian_core::urlnorm::Scope;
use xunjian_core::{decode, pageinfo};
use xunjian_crawler::{FetchKind, Fetched, Handler, QueueItem};

const STAGES: [&str; 7] =
    ["decode", "parse", "analyze", "text and links", "page checks", "fingerprint", "rows (JSON, SHA-256)"];
const ROUNDS: usize = 3;

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().unwrap_or_else(|| "bench/site-10000".into());
    let n: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(1500);
    let list = std::fs::read_to_string(format!("{dir}.urls")).unwrap_or_else(|e| panic!("{dir}.urls: {e}"));
    let base = Url::parse("http://127.0.0.1:18080/").expect("url");
    let scope = Scope::new(&base, &[]);
    let ctx = PageContext {
        scope: scope.clone(),
        register: Default::default(),
        as_of: chrono::NaiveDate::from_ymd_opt(2026, 11, 28).expect("date"),
        lexicon: Default::default(),
    };
    let pages: Vec<(Url, Vec<u8>)> = list
        .lines()
        .take(n)
        .map(|path| {
            let file = if path.ends_with('/') { format!("{dir}{path}index.html") } else { format!("{dir}{path}") };
            (base.join(path).expect("url"), std::fs::read(&file).unwrap_or_else(|e| panic!("{file}: {e}")))
        })
        .collect();
    let handler = PageHandler { home: base.clone(), scope: scope.clone(), ctx: ctx.clone() };
    let mut spent = [Duration::ZERO; STAGES.len()];
    let mut whole = Duration::ZERO;
    for _ in 0..ROUNDS {
        for (url, body) in &pages {
            let mut t = Instant::now();
            let mut lap = |i: usize| {
                spent[i] += t.elapsed();
                t = Instant::now();
            };
            let decoded = decode::decode(body, Some("text/html"));
            lap(0);
            let doc = Document::parse(&decoded.text, url);
            lap(1);
            let info = pageinfo::analyze(&doc, false);
            lap(2);
            let text = doc.text();
            let links = doc.links();
            lap(3);
            let page = Page { doc: &doc, text: &text, info: &info, is_home: false };
            let findings = checks::page::run(&page, &ctx);
            lap(4);
            black_box(xunjian::security::fingerprint(&page, &links, &findings, &scope));
            lap(5);
            black_box(sha2::Sha256::digest(text.as_bytes()));
            black_box(serde_json::to_string(&info).ok());
            black_box(serde_json::to_string(&findings).ok());
            black_box(serde_json::to_string(&doc.anchors()).ok());
            lap(6);
            let item = QueueItem { url: url.clone(), depth: 1, kind: FetchKind::Page };
            let fetched = Fetched {
                status: 200,
                content_type: Some("text/html".into()),
                body: body.clone(),
                error: None,
                requests: 1,
                ..Fetched::failed(url, "")
            };
            let t = Instant::now();
            black_box(handler.process(&item, fetched));
            whole += t.elapsed();
        }
    }
    let total: Duration = spent.iter().sum();
    let per_page = |d: Duration| d.as_secs_f64() * 1000.0 / (ROUNDS * pages.len()) as f64;
    println!("{} pages of {dir}, {ROUNDS} rounds, one thread", pages.len());
    println!("| stage | ms/page | share |\n|---|---|---|");
    for (name, d) in STAGES.iter().zip(spent) {
        println!("| {name} | {:.3} | {:.0} % |", per_page(d), 100.0 * d.as_secs_f64() / total.as_secs_f64());
    }
    println!("| **total** | **{:.3}** | |", per_page(total));
    println!(
        "| `PageHandler::process` (the stages as the crawl runs them, with the link rows) | {:.3} | |",
        per_page(whole)
    );
}
