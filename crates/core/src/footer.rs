//! The footer identifiers a government site must show (indicators §11.6): the 10-character
//! 网站标识码, the ICP filing number, the 14-digit 公安备案 number and the 主办单位.
//!
//! This module owns the rules for reading them from text. It does not decide where the
//! footer of an HTML page is: [`crate::pageinfo`] finds the footer zone in the DOM and hands
//! its text here ([`extract_zone`]); [`extract`] finds the zone in plain text itself (the
//! lines around 版权所有 / ICP备 / 公网安备 / 标识码). Codes that cannot be confused with
//! anything else (site code, ICP, 公网安备) fall back to the whole text; the sponsor is only
//! ever read from the footer zone, because an article body often names the 主办单位 of an
//! event.

use regex::Regex;
use serde::Serialize;
use std::sync::OnceLock;

/// Footer identifiers (`xunjian.page/1` `footer`); `None` when absent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Footer {
    /// 网站标识码 (`3301000001`, `bm01000001`).
    pub site_code: Option<String>,
    /// ICP 备案号 as printed, with any `-N` suffix.
    pub icp: Option<String>,
    /// The 14-digit 公网安备 number.
    pub psb: Option<String>,
    /// The organisation after 主办单位 / 主办 / 主办方.
    pub sponsor: Option<String>,
}

fn re(cell: &'static OnceLock<Regex>, pat: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pat).expect("static regex"))
}

/// Lines around one of these words belong to the footer zone of plain text.
fn anchor_re() -> &'static Regex {
    static ANCHOR: OnceLock<Regex> = OnceLock::new();
    re(&ANCHOR, r"版权所有|ICP\s*备|公网安备|公安机关备案|标识码|识别码|(?i:copyright)|©")
}

/// Whether a piece of text marks the footer zone (版权所有, ICP备, 公网安备, 标识码, ©).
pub fn is_anchor(text: &str) -> bool {
    anchor_re().is_match(text)
}

/// How many lines around an anchor line count as footer in plain text.
const WINDOW: usize = 4;

/// Reads the footer identifiers from plain text (one line per block).
///
/// The footer zone is the lines within a few lines of an anchor line (版权所有, ICP备, 公网安备,
/// 标识码, ©); the sponsor is read only there.
pub fn extract(text: &str) -> Footer {
    let lines: Vec<&str> = text.lines().collect();
    let mut keep = vec![false; lines.len()];
    for (i, l) in lines.iter().enumerate() {
        if is_anchor(l) {
            let lo = i.saturating_sub(WINDOW);
            let hi = (i + WINDOW + 1).min(lines.len());
            keep[lo..hi].iter_mut().for_each(|k| *k = true);
        }
    }
    let mut zone = String::new();
    for (l, k) in lines.iter().zip(&keep) {
        if *k {
            zone.push_str(l);
            zone.push('\n');
        }
    }
    extract_zone(&zone, text, std::iter::empty())
}

/// Reads the footer identifiers given the page's footer zone, its whole visible text and the
/// `href`s of its links (for `recordcode=` of beian.gov.cn).
///
/// Site code, ICP and 公网安备 are read from the zone first, then from the whole text; the
/// sponsor only from the zone.
pub fn extract_zone<'h>(zone: &str, text: &str, hrefs: impl IntoIterator<Item = &'h str>) -> Footer {
    let first = |f: fn(&str) -> Option<String>| f(zone).or_else(|| f(text));
    Footer {
        site_code: first(site_code),
        icp: first(icp),
        psb: first(psb).or_else(|| hrefs.into_iter().find_map(record_code)),
        sponsor: sponsor(zone),
    }
}

/// The 网站标识码 printed after 网站标识码 / 政府网站标识码 / 标识码: `bm` + 8 digits or 10 digits,
/// and nothing longer.
pub fn site_code(text: &str) -> Option<String> {
    static CODE: OnceLock<Regex> = OnceLock::new();
    let r = re(&CODE, r"(?:标识码|识别码)\s*[:：]?\s*((?i:bm)[0-9]{8}|[0-9]{10})(?:[^0-9]|$)");
    r.captures(text).map(|c| c[1].to_string())
}

/// The ICP filing as printed (`京ICP备05070218号`, `京ICP备20027467号-1`), spaces removed.
pub fn icp(text: &str) -> Option<String> {
    static ICP: OnceLock<Regex> = OnceLock::new();
    let r = re(&ICP, r"[\x{3400}-\x{4DBF}\x{4E00}-\x{9FFF}]\s*ICP\s*备\s*[0-9]{5,10}\s*号?(?:\s*-\s*[0-9]{1,3})?");
    let m = r.find(text)?;
    Some(m.as_str().chars().filter(|c| !c.is_whitespace()).collect())
}

/// The 14-digit 公网安备 number (label and number may be split by a line break).
pub fn psb(text: &str) -> Option<String> {
    static PSB: OnceLock<Regex> = OnceLock::new();
    let r = re(&PSB, r"(?:公网安备|公安机关备案号|公安备案号)\s*[:：]?\s*(?:第\s*)?([0-9]{14})(?:[^0-9]|$)");
    r.captures(text).map(|c| c[1].to_string())
}

/// The 14-digit number of a `…beian.gov.cn…?recordcode=<14 digits>` link.
pub fn record_code(href: &str) -> Option<String> {
    static RC: OnceLock<Regex> = OnceLock::new();
    if !href.contains("beian") {
        return None;
    }
    let r = re(&RC, r"(?i)recordcode=([0-9]{14})(?:[^0-9]|$)");
    r.captures(href).map(|c| c[1].to_string())
}

/// The organisation after 主办单位 / 主办 / 主办方, up to the next label (承办单位, 运行维护,
/// 联系电话, 地址, 网站标识码, ICP …), a separator (`|`, `©`, 版权所有) or a phone number.
pub fn sponsor(text: &str) -> Option<String> {
    static LABEL: OnceLock<Regex> = OnceLock::new();
    static STOP: OnceLock<Regex> = OnceLock::new();
    let label = re(&LABEL, r"主办(?:单位|方)?\s*[:：]\s*|主办单位[ \t\u{3000}]+");
    let stop = re(
        &STOP,
        r"(?x)
        [|｜©®\n，,。;；!！]
        | 版权 | (?i:copyright) | \(c\)
        | 承办 | 协办 | 运行维护 | 运维 | 技术支持 | 网站标识码 | 政府网站标识码 | 标识码 | 备案 | ICP | 公网安备
        | 联系电话 | 电话 | 地址 | 邮编 | 邮政编码 | 邮箱 | (?i:e-?mail) | 传真 | 网站地图 | 联系我们 | 中文域名
        | \s\S{1,8}?\s*[:：]
        | [(（]\s*[0-9]
        | [0-9]{3,}
        ",
    );
    for m in label.find_iter(text) {
        let rest = &text[m.end()..];
        let end = stop.find(rest).map_or(rest.len(), |s| s.start());
        let name = rest[..end].trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}' || ":：、".contains(c));
        let name = crate::html::collapse(name);
        if name.chars().count() >= 2 && name.chars().count() <= 60 {
            return Some(name);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_code_forms() {
        assert_eq!(site_code("网站标识码：3609000002").as_deref(), Some("3609000002"));
        assert_eq!(site_code("政府网站标识码: 1300000065 网站地图").as_deref(), Some("1300000065"));
        assert_eq!(site_code("网站标识码bm01000001 京ICP备05070218号").as_deref(), Some("bm01000001"));
        assert_eq!(site_code("晋公网安备 14010502050691号网站标识码：1400000045").as_deref(), Some("1400000045"));
        // near misses
        assert_eq!(site_code("网站标识码：36090000021"), None, "11 digits is no site code");
        assert_eq!(site_code("网站标识码：360900000"), None, "9 digits is no site code");
        assert_eq!(site_code("联系电话 3609000002"), None, "no label");
        assert_eq!(site_code("网站标识码：bm1400000"), None);
    }

    #[test]
    fn icp_forms() {
        assert_eq!(icp("备案序号：京ICP备20027467号-1").as_deref(), Some("京ICP备20027467号-1"));
        assert_eq!(icp("赣ICP备06000141号 政府网站标识码").as_deref(), Some("赣ICP备06000141号"));
        assert_eq!(icp("备案号：黔ICP备16008583号").as_deref(), Some("黔ICP备16008583号"));
        assert_eq!(icp("冀ICP备 13016076号 -2").as_deref(), Some("冀ICP备13016076号-2"));
        assert_eq!(icp("ICP备案：渝ICP备11002521号-1").as_deref(), Some("渝ICP备11002521号-1"));
        assert_eq!(icp("ICP备案"), None);
        assert_eq!(icp("京ICP证030173号"), None, "an ICP licence is not the filing");
    }

    #[test]
    fn psb_forms() {
        assert_eq!(psb("京公网安备11010202000001号").as_deref(), Some("11010202000001"));
        assert_eq!(psb("赣公网安备\n36090202000004号").as_deref(), Some("36090202000004"));
        assert_eq!(psb("贵公网安备：52260102556121号").as_deref(), Some("52260102556121"));
        assert_eq!(psb("渝公网安备:50011502000190号").as_deref(), Some("50011502000190"));
        assert_eq!(psb("公安机关备案号：43010302000524").as_deref(), Some("43010302000524"));
        assert_eq!(psb("京公网安备 110102020000011号"), None, "15 digits");
        assert_eq!(psb("京公网安备 1101020200000号"), None, "13 digits");
        assert_eq!(
            record_code("http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=13010402001602").as_deref(),
            Some("13010402001602")
        );
        assert_eq!(record_code("http://example.gov.cn/?recordcode=13010402001602"), None);
    }

    #[test]
    fn sponsor_stops_at_the_next_label() {
        assert_eq!(sponsor("主办单位：国务院办公厅 运行维护单位：中国政府网运行中心").as_deref(), Some("国务院办公厅"));
        assert_eq!(sponsor("主办：宜春市人民政府 承办：宜春市人民政府办公室").as_deref(), Some("宜春市人民政府"));
        assert_eq!(
            sponsor("主办：山西省人民政府办公厅 © 山西省人民政府网 版权所有").as_deref(),
            Some("山西省人民政府办公厅")
        );
        assert_eq!(sponsor("主办单位:河北省财政厅 | Email:hebzfcg@sina.com").as_deref(), Some("河北省财政厅"));
        assert_eq!(
            sponsor("版权所有：中国载人航天工程官方网站 主办方：中国载人航天工程办公室 备案序号：京ICP备20027467号-1")
                .as_deref(),
            Some("中国载人航天工程办公室")
        );
        assert_eq!(
            sponsor("主办：凯里市人民政府办公室 地址：贵州省凯里市行政中心C座 联系电话：0855-8065700").as_deref(),
            Some("凯里市人民政府办公室")
        );
        assert_eq!(sponsor("主办单位：中共某某县委 某某县人民政府").as_deref(), Some("中共某某县委 某某县人民政府"));
    }

    #[test]
    fn sponsor_near_misses() {
        assert_eq!(
            sponsor("主办单位：某某县财政局 0795-8819792").as_deref(),
            Some("某某县财政局"),
            "landline is not the sponsor"
        );
        assert_eq!(sponsor("主办单位：某某县财政局\n联系电话：0795-8819792").as_deref(), Some("某某县财政局"));
        assert_eq!(sponsor("主办单位：某某县财政局（0795-8819792）").as_deref(), Some("某某县财政局"));
        assert_eq!(sponsor("中国·浙江省发展和改革委员会 版权所有"), None, "版权所有 alone is no sponsor");
        assert_eq!(sponsor("版权所有：中国科普网"), None);
        assert_eq!(sponsor("本次活动由市文明办主办，"), None, "no label");
        assert_eq!(sponsor("主办：\n承办：某某局"), None, "empty value does not borrow the next label");
    }

    #[test]
    fn plain_text_reads_only_the_footer_zone_for_the_sponsor() {
        let mut text = String::from("关于举办读书月活动的通知\n主办单位：市图书馆\n");
        for i in 0..12 {
            text.push_str(&format!("正文第{i}段\n"));
        }
        text.push_str("主办：某某市人民政府 承办：某某市人民政府办公室\n赣ICP备06000141号 政府网站标识码：3609000002 赣公网安备\n36090202000004号\n");
        let f = extract(&text);
        assert_eq!(f.sponsor.as_deref(), Some("某某市人民政府"));
        assert_eq!(f.site_code.as_deref(), Some("3609000002"));
        assert_eq!(f.icp.as_deref(), Some("赣ICP备06000141号"));
        assert_eq!(f.psb.as_deref(), Some("36090202000004"));
        let body_only = extract("活动通知\n主办单位：市图书馆\n时间：周六");
        assert_eq!(body_only, Footer::default());
    }
}
