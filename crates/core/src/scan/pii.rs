//! Personal data in text: resident ID numbers, mobile numbers, bank card numbers and passport
//! numbers, validated (checksums, dates, prefixes, context words) to keep false alarms rare.
//!
//! The scan is one pass over the bytes: it jumps from ASCII digit to ASCII digit, takes the
//! whole run of ASCII letters, digits and `_` around it (so a match is never a piece of a
//! longer serial, order number or timestamp, and Chinese characters next to it are a clean
//! boundary, unlike `\b` in a Unicode regex), then validates the run:
//!
//! - `id_card`: 17 digits + a digit or `X`; province code, a real birth date between 1900 and
//!   the as-of year, and the ISO 7064 MOD 11-2 check character (GB 11643-1999).
//! - `mobile`: 11 digits with a real mobile prefix (`1[3-9]…`), also as `138 1234 5678`,
//!   `138-1234-5678` and after `+86`/`86`. Landlines never match.
//! - `bank_card`: 16–19 digits (or groups of four), a plausible card prefix, Luhn-valid, and
//!   a context word (银行卡, 卡号, 账号, 开户行, 银行账户 …) shortly before or after.
//! - `passport`: `E`/`G` + 8 digits and the other current forms, only with 护照 nearby.
//!
//! Masked numbers (`138****1234`, `3301**********1234`) are compliant and never match; runs
//! inside URLs, decimals (`13812345678.50`) and amounts (`…元`) are skipped. Only masked forms
//! leave this module: a [`PiiMatch`] holds the offsets and the masked value, never the raw one.

use chrono::NaiveDate;

/// The kind of personal data, named as the finding subtype.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PiiKind {
    /// 居民身份证号码.
    IdCard,
    /// 手机号码.
    Mobile,
    /// 银行卡号.
    BankCard,
    /// 护照号码.
    Passport,
}

impl PiiKind {
    /// The finding subtype: `id_card`, `mobile`, `bank_card`, `passport`.
    pub fn as_str(self) -> &'static str {
        match self {
            PiiKind::IdCard => "id_card",
            PiiKind::Mobile => "mobile",
            PiiKind::BankCard => "bank_card",
            PiiKind::Passport => "passport",
        }
    }

    /// The Chinese name.
    pub fn label_zh(self) -> &'static str {
        match self {
            PiiKind::IdCard => "身份证号",
            PiiKind::Mobile => "手机号码",
            PiiKind::BankCard => "银行卡号",
            PiiKind::Passport => "护照号码",
        }
    }
}

/// One piece of personal data found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PiiMatch {
    /// What it is.
    pub kind: PiiKind,
    /// Byte offset of the first byte (of the `86` prefix or the first group, when present).
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// The masked value: `3301**********1234`, `138****5678`, `6222***********0123`, `E1*****78`.
    pub masked: String,
}

/// Context words that must be near a bank card number.
pub const BANK_CONTEXT: &[&str] =
    &["银行卡", "卡号", "账号", "帐号", "开户行", "开户银行", "银行账户", "银行帐户", "收款账户", "账户", "帐户"];
/// Context words that must be near a passport number.
pub const PASSPORT_CONTEXT: &[&str] = &["护照"];
/// How far before a bank card or passport number a context word may stand (bytes; ~100 CJK chars).
const CONTEXT_BEFORE: usize = 300;
/// How far after (bytes; ~20 CJK chars).
const CONTEXT_AFTER: usize = 60;

/// ASCII letters, digits and `_`: the characters of a "run".
const fn word_table() -> [bool; 256] {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        t[i] = b.is_ascii_alphanumeric() || b == b'_';
        i += 1;
    }
    t
}
static WORD: [bool; 256] = word_table();

#[inline]
fn is_word(b: u8) -> bool {
    WORD[b as usize]
}

/// Finds every piece of personal data in `text`, in order of position. `as_of_year` is the
/// latest plausible birth year of an ID number (the year of the inspection).
pub fn find(text: &str, as_of_year: i32) -> Vec<PiiMatch> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        // Jump to the next ASCII digit; most of a Chinese text is multi-byte characters.
        let Some(d) = next_digit(b, i) else { break };
        let mut s = d;
        while s > i && is_word(b[s - 1]) {
            s -= 1;
        }
        let mut e = d + 1;
        while e < b.len() && is_word(b[e]) {
            e += 1;
        }
        i = match check_run(text, s, e, as_of_year, &mut out) {
            Some(next) => next.max(e),
            None => e,
        };
    }
    out
}

#[inline]
fn next_digit(b: &[u8], from: usize) -> Option<usize> {
    // Eight bytes at a time: a chunk without any byte in b'0'..=b'9' is skipped at once.
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    let mut i = from;
    while i + 8 <= b.len() {
        let chunk: [u8; 8] = b[i..i + 8].try_into().expect("8 bytes");
        let w = u64::from_le_bytes(chunk);
        // Bytes with the high bit set are never digits; for the others, x - '0' < 10.
        let ascii = !w & HI;
        let ge0 = (w | HI).wrapping_sub(LO * 0x30) & HI; // high bit set where low7 >= 0x30
        let le9 = (LO * (0x39 | 0x80)).wrapping_sub(w & !HI) & HI; // high bit set where low7 <= 0x39
        if ascii & ge0 & le9 != 0 {
            break;
        }
        i += 8;
    }
    b[i..].iter().position(u8::is_ascii_digit).map(|p| p + i)
}

/// Validates the run `s..e`; pushes matches and returns the offset to continue from when a
/// grouped number beyond `e` was consumed.
fn check_run(text: &str, s: usize, e: usize, as_of_year: i32, out: &mut Vec<PiiMatch>) -> Option<usize> {
    let b = text.as_bytes();
    let run = &b[s..e];
    if !clean_edges(b, s, e) {
        return None;
    }
    let all_digits = run.iter().all(u8::is_ascii_digit);
    if all_digits && matches!(run.len(), 2..=4) {
        return check_groups(text, s, e, out);
    }
    if glued(b, s, e) {
        return None;
    }
    match run.len() {
        18 if run[..17].iter().all(u8::is_ascii_digit) && valid_id(run, as_of_year) && !in_url(b, s) => {
            out.push(PiiMatch { kind: PiiKind::IdCard, start: s, end: e, masked: mask_keep(run, 4, 4) });
            return None;
        }
        11 if all_digits => {
            if valid_mobile(run) && !in_url(b, s) && !amount_follows(text, e) {
                out.push(PiiMatch { kind: PiiKind::Mobile, start: s, end: e, masked: mask_keep(run, 3, 4) });
            }
            return None;
        }
        13 if all_digits && run.starts_with(b"86") => {
            if valid_mobile(&run[2..]) && !in_url(b, s) && !amount_follows(text, e) {
                out.push(PiiMatch { kind: PiiKind::Mobile, start: s, end: e, masked: mask_keep(&run[2..], 3, 4) });
            }
            return None;
        }
        _ => {}
    }
    if all_digits && (16..=19).contains(&run.len()) {
        if is_bank_card(text, run, s, e) {
            out.push(PiiMatch { kind: PiiKind::BankCard, start: s, end: e, masked: mask_keep(run, 4, 4) });
        }
        return None;
    }
    if is_passport_shape(run) {
        if !in_url(b, s) && has_context(text, s, e, PASSPORT_CONTEXT) {
            out.push(PiiMatch { kind: PiiKind::Passport, start: s, end: e, masked: mask_keep(run, 2, 2) });
        }
        return None;
    }
    None
}

/// A run joined to more digits by a hyphen or a colon (`17552442023-12-01`, an id glued to
/// a date; `0571-87654321-13812345678`) is a piece of a longer number.
fn glued(b: &[u8], s: usize, e: usize) -> bool {
    let joiner = |c: u8| c == b'-' || c == b':';
    (s >= 2 && joiner(b[s - 1]) && b[s - 2].is_ascii_digit())
        || (b.get(e).copied().is_some_and(joiner) && b.get(e + 1).is_some_and(u8::is_ascii_digit))
}

/// A run glued to a decimal point or a mask character is part of something longer.
fn clean_edges(b: &[u8], s: usize, e: usize) -> bool {
    let before = s.checked_sub(1).map(|i| b[i]);
    let after = b.get(e).copied();
    if matches!(before, Some(b'*')) || matches!(after, Some(b'*')) {
        return false;
    }
    if before == Some(b'.') && s >= 2 && b[s - 2].is_ascii_digit() {
        return false;
    }
    if after == Some(b'.') && b.get(e + 1).is_some_and(u8::is_ascii_digit) {
        return false;
    }
    true
}

/// Grouped numbers starting at the digit run `s..e`: `138 1234 5678`, `+86 138-1234-5678`,
/// `6222 0212 3456 7890 123`. Groups are joined by one space or one hyphen, the same one
/// throughout.
fn check_groups(text: &str, s: usize, e: usize, out: &mut Vec<PiiMatch>) -> Option<usize> {
    let b = text.as_bytes();
    let sep = *b.get(e)?;
    if sep != b' ' && sep != b'-' {
        return None;
    }
    if !b.get(e + 1).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    // What stands before the first group: a longer chain of groups disqualifies it (a `86`
    // country code is handled by starting at the `86` group itself).
    if s >= 2 && b[s - 1] == sep && b[s - 2].is_ascii_digit() {
        return None;
    }
    // Collect up to 6 groups joined by `sep`.
    let mut groups = [(0usize, 0usize); 6];
    groups[0] = (s, e);
    let mut count = 1;
    let mut pos = e;
    while count < groups.len() && b.get(pos) == Some(&sep) {
        let gs = pos + 1;
        let mut ge = gs;
        while ge < b.len() && b[ge].is_ascii_digit() {
            ge += 1;
        }
        if ge == gs || (ge < b.len() && is_word(b[ge])) {
            break;
        }
        groups[count] = (gs, ge);
        count += 1;
        pos = ge;
    }
    let groups = &groups[..count];
    let mut lens = [0usize; 6];
    for (l, (a, z)) in lens.iter_mut().zip(groups) {
        *l = z - a;
    }
    let lens = &lens[..count];
    let digits = |from: usize, to: usize| -> Vec<u8> {
        groups[from..to].iter().flat_map(|&(a, z)| b[a..z].iter().copied()).collect()
    };
    // The chain must end here: no further group glued with the separator or a decimal point.
    let ends_clean = |k: usize| {
        let z = groups[k - 1].1;
        let after = b.get(z).copied();
        let next = b.get(z + 1).copied();
        !(matches!(after, Some(b' ' | b'-' | b'.' | b'*')) && next.is_some_and(|c| c.is_ascii_digit()))
            && after != Some(b'*')
    };
    // Mobile: [86] 3-4-4.
    let (m0, is86) = if lens[0] == 2 && &b[s..e] == b"86" { (1, true) } else { (0, false) };
    if lens.len() == m0 + 3 && lens[m0..] == [3, 4, 4] && ends_clean(m0 + 3) {
        let d = digits(m0, m0 + 3);
        let end = groups[m0 + 2].1;
        if valid_mobile(&d) && !in_url(b, s) && !amount_follows(text, end) {
            out.push(PiiMatch { kind: PiiKind::Mobile, start: s, end, masked: mask_keep(&d, 3, 4) });
            return Some(end);
        }
    }
    if is86 {
        return None;
    }
    // Bank card: groups of four, the last one 1–4 digits, 16–19 digits in all.
    if lens[0] == 4 && lens.len() >= 4 {
        let k = lens.iter().take_while(|&&l| l == 4).count();
        for n in [k + 1, k] {
            if n < 4 || n > lens.len() || !ends_clean(n) || !lens[..n - 1].iter().all(|&l| l == 4) {
                continue;
            }
            let d = digits(0, n);
            let end = groups[n - 1].1;
            if (16..=19).contains(&d.len()) && is_bank_card(text, &d, s, end) {
                out.push(PiiMatch { kind: PiiKind::BankCard, start: s, end, masked: mask_keep(&d, 4, 4) });
                return Some(end);
            }
        }
    }
    None
}

fn is_bank_card(text: &str, digits: &[u8], s: usize, e: usize) -> bool {
    plausible_card_prefix(digits)
        && luhn_valid(digits)
        && !in_url(text.as_bytes(), s)
        && has_context(text, s, e, BANK_CONTEXT)
}

/// Card prefixes of UnionPay (62, 60 and the older 9x debit cards), Visa (4), Mastercard
/// (51–55, 2221–2720) and JCB (35).
fn plausible_card_prefix(d: &[u8]) -> bool {
    let two = (d[0] - b'0') * 10 + (d[1] - b'0');
    let four = u32::from(two) * 100 + u32::from((d[2] - b'0') * 10 + (d[3] - b'0'));
    matches!(two, 62 | 60 | 35 | 94 | 95 | 51..=55) || d[0] == b'4' || (2221..=2720).contains(&four)
}

/// The Luhn checksum of a digit string (ASCII digits only).
pub fn luhn_valid(digits: &[u8]) -> bool {
    if digits.len() < 2 || !digits.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &c)| {
            let d = u32::from(c - b'0');
            if i % 2 == 1 {
                let x = d * 2;
                if x > 9 { x - 9 } else { x }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// The ISO 7064 MOD 11-2 check character of the first 17 digits of an ID number.
pub fn id_check_char(first17: &[u8]) -> Option<u8> {
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    if first17.len() != 17 || !first17.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let sum: u32 = first17.iter().zip(W).map(|(&c, w)| u32::from(c - b'0') * w).sum();
    Some(b"10X98765432"[(sum % 11) as usize])
}

/// Province-level codes (GB/T 2260) that begin a resident ID number, plus 71 (Taiwan),
/// 81/82 (Hong Kong, Macao) and 83 (residence permits of Taiwan residents).
fn plausible_province(code: u8) -> bool {
    matches!(code, 11..=15 | 21..=23 | 31..=37 | 41..=46 | 50..=54 | 61..=65 | 71 | 81..=83)
}

/// Whether an 18-character ID number is valid: province code, birth date between 1900-01-01
/// and the end of `as_of_year`, and check character (`x` accepted for `X`).
pub fn valid_id(id: &[u8], as_of_year: i32) -> bool {
    if id.len() != 18 {
        return false;
    }
    let Some(check) = id_check_char(&id[..17]) else {
        return false;
    };
    if id[17].to_ascii_uppercase() != check {
        return false;
    }
    let num = |r: std::ops::Range<usize>| id[r].iter().fold(0u32, |acc, &c| acc * 10 + u32::from(c - b'0'));
    if !plausible_province(num(0..2) as u8) {
        return false;
    }
    let (y, m, d) = (num(6..10) as i32, num(10..12), num(12..14));
    (1900..=as_of_year).contains(&y) && NaiveDate::from_ymd_opt(y, m, d).is_some()
}

/// Whether 11 digits form a mobile number with a prefix in use (13x, 14[5-9], 15[0-35-9],
/// 16[2567], 17[0-8], 18x, 19[0-35-9]).
pub fn valid_mobile(d: &[u8]) -> bool {
    if d.len() != 11 || !d.iter().all(u8::is_ascii_digit) || d[0] != b'1' {
        return false;
    }
    match (d[1], d[2]) {
        (b'3' | b'8', _) => true,
        (b'4', c) => (b'5'..=b'9').contains(&c),
        (b'5', c) => c != b'4',
        (b'6', c) => matches!(c, b'2' | b'5' | b'6' | b'7'),
        (b'7', c) => c <= b'8',
        (b'9', c) => c != b'4',
        _ => false,
    }
}

/// Passport numbers of the People's Republic: `E`/`G` + 8 digits, `E[A-F]` + 7, `[DSP]E` + 7
/// (diplomatic, service, public affairs), `1[45]` + 7.
fn is_passport_shape(r: &[u8]) -> bool {
    let digits = |x: &[u8]| x.iter().all(u8::is_ascii_digit);
    if r.len() != 9 {
        return false;
    }
    let (a, c) = (r[0].to_ascii_uppercase(), r[1].to_ascii_uppercase());
    ((a == b'E' || a == b'G') && digits(&r[1..]))
        || (a == b'E' && (b'A'..=b'F').contains(&c) && digits(&r[2..]))
        || (matches!(a, b'D' | b'S' | b'P') && c == b'E' && digits(&r[2..]))
        || (a == b'1' && (c == b'4' || c == b'5') && digits(&r[2..]))
}

/// Whether one of `words` stands shortly before `s` or shortly after `e`.
fn has_context(text: &str, s: usize, e: usize, words: &[&str]) -> bool {
    let before = &text[text.floor_char_boundary(s.saturating_sub(CONTEXT_BEFORE))..s];
    let after = &text[e..text.ceil_char_boundary(e + CONTEXT_AFTER)];
    words.iter().any(|w| before.contains(w) || after.contains(w))
}

/// Whether the run starting at `s` is inside a URL (`http://…`, `www.…`).
fn in_url(b: &[u8], s: usize) -> bool {
    let mut k = s;
    let limit = s.saturating_sub(512);
    while k > limit && b[k - 1].is_ascii_graphic() {
        k -= 1;
    }
    let token = &b[k..s];
    token.windows(3).any(|w| w == b"://") || token.windows(4).any(|w| w.eq_ignore_ascii_case(b"www."))
}

/// An 11-digit amount (`13812345678元`) is not a mobile number.
fn amount_follows(text: &str, e: usize) -> bool {
    let rest = &text[e..];
    ["元", "万", "亿", "%", "％"].iter().any(|u| rest.starts_with(u))
}

/// Keeps the first `head` and last `tail` characters and stars the rest.
fn mask_keep(v: &[u8], head: usize, tail: usize) -> String {
    let n = v.len();
    if n <= head + tail {
        return "*".repeat(n);
    }
    let mut s = String::with_capacity(n);
    s.push_str(&String::from_utf8_lossy(&v[..head]));
    s.extend(std::iter::repeat_n('*', n - head - tail));
    s.push_str(&String::from_utf8_lossy(&v[n - tail..]));
    s
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Completes 17 digits into a valid ID number.
    pub(crate) fn make_id(first17: &str) -> String {
        let c = id_check_char(first17.as_bytes()).expect("17 digits");
        format!("{first17}{}", c as char)
    }

    /// Makes a Luhn-valid number from all digits but the last.
    pub(crate) fn make_luhn(prefix: &str) -> String {
        (0..10u8).map(|d| format!("{prefix}{d}")).find(|s| luhn_valid(s.as_bytes())).expect("one check digit fits")
    }

    fn kinds(text: &str) -> Vec<(PiiKind, String)> {
        find(text, 2026).into_iter().map(|m| (m.kind, m.masked)).collect()
    }

    #[test]
    fn check_digit_matches_the_standard_vectors() {
        // GB 11643-1999 example: 11010519491231002X.
        assert_eq!(id_check_char(b"11010519491231002"), Some(b'X'));
        assert!(valid_id(b"11010519491231002X", 2026));
        assert!(valid_id(b"11010519491231002x", 2026));
        assert!(!valid_id(b"110105194912310021", 2026));
        assert!(luhn_valid(b"4111111111111111"));
        assert!(!luhn_valid(b"4111111111111112"));
    }

    #[test]
    fn id_numbers_next_to_chinese_characters_are_found_and_masked() {
        let id = make_id("33010619900101123");
        let text = format!("身份证号{id}联系电话");
        let found = find(&text, 2026);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].kind, PiiKind::IdCard);
        assert_eq!(found[0].masked, format!("3301**********{}", &id[14..]));
        assert_eq!(&text[found[0].start..found[0].end], id);
        assert!(!found[0].masked.contains(&id[4..14]));
        // At the very start and end of the text, and with an X.
        let x = (0..1000).map(|n| make_id(&format!("11010519491231{n:03}"))).find(|s| s.ends_with('X')).unwrap();
        assert_eq!(kinds(&x).len(), 1);
        assert_eq!(kinds(&format!("{x}\n{id}")).len(), 2);
    }

    #[test]
    fn invalid_ids_do_not_match() {
        let id = make_id("33010619900101123");
        let wrong_check = format!("{}{}", &id[..17], if id.ends_with('0') { '1' } else { '0' });
        assert!(kinds(&format!("号码{wrong_check}。")).is_empty());
        // Impossible dates (check digit recomputed so only the date is wrong).
        for bad in ["33010619900230123", "33010619901301123", "33010618991231123", "33010620300101123"] {
            assert!(kinds(&make_id(bad)).is_empty(), "{bad}");
        }
        // 2028 is after the as-of year 2026.
        assert!(kinds(&make_id("33010620280101123")).is_empty());
        assert_eq!(find(&make_id("33010620280101123"), 2030).len(), 1);
        // Unknown province code.
        assert!(kinds(&make_id("99010619900101123")).is_empty());
        assert!(kinds(&make_id("10010619900101123")).is_empty());
    }

    #[test]
    fn ids_inside_longer_runs_do_not_match() {
        let id = make_id("33010619900101123");
        assert!(kinds(&format!("订单号{id}5")).is_empty());
        assert!(kinds(&format!("订单号9{id}")).is_empty());
        assert!(kinds(&format!("编号A{id}")).is_empty());
        assert!(kinds(&format!("ref_{id}")).is_empty());
        assert!(kinds(&format!("见http://www.example.gov.cn/art/{id}.html")).is_empty());
    }

    #[test]
    fn masked_numbers_are_compliant() {
        for t in [
            "3301**********1234",
            "138****1234",
            "身份证号33010619900101****",
            "电话138****5678联系",
            "6222***********0123",
        ] {
            assert!(kinds(t).is_empty(), "{t}");
        }
    }

    #[test]
    fn mobiles_in_every_usual_form() {
        let cases = [
            "联系电话13812345678。",
            "联系电话：138 1234 5678",
            "手机138-1234-5678，",
            "+86 13812345678",
            "+86 138 1234 5678",
            "8613812345678",
            "手机：13812345678/13812345678",
        ];
        for t in cases {
            let k = kinds(t);
            assert!(
                !k.is_empty() && k.iter().all(|(kind, m)| *kind == PiiKind::Mobile && m == "138****5678"),
                "{t}: {k:?}"
            );
        }
        assert_eq!(kinds("手机：13812345678/13912345678").len(), 2);
    }

    #[test]
    fn landlines_and_other_numbers_are_not_mobiles() {
        for t in [
            "电话：0571-87654321",
            "电话：(0571)87654321",
            "电话：87654321",
            "电话：057187654321",
            "电话：01012345678",
            "时间戳20261128093012123456",
            "时间1764300000000",
            "订单号 138123456789",
            "编号1381234567",
            "金额13812345678元",
            "合计13812345678.50",
            "比例0.13812345678",
            "号码12012345678",
            "号码14012345678",
            "号码15412345678",
            "http://www.example.gov.cn/art/2026/art_13812345678.html",
            "0571 138 1234 5678",
            "138 1234 5678 9",
            "abc13812345678",
            "17552442023-12-01 14:43:00",
            "时间2026-13812345678",
            "13812345678:00",
        ] {
            assert!(kinds(t).is_empty(), "{t}: {:?}", kinds(t));
        }
    }

    #[test]
    fn bank_cards_need_context_prefix_and_luhn() {
        let card = make_luhn("622202123456789012"); // 19 digits
        assert_eq!(
            kinds(&format!("开户行：工商银行，账号{card}")),
            [(PiiKind::BankCard, format!("6222***********{}", &card[15..]))]
        );
        assert_eq!(kinds(&format!("银行卡号：{card}")).len(), 1);
        // Without a context word: nothing.
        assert!(kinds(&format!("编号{card}")).is_empty());
        // Wrong Luhn digit.
        let last = card.as_bytes()[18] - b'0';
        let bad = format!("{}{}", &card[..18], (last + 1) % 10);
        assert!(kinds(&format!("银行卡号{bad}")).is_empty());
        // Implausible prefix, even with context and Luhn.
        let odd = make_luhn("120202123456789012");
        assert!(kinds(&format!("账号{odd}")).is_empty());
        // Grouped by four.
        let c16 = make_luhn("623456789012345");
        let grouped = format!("{} {} {} {}", &c16[..4], &c16[4..8], &c16[8..12], &c16[12..]);
        assert_eq!(kinds(&format!("卡号：{grouped}。")), [(PiiKind::BankCard, format!("6234********{}", &c16[12..]))]);
        let grouped19 = format!("{}-{}-{}-{}-{}", &card[..4], &card[4..8], &card[8..12], &card[12..16], &card[16..]);
        assert_eq!(kinds(&format!("卡号：{grouped19}")).len(), 1);
        // A 20-digit serial is not a card.
        assert!(kinds(&format!("账号{}", make_luhn("6222021234567890123"))).is_empty());
    }

    #[test]
    fn passports_need_context() {
        assert_eq!(kinds("护照号码：E12345678"), [(PiiKind::Passport, "E1*****78".to_string())]);
        assert_eq!(kinds("护照号 EA1234567，").len(), 1);
        assert!(kinds("型号E12345678").is_empty());
        assert!(kinds("护照号码：E123456789").is_empty());
        assert!(kinds("护照号码：XE12345678").is_empty());
    }

    #[test]
    fn tables_of_numbers_find_each() {
        let a = make_id("33010619900101123");
        let b = make_id("33010219851231001");
        let text = format!("序号 姓名 身份证号 电话\n1 张三 {a} 13812345678\n2 李四 {b} 139-1234-5678\n");
        let k: Vec<PiiKind> = find(&text, 2026).iter().map(|m| m.kind).collect();
        assert_eq!(k, [PiiKind::IdCard, PiiKind::Mobile, PiiKind::IdCard, PiiKind::Mobile]);
    }

    #[test]
    fn no_panic_on_odd_input() {
        for t in [
            "",
            "1",
            "8",
            "86",
            "86 ",
            "138 ",
            "138 1234 ",
            "1234 5678 9012 ",
            "护照",
            "\u{0}\u{ff}",
            "卡号1234 1234 1234 1234 1234 1234 1234",
        ] {
            let _ = find(t, 2026);
        }
        let mut s = String::new();
        for i in 0..2000u32 {
            s.push(char::from_u32(0x4e00 + i * 7 % 500).unwrap());
            s.push_str(&i.to_string());
            s.push(if i % 3 == 0 { ' ' } else { '-' });
        }
        let _ = find(&s, 2026);
    }

    #[test]
    fn next_digit_agrees_with_a_plain_search() {
        let s = "中文abc：/:;@[`{\u{7f}\u{80}9xyz0".as_bytes();
        for from in 0..s.len() {
            assert_eq!(next_digit(s, from), s[from..].iter().position(u8::is_ascii_digit).map(|p| p + from));
        }
        for b in 0u8..=255 {
            let v = [b'a', b'a', b'a', b'a', b'a', b'a', b'a', b, b'a'];
            assert_eq!(next_digit(&v, 0), b.is_ascii_digit().then_some(7), "{b}");
        }
    }
}
