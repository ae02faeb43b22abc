//! The finding vocabulary of SPEC.md: kinds, subtypes and severities, and the [`Finding`]
//! record every check produces. The string forms here are the public contract of the
//! report format; never change the meaning of an existing one.

use crate::text::{Interner, Text};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// How bad a finding is. Ordered: `Veto` is the worst.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Informational only.
    Info,
    /// Worth fixing, no deduction on its own.
    Low,
    /// A deduction item or a likely problem.
    Medium,
    /// A confirmed problem with a deduction.
    High,
    /// A single-veto item of the 2019 indicators: the site fails.
    Veto,
}

impl Severity {
    /// The lower-case name used in reports and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Veto => "veto",
        }
    }
}

impl FromStr for Severity {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s {
            "info" => Severity::Info,
            "low" => Severity::Low,
            "medium" => Severity::Medium,
            "high" => Severity::High,
            "veto" => Severity::Veto,
            other => {
                return Err(format!("unknown severity `{other}` (veto|high|medium|low|info)"));
            }
        })
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

macro_rules! kinds {
    ($($variant:ident => $name:literal, $zh:literal;)*) => {
        /// A finding kind of SPEC.md's vocabulary.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum Kind { $(#[doc = $zh] $variant,)* }

        impl Kind {
            /// Every kind, in the order of SPEC.md.
            pub const ALL: &'static [Kind] = &[$(Kind::$variant,)*];
            /// The snake_case name used in reports.
            pub fn as_str(self) -> &'static str { match self { $(Kind::$variant => $name,)* } }
            /// The Chinese label shown to users.
            pub fn label_zh(self) -> &'static str { match self { $(Kind::$variant => $zh,)* } }
        }

        impl FromStr for Kind {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s { $($name => Ok(Kind::$variant),)* other => Err(format!("unknown finding kind `{other}`")) }
            }
        }
    };
}

kinds! {
    SiteUnreachable => "site_unreachable", "站点无法访问";
    HomepageNotUpdated => "homepage_not_updated", "首页不更新";
    ColumnNotUpdated => "column_not_updated", "栏目不更新";
    BlankColumn => "blank_column", "空白栏目";
    UndatedItems => "undated_items", "信息无发布日期";
    ConsultationUnanswered => "consultation_unanswered", "留言超期未回复";
    ConsultationMissing => "consultation_missing", "无在线咨询渠道";
    ServiceGuideIncomplete => "service_guide_incomplete", "办事指南要素缺失";
    DateInconsistent => "date_inconsistent", "发布日期异常";
    BrokenLink => "broken_link", "链接不可用";
    UnapprovedExternalLink => "unapproved_external_link", "外链未审批";
    DangerousLink => "dangerous_link", "危险链接";
    MissingExitNotice => "missing_exit_notice", "外链缺少离站提示";
    MixedContent => "mixed_content", "混合内容";
    HiddenLink => "hidden_link", "暗链";
    SuspiciousScript => "suspicious_script", "可疑脚本";
    Cloaking => "cloaking", "搜索引擎欺骗";
    PageChanged => "page_changed", "页面被篡改";
    PersonalData => "personal_data", "个人信息泄露";
    ClassifiedMarker => "classified_marker", "涉密标识";
    SensitiveWord => "sensitive_word", "敏感词";
    WrongExpression => "wrong_expression", "错误表述";
    FooterMissing => "footer_missing", "底部标识缺失";
    MissingSecurityHeader => "missing_security_header", "缺少安全响应头";
    TlsProblem => "tls_problem", "证书与HTTPS问题";
    ExposedFile => "exposed_file", "敏感文件暴露";
    CrawlLimit => "crawl_limit", "抓取受限";
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem found on a site. See SPEC.md "Conventions" for which URL goes where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// What kind of problem.
    pub kind: Kind,
    /// The finer class (`http_404`, `icp`, …), when the kind has subtypes.
    pub subtype: Option<Text>,
    /// How bad it is.
    pub severity: Severity,
    /// The resource at fault (the link target, the page holding the problem).
    pub url: Text,
    /// The page where a link was found (link findings), or the page linking an attachment.
    pub source: Option<Text>,
    /// What was seen, already masked and length-capped.
    pub evidence: Text,
    /// A message for people, Chinese first.
    pub message: Text,
}

impl Finding {
    /// A finding with no source and no evidence; fill the rest with the builder methods.
    pub fn new(kind: Kind, severity: Severity, url: impl Into<Text>, message: impl Into<Text>) -> Self {
        Finding {
            kind,
            subtype: None,
            severity,
            url: url.into(),
            source: None,
            evidence: Text::default(),
            message: message.into(),
        }
    }

    /// Sets the subtype.
    pub fn subtype(mut self, subtype: impl Into<Text>) -> Self {
        self.subtype = Some(subtype.into());
        self
    }

    /// Sets the source page.
    pub fn source(mut self, source: impl Into<Text>) -> Self {
        self.source = Some(source.into());
        self
    }

    /// Sets the evidence, capped at [`EVIDENCE_MAX_CHARS`] characters.
    pub fn evidence(mut self, evidence: impl AsRef<str>) -> Self {
        self.evidence = cap_chars(evidence.as_ref(), EVIDENCE_MAX_CHARS).into();
        self
    }

    /// The identity of a finding across runs: the same problem in the same place.
    pub fn key(&self) -> String {
        let (kind, subtype, url, source) = self.key_parts();
        format!("{kind}|{subtype}|{url}|{source}")
    }

    /// The parts of [`Finding::key`] (kind, subtype, url, source; a missing one is empty), for
    /// comparing and ordering many findings by identity without building their keys.
    pub fn key_parts(&self) -> (&str, &str, &str, &str) {
        (self.kind.as_str(), self.subtype.as_deref().unwrap_or(""), &self.url, self.source.as_deref().unwrap_or(""))
    }

    /// The order of a report: worst first, then kind and URL; the rest of the identity
    /// (subtype, source), then evidence and message, break ties. A total order, so findings
    /// can be sorted without the extra buffer a stable sort takes (a large site has hundreds
    /// of thousands), the result does not depend on the order the checks made them in, and
    /// findings of one identity end up side by side.
    pub fn report_order(a: &Finding, b: &Finding) -> std::cmp::Ordering {
        b.severity
            .cmp(&a.severity)
            .then(a.kind.cmp(&b.kind))
            .then_with(|| a.url.cmp(&b.url))
            .then_with(|| a.subtype.cmp(&b.subtype))
            .then_with(|| a.source.cmp(&b.source))
            .then_with(|| a.evidence.cmp(&b.evidence))
            .then_with(|| a.message.cmp(&b.message))
    }
}

/// Findings as the checks make them, with their texts interned as they arrive: a large site's
/// findings repeat the same URLs, messages and evidence by the hundred thousand, and each
/// distinct text is then held once. [`Findings::into_report_order`] gives the report's list.
#[derive(Default)]
pub struct Findings {
    list: Vec<Finding>,
    texts: Interner,
}

impl Findings {
    /// Adds one finding.
    pub fn push(&mut self, mut f: Finding) {
        let t = &mut self.texts;
        if let Some(s) = f.subtype.as_mut() {
            t.intern(s);
        }
        t.intern(&mut f.url);
        if let Some(s) = f.source.as_mut() {
            t.intern(s);
        }
        t.intern(&mut f.evidence);
        t.intern(&mut f.message);
        self.list.push(f);
    }

    /// How many findings were added.
    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// Whether none was added.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The findings in [`Finding::report_order`], each identity once (the first in that order).
    pub fn into_report_order(self) -> Vec<Finding> {
        // The interner's table goes first: the sort below needs nothing of it.
        let Findings { list: mut out, texts } = self;
        drop(texts);
        // Unstable: a stable sort would take a buffer of half the findings (a large site has
        // hundreds of thousands); the order is total, so the result is the same.
        out.sort_unstable_by(Finding::report_order);
        out.dedup_by(|a, b| a.key_parts() == b.key_parts());
        out.shrink_to_fit();
        out
    }
}

impl Extend<Finding> for Findings {
    fn extend<I: IntoIterator<Item = Finding>>(&mut self, iter: I) {
        for f in iter {
            self.push(f);
        }
    }
}

/// Evidence is shown to people and stored; crawled text can be arbitrarily long.
pub const EVIDENCE_MAX_CHARS: usize = 300;

/// Cuts `s` to at most `max` characters, marking the cut with `…`.
pub fn cap_chars(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        None => s.to_string(),
        Some((i, _)) => format!("{}…", &s[..i]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_through_their_names() {
        for k in Kind::ALL {
            assert_eq!(k.as_str().parse::<Kind>().unwrap(), *k);
            assert_eq!(serde_json::to_string(k).unwrap(), format!("\"{}\"", k.as_str()));
        }
        assert_eq!(Kind::ALL.len(), 27);
    }

    #[test]
    fn severities_order_from_info_to_veto() {
        assert!(Severity::Veto > Severity::High && Severity::High > Severity::Medium);
        assert!(Severity::Medium > Severity::Low && Severity::Low > Severity::Info);
        assert_eq!("high".parse::<Severity>().unwrap(), Severity::High);
        assert!("severe".parse::<Severity>().is_err());
    }

    #[test]
    fn key_parts_are_the_key() {
        let f =
            Finding::new(Kind::BrokenLink, Severity::High, "http://s/x", "m").subtype("http_404").source("http://s/");
        assert_eq!(f.key(), "broken_link|http_404|http://s/x|http://s/");
        assert_eq!(f.key_parts(), ("broken_link", "http_404", "http://s/x", "http://s/"));
        let bare = Finding::new(Kind::FooterMissing, Severity::High, "http://s/", "m");
        assert_eq!(bare.key_parts(), ("footer_missing", "", "http://s/", ""));
        assert_eq!(bare.key(), "footer_missing||http://s/|");
    }

    #[test]
    fn report_order_is_worst_first_and_does_not_depend_on_the_input_order() {
        let f =
            |sev, url: &str, src: &str| Finding::new(Kind::BrokenLink, sev, url, "m").subtype("connect").source(src);
        let made = vec![
            f(Severity::Medium, "http://x/b", "http://s/2"),
            f(Severity::High, "http://x/a", "http://s/2"),
            f(Severity::Medium, "http://x/b", "http://s/1"),
            f(Severity::High, "http://x/a", "http://s/1"),
        ];
        let mut forward = made.clone();
        let mut backward: Vec<Finding> = made.into_iter().rev().collect();
        forward.sort_unstable_by(Finding::report_order);
        backward.sort_unstable_by(Finding::report_order);
        assert_eq!(forward, backward);
        let order: Vec<(&str, &str)> =
            forward.iter().map(|f| (f.url.as_str(), f.source.as_deref().unwrap_or(""))).collect();
        assert_eq!(
            order,
            [
                ("http://x/a", "http://s/1"),
                ("http://x/a", "http://s/2"),
                ("http://x/b", "http://s/1"),
                ("http://x/b", "http://s/2")
            ]
        );
    }

    #[test]
    fn collected_findings_share_their_repeated_texts_and_come_out_in_report_order() {
        let mut all = Findings::default();
        for page in ["http://s/2", "http://s/1", "http://s/1"] {
            all.push(
                Finding::new(
                    Kind::BrokenLink,
                    Severity::High,
                    String::from("http://x/"),
                    format!("链接不可访问 / {}", 1),
                )
                .subtype("connect")
                .source(page)
                .evidence("<a href=\"http://x/\">x</a>"),
            );
        }
        all.push(Finding::new(Kind::FooterMissing, Severity::Veto, "http://s/", "m"));
        assert_eq!(all.len(), 4);
        let out = all.into_report_order();
        assert_eq!(out.len(), 3, "the finding made twice is listed once");
        assert_eq!(out[0].kind, Kind::FooterMissing, "worst first");
        assert_eq!(out[1].source.as_deref(), Some("http://s/1"));
        assert_eq!(out[2].source.as_deref(), Some("http://s/2"));
        assert!(out[1].url.shares(&out[2].url) && out[1].message.shares(&out[2].message));
        assert!(out[1].evidence.shares(&out[2].evidence));
        assert!(out[1].subtype.as_ref().unwrap().shares(out[2].subtype.as_ref().unwrap()));
    }

    #[test]
    fn evidence_is_capped() {
        let long = "链".repeat(1000);
        let f = Finding::new(Kind::BrokenLink, Severity::High, "u", "m").evidence(&long);
        assert_eq!(f.evidence.chars().count(), EVIDENCE_MAX_CHARS + 1);
        assert!(f.evidence.ends_with('…'));
    }
}
