//! `missing_security_header`: the homepage's response is judged once per site (the subtype is
//! the header's lower-case name; `url` is the homepage):
//! - `strict-transport-security` (HSTS) on an https homepage: missing or `max-age=0` (medium);
//! - `content-security-policy`, `x-frame-options` (or CSP `frame-ancestors`),
//!   `x-content-type-options: nosniff`, `referrer-policy` (unsafe values count as missing): low;
//! - `set-cookie`: cookies without `Secure` on https, or session cookies without `HttpOnly` (low);
//! - `server` / `x-powered-by`: the server discloses its software version (info).

use super::SiteData;
use crate::finding::{Finding, Kind, Severity};

/// Runs the check.
pub fn check(site: &SiteData) -> Vec<Finding> {
    let Some(home) = &site.security.home else { return Vec::new() };
    judge(&home.url, home.final_url.starts_with("https://"), &home.headers)
}

/// The findings for a homepage at `url` answering with `headers`.
pub fn judge(url: &str, https: bool, headers: &[(String, String)]) -> Vec<Finding> {
    let all = |name: &str| -> Vec<&str> {
        headers.iter().filter(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.trim()).collect()
    };
    let one = |name: &str| all(name).first().map(|v| v.to_string());
    let mut out = Vec::new();
    let mut missing = |sub: &str, sev: Severity, zh: &str, got: Option<String>| {
        let evidence = match got {
            Some(v) => format!("{sub}: {v}"),
            None => format!("响应头中没有 {sub} / header absent"),
        };
        out.push(
            Finding::new(Kind::MissingSecurityHeader, sev, url, format!("首页{zh} / homepage lacks {sub}"))
                .subtype(sub)
                .evidence(evidence),
        );
    };
    let csp = one("content-security-policy");
    if https {
        let hsts = one("strict-transport-security");
        let max_age = hsts.as_deref().and_then(|h| {
            h.split(';').find_map(|p| p.trim().to_ascii_lowercase().strip_prefix("max-age=").map(str::to_string))
        });
        let weak = max_age.as_deref().and_then(|m| m.trim_matches('"').parse::<u64>().ok()).is_none_or(|m| m == 0);
        if hsts.is_none() || weak {
            missing("strict-transport-security", Severity::Medium, "未启用 HSTS（强制 HTTPS）", hsts);
        }
    }
    if csp.is_none() {
        missing("content-security-policy", Severity::Low, "缺少内容安全策略 CSP", None);
    }
    let frame_ancestors = csp.as_deref().is_some_and(|c| c.to_ascii_lowercase().contains("frame-ancestors"));
    let xfo = one("x-frame-options");
    let xfo_ok = xfo.as_deref().is_some_and(|v| {
        let v = v.to_ascii_lowercase();
        v.contains("deny") || v.contains("sameorigin")
    });
    if !xfo_ok && !frame_ancestors {
        missing("x-frame-options", Severity::Low, "未防止被嵌入框架（点击劫持）", xfo);
    }
    let xcto = one("x-content-type-options");
    if !xcto.as_deref().is_some_and(|v| v.eq_ignore_ascii_case("nosniff")) {
        missing("x-content-type-options", Severity::Low, "缺少 X-Content-Type-Options: nosniff", xcto);
    }
    let rp = one("referrer-policy");
    let rp_ok = rp.as_deref().is_some_and(|v| {
        let last = v.rsplit(',').next().unwrap_or("").trim().to_ascii_lowercase();
        !last.is_empty() && last != "unsafe-url" && last != "no-referrer-when-downgrade"
    });
    if !rp_ok {
        missing("referrer-policy", Severity::Low, "缺少安全的 Referrer-Policy", rp);
    }
    let mut weak_cookies = Vec::new();
    for c in all("set-cookie") {
        let name = c.split('=').next().unwrap_or("").trim();
        let attrs: Vec<String> = c.split(';').skip(1).map(|a| a.trim().to_ascii_lowercase()).collect();
        let has = |a: &str| attrs.iter().any(|x| x == a || x.starts_with(&format!("{a}=")));
        let session = ["sess", "sid", "token", "auth", "login"].iter().any(|s| name.to_ascii_lowercase().contains(s));
        let mut lacks = Vec::new();
        if https && !has("secure") {
            lacks.push("Secure");
        }
        if session && !has("httponly") {
            lacks.push("HttpOnly");
        }
        if !lacks.is_empty() {
            weak_cookies.push(format!("{name} 缺 {}", lacks.join("、")));
        }
    }
    if !weak_cookies.is_empty() {
        out.push(
            Finding::new(
                Kind::MissingSecurityHeader,
                Severity::Low,
                url,
                "首页 Cookie 缺少 Secure/HttpOnly 属性 / insecure cookies",
            )
            .subtype("set-cookie")
            .evidence(weak_cookies.join("；")),
        );
    }
    for name in ["server", "x-powered-by", "x-aspnet-version"] {
        if let Some(v) = one(name)
            && v.chars().any(|c| c.is_ascii_digit())
        {
            out.push(
                Finding::new(
                    Kind::MissingSecurityHeader,
                    Severity::Info,
                    url,
                    format!("响应头 {name} 暴露软件版本 / {name} discloses the software version"),
                )
                .subtype(name)
                .evidence(format!("{name}: {v}")),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn subs(https: bool, h: &[(&str, &str)]) -> Vec<String> {
        let h: Vec<(String, String)> = h.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        judge("https://www.bj.gov.cn/", https, &h)
            .into_iter()
            .map(|f| f.subtype.unwrap_or_default().to_string())
            .collect()
    }

    #[test]
    fn the_demo_headers_lack_csp_and_referrer_policy() {
        let h = [("x-frame-options", "SAMEORIGIN"), ("x-content-type-options", "nosniff")];
        assert_eq!(subs(false, &h), vec!["content-security-policy", "referrer-policy"]);
    }

    #[test]
    fn a_well_configured_site_passes() {
        let h = [
            ("strict-transport-security", "max-age=31536000; includeSubDomains"),
            ("content-security-policy", "default-src 'self'; frame-ancestors 'self'"),
            ("x-content-type-options", "nosniff"),
            ("referrer-policy", "strict-origin-when-cross-origin"),
            ("set-cookie", "JSESSIONID=abc; Path=/; Secure; HttpOnly"),
            ("server", "nginx"),
        ];
        assert!(subs(true, &h).is_empty(), "{:?}", subs(true, &h));
    }

    #[test]
    fn hsts_cookies_and_versions() {
        let h = [
            ("strict-transport-security", "max-age=0"),
            ("x-frame-options", "ALLOW-FROM http://x"),
            ("set-cookie", "PHPSESSID=1; path=/"),
            ("server", "Apache/2.4.29 (Ubuntu)"),
            ("x-powered-by", "PHP/5.6.40"),
            ("referrer-policy", "unsafe-url"),
        ];
        assert_eq!(
            subs(true, &h),
            vec![
                "strict-transport-security",
                "content-security-policy",
                "x-frame-options",
                "x-content-type-options",
                "referrer-policy",
                "set-cookie",
                "server",
                "x-powered-by"
            ]
        );
    }
}
