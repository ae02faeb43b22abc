//! End-to-end checks of the demo servers over real loopback sockets: the pages answer what
//! the manifest promises, the GBK section really is GBK, the tamper switch and the flaky
//! department homepage work, and the portal's internal links break exactly where planted.

use chrono::NaiveDate;
use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use xunjian_demo::{Demo, DemoOptions, Needs, Planted};

const BROWSER: &str = "Mozilla/5.0 (X11; Linux x86_64) xunjian-test";

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
}

/// One HTTP response.
struct Resp {
    status: u16,
    headers: HashMap<String, String>,
    body: Vec<u8>,
}

impl Resp {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(String::as_str)
    }
}

/// A raw HTTP/1.0 GET of an `http://host:port/path` URL.
async fn get_ua(url: &str, ua: &str) -> std::io::Result<Resp> {
    let rest = url.strip_prefix("http://").expect("http URL");
    let (hostport, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let mut s = TcpStream::connect(hostport).await?;
    let req = format!("GET {path} HTTP/1.0\r\nHost: {hostport}\r\nUser-Agent: {ua}\r\nConnection: close\r\n\r\n");
    s.write_all(req.as_bytes()).await?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).await?;
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("header end");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Ok(Resp { status, headers, body: raw[split + 4..].to_vec() })
}

async fn get(url: &str) -> Resp {
    get_ua(url, BROWSER).await.unwrap_or_else(|e| panic!("GET {url}: {e}"))
}

async fn start(opts: DemoOptions) -> Demo {
    Demo::start(opts).await.expect("demo starts")
}

fn find<'a>(planted: &'a [Planted], kind: &str, subtype: Option<&str>) -> Vec<&'a Planted> {
    planted.iter().filter(|p| p.kind == kind && p.subtype == subtype).collect()
}

/// Every `href="…"`/`src="…"` value of a page (ASCII-compatible bytes, so GBK works too).
fn links(body: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(body);
    let mut out = Vec::new();
    for attr in ["href=\"", "src=\""] {
        let mut rest = text.as_ref();
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            if let Some(end) = rest.find('"') {
                out.push(rest[..end].replace("&amp;", "&"));
            }
        }
    }
    out
}

/// Resolves an href found on `page_path` to an internal path, if it is internal.
fn internal(base: &str, page_path: &str, href: &str) -> Option<String> {
    if href.starts_with('#') || href.is_empty() {
        return None;
    }
    let href = href.split('#').next().unwrap();
    if let Some(rest) = href.strip_prefix(base.trim_end_matches('/')) {
        return Some(if rest.is_empty() { "/".into() } else { rest.into() });
    }
    if href.contains("://") || href.starts_with("javascript:") || href.starts_with("mailto:") {
        return None;
    }
    if href.starts_with('/') {
        return Some(href.into());
    }
    let dir = &page_path[..=page_path.split('?').next().unwrap().rfind('/').unwrap()];
    Some(format!("{dir}{href}"))
}

#[tokio::test]
async fn homepage_has_the_portal_footer_and_headers() {
    let demo = start(DemoOptions::new(today())).await;
    let r = get(&demo.portal_url()).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.header("x-frame-options"), Some("SAMEORIGIN"));
    assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
    assert!(r.header("content-security-policy").is_none());
    assert!(r.header("referrer-policy").is_none());
    let html = r.text();
    for needle in [
        "<title>滨江市人民政府</title>",
        "主办单位：滨江市人民政府办公室",
        "网站标识码：3301000001",
        "浙ICP备12345678号-1",
        "浙公网安备 <span>33010002000123号</span>",
        "class=\"skip\" href=\"#main\"",
        "style=\"display:none\"",
        "document.write('<a href=",
        "<div class=\"row\">",
    ] {
        assert!(html.contains(needle), "homepage lacks {needle}");
    }
    let robots = get(&format!("{}robots.txt", demo.portal_url())).await;
    assert!(robots.text().contains("Disallow: /admin/"));
    let soft = get(&format!("{}no-such-page-4711.html", demo.portal_url())).await;
    assert_eq!(soft.status, 404);
    assert!(demo.requests() >= 3);
    demo.shutdown().await;
}

#[tokio::test]
async fn the_disclosure_section_is_gbk_labelled_three_ways() {
    let demo = start(DemoOptions::new(today())).await;
    let list = get(&format!("{}xxgk/index.html", demo.portal_url())).await;
    assert_eq!(list.header("content-type"), Some("text/html; charset=GBK"));
    assert!(std::str::from_utf8(&list.body).is_err(), "GBK bytes are not UTF-8");
    let (text, _, bad) = encoding_rs::GBK.decode(&list.body);
    assert!(!bad);
    assert!(text.contains("政府信息公开") && text.contains("滨江市人民政府"));
    let mut seen = BTreeSet::new();
    for href in links(&list.body).into_iter().filter(|h| h.starts_with("/xxgk/2")) {
        let r = get(&format!("{}{}", demo.portal_url().trim_end_matches('/'), href)).await;
        assert_eq!(r.status, 200);
        assert!(std::str::from_utf8(&r.body).is_err());
        let (text, _, bad) = encoding_rs::GBK.decode(&r.body);
        assert!(!bad && text.contains("发布日期"), "{href}");
        let ct = r.header("content-type").unwrap().to_string();
        let meta = text.contains("charset=\"gb2312\"");
        let label = match (ct.as_str(), meta) {
            ("text/html; charset=GBK", false) => "header",
            ("text/html", true) => "meta",
            ("text/html", false) if !text.contains("charset") => "none",
            other => panic!("unexpected labelling {other:?} of {href}"),
        };
        seen.insert(label);
    }
    assert_eq!(seen, BTreeSet::from(["header", "meta", "none"]));
    demo.shutdown().await;
}

#[tokio::test]
async fn manifest_urls_answer_what_the_manifest_says() {
    let demo = start(DemoOptions::new(today())).await;
    let planted = demo.planted();
    for p in find(&planted, "broken_link", Some("http_404")).into_iter().chain(find(
        &planted,
        "broken_link",
        Some("http_500"),
    )) {
        let want: u16 = p.subtype.unwrap()[5..].parse().unwrap();
        assert_eq!(get(&p.url).await.status, want, "{}", p.url);
        let source = get(p.source.as_deref().unwrap()).await;
        assert_eq!(source.status, 200);
    }
    let lp = find(&planted, "broken_link", Some("redirect_loop"))[0];
    let a = get(&lp.url).await;
    assert_eq!(a.status, 302);
    let b = get(&format!("{}{}", demo.portal_url().trim_end_matches('/'), a.header("location").unwrap())).await;
    assert_eq!(b.status, 302);
    assert_eq!(b.header("location"), Some("/loop/a"));
    let dead = find(&planted, "broken_link", Some("connect"))[0];
    assert!(get_ua(&dead.url, BROWSER).await.is_err(), "nothing listens on {}", dead.url);

    assert_eq!(get(&format!("{}.git/HEAD", demo.portal_url())).await.text(), "ref: refs/heads/master\n");
    let zip = get(&format!("{}www.zip", demo.portal_url())).await;
    assert!(zip.body.starts_with(b"PK\x03\x04") && zip.body[zip.body.len() - 22..].starts_with(b"PK\x05\x06"));
    assert!(get(&format!("{}upload/", demo.portal_url())).await.text().contains("Index of /upload"));

    // Every content finding's page exists; leaked ID numbers carry valid check digits.
    let broken: HashSet<&str> = planted.iter().filter(|p| p.kind == "broken_link").map(|p| p.url.as_str()).collect();
    for p in planted.iter().filter(|p| p.needs == Needs::Crawl && !broken.contains(p.url.as_str())) {
        if p.url.starts_with("http://127.") {
            let r = get(&p.url).await;
            assert_eq!(r.status, 200, "{} {}", p.kind, p.url);
        }
    }
    for p in find(&planted, "personal_data", Some("id_card")) {
        let body = get(&p.url).await.body;
        if p.url.ends_with(".pdf") {
            // Its text is CIDs: only a reader that follows the ToUnicode CMap sees the numbers
            // (xunjian's demo integration test finds them).
            assert!(body.starts_with(b"%PDF-") && id_numbers(&String::from_utf8_lossy(&body)) == 0, "{}", p.url);
            continue;
        }
        // The DOCX entries are stored uncompressed, so its XML is readable as is.
        let ids = id_numbers(&String::from_utf8_lossy(&body));
        assert!(ids >= 3, "{} leaks {ids} IDs", p.url);
    }
    let gamble = get(&demo.hosts().gambling).await;
    assert!(gamble.text().contains("<title>澳门皇冠娱乐城-在线博彩-真人荷官</title>"));
    assert_eq!(get(&format!("{}tj.js", demo.hosts().scripts)).await.status, 200);
    for (kind, url) in demo.near_misses() {
        if url.starts_with(&demo.portal_url()) {
            assert_eq!(get(&url).await.status, 200, "near miss {kind} {url}");
        }
    }
    demo.shutdown().await;
}

/// Number of valid 18-digit resident ID numbers in a text.
fn id_numbers(text: &str) -> usize {
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let chars: Vec<char> = text.chars().collect();
    let mut n = 0;
    let mut i = 0;
    while i + 18 <= chars.len() {
        let c = &chars[i..i + 18];
        let before = i.checked_sub(1).map(|j| chars[j].is_ascii_digit()).unwrap_or(false);
        if !before && c[..17].iter().all(char::is_ascii_digit) && (c[17].is_ascii_digit() || c[17] == 'X') {
            let sum: u32 = c[..17].iter().zip(W).map(|(d, w)| d.to_digit(10).unwrap() * w).sum();
            if b"10X98765432"[(sum % 11) as usize] as char == c[17] {
                n += 1;
                i += 18;
                continue;
            }
        }
        i += 1;
    }
    n
}

#[tokio::test]
async fn the_tamper_switch_changes_the_homepage_and_one_article() {
    let demo = start(DemoOptions::new(today())).await;
    let planted = demo.planted();
    let article = find(&planted, "page_changed", Some("content"))[0].url.clone();
    let before_home = get(&demo.portal_url()).await.text();
    let before_art = get(&article).await.text();
    let before_list = get(&format!("{}ywdt/index.html", demo.portal_url())).await.text();
    assert!(!before_home.contains("cnzz.js"));
    demo.set_tampered(true);
    let after_home = get(&demo.portal_url()).await.text();
    let after_art = get(&article).await.text();
    let after_list = get(&format!("{}ywdt/index.html", demo.portal_url())).await.text();
    assert!(after_home.contains(&format!("{}cnzz.js", demo.hosts().scripts)));
    assert!(after_home.contains("f/1.html"));
    assert_ne!(before_art, after_art);
    let line = |s: &str| s.lines().find(|l| l.contains("发布时间")).unwrap().to_string();
    assert_eq!(line(&before_art), line(&after_art), "the publish date stays");
    assert!(
        after_list.contains("市政府召开森林防火工作部署会") && !before_list.contains("市政府召开森林防火工作部署会")
    );
    demo.set_tampered(false);
    assert_eq!(get(&demo.portal_url()).await.text(), before_home);
    demo.shutdown().await;
}

#[tokio::test]
async fn the_flaky_department_homepage_fails_every_nth_request() {
    let mut opts = DemoOptions::new(today());
    opts.department_flaky_every = 3;
    let demo = start(opts).await;
    let mut statuses = Vec::new();
    for _ in 0..9 {
        statuses.push(get(&demo.department_url()).await.status);
    }
    assert_eq!(statuses, [200, 200, 503, 200, 200, 503, 200, 200, 503]);
    assert_eq!(get(&format!("{}gzdt/index.html", demo.department_url())).await.status, 200);
    assert_eq!(find(&demo.planted(), "site_unreachable", None).len(), 1);
    let home = get(&demo.department_url()).await.text();
    assert!(home.contains("网站标识码：3301000012") && !home.contains("公网安备"));
    demo.shutdown().await;

    let steady = start(DemoOptions::new(today())).await;
    for _ in 0..5 {
        assert_eq!(get(&steady.department_url()).await.status, 200);
    }
    assert!(find(&steady.planted(), "site_unreachable", None).is_empty());
    steady.shutdown().await;
}

#[tokio::test]
async fn crawlers_get_the_cloaked_article() {
    let demo = start(DemoOptions::new(today())).await;
    let url = find(&demo.planted(), "cloaking", None)[0].url.clone();
    let browser = get(&url).await.text();
    let spider = get_ua(&url, "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)")
        .await
        .unwrap()
        .text();
    assert!(!browser.contains(&demo.hosts().gambling));
    assert!(spider.contains(&format!("{}e/1.html", demo.hosts().gambling)));
    demo.shutdown().await;
}

/// Crawls a site's internal links (obeying its robots rule for `/admin/`, cutting the
/// calendar trap) and returns the broken link occurrences (source, target, status) and the
/// number of HTML pages.
async fn crawl(base: &str) -> (BTreeSet<(String, String, u16)>, usize) {
    let origin = base.trim_end_matches('/').to_string();
    let mut queue = VecDeque::from(["/".to_string()]);
    let mut seen = HashSet::from(["/".to_string()]);
    let mut status = HashMap::new();
    let mut occurrences = Vec::new();
    let (mut html_pages, mut calendar) = (0, 0);
    while let Some(path) = queue.pop_front() {
        let r = get(&format!("{origin}{path}")).await;
        status.insert(path.clone(), r.status);
        let is_html = r.header("content-type").is_some_and(|c| c.starts_with("text/html"));
        if r.status != 200 || !is_html {
            continue;
        }
        html_pages += 1;
        for href in links(&r.body) {
            let Some(target) = internal(base, &path, &href) else {
                continue;
            };
            occurrences.push((path.clone(), target.clone()));
            if target.starts_with("/admin/") {
                continue; // robots.txt
            }
            if target.starts_with("/hdrl/") {
                calendar += 1;
                if calendar > 3 {
                    continue; // the trap
                }
            }
            if seen.insert(target.clone()) {
                queue.push_back(target);
            }
        }
    }
    let broken = occurrences
        .iter()
        .filter_map(|(src, t)| {
            status.get(t).filter(|s| **s >= 300).map(|s| (format!("{origin}{src}"), format!("{origin}{t}"), *s))
        })
        .collect();
    (broken, html_pages)
}

#[tokio::test]
async fn internal_links_break_exactly_where_planted() {
    let demo = start(DemoOptions::new(today())).await;
    let base = demo.portal_url();
    let (broken, html_pages) = crawl(&base).await;
    let planted: BTreeSet<(String, String, u16)> = demo
        .planted()
        .into_iter()
        // A `#fragment` link reaches a working page: not an HTTP failure.
        .filter(|p| p.kind == "broken_link" && p.subtype != Some("fragment") && p.url.starts_with(&base))
        .map(|p| {
            let code = match p.subtype.unwrap() {
                "redirect_loop" => 302,
                s => s[5..].parse().unwrap(),
            };
            (p.source.unwrap(), p.url, code)
        })
        .collect();
    assert_eq!(broken, planted);
    assert!((60..=130).contains(&html_pages), "{html_pages} HTML pages");
    let (broken, html_pages) = crawl(&demo.department_url()).await;
    assert!(broken.is_empty(), "{broken:?}");
    assert!((12..=20).contains(&html_pages), "{html_pages} department pages");
    demo.shutdown().await;
}

#[tokio::test]
async fn config_and_manifest_are_consistent() {
    let demo = start(DemoOptions::new(today())).await;
    let config = demo.config_toml();
    let parsed: toml::Table = toml::from_str(&config).expect("valid TOML");
    let sites = parsed["site"].as_array().unwrap();
    assert_eq!(sites.len(), 2);
    assert_eq!(sites[0]["url"].as_str(), Some(demo.portal_url().as_str()));
    assert_eq!(sites[1]["url"].as_str(), Some(demo.department_url().as_str()));
    let approved = sites[0]["links"]["approved"].as_array().unwrap();
    assert_eq!(approved[0]["pattern"].as_str(), Some("127.0.0.4"));
    assert!(approved[0].get("expires").is_none());
    assert!(approved[1]["expires"].as_str().unwrap() < "2026-11-28");

    let planted = demo.planted();
    let mut keys = HashSet::new();
    for p in &planted {
        assert!(keys.insert((p.kind, p.subtype, p.url.clone(), p.source.clone())), "duplicate {p:?}");
    }
    for kind in ["broken_link", "hidden_link", "personal_data", "date_inconsistent", "exposed_file", "crawl_limit"] {
        assert!(planted.iter().any(|p| p.kind == kind), "{kind}");
    }
    let misses: HashSet<(&str, String)> = demo.near_misses().into_iter().collect();
    for p in &planted {
        assert!(!misses.contains(&(p.kind, p.url.clone())), "{} {} both planted and a near miss", p.kind, p.url);
    }
    // Another day, the same problems.
    let later = start(DemoOptions::new(NaiveDate::from_ymd_opt(2027, 3, 15).unwrap())).await;
    let shape = |v: &[Planted]| v.iter().map(|p| (p.kind, p.subtype, p.needs)).collect::<Vec<_>>();
    assert_eq!(shape(&planted), shape(&later.planted()));
    later.shutdown().await;
    demo.shutdown().await;
}

#[tokio::test]
async fn shutdown_stops_every_server() {
    let demo = start(DemoOptions::new(today())).await;
    let urls = [demo.portal_url(), demo.department_url(), demo.hosts().shop.clone(), demo.hosts().gambling.clone()];
    for u in &urls {
        let _ = get(u).await;
    }
    assert_eq!(demo.requests(), 4);
    demo.shutdown().await;
    for u in &urls {
        assert!(get_ua(u, BROWSER).await.is_err(), "{u} still answers");
    }
}
