//! The per-page hot path of a crawl, function by function, over the 17 real government
//! pages in `tests/realpages` (2.5 MB of HTML, UTF-8 and GBK): decoding, parsing, link
//! extraction, URL normalisation, date extraction, page analysis, the page checks (hidden
//! links, scripts, mixed content, content scan) and the tamper fingerprint. Each reports
//! bytes of HTML per second, so regressions show as a drop.
//!
//! Run: `cargo bench -p xunjian-core --bench page`.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::Path;
use url::Url;
use xunjian_core::checks::page::{self as page_checks, PageContext};
use xunjian_core::html::Document;
use xunjian_core::{dates, decode, fingerprint, pageinfo, urlnorm};

struct Page {
    url: Url,
    bytes: Vec<u8>,
    text: String,
}

fn pages() -> Vec<Page> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/realpages");
    let truth: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("truth.json")).expect("truth.json")).expect("json");
    truth
        .as_array()
        .expect("a list")
        .iter()
        .map(|t| {
            let file = t["file"].as_str().expect("file");
            let bytes = std::fs::read(dir.join("pages").join(file)).expect("page");
            let url = t["original_url"]
                .as_str()
                .and_then(|u| Url::parse(u).ok())
                .unwrap_or_else(|| Url::parse(&format!("http://example.gov.cn/{file}")).expect("url"));
            let text = decode::decode(&bytes, None).text;
            Page { url, bytes, text }
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let pages = pages();
    let total: usize = pages.iter().map(|p| p.bytes.len()).sum();
    let docs: Vec<Document> = pages.iter().map(|p| Document::parse(&p.text, &p.url)).collect();
    let hrefs: Vec<(Url, Vec<String>)> = docs
        .iter()
        .zip(&pages)
        .map(|(d, p)| (p.url.clone(), d.links().into_iter().map(|l| l.href).collect()))
        .collect();
    let texts: Vec<String> = docs.iter().map(|d| d.text()).collect();

    let mut g = c.benchmark_group("page");
    g.throughput(Throughput::Bytes(total as u64));
    g.sample_size(20);
    g.bench_function("decode", |b| {
        b.iter(|| pages.iter().map(|p| decode::decode(black_box(&p.bytes), None).text.len()).sum::<usize>())
    });
    g.bench_function("parse", |b| {
        b.iter(|| pages.iter().map(|p| Document::parse(black_box(&p.text), &p.url).title().len()).sum::<usize>())
    });
    g.bench_function("links", |b| b.iter(|| docs.iter().map(|d| black_box(d).links().len()).sum::<usize>()));
    g.bench_function("text", |b| b.iter(|| docs.iter().map(|d| black_box(d).text().len()).sum::<usize>()));
    g.bench_function("resolve_normalise", |b| {
        b.iter(|| {
            hrefs
                .iter()
                .flat_map(|(base, hs)| hs.iter().map(move |h| (base, h)))
                .filter_map(|(base, h)| urlnorm::resolve(base, black_box(h)).ok())
                .map(|u| urlnorm::normalize(u).as_str().len())
                .sum::<usize>()
        })
    });
    g.bench_function("publish_date", |b| {
        b.iter(|| docs.iter().filter(|d| dates::publish_date(black_box(d)).is_some()).count())
    });
    g.bench_function("list_items", |b| {
        b.iter(|| docs.iter().map(|d| dates::list_items(black_box(d)).len()).sum::<usize>())
    });
    g.bench_function("analyze", |b| {
        b.iter(|| docs.iter().map(|d| pageinfo::analyze(black_box(d), false).title.len()).sum::<usize>())
    });
    let infos: Vec<pageinfo::PageInfo> = docs.iter().map(|d| pageinfo::analyze(d, false)).collect();
    let views: Vec<page_checks::Page<'_>> = docs
        .iter()
        .zip(&texts)
        .zip(&infos)
        .map(|((doc, text), info)| page_checks::Page { doc, text, info, is_home: false })
        .collect();
    // One context per page (its own site's scope), made once: building the lexicon is not
    // part of a page's work.
    let lexicon = xunjian_core::scan::Lexicon::default();
    let contexts: Vec<PageContext> = views
        .iter()
        .map(|v| PageContext {
            scope: urlnorm::Scope::new(&v.doc.url, &[]),
            register: Default::default(),
            as_of: chrono::NaiveDate::from_ymd_opt(2026, 11, 28).expect("date"),
            lexicon: lexicon.clone(),
        })
        .collect();
    g.bench_function("page_checks", |b| {
        b.iter(|| views.iter().zip(&contexts).map(|(v, ctx)| page_checks::run(black_box(v), ctx).len()).sum::<usize>())
    });
    let links: Vec<_> = docs.iter().map(|d| d.links()).collect();
    g.bench_function("fingerprint", |b| {
        b.iter(|| {
            views
                .iter()
                .zip(&links)
                .zip(&contexts)
                .map(|((v, l), ctx)| {
                    let fp = fingerprint::compute(v.doc, l, v.text, "article", None, Vec::new(), &ctx.scope);
                    black_box(fp).structure.len()
                })
                .sum::<usize>()
        })
    });
    g.bench_function("simhash", |b| {
        b.iter(|| texts.iter().map(|t| fingerprint::simhash(black_box(t))).fold(0, |a, h| a ^ h))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
