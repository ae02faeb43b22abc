//! Availability (V2, 站点无法访问): the homepage is probed at least 20 times a day; over the
//! 7 days before the monitoring point a failure share of 5 % or more is a veto, 1 % or more a
//! deduction (census rule). A probe fails when the homepage has not opened within 15 seconds
//! (timeouts, DNS and connection errors, 4xx and 5xx). With fewer than 20 probes on any day
//! of the window the indicator is not measured — never passed.

use crate::finding::{Finding, Kind, Severity};
use chrono::{DateTime, Duration, FixedOffset, NaiveDate, Utc};

/// Days in the window.
pub const WINDOW_DAYS: i64 = 7;
/// Probes needed on each day of the window.
pub const MIN_PER_DAY: usize = 20;
/// Failure share that is a veto.
pub const VETO_SHARE: f64 = 0.05;

/// One stored probe.
#[derive(Debug, Clone, PartialEq)]
pub struct ProbeRecord {
    /// When (UTC).
    pub at: DateTime<Utc>,
    /// Whether the homepage opened.
    pub ok: bool,
}

/// The availability of a site over the window ending on the as-of date.
#[derive(Debug, Clone, PartialEq)]
pub struct Availability {
    /// Whether every day of the window had enough probes.
    pub measured: bool,
    /// Probes in the window.
    pub probes: usize,
    /// Failed probes in the window.
    pub failures: usize,
    /// Days of the window with fewer than [`MIN_PER_DAY`] probes.
    pub short_days: Vec<NaiveDate>,
}

impl Availability {
    /// Failed probes / probes (0 without probes).
    pub fn share(&self) -> f64 {
        if self.probes == 0 { 0.0 } else { self.failures as f64 / self.probes as f64 }
    }
}

/// China has used UTC+8 all year since 1991: days are counted in Beijing time.
fn beijing() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset")
}

/// Judges the probes of the 7 days ending on `as_of` (inclusive).
pub fn judge(probes: &[ProbeRecord], as_of: NaiveDate) -> Availability {
    let first = as_of - Duration::days(WINDOW_DAYS - 1);
    let mut per_day = vec![0usize; WINDOW_DAYS as usize];
    let (mut n, mut failures) = (0, 0);
    for p in probes {
        let day = p.at.with_timezone(&beijing()).date_naive();
        if day < first || day > as_of {
            continue;
        }
        per_day[(day - first).num_days() as usize] += 1;
        n += 1;
        if !p.ok {
            failures += 1;
        }
    }
    let short_days: Vec<NaiveDate> = per_day
        .iter()
        .enumerate()
        .filter(|(_, c)| **c < MIN_PER_DAY)
        .map(|(i, _)| first + Duration::days(i as i64))
        .collect();
    Availability { measured: short_days.is_empty(), probes: n, failures, short_days }
}

/// `site_unreachable` when the measured failure share reaches the veto threshold.
pub fn check(home: &str, a: &Availability) -> Option<Finding> {
    (a.measured && a.share() >= VETO_SHARE).then(|| {
        Finding::new(
            Kind::SiteUnreachable,
            Severity::Veto,
            home,
            format!(
                "近7天首页探测失败率 {:.1}%（{}/{}），达到单项否决标准 5% / homepage failed {:.1}% of probes",
                a.share() * 100.0,
                a.failures,
                a.probes,
                a.share() * 100.0
            ),
        )
        .evidence(format!("{} 次探测中 {} 次在15秒内未能打开首页", a.probes, a.failures))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(as_of: NaiveDate, back: i64, n: usize, failed: usize) -> Vec<ProbeRecord> {
        let d = as_of - Duration::days(back);
        (0..n)
            .map(|i| ProbeRecord {
                // spread over the Beijing day: 00:30 + i × 65 min, stored in UTC
                at: (d.and_hms_opt(0, 30, 0).unwrap() + Duration::minutes(65 * i as i64))
                    .and_local_timezone(beijing())
                    .unwrap()
                    .with_timezone(&Utc),
                ok: i >= failed,
            })
            .collect()
    }

    #[test]
    fn five_percent_over_a_full_week_is_a_veto() {
        let as_of: NaiveDate = "2026-11-28".parse().unwrap();
        let mut probes: Vec<ProbeRecord> = (0..7).flat_map(|b| day(as_of, b, 20, if b < 7 { 1 } else { 0 })).collect();
        let a = judge(&probes, as_of);
        assert!(a.measured);
        assert_eq!((a.probes, a.failures), (140, 7));
        assert!(check("http://s/", &a).is_some());
        // 6 failures of 140 (4.3 %): no veto.
        let first_failure = probes_first_failure(&probes);
        probes.retain(|p| p.at != first_failure || p.ok);
        let a = judge(&probes, as_of);
        assert!(a.failures < 7 && check("http://s/", &a).is_none());
    }

    fn probes_first_failure(p: &[ProbeRecord]) -> DateTime<Utc> {
        p.iter().find(|p| !p.ok).unwrap().at
    }

    #[test]
    fn a_short_day_means_not_measured_and_old_probes_do_not_count() {
        let as_of: NaiveDate = "2026-11-28".parse().unwrap();
        let mut probes: Vec<ProbeRecord> =
            (0..7).flat_map(|b| day(as_of, b, if b == 3 { 19 } else { 20 }, 10)).collect();
        let a = judge(&probes, as_of);
        assert!(!a.measured);
        assert_eq!(a.short_days, vec!["2026-11-25".parse::<NaiveDate>().unwrap()]);
        assert!(check("http://s/", &a).is_none(), "not measured is never a finding either way");
        probes.extend(day(as_of, 8, 20, 20));
        probes.extend(day(as_of, -1, 20, 20));
        assert_eq!(judge(&probes, as_of).probes, 139);
    }
}
