//! Scoring profiles as data, and the score of a set of findings computed the way the
//! inspectors compute it (indicators.md §1–§4): every veto item first (any hit ⇒
//! unqualified); otherwise start from 100 and subtract each indicator's deductions, capped
//! per indicator, with no finding counted twice; below the pass line ⇒ unqualified. A
//! department without public services is not scored on the service group and its result is
//! scaled (the 4/3 rule). An indicator that could not be measured is listed as such and is
//! never counted as passed.
//!
//! Profiles are TOML files embedded in the binary (`profiles/gov-cn-2019.toml`,
//! `profiles/gov-cn-2015.toml`); a config may name another file.

use crate::finding::{Finding, Kind, Severity};
use crate::report::{Deduction, KEYS_LISTED, Score, VetoHit};
use serde::Deserialize;

/// The profiles built in: (name, TOML text).
pub const BUILT_IN: &[(&str, &str)] = &[
    ("gov-cn-2019", include_str!("../profiles/gov-cn-2019.toml")),
    ("gov-cn-2015", include_str!("../profiles/gov-cn-2015.toml")),
];

/// A scoring profile.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// Identifier (`gov-cn-2019`).
    pub profile: String,
    /// Name for people.
    pub name: String,
    /// Points before deductions.
    pub start: f64,
    /// Below this the site is unqualified.
    pub fail_below: f64,
    /// Above this a portal may earn bonus points (assessed by hand).
    pub bonus_above: f64,
    /// The group not scored for departments without public services.
    #[serde(default)]
    pub service_group: Option<String>,
    /// The points of that group.
    #[serde(default)]
    pub service_points: Option<f64>,
    /// The factor applied to the rest (4/3).
    #[serde(default)]
    pub no_service_factor: Option<f64>,
    /// Veto items.
    #[serde(default)]
    pub veto: Vec<VetoRule>,
    /// Deduction indicators.
    #[serde(default)]
    pub indicator: Vec<Indicator>,
}

/// One veto item.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VetoRule {
    /// `V1` …
    pub id: String,
    /// Name.
    pub name: String,
    /// Any finding of these kinds (at or above `min_severity`) hits the veto.
    #[serde(default)]
    pub kinds: Vec<String>,
    /// Least severity that counts.
    #[serde(default)]
    pub min_severity: Option<Severity>,
    /// Or: counts of findings reaching a threshold (any one hits).
    #[serde(default)]
    pub counts: Vec<CountRule>,
    /// `probes` (needs availability data) or `manual`.
    #[serde(default)]
    pub needs: Option<String>,
}

/// A count threshold of a veto item.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountRule {
    /// Finding kinds counted.
    pub kinds: Vec<String>,
    /// Only these subtypes (empty: all).
    #[serde(default)]
    pub subtypes: Vec<String>,
    /// The veto hits at this count.
    pub at_least: usize,
}

/// One deduction indicator.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    /// Identifier (`link_availability`).
    pub id: String,
    /// First-level group (发布解读, 办事服务, 互动交流, 功能设计 …).
    pub group: String,
    /// Name.
    pub name: String,
    /// Finding kinds it reads.
    #[serde(default)]
    pub kinds: Vec<String>,
    /// Only these subtypes.
    #[serde(default)]
    pub subtypes: Vec<String>,
    /// Not these subtypes.
    #[serde(default)]
    pub subtypes_except: Vec<String>,
    /// Least severity counted.
    #[serde(default)]
    pub min_severity: Option<Severity>,
    /// Most severity counted.
    #[serde(default)]
    pub max_severity: Option<Severity>,
    /// Points per finding.
    #[serde(default)]
    pub points_each: f64,
    /// Points per finding whose source (or url) is the homepage.
    #[serde(default)]
    pub points_home: Option<f64>,
    /// Most points the indicator can cost.
    #[serde(default)]
    pub cap: Option<f64>,
    /// `probes` or `manual`: what it needs besides the crawl.
    #[serde(default)]
    pub needs: Option<String>,
    /// A measurement instead of findings: `home_failure_share` (probe failures / probes).
    #[serde(default)]
    pub measure: Option<String>,
    /// The measurement deducts `points_each` when it reaches this value.
    #[serde(default)]
    pub threshold: Option<f64>,
}

/// Facts about the site the score depends on besides the findings.
#[derive(Debug, Clone)]
pub struct Facts {
    /// The homepage URL (link deductions differ there).
    pub home_url: String,
    /// Whether availability probes cover the window (≥ 20 a day for 7 days).
    pub probes_measured: bool,
    /// The share of failed homepage probes over the window, when measured.
    pub home_failure_share: Option<f64>,
    /// Whether the body offers public services (false: the 4/3 rule).
    pub public_services: bool,
    /// Whether the site is a portal (bonus indicators apply).
    pub portal: bool,
}

/// A built-in profile by name, or the profile in `text`.
pub fn load(name_or_text: &str) -> Result<Profile, String> {
    let text = BUILT_IN.iter().find(|(n, _)| *n == name_or_text).map(|(_, t)| *t).unwrap_or(name_or_text);
    toml::from_str::<Profile>(text)
        .map_err(|e| format!("scoring profile: {}", e.to_string().lines().next().unwrap_or("")))
}

fn sev_ok(f: &Finding, min: Option<Severity>, max: Option<Severity>) -> bool {
    min.is_none_or(|m| f.severity >= m) && max.is_none_or(|m| f.severity <= m)
}

fn kind_in(f: &Finding, kinds: &[String]) -> bool {
    kinds.iter().any(|k| k == f.kind.as_str())
}

fn sub_in(f: &Finding, subtypes: &[String]) -> bool {
    subtypes.is_empty() || f.subtype.as_deref().is_some_and(|s| subtypes.iter().any(|x| x == s))
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Scores `findings` with `profile`.
pub fn score(profile: &Profile, findings: &[Finding], facts: &Facts) -> Score {
    let mut not_measured = Vec::new();
    let measured = |needs: &Option<String>| match needs.as_deref() {
        Some("manual") => false,
        Some("probes") => facts.probes_measured,
        _ => true,
    };
    let mut veto_items = Vec::new();
    for v in &profile.veto {
        if !measured(&v.needs) {
            not_measured.push(format!("{} {}", v.id, v.name));
            continue;
        }
        let mut behind: Vec<&Finding> =
            findings.iter().filter(|f| kind_in(f, &v.kinds) && sev_ok(f, v.min_severity, None)).collect();
        for c in &v.counts {
            let n: Vec<&Finding> = findings.iter().filter(|f| kind_in(f, &c.kinds) && sub_in(f, &c.subtypes)).collect();
            if n.len() >= c.at_least {
                behind.extend(n);
            }
        }
        if !behind.is_empty() {
            // By identity, without building a key for each of what can be hundreds of
            // thousands of findings.
            behind.sort_by(|a, b| a.key_parts().cmp(&b.key_parts()));
            behind.dedup_by(|a, b| a.key_parts() == b.key_parts());
            let count = behind.len();
            let keys: Vec<String> = behind.iter().take(KEYS_LISTED).map(|f| f.key()).collect();
            let mut kinds: Vec<Kind> = behind.iter().map(|f| f.kind).collect();
            kinds.sort();
            kinds.dedup();
            veto_items.push(VetoHit {
                id: v.id.clone(),
                name: v.name.clone(),
                kinds: kinds.iter().map(|k| k.as_str().to_string()).collect(),
                count,
                findings: keys,
            });
        }
    }
    let scaled = !facts.public_services && profile.service_group.is_some();
    let mut used = vec![false; findings.len()];
    let mut deductions = Vec::new();
    for ind in &profile.indicator {
        if scaled && profile.service_group.as_deref() == Some(ind.group.as_str()) {
            continue;
        }
        if !measured(&ind.needs) {
            not_measured.push(format!("{} {}", ind.id, ind.name));
            continue;
        }
        if ind.measure.as_deref() == Some("home_failure_share") {
            let share = facts.home_failure_share.unwrap_or(0.0);
            if share >= ind.threshold.unwrap_or(f64::INFINITY) {
                deductions.push(Deduction {
                    indicator: ind.id.clone(),
                    name: format!("{}（失败率 {:.1}%）", ind.name, share * 100.0),
                    group: ind.group.clone(),
                    points: round1(ind.cap.map_or(ind.points_each, |c| ind.points_each.min(c))),
                    count: 0,
                    findings: Vec::new(),
                });
            }
            continue;
        }
        let mut points = 0.0;
        let (mut count, mut keys) = (0, Vec::new());
        for (i, f) in findings.iter().enumerate() {
            let subtype_excluded = f.subtype.as_deref().is_some_and(|s| ind.subtypes_except.iter().any(|x| x == s));
            if used[i]
                || !kind_in(f, &ind.kinds)
                || !sub_in(f, &ind.subtypes)
                || subtype_excluded
                || !sev_ok(f, ind.min_severity, ind.max_severity)
            {
                continue;
            }
            used[i] = true;
            let on_home = f.source.as_deref().unwrap_or(&f.url) == facts.home_url;
            points += match ind.points_home {
                Some(p) if on_home => p,
                _ => ind.points_each,
            };
            count += 1;
            if keys.len() < KEYS_LISTED {
                keys.push(f.key());
            }
        }
        if count == 0 {
            continue;
        }
        let capped = ind.cap.map_or(points, |c| points.min(c));
        deductions.push(Deduction {
            indicator: ind.id.clone(),
            name: ind.name.clone(),
            group: ind.group.clone(),
            points: round1(capped),
            count,
            findings: keys,
        });
    }
    let total: f64 = deductions.iter().map(|d| d.points).sum();
    let points = if scaled {
        let rest = profile.start - profile.service_points.unwrap_or(0.0);
        ((rest - total).max(0.0) * profile.no_service_factor.unwrap_or(1.0)).min(profile.start)
    } else {
        (profile.start - total).max(0.0)
    };
    let points = round1(points);
    if facts.portal && veto_items.is_empty() && points > profile.bonus_above {
        not_measured.push("bonus 加分指标（人工评估 / assessed by hand）".into());
    }
    let mut veto: Vec<String> = veto_items.iter().flat_map(|v| v.kinds.clone()).collect();
    veto.sort();
    veto.dedup();
    let verdict = if !veto_items.is_empty() || points < profile.fail_below { "unqualified" } else { "qualified" };
    Score {
        profile: profile.profile.clone(),
        verdict: verdict.into(),
        points,
        veto,
        veto_items,
        deductions,
        not_measured,
        scaled_for_no_services: scaled,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(kind: Kind, sub: Option<&str>, sev: Severity, url: &str, source: Option<&str>) -> Finding {
        let mut f = Finding::new(kind, sev, url, "m");
        f.subtype = sub.map(Into::into);
        f.source = source.map(Into::into);
        f
    }
    fn facts() -> Facts {
        Facts {
            home_url: "http://s/".into(),
            probes_measured: true,
            home_failure_share: Some(0.0),
            public_services: true,
            portal: false,
        }
    }
    fn p2019() -> Profile {
        load("gov-cn-2019").unwrap()
    }

    #[test]
    fn both_built_in_profiles_parse() {
        for (name, _) in BUILT_IN {
            assert_eq!(load(name).unwrap().profile, *name);
        }
        assert!(load("profile = 3").is_err());
    }

    #[test]
    fn a_clean_site_scores_100_and_says_what_was_not_measured() {
        let s = score(&p2019(), &[], &Facts { probes_measured: false, ..facts() });
        assert_eq!((s.verdict.as_str(), s.points), ("qualified", 100.0));
        assert!(s.not_measured.iter().any(|n| n.starts_with("V2")), "{:?}", s.not_measured);
        assert!(s.not_measured.iter().any(|n| n.starts_with("homepage_availability")));
        assert!(s.not_measured.iter().any(|n| n.starts_with("service_statistics")));
        let s = score(&p2019(), &[], &facts());
        assert!(!s.not_measured.iter().any(|n| n.starts_with("V2")));
        // 2 % of homepage probes failed: below the veto (5 %), above the deduction (1 %).
        let s = score(&p2019(), &[], &Facts { home_failure_share: Some(0.02), ..facts() });
        assert_eq!((s.verdict.as_str(), s.points), ("qualified", 95.0));
        let s = score(&p2019(), &[], &Facts { home_failure_share: Some(0.009), ..facts() });
        assert_eq!(s.points, 100.0);
    }

    #[test]
    fn each_veto_item_fails_the_site() {
        let cases = vec![
            ("V1", vec![f(Kind::DangerousLink, Some("gambling"), Severity::Veto, "http://bet/", Some("http://s/"))]),
            ("V2", vec![f(Kind::SiteUnreachable, None, Severity::Veto, "http://s/", None)]),
            ("V3", vec![f(Kind::HomepageNotUpdated, None, Severity::Veto, "http://s/", None)]),
            (
                "V4",
                (0..5)
                    .map(|i| f(Kind::ColumnNotUpdated, Some("news"), Severity::High, &format!("http://s/c{i}/"), None))
                    .collect(),
            ),
            (
                "V4",
                (0..10)
                    .map(|i| {
                        f(Kind::ColumnNotUpdated, Some("personnel"), Severity::High, &format!("http://s/c{i}/"), None)
                    })
                    .collect(),
            ),
            (
                "V4",
                (0..5).map(|i| f(Kind::BlankColumn, None, Severity::High, &format!("http://s/b{i}/"), None)).collect(),
            ),
            ("V5", vec![f(Kind::ConsultationMissing, None, Severity::Veto, "http://s/", None)]),
            ("V6", vec![f(Kind::ServiceGuideIncomplete, Some("legal_basis"), Severity::High, "http://s/g", None)]),
        ];
        for (id, findings) in cases {
            let s = score(&p2019(), &findings, &facts());
            assert_eq!(s.verdict, "unqualified", "{id}");
            assert!(s.veto_items.iter().any(|v| v.id == id), "{id}: {:?}", s.veto_items);
        }
        // Near misses: 4 stale news columns, 9 stale others, 4 blank; a high (not veto) hidden link.
        let mut near: Vec<Finding> = (0..4)
            .map(|i| f(Kind::ColumnNotUpdated, Some("news"), Severity::High, &format!("http://s/n{i}/"), None))
            .collect();
        near.extend(
            (0..5)
                .map(|i| f(Kind::ColumnNotUpdated, Some("planning"), Severity::High, &format!("http://s/p{i}/"), None)),
        );
        near.extend((0..4).map(|i| f(Kind::BlankColumn, None, Severity::High, &format!("http://s/b{i}/"), None)));
        near.push(f(Kind::HiddenLink, Some("display_none"), Severity::High, "http://x/", Some("http://s/")));
        let s = score(&p2019(), &near, &facts());
        assert!(s.veto_items.is_empty(), "{:?}", s.veto_items);
    }

    #[test]
    fn a_deduction_counts_every_finding_but_lists_only_the_first_keys() {
        // A broken link in the page template: one finding per page of a large site.
        let fs: Vec<Finding> = (0..120)
            .map(|i| {
                f(
                    Kind::BrokenLink,
                    Some("connect"),
                    Severity::High,
                    "http://x/gone",
                    Some(&format!("http://s/p{i}.html")),
                )
            })
            .collect();
        let s = score(&p2019(), &fs, &facts());
        let link = s.deductions.iter().find(|d| d.indicator == "link_availability").unwrap();
        assert_eq!((link.count, link.findings.len()), (120, KEYS_LISTED));
        assert_eq!(link.findings[0], fs[0].key());
    }

    #[test]
    fn deductions_are_capped_per_indicator_and_never_double_counted() {
        let mut fs: Vec<Finding> = (0..30)
            .map(|i| {
                f(Kind::BrokenLink, Some("http_404"), Severity::High, &format!("http://s/x{i}"), Some("http://s/"))
            })
            .collect();
        fs.push(f(Kind::BrokenLink, Some("http_404"), Severity::High, "http://s/y", Some("http://s/a.html")));
        fs.push(f(Kind::BrokenLink, Some("fragment"), Severity::Info, "http://s/z", Some("http://s/a.html")));
        let s = score(&p2019(), &fs, &facts());
        let link = s.deductions.iter().find(|d| d.indicator == "link_availability").unwrap();
        assert_eq!(link.points, 10.0);
        assert_eq!(link.count, 31, "the info-level fragment finding is not a deduction");
        assert_eq!(link.findings.len(), 31);
        assert_eq!(s.points, 90.0);
        // Homepage links cost 1, others 0.1.
        let s = score(&p2019(), &fs[29..31], &facts());
        assert_eq!(s.points, 98.9);
        // One stale policy column: −5 (the worked example), counted once.
        let pol = [f(Kind::ColumnNotUpdated, Some("policy"), Severity::High, "http://s/zcwj/", None)];
        let s = score(&p2019(), &pol, &facts());
        assert_eq!((s.points, s.deductions.len()), (95.0, 1));
    }

    #[test]
    fn below_the_pass_line_fails_and_the_4_3_rule_scales() {
        let many: Vec<Finding> = (0..4)
            .map(|i| f(Kind::ColumnNotUpdated, Some("policy"), Severity::High, &format!("http://s/p{i}/"), None))
            .chain((0..20).map(|i| {
                f(Kind::BrokenLink, Some("http_404"), Severity::High, &format!("http://s/x{i}"), Some("http://s/"))
            }))
            .chain(
                (0..4)
                    .map(|i| f(Kind::ColumnNotUpdated, Some("news"), Severity::High, &format!("http://s/n{i}/"), None)),
            )
            .chain((0..10).map(|i| {
                f(Kind::ServiceGuideIncomplete, Some("fees"), Severity::Medium, &format!("http://s/g{i}"), None)
            }))
            .collect();
        let p = Profile { veto: Vec::new(), ..p2019() };
        let s = score(&p, &many, &facts());
        assert_eq!(s.points, 52.0, "{:?}", s.deductions);
        assert_eq!(s.verdict, "unqualified");
        // Without public services: the service group (25 points) is not scored, the rest × 4/3.
        let s = score(&p, &many, &Facts { public_services: false, ..facts() });
        assert!(s.scaled_for_no_services);
        assert_eq!(s.points, 49.3, "(75 − 20 − 8 − 10) × 4/3 = 49.3: {:?}", s.deductions);
        let s = score(&p, &[], &Facts { public_services: false, ..facts() });
        assert_eq!(s.points, 100.0);
    }

    #[test]
    fn the_2015_census_fails_at_40_points_lost() {
        let p = load("gov-cn-2015").unwrap();
        let fs: Vec<Finding> = (0..10)
            .map(|i| f(Kind::ServiceGuideIncomplete, None, Severity::Medium, &format!("http://s/g{i}"), None))
            .chain((0..15).map(|i| f(Kind::UndatedItems, None, Severity::Medium, &format!("http://s/u{i}"), None)))
            .chain((0..30).map(|i| {
                f(Kind::BrokenLink, Some("http_404"), Severity::High, &format!("http://s/x{i}"), Some("http://s/"))
            }))
            .chain([f(Kind::ConsultationMissing, None, Severity::High, "http://s/", None)])
            .collect();
        let s = score(&p, &fs, &facts());
        assert_eq!(s.points, 60.0);
        assert_eq!(s.verdict, "unqualified");
    }
}
