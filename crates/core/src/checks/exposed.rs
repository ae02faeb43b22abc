//! `exposed_file`: files and listings that must never be public (`url` is the file).
//! - The probes: a short list of well-known paths ([`PROBES`]) plus the directories holding
//!   the site's attachments, each confirmed by its content — `ref: refs/` in `.git/HEAD`, a
//!   zip/rar/gzip magic number in a backup, `<title>phpinfo()</title>`, `KEY=value` lines in
//!   `.env`, `CREATE TABLE` in a dump, an `Index of /` page — never by the status alone.
//! - Soft-404 guard: a path that cannot exist is asked for first; when the site answers it
//!   with 200, a probe whose answer is the same page is not a finding.
//! - Directory listings met during the crawl (a page titled `Index of /…`).

use super::SiteData;
use super::security::ProbeResult;
use crate::finding::{Finding, Kind, Severity};
use std::collections::BTreeSet;

/// The probed paths and the subtype each would be: (path, subtype).
pub const PROBES: &[(&str, &str)] = &[
    ("/.git/HEAD", "vcs"),
    ("/.git/config", "vcs"),
    ("/.svn/entries", "vcs"),
    ("/.svn/wc.db", "vcs"),
    ("/.env", "debug"),
    ("/www.zip", "backup"),
    ("/wwwroot.zip", "backup"),
    ("/web.zip", "backup"),
    ("/backup.zip", "backup"),
    ("/www.rar", "backup"),
    ("/wwwroot.rar", "backup"),
    ("/backup.tar.gz", "backup"),
    ("/backup.sql", "backup"),
    ("/phpinfo.php", "debug"),
    ("/info.php", "debug"),
    ("/WEB-INF/web.xml", "debug"),
    ("/upload/", "listing"),
    ("/uploads/", "listing"),
    ("/files/", "listing"),
    ("/backup/", "listing"),
];

/// Most attachment directories probed besides [`PROBES`].
pub const MAX_DIR_PROBES: usize = 5;

/// Runs the check.
pub fn check(site: &SiteData) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    if let Some(p) = &site.security.probes {
        for r in &p.results {
            if let Some((sub, why)) = classify(r, p.soft404.as_ref())
                && seen.insert(r.url.clone())
            {
                out.push(finding(&r.url, sub, &why));
            }
        }
    }
    for page in site.pages.iter().filter(|p| !p.external && p.status < 300 && p.error.is_none()) {
        if listing_title(&page.title) && seen.insert(page.url.to_string()) {
            out.push(finding(&page.url, "listing", &format!("网页标题“{}”", page.title)));
        }
    }
    out
}

fn finding(url: &str, sub: &str, why: &str) -> Finding {
    let (sev, zh) = match sub {
        "vcs" => (Severity::High, "版本库文件暴露（可下载网站源代码）"),
        "backup" => (Severity::High, "网站备份文件可被下载"),
        "debug" => (Severity::High, "调试或配置信息暴露"),
        _ => (Severity::Medium, "目录列表可被浏览"),
    };
    Finding::new(Kind::ExposedFile, sev, url, format!("{zh} / exposed {sub}")).subtype(sub).evidence(why)
}

fn listing_title(title: &str) -> bool {
    let t = title.trim().to_ascii_lowercase();
    t.starts_with("index of /") || t.starts_with("directory listing for /")
}

/// The subtype and the evidence when a probe's answer confirms an exposure.
pub fn classify(r: &ProbeResult, soft404: Option<&ProbeResult>) -> Option<(&'static str, String)> {
    if !(200..300).contains(&r.status) || r.redirected || r.len == 0 {
        return None;
    }
    if let Some(s) = soft404
        && (200..300).contains(&s.status)
        && s.text == r.text
        && s.magic == r.magic
    {
        return None;
    }
    let path = url::Url::parse(&r.url).map(|u| u.path().to_string()).unwrap_or_default();
    let text = r.text.as_str();
    let lower = text.to_ascii_lowercase();
    let html = lower.contains("<html") || lower.contains("<!doctype") || lower.contains("<body");
    let first = text.lines().next().unwrap_or("").trim();
    let quote = |s: &str| crate::finding::cap_chars(s.trim(), 80);
    let magic = r.magic.to_ascii_lowercase();
    if path.ends_with("/.git/HEAD") {
        let ok = first.starts_with("ref: refs/") || (first.len() == 40 && first.chars().all(|c| c.is_ascii_hexdigit()));
        return ok.then(|| ("vcs", format!("内容: {}", quote(first))));
    }
    if path.ends_with("/.git/config") {
        return (lower.contains("[core]") && !html).then(|| ("vcs", format!("内容: {}", quote(first))));
    }
    if path.ends_with("/.svn/entries") {
        let ok = (first.chars().all(|c| c.is_ascii_digit()) && !first.is_empty()) || lower.contains("<wc-entries");
        return (ok && !html).then(|| ("vcs", format!("内容: {}", quote(first))));
    }
    if path.ends_with("/.svn/wc.db") {
        return magic.starts_with("53514c69746520666f726d6174").then(|| ("vcs", "SQLite 数据库 (wc.db)".to_string()));
    }
    if path.ends_with("/.env") {
        let vars = text
            .lines()
            .filter(|l| {
                let l = l.trim();
                l.split_once('=').is_some_and(|(k, _)| {
                    !k.is_empty() && k.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
                })
            })
            .count();
        return (vars >= 2 && !html)
            .then(|| ("debug", format!("{vars} 个环境变量，如 {}", quote(first.split('=').next().unwrap_or("")))));
    }
    if path.ends_with(".zip") {
        return magic.starts_with("504b0304").then(|| ("backup", format!("zip 压缩包 ({} 字节已读)", r.len)));
    }
    if path.ends_with(".rar") {
        return magic.starts_with("526172211a07").then(|| ("backup", "rar 压缩包".to_string()));
    }
    if path.ends_with(".tar.gz") {
        return magic.starts_with("1f8b").then(|| ("backup", "gzip 压缩包".to_string()));
    }
    if path.ends_with(".sql") {
        let ok =
            !html && (lower.contains("create table") || lower.contains("insert into") || lower.contains("mysql dump"));
        return ok.then(|| ("backup", format!("数据库导出: {}", quote(first))));
    }
    if path.ends_with(".php") {
        let ok =
            lower.contains("<title>phpinfo()</title>") || (lower.contains("php version") && lower.contains("phpinfo"));
        return ok.then(|| ("debug", "phpinfo() 页面".to_string()));
    }
    if path.ends_with("/WEB-INF/web.xml") {
        return (lower.contains("<web-app") && !lower.contains("<html"))
            .then(|| ("debug", "WEB-INF/web.xml 部署描述".to_string()));
    }
    if path.ends_with('/') {
        // ASCII lower-casing keeps byte offsets: find in `lower`, quote from `text`.
        let title = lower
            .find("<title>")
            .map(|i| i + 7)
            .and_then(|i| lower[i..].find("</title>").map(|j| &text[i..i + j]))
            .unwrap_or("");
        let ok = listing_title(title)
            || lower.contains("<h1>index of /")
            || lower.contains("[to parent directory]")
            || lower.contains("directory listing for /");
        return ok.then(|| ("listing", format!("目录列表: {}", quote(title))));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn probe(url: &str, status: u16, body: &[u8]) -> ProbeResult {
        ProbeResult {
            url: url.into(),
            status,
            content_type: None,
            redirected: false,
            magic: body.iter().take(16).map(|b| format!("{b:02x}")).collect(),
            text: String::from_utf8_lossy(body).into_owned(),
            len: body.len(),
        }
    }

    #[test]
    fn confirmed_by_content() {
        let cases: &[(&str, &[u8], Option<&str>)] = &[
            ("http://s/.git/HEAD", b"ref: refs/heads/master\n", Some("vcs")),
            ("http://s/.git/HEAD", b"<html><body>Not here</body></html>", None),
            ("http://s/www.zip", b"PK\x03\x04\x14\x00\x00\x00", Some("backup")),
            ("http://s/www.zip", b"<!DOCTYPE html><html>home</html>", None),
            ("http://s/wwwroot.rar", b"Rar!\x1a\x07\x00", Some("backup")),
            ("http://s/phpinfo.php", b"<html><head><title>phpinfo()</title></head>", Some("debug")),
            ("http://s/.env", b"APP_KEY=base64:x\nDB_PASSWORD=secret\n", Some("debug")),
            ("http://s/.env", b"<html>APP=1\nB=2</html>", None),
            (
                "http://s/upload/",
                b"<html><head><title>Index of /upload</title></head><body><h1>Index of /upload</h1>",
                Some("listing"),
            ),
            ("http://s/upload/", b"<html><head><title>Upload</title></head><body>files</body></html>", None),
            ("http://s/backup.sql", b"-- MySQL dump 10.13\nCREATE TABLE `user`", Some("backup")),
        ];
        for (url, body, want) in cases {
            assert_eq!(
                classify(&probe(url, 200, body), None).map(|c| c.0),
                *want,
                "{url} {:?}",
                String::from_utf8_lossy(body)
            );
        }
        assert_eq!(classify(&probe("http://s/www.zip", 404, b"PK\x03\x04"), None), None);
    }

    #[test]
    fn a_site_answering_200_to_everything_is_not_flagged() {
        let page = b"<html><head><title>Index of /</title></head></html>";
        let soft = probe("http://s/xunjian-404-check/", 200, page);
        assert_eq!(classify(&probe("http://s/upload/", 200, page), Some(&soft)), None);
    }
}
