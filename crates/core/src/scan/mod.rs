//! Content scanning: personal data ([`pii`]), classification markers ([`classified`]) and
//! lexicon words ([`lexicon`]) in plain text, with positions for people to find them.
//!
//! [`scan_text`] runs every detector over a text and returns [`Match`]es that carry only
//! **masked** values: the raw ID number, phone number or card number never leaves the scan.
//! `checks::content` turns matches into findings (one per page and subtype); the
//! pre-publication review shows them with their line and column.
//!
//! Speed: the digit scanner is one pass over the bytes, the marker and lexicon automata are
//! compiled once (the marker automaton per process, the lexicon's when it is built), and
//! positions and context are computed only for the few matches.

pub mod classified;
pub mod lexicon;
pub mod pii;

pub use lexicon::{Entry, Lexicon, LexiconError};

use crate::finding::{Kind, Severity};
use serde::Serialize;

/// One thing found in a text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Match {
    /// `personal_data`, `classified_marker`, `sensitive_word` or `wrong_expression`.
    pub kind: Kind,
    /// The finding subtype: `id_card`, `mobile`, `bank_card`, `passport`; `top_secret`,
    /// `confidential`, `secret`, `internal`; or the lexicon category.
    pub subtype: String,
    /// How bad it is (see [`severity_of`] for personal data and markers; the lexicon entry's
    /// severity for words).
    pub severity: Severity,
    /// Byte offset of the first byte in the text.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// What was found, safe to show: the masked number (`3301**********1234`), or the marker
    /// or word as written.
    pub shown: String,
    /// The right form, for a wrong expression.
    pub correction: Option<String>,
    /// A little of the line around the match, with the match as [`Match::shown`] in `【】`
    /// and every longer digit run around it masked.
    pub context: String,
}

/// The severity of personal data and markers: an ID, bank card or passport number is `high`,
/// a mobile number `medium`; a state-secret marker (绝密/机密/秘密) is `veto`, because
/// publishing a state secret is veto item V1(b) of the 2019 indicators (泄露国家秘密), and
/// an internal-use marker (内部资料 …) is `high`: not a state secret by itself, but material
/// that must not be on a public site.
pub fn severity_of(kind: Kind, subtype: &str) -> Severity {
    match (kind, subtype) {
        (Kind::PersonalData, "mobile") => Severity::Medium,
        (Kind::PersonalData, _) => Severity::High,
        (Kind::ClassifiedMarker, "internal") => Severity::High,
        (Kind::ClassifiedMarker, _) => Severity::Veto,
        _ => Severity::Medium,
    }
}

/// How many characters of context to show on each side of a match.
const CONTEXT_CHARS: usize = 10;

/// Scans `text` with every detector: personal data (birth years up to `as_of_year`),
/// classification markers and the lexicon. Hits inside a phrase of the lexicon's allow-list
/// are dropped. Matches come in order of position.
pub fn scan_text(text: &str, lexicon: &Lexicon, as_of_year: i32) -> Vec<Match> {
    let hit = |kind: Kind, subtype: &str, severity: Severity, start: usize, end: usize, shown: String| Match {
        kind,
        subtype: subtype.to_string(),
        severity,
        start,
        end,
        line: 0,
        column: 0,
        shown,
        correction: None,
        context: String::new(),
    };
    let mut out: Vec<Match> = Vec::new();
    for m in pii::find(text, as_of_year) {
        let sub = m.kind.as_str();
        out.push(hit(Kind::PersonalData, sub, severity_of(Kind::PersonalData, sub), m.start, m.end, m.masked));
    }
    for m in classified::find(text) {
        let sub = m.level.as_str();
        out.push(hit(Kind::ClassifiedMarker, sub, severity_of(Kind::ClassifiedMarker, sub), m.start, m.end, m.text));
    }
    for h in lexicon.find(text) {
        let e = &lexicon.entries()[h.entry];
        let kind = if e.is_wrong_expression() { Kind::WrongExpression } else { Kind::SensitiveWord };
        let mut m = hit(kind, &e.category, e.severity, h.start, h.end, text[h.start..h.end].to_string());
        m.correction = e.correction.clone();
        out.push(m);
    }
    if !lexicon.allow().is_empty() {
        out.retain(|m| !lexicon.is_allowed(text, m.start, m.end));
    }
    out.sort_by_key(|m| (m.start, m.end));
    let mut cursor = Cursor::default();
    for m in &mut out {
        (m.line, m.column) = cursor.advance(text, m.start);
        m.context = context(text, m.start, m.end, &m.shown);
    }
    out
}

/// Line and column of increasing byte offsets, computed incrementally.
#[derive(Default)]
struct Cursor {
    pos: usize,
    line: usize,
    col: usize,
}

impl Cursor {
    fn advance(&mut self, text: &str, to: usize) -> (usize, usize) {
        if self.line == 0 {
            self.line = 1;
            self.col = 1;
        }
        let to = text.floor_char_boundary(to.max(self.pos));
        let span = &text[self.pos..to];
        // Newlines by bytes (fast), columns only from the last newline on.
        let newlines = span.bytes().filter(|&b| b == b'\n').count();
        if newlines > 0 {
            self.line += newlines;
            let last = span.rfind('\n').map_or(0, |p| p + 1);
            self.col = 1 + span[last..].chars().count();
        } else {
            self.col += span.chars().count();
        }
        self.pos = to;
        (self.line, self.col)
    }
}

/// `…prefix【shown】suffix…`, on one line, with digits of longer numbers in the prefix and the
/// suffix masked and no number cut in half at the edges.
fn context(text: &str, start: usize, end: usize, shown: &str) -> String {
    let stop = |c: char| c == '\n' || c == '\r';
    let mut ps = start;
    for (n, (k, c)) in text[..start].char_indices().rev().enumerate() {
        if n >= CONTEXT_CHARS || stop(c) {
            break;
        }
        ps = k;
    }
    let mut se = end;
    for (n, (k, c)) in text[end..].char_indices().enumerate() {
        if n >= CONTEXT_CHARS || stop(c) {
            break;
        }
        se = end + k + c.len_utf8();
    }
    // Do not show half a number at the edges: drop a partial run of digits and letters.
    let b = text.as_bytes();
    let is_num = |x: u8| x.is_ascii_alphanumeric() || x == b'_' || x == b'-' || x == b' ' || x == b'*';
    if ps > 0 && is_num(b[ps - 1]) {
        while ps < start && is_num(b[ps]) {
            ps += 1;
        }
    }
    if se < b.len() && is_num(b[se]) {
        while se > end && is_num(b[se - 1]) {
            se -= 1;
        }
    }
    let mut out = String::new();
    if ps > 0 && !stop(text[..ps].chars().next_back().unwrap_or('\n')) {
        out.push('…');
    }
    out.push_str(&mask_numbers(&text[ps..start]));
    out.push('【');
    out.push_str(shown);
    out.push('】');
    out.push_str(&mask_numbers(&text[end..se]));
    if se < text.len() && !stop(text[se..].chars().next().unwrap_or('\n')) {
        out.push('…');
    }
    out.replace('\t', " ")
}

/// Stars the digits of every number that could be personal data: a digit run of 6 or more
/// digits, or groups joined by single spaces or hyphens with 9 or more digits in all
/// (`138 1234 5678`). Dates and short numbers stay readable.
pub fn mask_numbers(s: &str) -> String {
    let mut v = s.as_bytes().to_vec();
    let mut i = 0;
    while i < v.len() {
        if !v[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let mut groups = Vec::new();
        loop {
            let gs = i;
            while i < v.len() && v[i].is_ascii_digit() {
                i += 1;
            }
            groups.push((gs, i));
            if i + 1 < v.len() && (v[i] == b' ' || v[i] == b'-') && v[i + 1].is_ascii_digit() {
                i += 1;
            } else {
                break;
            }
        }
        let total: usize = groups.iter().map(|(a, z)| z - a).sum();
        for (gs, ge) in groups {
            if total >= 9 || ge - gs >= 6 {
                v[gs..ge].fill(b'*');
            }
        }
    }
    // Only ASCII digits were replaced by an ASCII star, so the bytes are still UTF-8.
    String::from_utf8_lossy(&v).into_owned()
}

#[cfg(test)]
mod tests {
    use super::pii::tests::make_id;
    use super::*;

    #[test]
    fn matches_carry_positions_and_masked_context() {
        let id = make_id("33010619900101123");
        let text = format!("第一行\n申请人张三，身份证号{id}，电话138 1234 5678。截止目前已办结。\n秘密★1年");
        let lex = Lexicon::default();
        let ms = scan_text(&text, &lex, 2026);
        let got: Vec<(Kind, &str, usize, usize)> =
            ms.iter().map(|m| (m.kind, m.subtype.as_str(), m.line, m.column)).collect();
        assert_eq!(
            got,
            [
                (Kind::PersonalData, "id_card", 2, 11),
                (Kind::PersonalData, "mobile", 2, 32),
                (Kind::WrongExpression, "typo", 2, 46),
                (Kind::ClassifiedMarker, "secret", 3, 1),
            ]
        );
        assert_eq!(&text[ms[0].start..ms[0].end], id);
        for m in &ms {
            assert!(!m.context.contains(&id[4..14]), "{}", m.context);
            assert!(!m.context.contains("1234 5678"), "{}", m.context);
            assert!(!m.shown.contains(&id[4..14]));
        }
        assert_eq!(ms[0].shown, format!("3301**********{}", &id[14..]));
        assert_eq!(ms[0].context, format!("申请人张三，身份证号【{}】，电话…", ms[0].shown));
        assert_eq!(ms[1].context, format!("…，电话【138****5678】。截止目前已办结。"));
        assert_eq!(ms[1].severity, Severity::Medium);
        assert_eq!(ms[2].correction.as_deref(), Some("截至目前"));
        assert_eq!(ms[3].severity, Severity::Veto);
        assert_eq!(ms[3].shown, "秘密★1年");
    }

    #[test]
    fn the_allow_list_applies_to_every_detector() {
        let mut lex = Lexicon::default();
        lex.add_allow(["监督电话：13812345678", "内部资料，注意保存"]);
        let ms = scan_text("监督电话：13812345678\n内部资料，注意保存", &lex, 2026);
        assert!(ms.is_empty(), "{ms:?}");
        assert_eq!(scan_text("手机：13812345678", &lex, 2026).len(), 1);
    }

    #[test]
    fn numbers_are_masked_in_context_but_dates_are_not() {
        assert_eq!(mask_numbers("2026-11-28 电话0571-87654321"), "2026-11-28 电话****-********");
        assert_eq!(mask_numbers("138 1234 5678"), "*** **** ****");
        assert_eq!(mask_numbers("E12345678，第3条"), "E********，第3条");
        assert_eq!(mask_numbers(""), "");
    }

    #[test]
    fn context_never_cuts_a_number() {
        let text = "编号1234567890123456789012345，秘密★";
        let ms = scan_text(text, &Lexicon::empty(), 2026);
        assert_eq!(ms.len(), 1);
        assert!(!ms[0].context.chars().any(|c| c.is_ascii_digit()), "{}", ms[0].context);
    }

    #[test]
    fn no_panic_on_any_input() {
        let lex = Lexicon::default();
        let samples = ["", "\n", "秘", "1", "截止", "\u{0}\u{10ffff}", "𠀀𠀁13812345678𠀂", "\r\n\r\n秘密\r\n"];
        for s in samples {
            let _ = scan_text(s, &lex, 2026);
        }
        // Every prefix of a mixed text (all char boundaries).
        let id = make_id("11010519491231002");
        let text = format!("中{id}文 138-1234-5678 卡号6222 0212 3456 7890 123 护照E12345678 绝密★ 截止目前");
        for (k, _) in text.char_indices() {
            let _ = scan_text(&text[..k], &lex, 2026);
            let _ = scan_text(&text[k..], &lex, 2026);
        }
    }

    #[test]
    fn random_texts_keep_every_invariant() {
        const PIECES: &[&str] = &[
            "1",
            "3",
            "8",
            "0",
            "13812345678",
            "86",
            "+",
            "-",
            " ",
            "*",
            ".",
            ":",
            "X",
            "E",
            "_",
            "/",
            "\n",
            "\r\n",
            "秘密",
            "机密",
            "★",
            "密级：",
            "内部资料",
            "，",
            "注意保存",
            "【",
            "】",
            "“",
            "护照",
            "卡号",
            "6222",
            "截止目前",
            "截止日期",
            "元",
            "é",
            "𠀀",
            "http://",
            "www.",
            "\u{3000}",
            "11010519491231002X",
            "4111111111111111",
        ];
        let lex = Lexicon::default();
        let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
        for _ in 0..3000 {
            let mut text = String::new();
            let n = (seed % 40) as usize;
            for _ in 0..n {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                text.push_str(PIECES[(seed % PIECES.len() as u64) as usize]);
            }
            for m in scan_text(&text, &lex, 2026) {
                assert!(m.start < m.end && m.end <= text.len(), "{text:?} {m:?}");
                assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end), "{text:?} {m:?}");
                let before = &text[..m.start];
                assert_eq!(m.line, before.matches('\n').count() + 1, "{text:?} {m:?}");
                assert_eq!(m.column, before.rsplit('\n').next().unwrap_or("").chars().count() + 1, "{text:?} {m:?}");
                if m.kind == Kind::PersonalData {
                    assert!(m.shown.contains('*'), "{m:?}");
                    assert_ne!(m.shown, text[m.start..m.end]);
                }
            }
        }
    }
}
