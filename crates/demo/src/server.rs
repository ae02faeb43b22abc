//! Serving plumbing shared by every demo server: a prepared response ([`Resource`]), the
//! counters and switches all servers share, the static assets (stylesheet, script, images),
//! and spawning an axum server with graceful shutdown.

use axum::Router;
use axum::body::{Body, Bytes};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// State every server shares.
#[derive(Debug, Default)]
pub(crate) struct Shared {
    /// The tamper switch (page_changed between two runs).
    pub tampered: AtomicBool,
    /// Requests served by all servers together.
    pub requests: AtomicU64,
    /// Homepage requests of the department site (for the flaky 503s).
    pub department_home_hits: AtomicU64,
}

impl Shared {
    /// Counts one request.
    pub(crate) fn count(&self) {
        self.requests.fetch_add(1, Ordering::Relaxed);
    }

    /// Whether the tamper switch is on.
    pub(crate) fn tampered(&self) -> bool {
        self.tampered.load(Ordering::Relaxed)
    }
}

/// A prepared response: status, content type, extra headers, body.
#[derive(Debug, Clone)]
pub(crate) struct Resource {
    /// HTTP status.
    pub status: StatusCode,
    /// `Content-Type`.
    pub content_type: &'static str,
    /// Extra headers (`Location` …).
    pub headers: Vec<(&'static str, String)>,
    /// Body bytes.
    pub body: Bytes,
}

impl Resource {
    /// 200 with a body of the given type.
    pub(crate) fn new(content_type: &'static str, body: impl Into<Bytes>) -> Self {
        Resource { status: StatusCode::OK, content_type, headers: Vec::new(), body: body.into() }
    }

    /// 200 UTF-8 HTML.
    pub(crate) fn html(s: String) -> Self {
        Resource::new("text/html; charset=utf-8", s)
    }

    /// A redirect to `location`.
    pub(crate) fn redirect(location: &str) -> Self {
        Resource::new("text/html; charset=utf-8", "<html><body>Moved</body></html>")
            .status(StatusCode::FOUND)
            .header("location", location.to_string())
    }

    /// Sets the status.
    pub(crate) fn status(mut self, status: StatusCode) -> Self {
        self.status = status;
        self
    }

    /// Adds a header.
    pub(crate) fn header(mut self, name: &'static str, value: String) -> Self {
        self.headers.push((name, value));
        self
    }

    /// The response to send.
    pub(crate) fn response(&self) -> Response {
        let mut r = Response::new(Body::from(self.body.clone()));
        *r.status_mut() = self.status;
        let h = r.headers_mut();
        h.insert(header::CONTENT_TYPE, HeaderValue::from_static(self.content_type));
        for (name, value) in &self.headers {
            if let Ok(v) = HeaderValue::from_str(value) {
                h.append(*name, v);
            }
        }
        r
    }
}

/// Adds the two security headers both government sites send (and leaves out
/// `Content-Security-Policy` and `Referrer-Policy`: planted `missing_security_header`).
pub(crate) fn security_headers(mut r: Response) -> Response {
    let h = r.headers_mut();
    h.insert("x-frame-options", HeaderValue::from_static("SAMEORIGIN"));
    h.insert("x-content-type-options", HeaderValue::from_static("nosniff"));
    r
}

/// A 1×1 transparent GIF (every image the demo serves).
pub(crate) const GIF: &[u8] = &[
    0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00,
    0x21, 0xf9, 0x04, 0x01, 0x00, 0x00, 0x00, 0x00, 0x2c, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x02,
    0x02, 0x44, 0x01, 0x00, 0x3b,
];

/// The stylesheet of both government sites.
pub(crate) const CSS: &str = "body{margin:0;font:14px/1.8 \"Microsoft YaHei\",sans-serif;color:#333}\n\
.header{background:#c00;color:#fff;padding:10px 20px}.site-name{font-size:28px;margin-left:12px}\n\
.search{float:right}.nav{background:#a00;padding:0 20px}.nav a{color:#fff;margin-right:14px}\n\
#menu-btn{display:none}.main{width:1100px;margin:0 auto}.footer{background:#eee;text-align:center;padding:16px}\n\
.date{float:right;color:#999}.row{border-bottom:1px dashed #ddd}.page{text-align:center}\n\
.content p{text-indent:2em}.sign{text-align:right}.info{color:#999;text-align:center}\n\
@media (max-width:640px){.nav{display:none}#menu-btn{display:block}.main{width:auto}}\n";

/// The shared script: `createPageHTML` of the TRS list templates (the pagination itself is
/// static HTML; the function only records the page count).
pub(crate) const COMMON_JS: &str = "function createPageHTML(total, current, prefix, suffix) {\n\
  window.pageInfo = { total: total, current: current, prefix: prefix, suffix: suffix };\n}\n";

/// The 404 page body.
pub(crate) fn not_found() -> Resource {
    Resource::html(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>404 页面不存在</title></head>\
         <body><h1>404</h1><p>您访问的页面不存在或已被删除。</p><p><a href=\"/\">返回首页</a></p></body></html>\n"
            .to_string(),
    )
    .status(StatusCode::NOT_FOUND)
}

/// Serves `app` on `listener` until `stop` turns true (or its sender is dropped).
pub(crate) fn spawn(listener: TcpListener, app: Router, mut stop: watch::Receiver<bool>) -> JoinHandle<()> {
    tokio::spawn(async move {
        let shutdown = async move {
            let _ = stop.wait_for(|s| *s).await;
        };
        let _ = axum::serve(listener, app).with_graceful_shutdown(shutdown).await;
    })
}
