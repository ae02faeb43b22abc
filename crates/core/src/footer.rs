//! The footer identifiers a government site must show (indicators §11.6): the 10-character
//! 网站标识码, the ICP filing number, the 14-digit 公安备案 number and the 主办单位.

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
    /// The organisation after 主办单位 / 主办.
    pub sponsor: Option<String>,
}

fn re(cell: &'static OnceLock<Regex>, pat: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pat).expect("static regex"))
}

/// Reads the footer identifiers from a page's visible text.
pub fn extract(text: &str) -> Footer {
    static CODE: OnceLock<Regex> = OnceLock::new();
    static ICP: OnceLock<Regex> = OnceLock::new();
    static PSB: OnceLock<Regex> = OnceLock::new();
    static SPONSOR: OnceLock<Regex> = OnceLock::new();
    Footer {
        site_code: re(&CODE, r"标识码\s*[:：]?\s*(bm\d{8}|\d{10})").captures(text).map(|c| c[1].to_string()),
        icp: re(&ICP, r"[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼]ICP备\d{6,10}号(?:-\d+)?")
            .find(text)
            .map(|m| m.as_str().to_string()),
        psb: re(&PSB, r"公网安备\s*(\d{14})").captures(text).map(|c| c[1].to_string()),
        sponsor: re(&SPONSOR, r"主办(?:单位|方)?\s*[:：]\s*([^\s　|｜,，;；]+)").captures(text).map(|c| c[1].to_string()),
    }
}
