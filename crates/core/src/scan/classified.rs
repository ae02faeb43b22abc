//! Classification markers (密级标志) in published text: 绝密 / 机密 / 秘密 in marker form,
//! and the internal-use markers 内部资料, 内部文件, 内部使用, 注意保存, 不得外传, 严禁外传.
//!
//! The words themselves are everywhere in legitimate prose (保守国家秘密, 商业秘密, 机密性,
//! 秘密地, the 保密法 sentence "密级分为绝密、机密、秘密三级", a regulation titled
//! 秘密文件管理办法, the 内部资料性出版物 rules), so a word counts only in the forms of
//! GB/T 9704-2012 and common practice:
//!
//! - followed by a star: `秘密★1年`, `机密☆`, `绝密★启用前`, `内部资料*`;
//! - labelled: `密级：机密`, or followed by the period: `秘密 保密期限：10年`;
//! - in brackets: `【内部资料】`, `（机密）`;
//! - an internal marker next to another marker: `内部资料 注意保存`, `内部文件，不得外传`
//!   (two levels next to each other are a list in prose, not a marker);
//! - alone on a line among the first [`HEAD_LINES`] non-empty lines of the text (the place
//!   where a document carries its marker): a line that is just `机密` or `内部资料 注意保存`.
//!
//! Quoted words (`标注“秘密★1年”`, `《内部资料…》`) are examples or titles, never markers.

use aho_corasick::{AhoCorasick, MatchKind};
use std::sync::OnceLock;

/// How many non-empty lines at the start of a text count as the document head.
pub const HEAD_LINES: usize = 12;

/// The class of a marker, named as the finding subtype.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// 绝密.
    TopSecret,
    /// 机密.
    Confidential,
    /// 秘密.
    Secret,
    /// 内部资料, 内部文件, 注意保存, 不得外传, 内部使用, 严禁外传.
    Internal,
}

impl Level {
    /// The finding subtype: `top_secret`, `confidential`, `secret`, `internal`.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::TopSecret => "top_secret",
            Level::Confidential => "confidential",
            Level::Secret => "secret",
            Level::Internal => "internal",
        }
    }

    /// The Chinese name.
    pub fn label_zh(self) -> &'static str {
        match self {
            Level::TopSecret => "绝密",
            Level::Confidential => "机密",
            Level::Secret => "秘密",
            Level::Internal => "内部",
        }
    }

    /// Whether this is a state-secret level (绝密, 机密, 秘密).
    pub fn is_state_secret(self) -> bool {
        self != Level::Internal
    }
}

/// One classification marker found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkerMatch {
    /// Which marker.
    pub level: Level,
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the marker (and its star and period, when present).
    pub end: usize,
    /// The marker as written, e.g. `秘密★1年`, `内部资料`.
    pub text: String,
}

const WORDS: [(&str, Level); 9] = [
    ("绝密", Level::TopSecret),
    ("机密", Level::Confidential),
    ("秘密", Level::Secret),
    ("内部资料", Level::Internal),
    ("内部文件", Level::Internal),
    ("内部使用", Level::Internal),
    ("注意保存", Level::Internal),
    ("不得外传", Level::Internal),
    ("严禁外传", Level::Internal),
];

fn automaton() -> &'static AhoCorasick {
    static AC: OnceLock<AhoCorasick> = OnceLock::new();
    AC.get_or_init(|| {
        AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostFirst)
            .build(WORDS.iter().map(|(w, _)| w))
            .expect("fixed marker words compile")
    })
}

fn is_space(c: char) -> bool {
    c == ' ' || c == '\t' || c == '\u{3000}' || c == '\u{a0}'
}
fn is_star(c: char) -> bool {
    matches!(c, '★' | '☆' | '*' | '＊')
}
fn is_open_quote(c: char) -> bool {
    matches!(c, '“' | '「' | '『' | '"' | '\'' | '‘' | '《' | '〈')
}
fn is_open_bracket(c: char) -> bool {
    matches!(c, '【' | '［' | '[' | '（' | '(' | '〔' | '〖')
}
fn is_close_bracket(c: char) -> bool {
    matches!(c, '】' | '］' | ']' | '）' | ')' | '〕' | '〗')
}
/// What may stand between two markers that belong together (`内部资料，注意保存`).
fn is_joiner(c: char) -> bool {
    is_space(c) || is_star(c) || matches!(c, '，' | ',' | '；' | ';' | '/' | '|' | '·')
}
/// What may stand on a marker-only line besides the markers.
fn is_line_filler(c: char) -> bool {
    is_joiner(c) || is_open_bracket(c) || is_close_bracket(c) || matches!(c, '：' | ':' | '、' | '\r')
}

/// Finds every classification marker in `text`, in order of position.
pub fn find(text: &str) -> Vec<MarkerMatch> {
    let hits: Vec<(usize, usize, Level)> =
        automaton().find_iter(text).map(|m| (m.start(), m.end(), WORDS[m.pattern().as_usize()].1)).collect();
    let mut head_end: Option<usize> = None;
    let mut out = Vec::new();
    for (i, &(s, e, level)) in hits.iter().enumerate() {
        let before = &text[..s];
        let after = &text[e..];
        if before.chars().next_back().is_some_and(is_open_quote) {
            continue;
        }
        if level == Level::Internal && after.starts_with('性') {
            continue; // 内部资料性出版物: a legal category, not a marker
        }
        let star = star_after(after);
        let fires = star.is_some()
            || (level.is_state_secret() && (labelled_before(before) || period_after(after)))
            || (before.chars().next_back().is_some_and(is_open_bracket)
                && after.chars().next().is_some_and(is_close_bracket))
            || joined_to_neighbour(text, &hits, i)
            || alone_in_head(text, s, e, &mut head_end);
        if !fires {
            continue;
        }
        let end = star.map_or(e, |rel| e + rel);
        out.push(MarkerMatch { level, start: s, end, text: text[s..end].to_string() });
    }
    out
}

/// When a star follows (after at most two spaces), the end of the star and of the period
/// after it (`★1年`, `★6个月`, `★长期`, `★启用前`), relative to `after`.
fn star_after(after: &str) -> Option<usize> {
    let (k, c) = after.char_indices().find(|&(k, c)| !(is_space(c) && k < 6))?;
    if !is_star(c) {
        return None;
    }
    let end = k + c.len_utf8();
    let rest = &after[end..];
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let period = if digits > 0 {
        let unit = ["年", "个月", "月"].iter().find(|u| rest[digits..].starts_with(*u)).map_or(0, |u| u.len());
        if unit > 0 { digits + unit } else { 0 }
    } else {
        ["长期", "启用前"].iter().find(|p| rest.starts_with(*p)).map_or(0, |p| p.len())
    };
    Some(end + period)
}

/// `密级：机密`, `密级 秘密`.
fn labelled_before(before: &str) -> bool {
    let trimmed = before.trim_end_matches(|c: char| is_space(c) || c == ':' || c == '：');
    before.len() - trimmed.len() <= 9 && trimmed.ends_with("密级")
}

/// `秘密 保密期限：10年` (only spaces between: `国家秘密，保密期限已满的` is prose).
fn period_after(after: &str) -> bool {
    let t = after.trim_start_matches(is_space);
    after.len() - t.len() <= 9 && (t.starts_with("保密期限") || t.starts_with("解密时间") || t.starts_with("解密条件"))
}

/// An internal marker with another marker right next to it (only joiners between them).
fn joined_to_neighbour(text: &str, hits: &[(usize, usize, Level)], i: usize) -> bool {
    let joined = |a: usize, b: usize| {
        let (_, ae, al) = hits[a];
        let (bs, _, bl) = hits[b];
        (al == Level::Internal || bl == Level::Internal)
            && bs >= ae
            && bs - ae <= 9
            && text[ae..bs].chars().all(is_joiner)
    };
    (i > 0 && joined(i - 1, i)) || (i + 1 < hits.len() && joined(i, i + 1))
}

/// The marker stands alone (with other markers, brackets and stars) on a short line within
/// the first [`HEAD_LINES`] non-empty lines of the text.
fn alone_in_head(text: &str, s: usize, e: usize, head_end: &mut Option<usize>) -> bool {
    const MAX_LINE: usize = 96;
    // Look for the line ends only within MAX_LINE bytes, so a huge one-line text stays linear.
    let from = text.floor_char_boundary(s.saturating_sub(MAX_LINE));
    let ls = match text[from..s].rfind('\n') {
        Some(p) => from + p + 1,
        None if from == 0 => 0,
        None => return false,
    };
    let to = text.ceil_char_boundary(e + MAX_LINE);
    let le = match text[e..to].find('\n') {
        Some(p) => e + p,
        None if to == text.len() => to,
        None => return false,
    };
    let mut line = text[ls..le].to_string();
    for (w, _) in WORDS {
        line = line.replace(w, "");
    }
    if !line.chars().all(is_line_filler) {
        return false;
    }
    let head = *head_end.get_or_insert_with(|| head_end_offset(text));
    s < head
}

/// The byte offset where the [`HEAD_LINES`]-th non-empty line ends.
fn head_end_offset(text: &str) -> usize {
    let mut count = 0;
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        pos += line.len();
        if !line.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}').is_empty() {
            count += 1;
            if count >= HEAD_LINES {
                return pos;
            }
        }
    }
    pos
}

#[cfg(test)]
mod tests {
    use super::*;

    fn levels(text: &str) -> Vec<(Level, String)> {
        find(text).into_iter().map(|m| (m.level, m.text)).collect()
    }

    #[test]
    fn starred_markers_fire_anywhere() {
        let body = "关于做好2026年防汛工作的通知\n各县（市、区）人民政府：\n".repeat(20);
        let t = format!("{body}正文中出现秘密★1年字样，以及机密☆和绝密 ★启用前。还有内部资料*。");
        assert_eq!(
            levels(&t),
            [
                (Level::Secret, "秘密★1年".to_string()),
                (Level::Confidential, "机密☆".to_string()),
                (Level::TopSecret, "绝密 ★启用前".to_string()),
                (Level::Internal, "内部资料*".to_string()),
            ]
        );
    }

    #[test]
    fn labelled_and_period_forms_fire() {
        assert_eq!(levels("文件密级：机密，请妥善处理"), [(Level::Confidential, "机密".to_string())]);
        assert_eq!(levels("密级 秘密"), [(Level::Secret, "秘密".to_string())]);
        assert_eq!(levels("附件 秘密　保密期限：10年"), [(Level::Secret, "秘密".to_string())]);
    }

    #[test]
    fn a_marker_line_at_the_head_of_a_document_fires() {
        let t = "000123\n机密\n特急\n\n滨江市人民政府文件\n关于……的通知\n正文。";
        assert_eq!(levels(t), [(Level::Confidential, "机密".to_string())]);
        let t = "  【内部资料  注意保存】\n会议纪要";
        assert_eq!(levels(t).len(), 2);
        // Deep in the text, a lone level word is a table cell or a list, not a marker.
        let body = "第一段。\n".repeat(HEAD_LINES + 1);
        assert!(levels(&format!("{body}机密\n")).is_empty());
    }

    #[test]
    fn internal_markers_next_to_each_other_fire() {
        assert_eq!(levels("本材料为内部资料，注意保存。").len(), 2);
        assert_eq!(levels("内部文件 严禁外传").len(), 2);
        assert_eq!(levels("（内部使用）").len(), 1);
    }

    #[test]
    fn prose_does_not_fire() {
        let body = "正文第一行。\n".repeat(HEAD_LINES);
        for t in [
            "全体干部要增强保密意识，保守国家秘密。",
            "依法保护商业秘密和个人隐私。",
            "国家秘密的密级分为绝密、机密、秘密三级。",
            "绝密级国家秘密的保密期限不超过三十年，秘密级国家秘密不超过十年。",
            "涉及国家秘密，保密期限已满的，自行解密。",
            "秘密文件管理办法",
            "确保数据的机密性和完整性。",
            "他们秘密地进行了调查。",
            "依照《内部资料性出版物管理办法》办理。",
            "不得将内部文件、内部资料上传互联网。",
            "培训课件：密级标志应标注为“秘密★1年”的格式。",
            "请注意保存好缴费票据。",
            "会议纪要\n绝密\n机密\n秘密",
        ] {
            assert!(levels(&format!("{body}{t}")).is_empty(), "{t}: {:?}", levels(&format!("{body}{t}")));
        }
        // The same prose at the head of a text does not fire either.
        assert!(levels("秘密文件管理办法\n第一条 为了加强管理……").is_empty());
        assert!(levels("国家秘密的密级分为绝密、机密、秘密三级。").is_empty());
    }

    #[test]
    fn no_panic_on_odd_input() {
        for t in ["", "秘", "秘密", "★", "密级：", "秘密★", "秘密 ", "\n\n秘密\r\n", "内部资料内部资料内部资料"]
        {
            let _ = find(t);
        }
        let long = format!("{}秘密★", "长".repeat(10_000));
        assert_eq!(find(&long).len(), 1);
        // A huge one-line text full of prose words stays fast (linear).
        let prose = "保守国家秘密，".repeat(200_000);
        assert!(find(&prose).is_empty());
    }
}
