//! `broken_link` for links whose target the crawl fetched (internal pages, resources and
//! attachments) and for hrefs that are not valid URLs. One finding per link occurrence
//! (target, source page). External targets are judged by the link checker once it has
//! stored their status in the same page records.

use super::targets::LinkTargets;
use super::{PageRecord, SiteData};
use crate::finding::{Finding, Kind, Severity};
use crate::text::Text;

/// The `broken_link` subtype of a fetch outcome, or `None` when it worked.
pub fn subtype(p: &PageRecord) -> Option<String> {
    if let Some(e) = &p.error {
        // Refused by robots.txt: not checked, so not known to be broken.
        return (e != "robots").then(|| e.clone());
    }
    (p.status >= 400).then(|| format!("http_{}", p.status))
}

/// Runs the check into `out` (one finding per link occurrence: a large site has hundreds of
/// thousands, so they go straight where they are kept instead of through a list of their own).
/// What it needs of the pages is in `targets` ([`LinkTargets::of`]): the page records may be
/// freed by then.
pub fn check_into(site: &SiteData, targets: &LinkTargets, out: &mut impl Extend<Finding>) {
    let home = targets.home();
    for l in &site.links {
        let (sub, what) = if let Some(why) = &l.invalid {
            (Text::from("invalid_url"), format!("链接地址无效 ({why})"))
        } else if let Some(sub) = targets.get(&l.target).and_then(|t| t.broken.clone()) {
            let what = match sub.strip_prefix("http_") {
                Some(code) => format!("链接不可访问 ({code})"),
                None => format!("链接不可访问 ({sub})"),
            };
            (sub, what)
        } else if let Some(frag) = l.fragment.as_deref().filter(|f| !f.starts_with(['/', '!']))
            && let Some(page) = targets.get(&l.target).filter(|t| t.is_html && t.broken.is_none())
            && !page.anchors.iter().any(|a| a == frag)
        {
            out.extend(Some(
                Finding::new(
                    Kind::BrokenLink,
                    Severity::Info,
                    &l.target,
                    format!("链接的页面内锚点 #{frag} 不存在 / no #{frag} on the target page"),
                )
                .subtype("fragment")
                .source(&l.source)
                .evidence(&l.snippet),
            ));
            continue;
        } else {
            continue;
        };
        let on_home = home == Some(l.source.as_str());
        let place = if on_home { "首页" } else { "" };
        let object = match l.tag.as_str() {
            "resource" => "资源",
            "script" => "脚本",
            "frame" => "框架页",
            _ => "链接",
        };
        let msg = format!("{place}{}", what.replacen("链接", object, 1));
        out.extend(Some(
            Finding::new(Kind::BrokenLink, Severity::High, &l.target, format!("{msg} / broken {}", l.tag))
                .subtype(sub)
                .source(&l.source)
                .evidence(format!("{} (第{}个链接{})", l.snippet, l.position, if on_home { ", 首页" } else { "" })),
        ));
    }
}
