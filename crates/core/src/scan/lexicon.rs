//! Word lexicons: sensitive words and known wrong expressions, matched with one
//! Aho-Corasick automaton (leftmost-longest) compiled when the lexicon is built.
//!
//! A lexicon is loaded from TSV text, one entry a line:
//!
//! ```text
//! # comment
//! word<TAB>category<TAB>severity[<TAB>correction]
//! phrase<TAB>allow
//! ```
//!
//! - An entry **with** a correction is a known wrong form: it becomes a `wrong_expression`
//!   finding whose subtype is the category (`typo`, `official_term`, …).
//! - An entry **without** a correction is a sensitive word: a `sensitive_word` finding whose
//!   subtype is the category (`gambling`, `porn`, …).
//! - A line whose second column is `allow` puts the phrase on the allow-list: a hit that lies
//!   inside an occurrence of an allowed phrase is suppressed (allow `布署名` to keep flagging
//!   `布署` everywhere else). The allow-list applies to every scanner of [`crate::scan`].
//!
//! [`Lexicon::default`] is the lexicon shipped with xunjian (`lexicon/default.tsv`); user
//! lexicons are added with [`Lexicon::merge`] and allow-lists from the configuration with
//! [`Lexicon::add_allow`].

use crate::finding::Severity;
use aho_corasick::{AhoCorasick, MatchKind};
use std::fmt;
use std::sync::OnceLock;

/// The lexicon shipped with xunjian.
pub const DEFAULT_TSV: &str = include_str!("../../lexicon/default.tsv");

/// One lexicon entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The word or phrase as it appears in text.
    pub word: String,
    /// The category; it becomes the finding subtype.
    pub category: String,
    /// How bad a hit is.
    pub severity: Severity,
    /// The right form, for a known wrong expression; `None` for a sensitive word.
    pub correction: Option<String>,
}

impl Entry {
    /// Whether a hit of this entry is a `wrong_expression` (it has a correction).
    pub fn is_wrong_expression(&self) -> bool {
        self.correction.is_some()
    }
}

/// Why a lexicon could not be loaded or built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LexiconError {
    /// 1-based line of the TSV text (0 when the error is not tied to a line).
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for LexiconError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(f, "lexicon line {}: {}", self.line, self.message)
        } else {
            write!(f, "lexicon: {}", self.message)
        }
    }
}

impl std::error::Error for LexiconError {}

/// One hit of a lexicon entry in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LexiconHit {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// Index of the entry in [`Lexicon::entries`].
    pub entry: usize,
}

/// A set of entries and allow-listed phrases with its compiled automaton.
#[derive(Debug, Clone)]
pub struct Lexicon {
    entries: Vec<Entry>,
    allow: Vec<String>,
    automaton: Option<AhoCorasick>,
}

impl Default for Lexicon {
    /// The lexicon shipped with xunjian (`lexicon/default.tsv`), compiled once per process.
    fn default() -> Self {
        static DEFAULT: OnceLock<Lexicon> = OnceLock::new();
        DEFAULT
            .get_or_init(|| Lexicon::from_tsv(DEFAULT_TSV).expect("the shipped lexicon/default.tsv is valid"))
            .clone()
    }
}

impl Lexicon {
    /// A lexicon with no entries and no allow-list.
    pub fn empty() -> Self {
        Lexicon { entries: Vec::new(), allow: Vec::new(), automaton: None }
    }

    /// Builds a lexicon from entries and allowed phrases. A later entry replaces an earlier
    /// one with the same word; empty words and phrases are dropped.
    pub fn new(entries: Vec<Entry>, allow: Vec<String>) -> Result<Self, LexiconError> {
        let mut lex = Lexicon::empty();
        lex.entries = dedup_entries(entries);
        lex.allow = dedup_phrases(allow);
        lex.rebuild()?;
        Ok(lex)
    }

    /// Parses TSV text (see the module documentation for the format).
    pub fn from_tsv(text: &str) -> Result<Self, LexiconError> {
        let mut entries = Vec::new();
        let mut allow = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            let line_no = i + 1;
            let line = raw.trim_end_matches('\r');
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
            let err = |message: String| LexiconError { line: line_no, message };
            let word = cols[0];
            if word.is_empty() {
                return Err(err("empty word".into()));
            }
            let category = cols.get(1).copied().unwrap_or("");
            if category == "allow" {
                allow.push(word.to_string());
                continue;
            }
            if category.is_empty() || category.chars().any(char::is_whitespace) {
                return Err(err(format!("`{word}`: expected word<TAB>category<TAB>severity[<TAB>correction]")));
            }
            let severity: Severity =
                cols.get(2).copied().unwrap_or("").parse().map_err(|e: String| err(format!("`{word}`: {e}")))?;
            if cols.len() > 4 {
                return Err(err(format!("`{word}`: too many columns")));
            }
            let correction = cols.get(3).copied().filter(|c| !c.is_empty()).map(str::to_string);
            if correction.as_deref() == Some(word) {
                return Err(err(format!("`{word}`: the correction equals the word")));
            }
            entries.push(Entry { word: word.to_string(), category: category.to_string(), severity, correction });
        }
        Lexicon::new(entries, allow)
    }

    /// Adds the entries and allowed phrases of `other`; an entry of `other` replaces an entry
    /// of `self` with the same word.
    pub fn merge(&mut self, other: &Lexicon) -> Result<(), LexiconError> {
        let mut entries = std::mem::take(&mut self.entries);
        entries.extend(other.entries.iter().cloned());
        self.entries = dedup_entries(entries);
        let mut allow = std::mem::take(&mut self.allow);
        allow.extend(other.allow.iter().cloned());
        self.allow = dedup_phrases(allow);
        self.rebuild()
    }

    /// Adds phrases to the allow-list (from the configuration).
    pub fn add_allow<I, S>(&mut self, phrases: I)
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let mut allow = std::mem::take(&mut self.allow);
        allow.extend(phrases.into_iter().map(Into::into));
        self.allow = dedup_phrases(allow);
    }

    /// The entries, in the order of [`LexiconHit::entry`].
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The allow-listed phrases.
    pub fn allow(&self) -> &[String] {
        &self.allow
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the lexicon has no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Every non-overlapping leftmost-longest hit in `text`, in order, except those inside
    /// an allow-listed phrase. ASCII letters match case-insensitively.
    pub fn find(&self, text: &str) -> Vec<LexiconHit> {
        let Some(ac) = &self.automaton else {
            return Vec::new();
        };
        let hits: Vec<LexiconHit> = ac
            .find_iter(text)
            .map(|m| LexiconHit { start: m.start(), end: m.end(), entry: m.pattern().as_usize() })
            .collect();
        if self.allow.is_empty() {
            return hits;
        }
        hits.into_iter().filter(|h| !self.is_allowed(text, h.start, h.end)).collect()
    }

    /// Whether the span `start..end` of `text` lies inside an occurrence of an allow-listed
    /// phrase. Offsets that are out of range or not on character boundaries give `false`.
    pub fn is_allowed(&self, text: &str, start: usize, end: usize) -> bool {
        let Some(hit) = text.get(start..end) else {
            return false;
        };
        if hit.is_empty() {
            return false;
        }
        let bytes = text.as_bytes();
        self.allow.iter().any(|phrase| {
            let p = phrase.as_bytes();
            // Every place where the hit text occurs inside the phrase is a way the phrase
            // could cover the hit; check the text around the hit for each.
            let mut from = 0;
            while let Some(k) = find_sub(&p[from..], hit.as_bytes()).map(|k| k + from) {
                if k <= start && start - k + p.len() <= bytes.len() && &bytes[start - k..start - k + p.len()] == p {
                    return true;
                }
                from = k + 1;
            }
            false
        })
    }

    fn rebuild(&mut self) -> Result<(), LexiconError> {
        self.automaton = None;
        if self.entries.is_empty() {
            return Ok(());
        }
        // aho-corasick picks a DFA for a lexicon of this size (~400 MB/s on CJK text, where
        // its prefilters cannot help: every character starts with one of a few lead bytes).
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .ascii_case_insensitive(true)
            .build(self.entries.iter().map(|e| e.word.as_str()))
            .map_err(|e| LexiconError { line: 0, message: format!("cannot build the automaton: {e}") })?;
        self.automaton = Some(ac);
        Ok(())
    }
}

fn find_sub(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || needle.len() > hay.len() {
        return None;
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

fn dedup_entries(entries: Vec<Entry>) -> Vec<Entry> {
    let mut out: Vec<Entry> = Vec::with_capacity(entries.len());
    let mut index = std::collections::HashMap::new();
    for mut e in entries {
        e.word = e.word.trim().to_string();
        if e.word.is_empty() {
            continue;
        }
        match index.get(&e.word) {
            Some(&i) => out[i] = e,
            None => {
                index.insert(e.word.clone(), out.len());
                out.push(e);
            }
        }
    }
    out
}

fn dedup_phrases(phrases: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(phrases.len());
    for p in phrases {
        let p = p.trim();
        if !p.is_empty() && !out.iter().any(|q| q == p) {
            out.push(p.to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(lex: &Lexicon, text: &str) -> Vec<String> {
        lex.find(text).iter().map(|h| text[h.start..h.end].to_string()).collect()
    }

    #[test]
    fn default_lexicon_loads_and_is_documented() {
        let lex = Lexicon::default();
        assert!((40..=120).contains(&lex.len()), "{} entries", lex.len());
        assert!(DEFAULT_TSV.starts_with('#'));
        let wrong = lex.entries().iter().filter(|e| e.is_wrong_expression()).count();
        assert!((40..=80).contains(&wrong), "{wrong} wrong expressions");
        assert!(lex.entries().iter().any(|e| !e.is_wrong_expression()));
        // Correct forms must never be listed as wrong.
        for correct in ["针砭时弊", "截至目前", "再接再厉", "一如既往", "安装", "即使", "迫不及待"]
        {
            assert!(lex.find(correct).is_empty(), "{correct} is flagged");
        }
    }

    #[test]
    fn default_lexicon_finds_the_classic_errors() {
        let lex = Lexicon::default();
        let text = "截止目前，我们再接再励、一如继往，迫不急待地推进工作。";
        assert_eq!(words(&lex, text), ["截止目前", "再接再励", "一如继往", "迫不急待"]);
        let e = &lex.entries()[lex.find(text)[0].entry];
        assert_eq!(e.correction.as_deref(), Some("截至目前"));
        assert_eq!(e.category, "typo");
    }

    #[test]
    fn leftmost_longest_prefers_the_longer_entry() {
        let lex = Lexicon::from_tsv("截止\tx\tlow\t截至\n截止目前\tx\tlow\t截至目前\n").unwrap();
        assert_eq!(words(&lex, "截止目前为止"), ["截止目前"]);
    }

    #[test]
    fn allow_list_suppresses_hits_inside_allowed_phrases() {
        let tsv = "截止\ttypo\tmedium\t截至\n截止日期\tallow\n";
        let lex = Lexicon::from_tsv(tsv).unwrap();
        assert_eq!(lex.allow(), ["截止日期"]);
        assert_eq!(words(&lex, "报名截止日期为5月1日，截止目前已有300人报名"), ["截止"]);
        let hits = lex.find("截止日期，截止目前");
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].start, "截止日期，".len());
        // An allowed phrase that starts before the hit.
        let mut lex = Lexicon::from_tsv("布署\ttypo\tmedium\t部署\n").unwrap();
        lex.add_allow(["发布署名"]);
        assert!(lex.find("新华社发布署名文章").is_empty());
        assert_eq!(words(&lex, "统一布署工作"), ["布署"]);
        // The phrase only partly around the hit does not allow it.
        assert_eq!(words(&lex, "发布署"), ["布署"]);
    }

    #[test]
    fn default_allow_list_covers_legitimate_neighbours() {
        let lex = Lexicon::default();
        assert!(lex.find("新华社发布署名文章").is_empty());
        assert_eq!(words(&lex, "精心布署"), ["布署"]);
    }

    #[test]
    fn merge_overrides_and_extends() {
        let mut lex = Lexicon::default();
        let n = lex.len();
        let user = Lexicon::from_tsv(
            "# user\n截止目前\tofficial_term\thigh\t截至目前\n某某违禁词\tpolitical\thigh\n正确用语\tallow\n",
        )
        .unwrap();
        lex.merge(&user).unwrap();
        assert_eq!(lex.len(), n + 1);
        let h = lex.find("截止目前")[0];
        assert_eq!(lex.entries()[h.entry].severity, Severity::High);
        assert_eq!(lex.entries()[h.entry].category, "official_term");
        let h = lex.find("出现某某违禁词")[0];
        assert!(!lex.entries()[h.entry].is_wrong_expression());
        assert!(lex.allow().iter().any(|a| a == "正确用语"));
    }

    #[test]
    fn tsv_errors_name_the_line() {
        let e = Lexicon::from_tsv("# c\n\n词\tcat\tsevere\n").unwrap_err();
        assert_eq!(e.line, 3);
        assert!(e.to_string().contains("severity"), "{e}");
        assert_eq!(Lexicon::from_tsv("词\n").unwrap_err().line, 1);
        assert_eq!(Lexicon::from_tsv("词\tc\tlow\t词\n").unwrap_err().line, 1);
        assert_eq!(Lexicon::from_tsv("词\tc\tlow\ta\tb\n").unwrap_err().line, 1);
        assert!(Lexicon::from_tsv("词\tc\tlow\r\n").is_ok());
    }

    #[test]
    fn empty_lexicon_matches_nothing() {
        let lex = Lexicon::empty();
        assert!(lex.is_empty());
        assert!(lex.find("截止目前").is_empty());
        assert!(!lex.is_allowed("abc", 5, 9));
    }

    #[test]
    fn ascii_is_case_insensitive() {
        let lex = Lexicon::from_tsv("bet365\tgambling\thigh\n").unwrap();
        assert_eq!(words(&lex, "欢迎访问BET365官网"), ["BET365"]);
    }

    #[test]
    fn find_equals_plain_leftmost_longest_with_overlapping_entries() {
        let mut tsv =
            String::from("Bet365\tgambling\thigh\n截止\tx\tlow\t截至\n截止目前\tx\tlow\t截至目前\n止目前为\tx\tlow\n");
        for e in Lexicon::default().entries() {
            tsv.push_str(&format!("{}\t{}\t{}\n", e.word, e.category, e.severity));
        }
        let lex = Lexicon::from_tsv(&tsv).unwrap();
        let plain = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .ascii_case_insensitive(true)
            .build(lex.entries().iter().map(|e| e.word.as_str()))
            .unwrap();
        let mut text = String::new();
        for (i, e) in lex.entries().iter().enumerate() {
            text.push_str(&e.word);
            text.push_str(["", "目前为止", "BET365", "a", "截", "，\n"][i % 6]);
        }
        text.push_str("截止目前为止截止");
        for k in (0..text.len()).filter(|&k| text.is_char_boundary(k)).step_by(7) {
            let t = &text[k..];
            let expected: Vec<(usize, usize, usize)> =
                plain.find_iter(t).map(|m| (m.start(), m.end(), m.pattern().as_usize())).collect();
            let got: Vec<(usize, usize, usize)> = lex.find(t).iter().map(|h| (h.start, h.end, h.entry)).collect();
            assert_eq!(got, expected, "from {k}");
        }
        // One-character words work too.
        let short = Lexicon::from_tsv("赌\tgambling\thigh\n").unwrap();
        assert_eq!(words(&short, "禁赌"), ["赌"]);
    }
}
