//! A hostile website on 127.0.0.1 for the crawler tests: it counts every request and the
//! requests in flight, and serves every trap the crawler must survive — robots.txt rules,
//! 429 with Retry-After, an endless calendar, a redirect loop, a 6 MB page, a gzip bomb,
//! a slow page, GBK without any charset label, malformed HTML and URLs.

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

/// What the site serves.
#[derive(Clone, Copy)]
pub struct Opts {
    /// Number of chained content pages under /site/.
    pub pages: usize,
    /// Each content page takes this long to answer.
    pub delay_ms: u64,
    /// Link the traps from the homepage.
    pub traps: bool,
}

/// Counters the tests read.
#[derive(Default)]
pub struct Counters {
    /// Requests per path (with query).
    pub hits: Mutex<HashMap<String, usize>>,
    inflight: AtomicUsize,
    /// Most requests in flight at once.
    pub max_inflight: AtomicUsize,
}

impl Counters {
    /// Requests seen for `path`.
    pub fn hits(&self, path: &str) -> usize {
        self.hits.lock().unwrap().get(path).copied().unwrap_or(0)
    }
    /// Requests seen whose path starts with `prefix`.
    pub fn hits_prefix(&self, prefix: &str) -> usize {
        self.hits.lock().unwrap().iter().filter(|(k, _)| k.starts_with(prefix)).map(|(_, v)| v).sum()
    }
}

/// The running site.
pub struct Hostile {
    /// Base URL, ending in `/`.
    pub url: String,
    /// Counters.
    pub counters: Arc<Counters>,
    _runtime: tokio::runtime::Runtime,
}

#[derive(Clone)]
struct AppState {
    opts: Opts,
    counters: Arc<Counters>,
}

impl Hostile {
    /// Starts the site on its own runtime (the tests themselves are synchronous).
    pub fn start(opts: Opts) -> Hostile {
        if opts.traps {
            bomb(); // compressing 1 GiB takes a while: not inside a request
        }
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        let counters = Arc::new(Counters::default());
        let state = AppState { opts, counters: counters.clone() };
        let listener = runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).unwrap();
        let addr = listener.local_addr().unwrap();
        let app = Router::new().fallback(handle).with_state(state);
        runtime.spawn(async move { axum::serve(listener, app).await.unwrap() });
        Hostile { url: format!("http://{addr}/"), counters, _runtime: runtime }
    }
}

fn html(body: String) -> Response {
    let mut r = body.into_response();
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    r
}

/// A gzip stream that inflates to 1 GiB of spaces inside an HTML page (made once).
fn bomb() -> &'static [u8] {
    static BOMB: OnceLock<Vec<u8>> = OnceLock::new();
    BOMB.get_or_init(|| {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        enc.write_all(b"<html><body><a href=\"/site/p0.html\">x</a>").unwrap();
        let chunk = vec![b' '; 1 << 20];
        for _ in 0..1024 {
            enc.write_all(&chunk).unwrap();
        }
        enc.finish().unwrap()
    })
}

async fn handle(State(s): State<AppState>, req: Request) -> Response {
    let path = req.uri().path().to_string();
    let full = req.uri().path_and_query().map(|p| p.as_str().to_string()).unwrap_or_default();
    // Hits count the crawler's own requests (its User-Agent names xunjian); the cloaking
    // check's extra fetches as Baiduspider/Googlebot/a browser are counted in flight only.
    let ua = req.headers().get(header::USER_AGENT).and_then(|v| v.to_str().ok()).unwrap_or("");
    if ua.contains("xunjian") {
        *s.counters.hits.lock().unwrap().entry(full.clone()).or_default() += 1;
    }
    let n = s.counters.inflight.fetch_add(1, Ordering::SeqCst) + 1;
    s.counters.max_inflight.fetch_max(n, Ordering::SeqCst);
    let resp = route(&s, &path, &full).await;
    s.counters.inflight.fetch_sub(1, Ordering::SeqCst);
    resp
}

async fn route(s: &AppState, path: &str, full: &str) -> Response {
    let o = s.opts;
    match path {
        "/robots.txt" => "User-agent: *\nDisallow: /private/\n".into_response(),
        "/" => {
            let mut b = String::from("<html><head><title>测试站点</title></head><body><h1>测试站点</h1>");
            for i in 0..o.pages.min(40) {
                b.push_str(&format!("<a href=\"/site/p{i}.html\">第{i}页</a> "));
            }
            b.push_str("<a href=\"/private/secret.html\">内部</a>");
            if o.traps {
                b.push_str(concat!(
                    "<a href=\"/busy.html\">忙</a><a href=\"/cal?month=0\">日历</a><a href=\"/loop/a\">循环</a>",
                    "<a href=\"/big.html\">大页面</a><a href=\"/bomb.html\">炸弹</a><a href=\"/slow.html\">慢</a>",
                    "<a href=\"/gbk.html\">GBK</a><a href=\"/bad.html\">坏</a><a href=\"/missing.html\">缺失</a>"
                ));
            }
            b.push_str("<div class=\"footer\">主办单位：测试市人民政府办公室 网站标识码3301000099 浙ICP备12345678号 浙公网安备 33010002000999号</div></body></html>");
            html(b)
        }
        p if p.starts_with("/site/p") => {
            tokio::time::sleep(Duration::from_millis(o.delay_ms)).await;
            let i: usize = p.trim_start_matches("/site/p").trim_end_matches(".html").parse().unwrap_or(0);
            let mut b = format!("<html><body><h1>第{i}页</h1><p>发布时间：2026-11-20</p>");
            for j in [i + 1, i + 2, i * 2 + 3] {
                if j < o.pages {
                    b.push_str(&format!("<a href=\"p{j}.html\">第{j}页</a>"));
                }
            }
            b.push_str("</body></html>");
            html(b)
        }
        "/busy.html" => {
            if s.counters.hits(full) == 1 {
                let mut r = (StatusCode::TOO_MANY_REQUESTS, "slow down").into_response();
                r.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
                r
            } else {
                html("<html><body>好了</body></html>".into())
            }
        }
        "/cal" => {
            let m: i64 = full.split("month=").nth(1).and_then(|v| v.parse().ok()).unwrap_or(0);
            html(format!("<html><body><a href=\"/cal?month={}\">上月</a><a href=\"/cal?month={}\">下月</a></body></html>", m - 1, m + 1))
        }
        "/loop/a" => redirect("/loop/b"),
        "/loop/b" => redirect("/loop/a"),
        "/big.html" => {
            let mut b = String::from("<html><body><a href=\"/site/p1.html\">开头</a><p>");
            b.push_str(&"大".repeat(2 * 1024 * 1024));
            b.push_str("</p><a href=\"/after-the-cap.html\">末尾</a></body></html>");
            html(b)
        }
        "/bomb.html" => {
            let mut r = Response::new(Body::from(bomb()));
            r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html"));
            r.headers_mut().insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
            r
        }
        "/slow.html" => {
            tokio::time::sleep(Duration::from_secs(8)).await;
            html("<html><body>终于</body></html>".into())
        }
        "/gbk.html" => {
            let page = "<html><head><title>关于做好冬季安全生产工作的通知</title></head><body><h1>关于做好冬季安全生产工作的通知</h1><p>各区县人民政府，市政府各部门：为切实做好全市冬季安全生产工作，现将有关事项通知如下。</p><p>发布时间：2026-11-20</p></body></html>";
            let (bytes, _, _) = encoding_rs::GBK.encode(page);
            let mut r = Response::new(Body::from(bytes.into_owned()));
            r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html"));
            r
        }
        "/bad.html" => html(
            "<html><body><table><tr><td><a href=\"http://[::1\">坏地址</a><td><a href='/site/p2.html'>好地址</a></table></div></span>\
             <a href=\"http://exa mple.invalid/x\">空格</a><p>未闭合<a href=\"/site/p3.html\">再一个"
                .into(),
        ),
        _ => (StatusCode::NOT_FOUND, html("<html><body>404 页面不存在</body></html>".into())).into_response(),
    }
}

fn redirect(to: &'static str) -> Response {
    let mut r = StatusCode::FOUND.into_response();
    r.headers_mut().insert(header::LOCATION, HeaderValue::from_static(to));
    r
}
