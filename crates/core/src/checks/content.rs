//! Content findings of a page or attachment: `personal_data`, `classified_marker`,
//! `sensitive_word` and `wrong_expression`, from the matches of [`crate::scan::scan_text`].
//!
//! SPEC: one finding per page or attachment and subtype; `evidence` lists the masked matches
//! (with their line and a little masked context) and their count. Raw personal data never
//! reaches a finding: the scan hands out masked values only.
//!
//! Severities: ID, bank card and passport numbers `high`, mobile numbers `medium`; the
//! state-secret markers 绝密/机密/秘密 `veto` (publishing a state secret is veto item V1(b)
//! of the 2019 indicators), internal-use markers `high`; lexicon words carry their entry's
//! severity (the worst one of the group).

use crate::finding::{Finding, Kind, Severity};
use crate::scan::{Lexicon, Match, scan_text};

/// Scans the text of the page or attachment at `url` (linked from `source`, for an
/// attachment) and returns one finding per kind and subtype, worst first. `as_of_year` is
/// the year of the inspection (the latest plausible birth year of an ID number).
pub fn check_text(url: &str, source: Option<&str>, text: &str, lexicon: &Lexicon, as_of_year: i32) -> Vec<Finding> {
    findings_from_matches(url, source, &scan_text(text, lexicon, as_of_year))
}

/// Groups matches of one page or attachment into findings (one per kind and subtype).
pub fn findings_from_matches(url: &str, source: Option<&str>, matches: &[Match]) -> Vec<Finding> {
    let mut groups: Vec<(Kind, &str, Vec<&Match>)> = Vec::new();
    for m in matches {
        match groups.iter_mut().find(|(k, s, _)| *k == m.kind && *s == m.subtype) {
            Some(g) => g.2.push(m),
            None => groups.push((m.kind, &m.subtype, vec![m])),
        }
    }
    let place = if source.is_some() { "附件" } else { "页面" };
    let mut out: Vec<Finding> = groups
        .into_iter()
        .map(|(kind, subtype, ms)| {
            let severity = ms.iter().map(|m| m.severity).max().unwrap_or(Severity::Medium);
            let mut f = Finding::new(kind, severity, url, message(kind, subtype, &ms, place))
                .subtype(subtype)
                .evidence(evidence(&ms));
            if let Some(s) = source {
                f = f.source(s);
            }
            f
        })
        .collect();
    out.sort_by(|a, b| b.severity.cmp(&a.severity).then(a.kind.cmp(&b.kind)).then(a.subtype.cmp(&b.subtype)));
    out
}

fn message(kind: Kind, subtype: &str, ms: &[&Match], place: &str) -> String {
    let n = ms.len();
    let s = if n == 1 { "" } else { "s" };
    match kind {
        Kind::PersonalData => {
            let (zh, en) = match subtype {
                "id_card" => ("身份证号", "resident ID number"),
                "mobile" => ("手机号码", "mobile number"),
                "bank_card" => ("银行卡号", "bank card number"),
                "passport" => ("护照号码", "passport number"),
                other => (other, other),
            };
            format!("{place}公开了 {n} 个{zh} / {n} {en}{s} published")
        }
        Kind::ClassifiedMarker => match subtype {
            "internal" => {
                format!("{place}含有 {n} 处内部资料标志（{}）/ {n} internal-use marker{s}", distinct_shown(ms, 3))
            }
            level => {
                let zh = match level {
                    "top_secret" => "绝密",
                    "confidential" => "机密",
                    "secret" => "秘密",
                    other => other,
                };
                format!("{place}含有 {n} 处“{zh}”密级标志，疑似泄露国家秘密 / {n} classification marker{s} ({level})")
            }
        },
        Kind::SensitiveWord => format!(
            "{place}含有 {n} 处敏感词（{}）：{} / {n} sensitive word{s} ({subtype})",
            category_zh(subtype),
            distinct_shown(ms, 3)
        ),
        Kind::WrongExpression => {
            let mut pairs: Vec<String> = Vec::new();
            for m in ms {
                let p = format!("“{}”应为“{}”", m.shown, m.correction.as_deref().unwrap_or("?"));
                if !pairs.contains(&p) {
                    pairs.push(p);
                }
            }
            let more = if pairs.len() > 3 { "等" } else { "" };
            pairs.truncate(3);
            format!(
                "{place}有 {n} 处错误表述（{}）：{}{more} / {n} wrong expression{s} ({subtype})",
                category_zh(subtype),
                pairs.join("，")
            )
        }
        other => format!("{place}：{} {n}", other.label_zh()),
    }
}

fn category_zh(category: &str) -> &str {
    match category {
        "typo" => "错别字",
        "official_term" => "规范表述",
        "gambling" => "赌博",
        "porn" => "色情",
        "illegal_service" => "违法广告",
        "political" => "政治",
        other => other,
    }
}

/// Up to `max` distinct shown values, joined with `、`, with `等` when there are more.
fn distinct_shown(ms: &[&Match], max: usize) -> String {
    let mut seen: Vec<&str> = Vec::new();
    for m in ms {
        if !seen.contains(&m.shown.as_str()) {
            seen.push(&m.shown);
        }
    }
    let more = if seen.len() > max { "等" } else { "" };
    seen.truncate(max);
    format!("{}{more}", seen.join("、"))
}

fn evidence(ms: &[&Match]) -> String {
    let mut out = format!("共{}处 / {} match{}: ", ms.len(), ms.len(), if ms.len() == 1 { "" } else { "es" });
    for (i, m) in ms.iter().enumerate() {
        if i > 0 {
            out.push('；');
        }
        out.push_str(&format!("第{}行 {}", m.line, m.context));
        if out.chars().count() > crate::finding::EVIDENCE_MAX_CHARS {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::pii::tests::{make_id, make_luhn};

    #[test]
    fn one_finding_per_subtype_with_masked_evidence() {
        let ids: Vec<String> = (1..=3).map(|n| make_id(&format!("330106199001011{n:02}"))).collect();
        let card = make_luhn("622202123456789012");
        let text = format!(
            "低保名单公示\n张三 {} 13812345678\n李四 {} 13912345678\n王五 {}\n开户行：农业银行 账号：{card}\n截止目前，再接再励。截止目前。\n内部资料，注意保存\n",
            ids[0], ids[1], ids[2]
        );
        let fs = check_text("http://x.gov.cn/a.html", None, &text, &Lexicon::default(), 2026);
        let got: Vec<(Kind, Option<&str>, Severity)> =
            fs.iter().map(|f| (f.kind, f.subtype.as_deref(), f.severity)).collect();
        assert_eq!(
            got,
            [
                (Kind::PersonalData, Some("bank_card"), Severity::High),
                (Kind::PersonalData, Some("id_card"), Severity::High),
                (Kind::ClassifiedMarker, Some("internal"), Severity::High),
                (Kind::PersonalData, Some("mobile"), Severity::Medium),
                (Kind::WrongExpression, Some("typo"), Severity::Medium),
            ]
        );
        let id = &fs[1];
        assert_eq!(id.message, "页面公开了 3 个身份证号 / 3 resident ID numbers published");
        assert!(id.evidence.starts_with("共3处 / 3 matches: 第2行 张三 【3301**********"), "{}", id.evidence);
        assert_eq!(id.url, "http://x.gov.cn/a.html");
        assert_eq!(id.source, None);
        let typo = &fs[4];
        assert!(typo.message.contains("“截止目前”应为“截至目前”，“再接再励”应为“再接再厉”"), "{}", typo.message);
        assert!(typo.message.contains("3 wrong expressions (typo)"));
        // Nothing raw anywhere.
        for f in &fs {
            let all = format!("{} {}", f.message, f.evidence);
            for raw in ids.iter().map(String::as_str).chain(["13812345678", "13912345678", card.as_str()]) {
                assert!(!all.contains(&raw[3..raw.len() - 3]), "{all}");
            }
        }
    }

    #[test]
    fn state_secret_markers_are_veto_and_attachments_name_their_source() {
        let fs = check_text(
            "http://x.gov.cn/f.doc",
            Some("http://x.gov.cn/a.html"),
            "机密★5年\n关于……的请示",
            &Lexicon::default(),
            2026,
        );
        assert_eq!(fs.len(), 1);
        assert_eq!(fs[0].kind, Kind::ClassifiedMarker);
        assert_eq!(fs[0].severity, Severity::Veto);
        assert_eq!(fs[0].subtype.as_deref(), Some("confidential"));
        assert_eq!(fs[0].source.as_deref(), Some("http://x.gov.cn/a.html"));
        assert!(fs[0].message.starts_with("附件含有 1 处“机密”密级标志"), "{}", fs[0].message);
        assert!(fs[0].evidence.contains("【机密★5年】"), "{}", fs[0].evidence);
    }

    #[test]
    fn sensitive_words_use_the_category() {
        let fs = check_text("u", None, "欢迎光临网上赌场，真人荷官在线。网上赌场！", &Lexicon::default(), 2026);
        assert_eq!(fs.len(), 1);
        assert_eq!(fs[0].kind, Kind::SensitiveWord);
        assert_eq!(fs[0].subtype.as_deref(), Some("gambling"));
        assert_eq!(fs[0].severity, Severity::High);
        assert_eq!(fs[0].message, "页面含有 3 处敏感词（赌博）：网上赌场、真人荷官 / 3 sensitive words (gambling)");
    }

    #[test]
    fn clean_government_prose_has_no_findings() {
        let text = "为深入贯彻落实党中央、国务院决策部署，截至目前，全市已完成安装充电桩1200个，\
                    同比增长13.5%。咨询电话：0571-87654321。全体干部要保守国家秘密，依法保护商业秘密。\
                    发布日期：2026-11-28 浏览次数：1024 文号：滨政办发〔2026〕12号";
        assert!(check_text("u", None, text, &Lexicon::default(), 2026).is_empty());
    }

    #[test]
    fn evidence_is_capped_for_long_lists() {
        let text: String = (0..200).map(|n| format!("{}\n", make_id(&format!("33010619900101{n:03}")))).collect();
        let fs = check_text("u", None, &text, &Lexicon::empty(), 2026);
        assert_eq!(fs.len(), 1);
        assert!(fs[0].message.contains("200 个身份证号"));
        assert!(fs[0].evidence.starts_with("共200处"));
        assert!(fs[0].evidence.chars().count() <= crate::finding::EVIDENCE_MAX_CHARS + 1);
    }
}
