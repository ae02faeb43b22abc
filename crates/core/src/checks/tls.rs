//! `tls_problem`, judged once per site from the real certificate chain the TLS inspection read
//! (`url` is the homepage, or the https origin when the site itself is http):
//! - `no_https`: the homepage is served over http and either nothing answers TLS on the https
//!   port, or https works but http does not redirect to it (medium);
//! - `expired`: the leaf certificate's notAfter has passed (high);
//! - `expiring`: it expires within 30 days (medium);
//! - `invalid`: the chain does not verify for another reason — untrusted or self-signed
//!   issuer, a hostname the certificate does not cover, not yet valid (high).

use super::SiteData;
use crate::finding::{Finding, Kind, Severity};

/// Days before notAfter from which a certificate counts as expiring.
pub const EXPIRING_DAYS: i64 = 30;

/// Runs the check.
pub fn check(site: &SiteData) -> Vec<Finding> {
    let Some(t) = &site.security.tls else { return Vec::new() };
    let mut out = Vec::new();
    let cert = || {
        format!(
            "证书主体 {} · 颁发者 {} · 有效期至 {} · 域名 {}",
            t.subject,
            t.issuer,
            t.not_after.as_deref().unwrap_or("?"),
            crate::finding::cap_chars(&t.names.join(","), 80)
        )
    };
    if !t.https_home {
        let (msg, evidence) = match &t.unreachable {
            Some(why) => (
                "网站不支持 HTTPS / the site has no https",
                format!("首页为 http；{} 无法建立 TLS 连接（{why}）", t.origin),
            ),
            None => (
                "网站提供 HTTPS 但 HTTP 未跳转到 HTTPS / http does not redirect to https",
                format!("首页为 http 且未重定向；{} 可用", t.origin),
            ),
        };
        out.push(Finding::new(Kind::TlsProblem, Severity::Medium, &t.page, msg).subtype("no_https").evidence(evidence));
    }
    if t.unreachable.is_some() {
        return out;
    }
    let url = if t.https_home { t.page.as_str() } else { t.origin.as_str() };
    let expired = t.verify_error.as_deref() == Some("expired") || t.days_left.is_some_and(|d| d < 0);
    if expired {
        out.push(
            Finding::new(Kind::TlsProblem, Severity::High, url, "HTTPS 证书已过期 / certificate expired")
                .subtype("expired")
                .evidence(cert()),
        );
    } else if let Some(days) = t.days_left.filter(|d| *d <= EXPIRING_DAYS) {
        out.push(
            Finding::new(
                Kind::TlsProblem,
                Severity::Medium,
                url,
                format!("HTTPS 证书将在 {days} 天后过期 / certificate expires in {days} days"),
            )
            .subtype("expiring")
            .evidence(cert()),
        );
    }
    if let Some(why) = t.verify_error.as_deref().filter(|w| *w != "expired") {
        let zh = match why {
            "hostname" => "证书与域名不匹配",
            "self_signed" => "自签名证书，不受信任",
            "untrusted" => "证书链不受信任（颁发机构未知）",
            "not_yet_valid" => "证书尚未生效",
            "revoked" => "证书已吊销",
            _ => "证书无效",
        };
        out.push(
            Finding::new(Kind::TlsProblem, Severity::High, url, format!("HTTPS {zh} / invalid certificate ({why})"))
                .subtype("invalid")
                .evidence(cert()),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::security::TlsFacts;
    use super::*;

    fn run(t: TlsFacts) -> Vec<String> {
        let mut site = SiteData::default();
        site.security.tls = Some(t);
        check(&site).into_iter().map(|f| f.subtype.unwrap_or_default().to_string()).collect()
    }

    fn https(days: i64, err: Option<&str>) -> TlsFacts {
        TlsFacts {
            page: "https://a.gov.cn/".into(),
            https_home: true,
            origin: "https://a.gov.cn/".into(),
            verify_error: err.map(str::to_string),
            days_left: Some(days),
            ..TlsFacts::default()
        }
    }

    #[test]
    fn each_problem_once() {
        assert!(run(https(200, None)).is_empty());
        assert_eq!(run(https(10, None)), vec!["expiring"]);
        assert_eq!(run(https(-3, Some("expired"))), vec!["expired"]);
        assert_eq!(run(https(100, Some("hostname"))), vec!["invalid"]);
        assert_eq!(run(https(5, Some("self_signed"))), vec!["expiring", "invalid"]);
        let http = TlsFacts {
            page: "http://a.gov.cn/".into(),
            origin: "https://a.gov.cn/".into(),
            unreachable: Some("connect".into()),
            ..TlsFacts::default()
        };
        assert_eq!(run(http), vec!["no_https"]);
        let no_redirect = TlsFacts {
            page: "http://a.gov.cn/".into(),
            origin: "https://a.gov.cn/".into(),
            days_left: Some(90),
            ..TlsFacts::default()
        };
        assert_eq!(run(no_redirect), vec!["no_https"]);
    }
}
