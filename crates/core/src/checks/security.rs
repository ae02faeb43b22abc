//! The facts the security phase of an inspection gathers besides the crawl (the homepage's
//! response headers, the TLS handshake, the exposed-file probes, the pages fetched as a
//! search engine sees them, the tamper baselines), and the site checks that judge them:
//! [`headers`](super::headers), [`tls`](super::tls), [`exposed`](super::exposed),
//! [`cloaking`](super::cloaking) and [`tamper`](super::tamper). The facts are stored by the
//! application; this module only reads them (no I/O).

use super::SiteData;
use crate::finding::Finding;
use crate::fingerprint::Fingerprint;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// Everything the security checks read.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct SecurityData {
    /// The homepage's last response, when it was fetched.
    pub home: Option<HomeResponse>,
    /// What the TLS inspection saw, when it ran.
    pub tls: Option<TlsFacts>,
    /// The exposed-file probes, when they ran.
    pub probes: Option<ProbeFacts>,
    /// Pages fetched as a browser and as search engines see them.
    pub cloaking: Vec<CloakFacts>,
    /// The approved baseline of each page (url, fingerprint).
    pub baselines: Vec<(String, Fingerprint)>,
    /// This run's fingerprint of each page (url, fingerprint).
    pub current: Vec<(String, Fingerprint)>,
}

/// The homepage's response as the crawl kept it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct HomeResponse {
    /// The URL asked for (the site's start URL).
    pub url: String,
    /// The URL after redirects.
    pub final_url: String,
    /// The kept headers of the last response (lower-case names).
    pub headers: Vec<(String, String)>,
}

/// The TLS side of a site.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct TlsFacts {
    /// The page findings are reported on (the homepage).
    pub page: String,
    /// The homepage ends on an `https://` URL (directly or by redirect).
    pub https_home: bool,
    /// The `https://host:port/` origin inspected.
    pub origin: String,
    /// Why no certificate could be read (`connect`, `timeout`, `handshake: …`); `None` when
    /// the handshake produced a chain.
    pub unreachable: Option<String>,
    /// Why the chain does not verify: `expired`, `not_yet_valid`, `hostname`, `untrusted`,
    /// `self_signed`, `revoked` or another reason; `None` when it verifies.
    pub verify_error: Option<String>,
    /// The leaf's notAfter (RFC 3339).
    pub not_after: Option<String>,
    /// Whole days from the inspection to notAfter (negative: expired).
    pub days_left: Option<i64>,
    /// The leaf's subject.
    pub subject: String,
    /// The leaf's issuer.
    pub issuer: String,
    /// The names the leaf covers (DNS names and IP addresses).
    pub names: Vec<String>,
    /// The negotiated protocol (`TLSv1_3` …).
    pub protocol: Option<String>,
}

/// The exposed-file probes of a site.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ProbeFacts {
    /// The answer to a path that cannot exist (the soft-404 guard).
    pub soft404: Option<ProbeResult>,
    /// The answer to each probe.
    pub results: Vec<ProbeResult>,
    /// Probes robots.txt refused.
    pub refused: Vec<String>,
}

/// One probe's answer.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ProbeResult {
    /// The URL asked for.
    pub url: String,
    /// Status of the last response (0: none).
    pub status: u16,
    /// Content-Type.
    pub content_type: Option<String>,
    /// Whether the request was redirected.
    pub redirected: bool,
    /// The first bytes of the body as hex (magic numbers).
    pub magic: String,
    /// The first 4 KiB of the body as text (lossy).
    pub text: String,
    /// Body bytes read.
    pub len: usize,
}

/// One page fetched in several guises.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct CloakFacts {
    /// The page.
    pub url: String,
    /// The browser version first, then the others.
    pub variants: Vec<Variant>,
}

/// What one guise got.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Variant {
    /// `browser`, `baiduspider`, `googlebot`, `baidu_referer`.
    pub label: String,
    /// Status (0: no response).
    pub status: u16,
    /// Fetch error class.
    pub error: Option<String>,
    /// URL after redirects.
    pub final_url: String,
    /// `<title>`.
    pub title: String,
    /// Targets of links and frames to other hosts.
    pub external: BTreeSet<String>,
    /// Gambling or pornography words in the visible text and title.
    pub words: BTreeSet<String>,
    /// Visible text length (characters).
    pub text_len: usize,
}

/// Runs the security site checks.
pub fn check(site: &SiteData) -> Vec<Finding> {
    let mut out = Vec::new();
    out.extend(super::headers::check(site));
    out.extend(super::tls::check(site));
    out.extend(super::exposed::check(site));
    out.extend(super::cloaking::check(site));
    out.extend(super::tamper::check(site));
    out
}
