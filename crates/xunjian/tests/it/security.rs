//! Security and tampering on loopback: a hostile page set (hidden links, injected and
//! obfuscated scripts, cloaking by User-Agent and Referer, exposed files, a robots-refused
//! probe, weak headers) next to the legitimate look-alikes that must not be reported; a site
//! answering 200 to everything (soft 404); and TLS cases with certificates generated here
//! (valid, expired, expiring, wrong host, self-signed) behind a test root served with
//! tokio-rustls on 127.0.0.1.

use crate::support::*;
use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use std::collections::{BTreeSet, HashMap};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Requests seen by a test site.
#[derive(Default)]
struct Hits {
    paths: Mutex<HashMap<String, usize>>,
    inflight: AtomicUsize,
    max_inflight: AtomicUsize,
}

impl Hits {
    fn get(&self, path: &str) -> usize {
        self.paths.lock().unwrap().get(path).copied().unwrap_or(0)
    }
}

/// A test site on 127.0.0.1.
struct Site {
    url: String,
    hits: Arc<Hits>,
    _rt: tokio::runtime::Runtime,
}

#[derive(Clone)]
struct App {
    hits: Arc<Hits>,
    soft404: bool,
}

impl Site {
    fn start(soft404: bool) -> Site {
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
        let hits = Arc::new(Hits::default());
        let app = App { hits: hits.clone(), soft404 };
        let listener = rt.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).unwrap();
        let url = format!("http://{}/", listener.local_addr().unwrap());
        rt.spawn(async move {
            let router = Router::new().fallback(handle).with_state(app);
            let _ = axum::serve(listener, router).await;
        });
        Site { url, hits, _rt: rt }
    }
}

/// A dead port on another loopback address: every "external" target of the tests.
const SPAM: &str = "http://127.0.0.8:9";
/// An approved government host (dead too).
const GOV: &str = "http://127.0.0.4:9";

fn article(title: &str, date: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{title}</title></head><body>\
         <div class=\"nav\"><a href=\"/\">首页</a></div><div class=\"main\"><h1>{title}</h1>\
         <div class=\"info\">发布时间：{date} 09:00　来源：本站</div><div class=\"content\">{body}</div></div>\
         <div class=\"footer\"><p>主办单位：测试市人民政府办公室</p></div></body></html>"
    )
}

fn home() -> String {
    format!(
        r##"<!DOCTYPE html><html><head><meta charset="utf-8"><title>测试市人民政府</title>
<style>.skip{{position:absolute;left:-9999px}}.skip:focus{{left:0}}.sub{{display:none}}.menu:hover .sub{{display:block}}</style></head>
<body><a class="skip" href="#main">跳到主要内容</a>
<nav style="display:none"><a href="/a1.html">要闻</a><a href="/a3.html">通知</a></nav>
<ul class="menu"><li><a href="{GOV}/">省政府</a><div class="sub"><a href="{GOV}/sub/">省政府子站</a></div></li></ul>
<div id="main"><ul><li><a href="/a1.html">文章一</a></li><li><a href="/a2.html">文章二</a></li><li><a href="/a3.html">文章三</a></li>
<li><a href="/pack.html">混淆</a></li><li><a href="/redir.html">跳转</a></li><li><a href="/mobile.html">手机版</a></li>
<li><a href="/ext.html">外部脚本</a></li><li><a href="/docs/2026/report.csv">报表</a></li></ul></div>
<div style="display:none"><a href="{SPAM}/s1">澳门博彩</a></div>
<p style="font-size:0"><a href="{SPAM}/s2">s2</a></p>
<div style="height:0;overflow:hidden"><a href="{SPAM}/s3">s3</a></div>
<div style="display:none">我市开展打击赌博专项行动</div>
</body></html>"##
    )
}

async fn handle(State(app): State<App>, req: Request) -> Response {
    let path = req.uri().path().to_string();
    *app.hits.paths.lock().unwrap().entry(path.clone()).or_default() += 1;
    let n = app.hits.inflight.fetch_add(1, Ordering::SeqCst) + 1;
    app.hits.max_inflight.fetch_max(n, Ordering::SeqCst);
    tokio::time::sleep(Duration::from_millis(15)).await;
    let ua = req.headers().get(header::USER_AGENT).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    let referer = req.headers().get(header::REFERER).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    let resp = respond(&app, &path, &ua, &referer);
    app.hits.inflight.fetch_sub(1, Ordering::SeqCst);
    resp
}

fn ok(ct: &'static str, body: impl Into<Body>) -> Response {
    let mut r = Response::new(body.into());
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(ct));
    r
}

fn html(s: String) -> Response {
    ok("text/html; charset=utf-8", s)
}

fn respond(app: &App, path: &str, ua: &str, referer: &str) -> Response {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    if app.soft404 {
        return match path {
            "/robots.txt" => ok("text/plain", "User-agent: *\nDisallow:\n"),
            _ => html(article("软404站点首页", "2026-11-20", "<p>无论请求什么地址，这里都回答这一页。</p>")),
        };
    }
    match path {
        "/robots.txt" => ok("text/plain", "User-agent: *\nDisallow: /phpinfo.php\n"),
        "/" => {
            let mut r = html(home());
            let h = r.headers_mut();
            h.insert("server", HeaderValue::from_static("Apache/2.4.29 (Ubuntu)"));
            h.insert("x-powered-by", HeaderValue::from_static("PHP/5.6.40"));
            h.insert("set-cookie", HeaderValue::from_static("PHPSESSID=abc123; path=/"));
            h.insert("x-frame-options", HeaderValue::from_static("DENY"));
            h.insert("x-content-type-options", HeaderValue::from_static("nosniff"));
            h.insert("referrer-policy", HeaderValue::from_static("strict-origin-when-cross-origin"));
            r
        }
        "/a1.html" => html(article(
            "我市召开全市重点项目推进会",
            "2026-11-20",
            "<p>会议听取了重点项目进展情况汇报，部署下一阶段工作。</p>",
        )),
        "/a2.html" => {
            if referer.contains("baidu") {
                let mut r = Response::new(Body::from("moved"));
                *r.status_mut() = StatusCode::FOUND;
                r.headers_mut().insert(header::LOCATION, HeaderValue::from_static("http://127.0.0.8:9/landing"));
                return r;
            }
            let extra = if ua.contains("Baiduspider") || ua.contains("Googlebot") {
                format!(
                    "<div class=\"tags\"><a href=\"{SPAM}/casino\">澳门皇冠娱乐城</a> <a href=\"{SPAM}/bet\">真人荷官</a></div>"
                )
            } else {
                String::new()
            };
            html(article(
                "我市入选城市更新示范城市",
                "2026-11-21",
                &format!("<p>我市将统筹推进老旧小区改造。</p>{extra}"),
            ))
        }
        "/a3.html" => {
            // Varies per request, but not materially (a counter, an internal link).
            let n = COUNTER.fetch_add(1, Ordering::SeqCst);
            html(article(
                "关于做好冬季安全工作的通知",
                "2026-11-22",
                &format!("<p>各单位要落实安全责任。</p><p>浏览次数：{n}</p><a href=\"/a{}.html\">相关</a>", n % 3 + 1),
            ))
        }
        "/pack.html" => html(article(
            "统计数据发布",
            "2026-11-19",
            "<p>前三季度经济运行平稳。</p><script>eval(function(p,a,c,k,e,d){e=function(c){return c};return p}('0 1',2,2,'a|b'.split('|'),0,{}))</script>",
        )),
        "/redir.html" => html(article(
            "数字政府建设优秀案例",
            "2026-11-18",
            "<p>我市获评优秀案例。</p><script>var r=document.referrer;if(r.indexOf('baidu')>-1){window.location.href='http://127.0.0.8:9/';}</script>",
        )),
        "/mobile.html" => html(article(
            "手机版说明",
            "2026-11-17",
            "<p>移动端访问将自动跳转。</p><script>if(/iPhone|Android/i.test(navigator.userAgent)){location.href='/m/index.html';}</script>",
        )),
        "/ext.html" => html(article(
            "能源保供调研",
            "2026-11-16",
            &format!(
                "<p>市领导调研能源保供。</p><script src=\"{SPAM}/x.js\"></script><script src=\"{GOV}/gov.js\"></script>"
            ),
        )),
        "/docs/2026/report.csv" => ok("text/csv", "名称,数量\n甲,1\n"),
        "/docs/2026/" => html(
            "<html><head><title>Index of /docs/2026</title></head><body><h1>Index of /docs/2026</h1>\
             <pre><a href=\"report.csv\">report.csv</a></pre></body></html>"
                .into(),
        ),
        "/.git/HEAD" => ok("text/plain", "ref: refs/heads/main\n"),
        "/.env" => ok("text/plain", "APP_KEY=base64:abc\nDB_PASSWORD=secret\n"),
        "/backup.zip" => ok("application/zip", &b"PK\x03\x04\x14\x00\x00\x00\x08\x00"[..]),
        "/www.zip" => html(article("不是压缩包", "2026-11-01", "<p>这是一个普通网页。</p>")),
        "/phpinfo.php" => html("<html><head><title>phpinfo()</title></head><body>PHP Version 7.4</body></html>".into()),
        _ => {
            let mut r = html("<html><body>404</body></html>".into());
            *r.status_mut() = StatusCode::NOT_FOUND;
            r
        }
    }
}

fn keys(r: &serde_json::Value, kind: &str) -> BTreeSet<(String, String, String)> {
    findings(r, kind, None)
        .iter()
        .map(|f| {
            (
                f["subtype"].as_str().unwrap_or("").to_string(),
                f["url"].as_str().unwrap().to_string(),
                f["source"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

fn inspect(w: &Work, url: &str, extra: &str, out: &str, env: &[(&str, String)]) -> serde_json::Value {
    let cfg = w.config(&site_toml(
        url,
        &format!(
            "recheck_delay_secs = 0.2\nconcurrency = 2\n{extra}\n[[links.approved]]\npattern = \"127.0.0.4\"\napproved_by = \"王伟\"\napproved_on = \"2026-01-05\"\ngovernment = true\n"
        ),
    ));
    let mut cmd = xunjian();
    cmd.args([
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
    for (k, v) in env {
        cmd.env(k, v);
    }
    let o = cmd.output().unwrap();
    assert!(o.status.success(), "{}", show(&o));
    w.json(out)
}

#[test]
fn the_hostile_page_set_is_reported_precisely() {
    let site = Site::start(false);
    let w = Work::new();
    let r = inspect(&w, &site.url, "", "r.json", &[]);
    let u = |p: &str| format!("{}{p}", site.url);
    let home = site.url.clone();
    let set = |v: &[(&str, String, String)]| -> BTreeSet<(String, String, String)> {
        v.iter().map(|(a, b, c)| (a.to_string(), b.clone(), c.clone())).collect()
    };
    assert_eq!(
        keys(&r, "hidden_link"),
        set(&[
            ("display_none", format!("{SPAM}/s1"), home.clone()),
            ("other", format!("{SPAM}/s2"), home.clone()),
            ("zero_size", format!("{SPAM}/s3"), home.clone()),
        ])
    );
    assert_eq!(
        keys(&r, "suspicious_script"),
        set(&[
            ("unapproved_source", format!("{SPAM}/x.js"), u("ext.html")),
            ("obfuscated", u("pack.html"), u("pack.html")),
            ("redirect", u("redir.html"), u("redir.html")),
        ])
    );
    let cloaking = findings(&r, "cloaking", None);
    assert_eq!(cloaking.len(), 1, "{cloaking:#?}");
    assert_eq!(cloaking[0]["url"], u("a2.html"));
    let ev = cloaking[0]["evidence"].as_str().unwrap();
    assert!(
        ev.contains("baiduspider版") && ev.contains("娱乐城") && ev.contains("重定向") && ev.contains("浏览器版"),
        "{ev}"
    );
    let headers: BTreeSet<String> = keys(&r, "missing_security_header").into_iter().map(|k| k.0).collect();
    let want: BTreeSet<String> =
        ["content-security-policy", "set-cookie", "server", "x-powered-by"].iter().map(|s| s.to_string()).collect();
    assert_eq!(headers, want);
    assert!(findings(&r, "missing_security_header", None).iter().all(|f| f["url"] == home));
    assert_eq!(keys(&r, "tls_problem"), set(&[("no_https", home.clone(), String::new())]));
    assert_eq!(
        keys(&r, "exposed_file"),
        set(&[
            ("vcs", u(".git/HEAD"), String::new()),
            ("debug", u(".env"), String::new()),
            ("backup", u("backup.zip"), String::new()),
            ("listing", u("docs/2026/"), String::new()),
        ])
    );
    assert_eq!(site.hits.get("/phpinfo.php"), 0, "robots.txt refuses the probe");
    assert_eq!(site.hits.get("/.git/HEAD"), 1, "each probe once");
    let max = site.hits.max_inflight.load(Ordering::SeqCst);
    assert!(max <= 2, "{max} requests in flight with concurrency = 2");
    assert!(findings(&r, "page_changed", None).is_empty());
    assert!(findings(&r, "mixed_content", None).is_empty(), "an http site has no mixed content");
}

#[test]
fn a_site_answering_200_to_everything_has_no_exposed_files() {
    let site = Site::start(true);
    let w = Work::new();
    let r = inspect(&w, &site.url, "max_pages = 3", "r.json", &[]);
    assert!(findings(&r, "exposed_file", None).is_empty(), "{:#?}", findings(&r, "exposed_file", None));
    assert!(
        site.hits.get("/.git/HEAD") == 1 && site.hits.paths.lock().unwrap().keys().any(|k| k.contains("404-check"))
    );
}

// ---- TLS ----

use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

struct Ca {
    params: CertificateParams,
    key: KeyPair,
    pem: String,
}

fn ca() -> Ca {
    let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.distinguished_name.push(DnType::CommonName, "xunjian test root");
    let key = KeyPair::generate().unwrap();
    let pem = params.self_signed(&key).unwrap().pem();
    Ca { params, key, pem }
}

/// A leaf for `names`, valid from `from` to `to` days from now, signed by `ca` (self-signed without).
fn leaf(ca: Option<&Ca>, names: &[&str], from: i64, to: i64) -> (Vec<CertificateDer<'static>>, PrivateKeyDer<'static>) {
    let mut p = CertificateParams::new(names.iter().map(|s| s.to_string()).collect::<Vec<_>>()).unwrap();
    p.distinguished_name.push(DnType::CommonName, names[0]);
    let now = time::OffsetDateTime::now_utc();
    p.not_before = now + time::Duration::days(from);
    p.not_after = now + time::Duration::days(to);
    let key = KeyPair::generate().unwrap();
    let cert = match ca {
        Some(ca) => p.signed_by(&key, &Issuer::from_params(&ca.params, &ca.key)).unwrap(),
        None => p.self_signed(&key).unwrap(),
    };
    let der = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der()));
    (vec![cert.der().clone()], der)
}

/// Serves one page over TLS on 127.0.0.1; returns the port.
fn serve_tls(rt: &tokio::runtime::Runtime, chain: Vec<CertificateDer<'static>>, key: PrivateKeyDer<'static>) -> u16 {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = rt.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).unwrap();
    let port = listener.local_addr().unwrap().port();
    rt.spawn(async move {
        loop {
            let Ok((tcp, _)) = listener.accept().await else { return };
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                use tokio::io::{AsyncReadExt, AsyncWriteExt};
                let Ok(mut tls) = acceptor.accept(tcp).await else { return };
                let mut buf = Vec::new();
                let mut chunk = [0u8; 2048];
                while !buf.windows(4).any(|w| w == b"\r\n\r\n") && buf.len() < 16384 {
                    match tls.read(&mut chunk).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => buf.extend_from_slice(&chunk[..n]),
                    }
                }
                let head = String::from_utf8_lossy(&buf);
                let path = head.split_whitespace().nth(1).unwrap_or("/").to_string();
                let (status, body) = if path == "/" {
                    (
                        "200 OK",
                        "<html><head><meta charset=\"utf-8\"><title>HTTPS 站点</title></head><body><h1>HTTPS 站点</h1>\
                         <img src=\"http://127.0.0.8:9/banner.gif\" alt=\"横幅\"><p>正文</p></body></html>"
                            .to_string(),
                    )
                } else {
                    ("404 Not Found", "<html><body>404</body></html>".to_string())
                };
                let resp = format!(
                    "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = tls.write_all(resp.as_bytes()).await;
                let _ = tls.shutdown().await;
            });
        }
    });
    port
}

#[test]
fn certificates_are_judged_from_the_real_chain() {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    let root = ca();
    let w = Work::new();
    let root_file = w.path("root.pem");
    std::fs::write(&root_file, &root.pem).unwrap();
    let env = [("SSL_CERT_FILE", root_file.to_string_lossy().into_owned())];
    let mut results = Vec::new();
    for (name, (chain, key), want) in [
        ("valid", leaf(Some(&root), &["127.0.0.1"], -10, 200), vec![]),
        ("expired", leaf(Some(&root), &["127.0.0.1"], -100, -2), vec!["expired"]),
        ("expiring", leaf(Some(&root), &["127.0.0.1"], -100, 10), vec!["expiring"]),
        ("wrong host", leaf(Some(&root), &["www.example.test"], -10, 200), vec!["invalid"]),
        ("self-signed", leaf(None, &["127.0.0.1"], -10, 200), vec!["invalid"]),
    ] {
        let port = serve_tls(&rt, chain, key);
        let out = format!("{}.json", name.replace(' ', "_"));
        let r = inspect(&w, &format!("https://127.0.0.1:{port}/"), "max_pages = 3", &out, &env);
        let got: Vec<String> =
            findings(&r, "tls_problem", None).iter().map(|f| f["subtype"].as_str().unwrap().to_string()).collect();
        assert_eq!(got, want, "{name}: {:#?}", findings(&r, "tls_problem", None));
        results.push((name, port, r));
    }
    let (_, port, valid) = &results[0];
    assert!(valid["stats"]["pages"].as_u64().unwrap() >= 1, "the crawler trusts the same test root");
    assert_eq!(
        keys(valid, "mixed_content"),
        BTreeSet::from([(
            "".to_string(),
            "http://127.0.0.8:9/banner.gif".to_string(),
            format!("https://127.0.0.1:{port}/")
        )])
    );
    let hsts: Vec<_> = findings(valid, "missing_security_header", Some("strict-transport-security"));
    assert_eq!(hsts.len(), 1, "an https site without HSTS");
    let self_signed = findings(&results[4].2, "tls_problem", None);
    assert!(self_signed[0]["message"].as_str().unwrap().contains("自签名"), "{self_signed:#?}");
    let wrong = findings(&results[3].2, "tls_problem", None);
    assert!(wrong[0]["message"].as_str().unwrap().contains("域名"), "{wrong:#?}");

    // An http site whose https works but is not redirected to: no_https, and the certificate is fine.
    let site = Site::start(false);
    let r = inspect(&w, &site.url, &format!("https_port = {port}\nmax_pages = 2"), "http.json", &env);
    let tls = findings(&r, "tls_problem", None);
    assert_eq!(tls.len(), 1, "{tls:#?}");
    assert_eq!(tls[0]["subtype"], "no_https");
    assert!(tls[0]["message"].as_str().unwrap().contains("未跳转"), "{tls:#?}");
}
