//! `footer_missing`: the homepage footer must show the 网站标识码, the ICP filing number, the
//! 公安备案 number and the 主办单位 (指引 §7.2). Judged once per site, on the homepage.

use super::SiteData;
use crate::finding::{Finding, Kind, Severity};
use crate::footer::Footer;

/// Runs the check.
pub fn check(site: &SiteData) -> Vec<Finding> {
    let Some(home) = site.home().filter(|h| h.is_html && h.error.is_none() && h.status < 400) else {
        return Vec::new();
    };
    let none = Footer::default();
    let f = home.footer.as_deref().unwrap_or(&none);
    let missing = [
        ("site_code", f.site_code.is_none(), "网站标识码"),
        ("icp", f.icp.is_none(), "ICP备案号"),
        ("psb", f.psb.is_none(), "公安机关备案号"),
        ("sponsor", f.sponsor.is_none(), "主办单位"),
    ];
    missing
        .iter()
        .filter(|(_, absent, _)| *absent)
        .map(|(sub, _, zh)| {
            Finding::new(
                Kind::FooterMissing,
                Severity::Medium,
                &home.url,
                format!("首页底部缺少{zh} / footer lacks {sub}"),
            )
            .subtype(*sub)
            .evidence(format!("首页底部未找到“{zh}”"))
        })
        .collect()
}
