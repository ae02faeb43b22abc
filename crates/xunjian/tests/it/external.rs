//! A site on 127.0.0.1 whose pages link another host (127.0.0.2) in every way a link checker
//! must handle: working pages, a server that refuses HEAD, a redirect to a 404, a redirect
//! loop, a page slower than the timeout, an unresolvable `.invalid` host, and the same
//! targets linked from many pages. The other host counts requests per method and path and
//! the requests in flight.

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Counters of the other host.
#[derive(Default)]
pub struct Hits {
    by: Mutex<HashMap<String, usize>>,
    inflight: AtomicUsize,
    /// Most requests in flight at once.
    pub max_inflight: AtomicUsize,
}

impl Hits {
    /// Requests seen as `METHOD /path`.
    pub fn get(&self, key: &str) -> usize {
        self.by.lock().unwrap().get(key).copied().unwrap_or(0)
    }
    /// Requests seen for `/path`, any method.
    pub fn path(&self, path: &str) -> usize {
        self.by
            .lock()
            .unwrap()
            .iter()
            .filter(|(k, _)| k.split_once(' ').is_some_and(|(_, p)| p == path))
            .map(|(_, v)| v)
            .sum()
    }
}

/// The site and the other host.
pub struct Sites {
    /// The site under inspection.
    pub site: String,
    /// The other host's base URL.
    pub other: String,
    /// The other host's counters.
    pub hits: Arc<Hits>,
    _rt: tokio::runtime::Runtime,
}

/// The external paths every page links.
pub const TARGETS: &[&str] =
    &["/ok.html", "/nohead.html", "/to404", "/loop1", "/slow.html", "/shop.html", "/img.png", "/nohead.png"];

impl Sites {
    /// Starts both servers; the site has `pages` pages, each linking every target.
    pub fn start(pages: usize) -> Sites {
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        let hits = Arc::new(Hits::default());
        let other_l = rt.block_on(tokio::net::TcpListener::bind("127.0.0.2:0")).unwrap();
        let other = format!("http://{}", other_l.local_addr().unwrap());
        let h = hits.clone();
        rt.spawn(async move { axum::serve(other_l, Router::new().fallback(other_host).with_state(h)).await.unwrap() });
        let site_l = rt.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).unwrap();
        let site = format!("http://{}/", site_l.local_addr().unwrap());
        let ctx = (other.clone(), pages);
        rt.spawn(async move { axum::serve(site_l, Router::new().fallback(site_pages).with_state(ctx)).await.unwrap() });
        Sites { site, other, hits, _rt: rt }
    }
}

async fn site_pages(State((other, pages)): State<(String, usize)>, req: Request) -> Response {
    let path = req.uri().path();
    let n: usize = path.trim_start_matches("/p").trim_end_matches(".html").parse().unwrap_or(0);
    if path != "/" && !path.starts_with("/p") {
        return StatusCode::NOT_FOUND.into_response();
    }
    let mut b = String::from("<html><head><title>测试</title></head><body>");
    for t in TARGETS {
        if t.ends_with(".png") {
            b.push_str(&format!("<img src=\"{other}{t}\" alt=\"图\">"));
        } else {
            b.push_str(&format!("<a href=\"{other}{t}\">外部{t}</a> "));
        }
    }
    b.push_str("<a href=\"http://no-such-host.invalid/x\">无此域名</a>");
    for j in 1..pages {
        if j != n {
            b.push_str(&format!("<a href=\"/p{j}.html\">第{j}页</a>"));
        }
    }
    b.push_str("</body></html>");
    let mut r = b.into_response();
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    r
}

async fn other_host(State(h): State<Arc<Hits>>, req: Request) -> Response {
    let key = format!("{} {}", req.method(), req.uri().path());
    *h.by.lock().unwrap().entry(key).or_default() += 1;
    // The slow page outlives the client's timeout: the client has given up (and freed its
    // slot) while the handler still sleeps, so it is left out of the in-flight count.
    let counted = req.uri().path() != "/slow.html";
    if counted {
        let n = h.inflight.fetch_add(1, Ordering::SeqCst) + 1;
        h.max_inflight.fetch_max(n, Ordering::SeqCst);
    }
    tokio::time::sleep(Duration::from_millis(30)).await;
    let head = req.method() == Method::HEAD;
    let r = match req.uri().path() {
        "/robots.txt" => StatusCode::NOT_FOUND.into_response(),
        "/ok.html" => html("<title>合作单位</title>正常"),
        "/shop.html" => html("<title>某某商城</title>购物"),
        "/img.png" => ([(header::CONTENT_TYPE, "image/png")], vec![0u8; 100]).into_response(),
        "/nohead.html" | "/nohead.png" if head => StatusCode::METHOD_NOT_ALLOWED.into_response(),
        "/nohead.png" => ([(header::CONTENT_TYPE, "image/png")], vec![0u8; 100]).into_response(),
        "/nohead.html" => html("<title>不支持HEAD</title>"),
        "/to404" => redirect("/gone.html"),
        "/loop1" => redirect("/loop2"),
        "/loop2" => redirect("/loop1"),
        "/slow.html" => {
            tokio::time::sleep(Duration::from_secs(5)).await;
            html("<title>慢</title>")
        }
        _ => StatusCode::NOT_FOUND.into_response(),
    };
    if counted {
        h.inflight.fetch_sub(1, Ordering::SeqCst);
    }
    r
}

fn html(s: &'static str) -> Response {
    let mut r = s.into_response();
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    r
}

fn redirect(to: &'static str) -> Response {
    let mut r = StatusCode::FOUND.into_response();
    r.headers_mut().insert(header::LOCATION, HeaderValue::from_static(to));
    r
}
