//! The link approval register (2011 notice: every link to another website is reviewed and
//! approved by the managing unit). An entry is a host (`www.gov.cn`, matching that host on
//! any port), a wildcard host (`*.gov.cn`, matching the domain and its sub-domains) or a URL
//! prefix (`http://127.0.0.2:8081/docs/`, matching only what it starts). Entries may expire.

use chrono::NaiveDate;
use url::Url;

/// One approval.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Approval {
    /// The pattern as written.
    pub pattern: String,
    /// Who approved it.
    pub approved_by: Option<String>,
    /// When.
    pub approved_on: Option<NaiveDate>,
    /// Until when (exclusive): from this day on the approval no longer covers.
    pub expires: Option<NaiveDate>,
    /// The approved target is a government site.
    pub government: bool,
}

/// What the register says about a URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Coverage<'a> {
    /// A current approval covers it.
    Approved(&'a Approval),
    /// Only an expired approval covers it.
    Expired(&'a Approval),
    /// Nothing covers it.
    None,
}

/// The register.
#[derive(Debug, Clone, Default)]
pub struct Register {
    entries: Vec<Approval>,
}

impl Register {
    /// A register of `entries`.
    pub fn new(entries: Vec<Approval>) -> Self {
        Register { entries }
    }

    /// The entries.
    pub fn entries(&self) -> &[Approval] {
        &self.entries
    }

    /// What covers `url` on `as_of`.
    pub fn coverage(&self, url: &Url, as_of: NaiveDate) -> Coverage<'_> {
        let mut expired = None;
        for e in self.entries.iter().filter(|e| matches(&e.pattern, url)) {
            match e.expires {
                Some(x) if x <= as_of => expired = expired.or(Some(e)),
                _ => return Coverage::Approved(e),
            }
        }
        expired.map_or(Coverage::None, Coverage::Expired)
    }
}

impl Register {
    /// Whether `url` is a government site: a `.gov.cn` (or `.政务`) host, or one the register
    /// marks as government.
    pub fn is_government(&self, url: &Url) -> bool {
        let host = url.host_str().unwrap_or("").to_ascii_lowercase();
        host.ends_with(".gov.cn")
            || host == "gov.cn"
            || host.ends_with(".xn--zfr164b")
            || self.entries.iter().any(|e| e.government && matches(&e.pattern, url))
    }
}

/// Whether `pattern` covers `url`.
pub fn matches(pattern: &str, url: &Url) -> bool {
    let p = pattern.trim();
    if p.contains("://") {
        return url.as_str().starts_with(p) || Url::parse(p).is_ok_and(|pu| url.as_str().starts_with(pu.as_str()));
    }
    let host = url.host_str().unwrap_or("").to_ascii_lowercase();
    let p = p.trim_end_matches('/').to_ascii_lowercase();
    match p.strip_prefix("*.") {
        Some(domain) => host == domain || host.ends_with(&format!(".{domain}")),
        None => host == p,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(s: &str) -> Url {
        Url::parse(s).unwrap()
    }
    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }
    fn a(pattern: &str, expires: Option<&str>) -> Approval {
        Approval {
            pattern: pattern.into(),
            approved_by: None,
            approved_on: None,
            expires: expires.map(d),
            government: false,
        }
    }

    #[test]
    fn hosts_wildcards_and_prefixes() {
        assert!(matches("www.gov.cn", &u("https://www.gov.cn:8443/x")));
        assert!(!matches("www.gov.cn", &u("https://gov.cn/")));
        assert!(matches("*.gov.cn", &u("http://www.zj.gov.cn/")));
        assert!(matches("*.gov.cn", &u("http://gov.cn/")));
        assert!(!matches("*.gov.cn", &u("http://gov.cn.evil.com/")));
        assert!(matches("http://127.0.0.2:8081/docs/", &u("http://127.0.0.2:8081/docs/a.html")));
        assert!(!matches("http://127.0.0.2:8081/docs/", &u("http://127.0.0.2:8081/other")));
        assert!(!matches("http://127.0.0.2:8081/docs/", &u("http://127.0.0.2:9/docs/a.html")));
    }

    #[test]
    fn expiry_is_judged_on_the_as_of_date() {
        let r = Register::new(vec![a("a.cn", Some("2026-01-01"))]);
        assert!(matches!(r.coverage(&u("http://a.cn/"), d("2025-12-31")), Coverage::Approved(_)));
        assert!(matches!(r.coverage(&u("http://a.cn/"), d("2026-01-01")), Coverage::Expired(_)));
        assert_eq!(r.coverage(&u("http://b.cn/"), d("2026-01-01")), Coverage::None);
        let r = Register::new(vec![a("a.cn", Some("2020-01-01")), a("*.a.cn", None)]);
        assert!(matches!(r.coverage(&u("http://a.cn/"), d("2026-01-01")), Coverage::Approved(_)));
    }
}
