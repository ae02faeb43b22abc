//! Service guides (indicators V6): every 办事指南 page must show its ten key elements —
//! 事项名称, 设定依据, 申请条件, 办理材料, 办理地点, 办理机构, 收费标准, 办理时间, 联系电话,
//! 办理流程 — each with a value. This module owns `service_guide_incomplete`: one finding per
//! guide page, subtype = the first missing element in that order, evidence = all of them. The
//! elements are read by the page analysis ([`crate::pageinfo::GUIDE_ELEMENTS`]); a label with
//! nothing after it counts as missing. Severity `high`: the V6 veto threshold (how many
//! elements or guides) was cut off in every copy of the indicators found.

use super::SiteData;
use super::columns::{kind_of, usable};
use crate::finding::{Finding, Kind, Severity};
use crate::pageinfo::{GUIDE_ELEMENTS, PageKind};

/// Runs the check.
pub fn check(site: &SiteData) -> Vec<Finding> {
    let mut out = Vec::new();
    for p in site.pages.iter().filter(|p| usable(p) && kind_of(p) == PageKind::Service) {
        let found = &p.info.guide;
        if found.is_empty() {
            continue; // no element data stored for this page
        }
        let missing: Vec<(&str, &str, bool)> = GUIDE_ELEMENTS
            .iter()
            .filter(|(key, _, _)| !found.iter().any(|e| e.key == *key && e.filled))
            .map(|(key, zh, _)| (*key, *zh, found.iter().any(|e| e.key == *key)))
            .collect();
        let Some(first) = missing.first() else { continue };
        let list: Vec<String> = missing
            .iter()
            .map(|(_, zh, empty)| if *empty { format!("{zh}（为空）") } else { zh.to_string() })
            .collect();
        let keys: Vec<&str> = missing.iter().map(|(k, _, _)| *k).collect();
        out.push(
            Finding::new(
                Kind::ServiceGuideIncomplete,
                Severity::High,
                &p.url,
                format!(
                    "办事指南缺少{}项要素：{} / service guide lacks {} of 10 key elements ({})",
                    missing.len(),
                    list.join("、"),
                    missing.len(),
                    keys.join(", ")
                ),
            )
            .subtype(first.0)
            .evidence(format!(
                "《{}》缺少：{}（共10项要素，缺{}项）",
                p.title,
                list.join("、"),
                missing.len()
            )),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::columns::fixture::*;
    use super::*;

    fn guide(rows: &[(&str, &str)]) -> String {
        let rows: String = rows.iter().map(|(l, v)| format!("<tr><th>{l}</th><td>{v}</td></tr>")).collect();
        let n = nav(&[("办事指南", "/bszn/index.html")]);
        page(
            &n,
            "居住证申领",
            &format!("{}<h1>居住证申领办事指南</h1><table>{rows}</table>", crumb(&[("办事指南", "/bszn/index.html")])),
        )
    }

    const ALL: [(&str, &str); 10] = [
        ("事项名称", "居住证申领"),
        ("设定依据", "《居住证暂行条例》"),
        ("申请条件", "在本市居住半年以上"),
        ("办理材料", "身份证；照片"),
        ("办理地点", "市民中心"),
        ("办理机构", "市公安局"),
        ("收费标准", "不收费"),
        ("办理时间", "工作日"),
        ("联系电话", "0571-87003456"),
        ("办理流程", "申请—审核—制证"),
    ];

    fn run(rows: &[(&str, &str)]) -> Vec<Finding> {
        check(&site(
            "2026-11-28",
            &[("/".to_string(), home(&nav(&[]), &[])), ("/bszn/1.html".to_string(), guide(rows))],
        ))
    }

    #[test]
    fn a_complete_guide_passes() {
        assert!(run(&ALL).is_empty());
    }

    #[test]
    fn missing_elements_are_listed_and_the_first_is_the_subtype() {
        let rows: Vec<(&str, &str)> =
            ALL.iter().copied().filter(|(l, _)| *l != "设定依据" && *l != "收费标准").collect();
        let f = run(&rows);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].subtype.as_deref(), Some("legal_basis"));
        assert_eq!(f[0].severity, Severity::High);
        assert!(f[0].evidence.contains("设定依据、收费标准"), "{}", f[0].evidence);
    }

    #[test]
    fn empty_values_and_the_footer_phone_do_not_count() {
        // 联系电话 only in the footer; 办理流程 labelled but empty
        let rows: Vec<(&str, &str)> = ALL
            .iter()
            .copied()
            .filter(|(l, _)| *l != "联系电话")
            .map(|(l, v)| if l == "办理流程" { (l, "—") } else { (l, v) })
            .collect();
        let f = run(&rows);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].subtype.as_deref(), Some("phone"));
        assert!(f[0].evidence.contains("联系电话、办理流程（为空）"), "{}", f[0].evidence);
    }
}
