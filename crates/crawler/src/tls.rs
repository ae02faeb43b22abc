//! TLS inspection: one handshake with a site's https origin (through the per-host pool, like
//! every connection) that reads the real certificate chain. The verifier records why the
//! chain fails — expired, not yet valid, a hostname it does not cover, an unknown or
//! self-signed issuer — instead of aborting, so a broken certificate is reported for what it
//! is. Trust anchors are the system's (`SSL_CERT_FILE`/`SSL_CERT_DIR` honoured, as by the
//! crawler's HTTP client), or the Mozilla set when the system has none.

use crate::fetch::Fetcher;
use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{CertificateError, DigitallySignedStruct, RootCertStore, SignatureScheme};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;
use tokio::net::TcpStream;

/// What the handshake showed.
#[derive(Debug, Clone, Default)]
pub struct TlsReport {
    /// Why no chain could be read (`connect`, `timeout`, `dns`, `handshake: …`).
    pub unreachable: Option<String>,
    /// Why the chain does not verify (`expired`, `not_yet_valid`, `hostname`, `untrusted`,
    /// `self_signed`, `revoked`, or rustls' reason).
    pub verify_error: Option<String>,
    /// The leaf's notAfter as seconds since the epoch.
    pub not_after: Option<i64>,
    /// Whole days from now to notAfter (negative once expired).
    pub days_left: Option<i64>,
    /// The leaf's subject.
    pub subject: String,
    /// The leaf's issuer.
    pub issuer: String,
    /// DNS names and IP addresses the leaf covers.
    pub names: Vec<String>,
    /// The negotiated protocol version.
    pub protocol: Option<String>,
}

/// Connects to `host:port`, completes a handshake and reads the certificate chain.
pub async fn inspect(fetcher: &Arc<Fetcher>, host: &str, port: u16) -> TlsReport {
    let key = format!("{host}:{port}");
    let _permit = fetcher.pool.acquire(&key).await;
    let settings = fetcher.settings();
    let mut report = TlsReport::default();
    let addr_host = host.trim_start_matches('[').trim_end_matches(']').to_string();
    let tcp = match tokio::time::timeout(settings.connect_timeout, TcpStream::connect((addr_host.as_str(), port))).await
    {
        Err(_) => {
            report.unreachable = Some("timeout".into());
            return report;
        }
        Ok(Err(e)) => {
            let dns = e.kind() == std::io::ErrorKind::NotFound || e.to_string().contains("lookup");
            report.unreachable = Some(if dns { "dns" } else { "connect" }.into());
            return report;
        }
        Ok(Ok(s)) => s,
    };
    let Ok(name) = ServerName::try_from(addr_host.clone()) else {
        report.unreachable = Some("handshake: invalid server name".into());
        return report;
    };
    let recorder = Arc::new(Recorder { inner: verifier(), seen: Mutex::new(None) });
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = match rustls::ClientConfig::builder_with_provider(provider).with_safe_default_protocol_versions() {
        Ok(b) => b.dangerous().with_custom_certificate_verifier(recorder.clone()).with_no_client_auth(),
        Err(e) => {
            report.unreachable = Some(format!("handshake: {e}"));
            return report;
        }
    };
    let connector = tokio_rustls::TlsConnector::from(Arc::new(config));
    let handshake =
        tokio::time::timeout(settings.timeout.max(Duration::from_secs(1)), connector.connect(name, tcp)).await;
    match handshake {
        Ok(Ok(stream)) => {
            report.protocol = stream.get_ref().1.protocol_version().map(|v| format!("{v:?}"));
        }
        Ok(Err(e)) => report.unreachable = Some(format!("handshake: {e}")),
        Err(_) => report.unreachable = Some("timeout".into()),
    }
    let seen = recorder.seen.lock().map(|mut s| s.take()).unwrap_or(None);
    if let Some((chain, verdict)) = seen {
        // A chain was presented: the handshake got far enough to judge the certificate.
        report.unreachable = None;
        if let Some(leaf) = chain.first() {
            describe(leaf, &mut report);
        }
        report.verify_error = verdict.err().map(|e| reason(&e, &report));
    }
    report
}

/// The reason word for a verification error.
fn reason(e: &rustls::Error, r: &TlsReport) -> String {
    match e {
        rustls::Error::InvalidCertificate(c) => match c {
            CertificateError::Expired | CertificateError::ExpiredContext { .. } => "expired".into(),
            CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. } => "not_yet_valid".into(),
            CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. } => "hostname".into(),
            CertificateError::UnknownIssuer if r.subject == r.issuer => "self_signed".into(),
            CertificateError::UnknownIssuer => "untrusted".into(),
            CertificateError::Revoked => "revoked".into(),
            other => format!("{other:?}").chars().take(60).collect(),
        },
        other => other.to_string().chars().take(60).collect(),
    }
}

/// Reads the leaf's validity, names, subject and issuer.
fn describe(der: &[u8], r: &mut TlsReport) {
    let Ok((_, cert)) = x509_parser::parse_x509_certificate(der) else { return };
    let not_after = cert.validity().not_after.timestamp();
    r.not_after = Some(not_after);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default();
    r.days_left = Some((not_after - now).div_euclid(86_400));
    r.subject = cert.subject().to_string();
    r.issuer = cert.issuer().to_string();
    if let Ok(Some(san)) = cert.subject_alternative_name() {
        for n in &san.value.general_names {
            match n {
                x509_parser::extensions::GeneralName::DNSName(d) => r.names.push(d.to_string()),
                x509_parser::extensions::GeneralName::IPAddress(ip) => {
                    let s = match ip.len() {
                        4 => std::net::Ipv4Addr::new(ip[0], ip[1], ip[2], ip[3]).to_string(),
                        16 => <[u8; 16]>::try_from(*ip)
                            .map(|b| std::net::Ipv6Addr::from(b).to_string())
                            .unwrap_or_default(),
                        _ => continue,
                    };
                    r.names.push(s);
                }
                _ => {}
            }
        }
    }
}

/// The webpki verifier over the trust anchors, built once.
fn verifier() -> Option<Arc<WebPkiServerVerifier>> {
    static V: OnceLock<Option<Arc<WebPkiServerVerifier>>> = OnceLock::new();
    V.get_or_init(|| {
        let mut roots = RootCertStore::empty();
        let native = rustls_native_certs::load_native_certs();
        let (added, _) = roots.add_parsable_certificates(native.certs);
        if added == 0 {
            roots.add_parsable_certificates(webpki_root_certs::TLS_SERVER_ROOT_CERTS.iter().cloned());
        }
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider).build().ok()
    })
    .clone()
}

/// A verifier that records the chain and the verdict, and lets the handshake go on.
#[derive(Debug)]
struct Recorder {
    inner: Option<Arc<WebPkiServerVerifier>>,
    #[allow(clippy::type_complexity)]
    seen: Mutex<Option<(Vec<Vec<u8>>, Result<(), rustls::Error>)>>,
}

impl ServerCertVerifier for Recorder {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let verdict = match &self.inner {
            Some(v) => v.verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now).map(|_| ()),
            None => Err(rustls::Error::InvalidCertificate(CertificateError::UnknownIssuer)),
        };
        let chain = std::iter::once(end_entity).chain(intermediates).map(|c| c.as_ref().to_vec()).collect();
        if let Ok(mut seen) = self.seen.lock() {
            *seen = Some((chain, verdict));
        }
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        let algs = rustls::crypto::ring::default_provider().signature_verification_algorithms;
        rustls::crypto::verify_tls12_signature(message, cert, dss, &algs)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        let algs = rustls::crypto::ring::default_provider().signature_verification_algorithms;
        rustls::crypto::verify_tls13_signature(message, cert, dss, &algs)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        rustls::crypto::ring::default_provider().signature_verification_algorithms.supported_schemes()
    }
}
