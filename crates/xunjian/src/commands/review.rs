//! `xunjian review FILE|-`: the pre-publication check of a draft (信息发布审核、保密审查).
//!
//! The draft's text (plain text, the visible text of HTML, the paragraphs of a DOCX, DOC or
//! WPS, the cells of an XLSX or XLS, the text layer of a PDF) is scanned like a published page: personal data, classification markers and
//! the lexicon (the default one, plus the site's from `--config`). Every match is shown with
//! its line and column in that text and only ever masked. The draft must not be published
//! (exit status 1) when it holds personal data, a classification marker or a lexicon word of
//! severity high or veto; otherwise the exit status is 0; bad input exits with 2, and so does
//! a PDF without text (a scan cannot be checked). PDF, DOC/WPS and XLS are read in a child
//! process (see [`crate::extract`]).
//!
//! With `--reviewer NAME --decision approve|reject` the review is appended to the review
//! chain in the database (who, when, the file's name and SHA-256, the masked findings, the
//! decision); `--list` prints the chain.

use crate::commands::default_db;
use crate::config::Config;
use crate::{AppError, Exit};
use chrono::Datelike;
use serde::Serialize;
use sha2::Digest;
use std::io::Read;
use std::path::PathBuf;
use xunjian_core::attachments::{self, Format, MAX_INPUT};
use xunjian_core::finding::{Kind, Severity};
use xunjian_core::scan::{self, Lexicon, Match};
use xunjian_store::{ReviewRow, Store};

/// The schema name of the JSON document.
pub const REVIEW_SCHEMA: &str = "xunjian.review/1";

/// The command's options.
pub struct Args {
    /// The draft, or `-` for standard input.
    pub file: Option<String>,
    /// JSON instead of text.
    pub json: bool,
    /// The config whose first site's lexicon is used.
    pub config: Option<PathBuf>,
    /// The format, when the name does not tell.
    pub format: Option<String>,
    /// Who reviews (recorded with `decision`).
    pub reviewer: Option<String>,
    /// `approve` or `reject`.
    pub decision: Option<String>,
    /// The reviewer's note.
    pub note: Option<String>,
    /// Print the review chain.
    pub list: bool,
    /// Database.
    pub db: Option<String>,
}

/// A draft's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DraftFormat {
    Text,
    Html,
    Docx,
    Xlsx,
    Pdf,
    Doc,
    Xls,
}

impl DraftFormat {
    fn as_str(self) -> &'static str {
        match self {
            DraftFormat::Text => "txt",
            DraftFormat::Html => "html",
            DraftFormat::Docx => "docx",
            DraftFormat::Xlsx => "xlsx",
            DraftFormat::Pdf => "pdf",
            DraftFormat::Doc => "doc",
            DraftFormat::Xls => "xls",
        }
    }

    fn parse(s: &str) -> Result<DraftFormat, AppError> {
        match s.trim().to_ascii_lowercase().as_str() {
            "txt" | "text" | "csv" | "md" => Ok(DraftFormat::Text),
            "html" | "htm" => Ok(DraftFormat::Html),
            "docx" => Ok(DraftFormat::Docx),
            "xlsx" | "xlsm" => Ok(DraftFormat::Xlsx),
            "pdf" => Ok(DraftFormat::Pdf),
            "doc" | "wps" => Ok(DraftFormat::Doc),
            "xls" => Ok(DraftFormat::Xls),
            other => Err(unsupported(other)),
        }
    }
}

fn unsupported(what: &str) -> AppError {
    AppError::input(format!(
        "不支持的格式 unsupported format `{what}`: 可审查 txt、csv、html、docx、xlsx、pdf、doc、wps、xls \
         (其他格式请另存为 DOCX/XLSX 或文本 / save other formats as DOCX, XLSX or text)"
    ))
}

/// One match in the JSON document (masked).
#[derive(Debug, Serialize)]
struct ReviewFinding<'a> {
    kind: &'a str,
    subtype: &'a str,
    severity: &'a str,
    blocking: bool,
    line: usize,
    column: usize,
    shown: &'a str,
    context: &'a str,
    correction: Option<&'a str>,
}

/// The recorded review in the JSON document.
#[derive(Debug, Serialize)]
struct Recorded<'a> {
    id: i64,
    at: &'a str,
    reviewer: &'a str,
    decision: &'a str,
    note: Option<&'a str>,
}

/// The `xunjian.review/1` document.
#[derive(Debug, Serialize)]
struct ReviewDoc<'a> {
    schema: &'static str,
    file: &'a str,
    format: &'static str,
    sha256: &'a str,
    characters: usize,
    findings: Vec<ReviewFinding<'a>>,
    blocking: usize,
    /// `block` (must not be published) or `pass`.
    decision: &'static str,
    review: Option<Recorded<'a>>,
}

/// Runs the command.
pub async fn run(a: Args) -> Result<Exit, AppError> {
    if a.list {
        return list(a.db, a.json).await;
    }
    let file = a.file.clone().ok_or_else(|| AppError::input("review: give a FILE or - (or --list)"))?;
    let decision = match a.decision.as_deref().map(str::trim) {
        None => None,
        Some(d @ ("approve" | "reject")) => Some(d.to_string()),
        Some(other) => return Err(AppError::input(format!("--decision `{other}`: expected approve or reject"))),
    };
    let reviewer = a.reviewer.as_deref().map(str::trim);
    if reviewer.is_some_and(str::is_empty) {
        return Err(AppError::input("--reviewer: a name is required"));
    }
    let lexicon = match &a.config {
        Some(p) => {
            let config = Config::load(p).map_err(AppError::Input)?;
            match config.sites.first() {
                Some(site) => crate::inspect::lexicon(site)?,
                None => Lexicon::default(),
            }
        }
        None => Lexicon::default(),
    };
    let forced = a.format.as_deref().map(DraftFormat::parse).transpose()?;
    let bytes = read_input(&file)?;
    let format = match forced {
        Some(f) => f,
        None => detect(&file, &bytes)?,
    };
    let text = draft_text(format, &bytes).ok_or_else(|| {
        AppError::input(format!(
            "无法读取 cannot read {file} as {}: 文件损坏或不是该格式 / damaged or not that format",
            format.as_str()
        ))
    })?;
    if format == DraftFormat::Pdf && text.trim().is_empty() {
        return Err(AppError::input(format!(
            "无法审查 cannot review {file}: PDF 没有文字层（可能是扫描件）/ the PDF has no text layer (a scan?)"
        )));
    }
    let year = chrono::Local::now().year();
    let matches = scan::scan_text(&text, &lexicon, year);
    let blocking = matches.iter().filter(|m| is_blocking(m)).count();
    let sha256 = hex(&sha2::Sha256::digest(&bytes));

    let recorded = match (reviewer, &decision) {
        (Some(reviewer), Some(decision)) => {
            let findings: Vec<ReviewFinding> = matches.iter().map(review_finding).collect();
            let row = ReviewRow {
                id: 0,
                at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                reviewer: reviewer.to_string(),
                file: file.clone(),
                sha256: sha256.clone(),
                findings: serde_json::to_string(&findings).map_err(|e| AppError::Other(e.to_string()))?,
                blocking: blocking > 0,
                decision: decision.clone(),
                note: a.note.clone().filter(|n| !n.trim().is_empty()),
            };
            let store = Store::open(&a.db.clone().unwrap_or_else(default_db)).await?;
            let id = store.add_review(&row).await?;
            store.close().await;
            Some(ReviewRow { id, ..row })
        }
        _ => None,
    };

    let doc = ReviewDoc {
        schema: REVIEW_SCHEMA,
        file: &file,
        format: format.as_str(),
        sha256: &sha256,
        characters: text.chars().count(),
        findings: matches.iter().map(review_finding).collect(),
        blocking,
        decision: if blocking > 0 { "block" } else { "pass" },
        review: recorded.as_ref().map(|r| Recorded {
            id: r.id,
            at: &r.at,
            reviewer: &r.reviewer,
            decision: &r.decision,
            note: r.note.as_deref(),
        }),
    };
    if a.json {
        emit(&format!("{}\n", serde_json::to_string_pretty(&doc).map_err(|e| AppError::Other(e.to_string()))?));
    } else {
        emit(&render(&doc, &matches));
    }
    Ok(if blocking > 0 { Exit::Findings } else { Exit::Ok })
}

/// Reads the file (or standard input), at most [`MAX_INPUT`] bytes.
fn read_input(file: &str) -> Result<Vec<u8>, AppError> {
    let mut bytes = Vec::new();
    let too_big = || AppError::input(format!("{file}: 文件过大 too large (over {} MiB)", MAX_INPUT / (1024 * 1024)));
    if file == "-" {
        std::io::stdin()
            .lock()
            .take(MAX_INPUT as u64 + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| AppError::input(format!("无法读取标准输入 cannot read standard input: {e}")))?;
    } else {
        let f = std::fs::File::open(file).map_err(|e| AppError::input(format!("无法读取 cannot read {file}: {e}")))?;
        if f.metadata().is_ok_and(|m| m.is_dir()) {
            return Err(AppError::input(format!("无法读取 cannot read {file}: a directory")));
        }
        f.take(MAX_INPUT as u64 + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| AppError::input(format!("无法读取 cannot read {file}: {e}")))?;
    }
    if bytes.len() > MAX_INPUT {
        return Err(too_big());
    }
    Ok(bytes)
}

/// The format by the file's extension, else by its first bytes.
fn detect(file: &str, bytes: &[u8]) -> Result<DraftFormat, AppError> {
    let name = file.rsplit(['/', '\\']).next().unwrap_or(file);
    if let Some((_, ext)) = name.rsplit_once('.') {
        let ext = ext.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "csv" | "md" | "text" => return Ok(DraftFormat::Text),
            "html" | "htm" | "shtml" | "xhtml" => return Ok(DraftFormat::Html),
            "docx" => return Ok(DraftFormat::Docx),
            "xlsx" | "xlsm" => return Ok(DraftFormat::Xlsx),
            "pdf" => return Ok(DraftFormat::Pdf),
            "doc" | "wps" => return Ok(DraftFormat::Doc),
            "xls" => return Ok(DraftFormat::Xls),
            "et" | "ofd" | "rtf" | "odt" | "ods" | "pptx" | "ppt" => {
                return Err(unsupported(&ext));
            }
            _ => {}
        }
    }
    if bytes.starts_with(b"PK\x03\x04") {
        // A zip: a DOCX has word/document.xml, an XLSX xl/workbook.xml.
        if memfind(bytes, b"word/document.xml") {
            return Ok(DraftFormat::Docx);
        }
        if memfind(bytes, b"xl/workbook.xml") {
            return Ok(DraftFormat::Xlsx);
        }
        return Err(unsupported("zip"));
    }
    if bytes.starts_with(b"%PDF") {
        return Ok(DraftFormat::Pdf);
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        // A compound file: the directory names its streams in UTF-16LE.
        let utf16 = |s: &str| s.encode_utf16().flat_map(u16::to_le_bytes).collect::<Vec<u8>>();
        if memfind(bytes, &utf16("WordDocument")) {
            return Ok(DraftFormat::Doc);
        }
        if memfind(bytes, &utf16("Workbook")) || memfind(bytes, &utf16("Book")) {
            return Ok(DraftFormat::Xls);
        }
        return Err(unsupported("doc/xls/wps"));
    }
    if bytes.iter().take(8192).any(|&b| b == 0) {
        return Err(unsupported("binary"));
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]).to_ascii_lowercase();
    let head = head.trim_start_matches('\u{feff}').trim_start();
    if head.starts_with("<!doctype html") || head.starts_with("<html") || head.contains("<body") || head.contains("<p>")
    {
        return Ok(DraftFormat::Html);
    }
    Ok(DraftFormat::Text)
}

fn memfind(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// The text scanned: decoded text, the visible text of HTML, or the attachment text (PDF,
/// DOC/WPS and XLS from the isolated reader).
fn draft_text(format: DraftFormat, bytes: &[u8]) -> Option<String> {
    match format {
        DraftFormat::Text => attachments::text_of(Format::Text, None, bytes),
        DraftFormat::Html => {
            let decoded = xunjian_core::decode::decode(bytes, Some("text/html"));
            let url = url::Url::parse("file:///draft.html").ok()?;
            let text = xunjian_core::html::Document::parse(&decoded.text, &url).text();
            Some(xunjian_core::finding::cap_chars(&text, attachments::TEXT_CAP))
        }
        DraftFormat::Docx => attachments::text_of(Format::Docx, None, bytes),
        DraftFormat::Xlsx => attachments::text_of(Format::Xlsx, None, bytes),
        DraftFormat::Pdf => crate::extract::isolated_text(Format::Pdf, bytes),
        DraftFormat::Doc => crate::extract::isolated_text(Format::Doc, bytes),
        DraftFormat::Xls => crate::extract::isolated_text(Format::Xls, bytes),
    }
}

/// Whether a match keeps the draft from being published: personal data, a classification
/// marker, or a lexicon word of severity high or veto.
fn is_blocking(m: &Match) -> bool {
    matches!(m.kind, Kind::PersonalData | Kind::ClassifiedMarker) || m.severity >= Severity::High
}

fn review_finding(m: &Match) -> ReviewFinding<'_> {
    ReviewFinding {
        kind: m.kind.as_str(),
        subtype: &m.subtype,
        severity: m.severity.as_str(),
        blocking: is_blocking(m),
        line: m.line,
        column: m.column,
        shown: &m.shown,
        context: &m.context,
        correction: m.correction.as_deref(),
    }
}

fn severity_zh(s: Severity) -> &'static str {
    match s {
        Severity::Veto => "否决",
        Severity::High => "高",
        Severity::Medium => "中",
        Severity::Low => "低",
        Severity::Info => "提示",
    }
}

fn subtype_zh(kind: Kind, subtype: &str) -> String {
    let zh = match (kind, subtype) {
        (Kind::PersonalData, "id_card") => "身份证号",
        (Kind::PersonalData, "mobile") => "手机号码",
        (Kind::PersonalData, "bank_card") => "银行卡号",
        (Kind::PersonalData, "passport") => "护照号码",
        (Kind::ClassifiedMarker, "top_secret") => "绝密",
        (Kind::ClassifiedMarker, "confidential") => "机密",
        (Kind::ClassifiedMarker, "secret") => "秘密",
        (Kind::ClassifiedMarker, "internal") => "内部资料",
        (_, "typo") => "错别字",
        (_, "official_term") => "规范表述",
        (_, other) => other,
    };
    zh.to_string()
}

/// The text output, Chinese first.
fn render(doc: &ReviewDoc, matches: &[Match]) -> String {
    let mut s = format!(
        "发布前审查 Pre-publication review: {} ({}, {} 字 characters, SHA-256 {})\n",
        doc.file,
        doc.format,
        doc.characters,
        &doc.sha256[..16]
    );
    if matches.is_empty() {
        s.push_str("未发现问题 Nothing found.\n");
    }
    for m in matches {
        let mark = if is_blocking(m) { "✗" } else { "!" };
        s.push_str(&format!(
            "{mark} 第{}行第{}列 line {}:{}  [{} {}] {}·{} {}/{}  {}",
            m.line,
            m.column,
            m.line,
            m.column,
            severity_zh(m.severity),
            m.severity.as_str(),
            m.kind.label_zh(),
            subtype_zh(m.kind, &m.subtype),
            m.kind.as_str(),
            m.subtype,
            m.shown
        ));
        if let Some(c) = &m.correction {
            s.push_str(&format!(" → 应为 should be “{c}”"));
        }
        s.push('\n');
        s.push_str(&format!("    {}\n", m.context));
    }
    if doc.blocking > 0 {
        s.push_str(&format!(
            "结论 Verdict: 不得发布 — {} 处必须先处理的问题（个人信息、密级标志或高危词）/ must not be published: {} blocking finding(s)\n",
            doc.blocking, doc.blocking
        ));
    } else if !matches.is_empty() {
        s.push_str(&format!(
            "结论 Verdict: 可以发布，建议修改 {} 处 / may be published; {} finding(s) worth fixing\n",
            matches.len(),
            matches.len()
        ));
    } else {
        s.push_str("结论 Verdict: 可以发布 / may be published\n");
    }
    if let Some(r) = &doc.review {
        s.push_str(&format!(
            "已记录审核 Review #{} recorded: {} {} ({}) {}\n",
            r.id,
            r.reviewer,
            decision_zh(r.decision),
            r.decision,
            r.at
        ));
        if r.decision == "approve" && doc.blocking > 0 {
            s.push_str(
                "注意 Note: 审核人批准了 xunjian 判定不得发布的稿件 / the reviewer approved a draft xunjian blocks\n",
            );
        }
    }
    s
}

fn decision_zh(d: &str) -> &'static str {
    if d == "approve" { "同意发布" } else { "不同意发布" }
}

/// `--list`: the review chain.
async fn list(db: Option<String>, json: bool) -> Result<Exit, AppError> {
    let store = Store::open(&db.unwrap_or_else(default_db)).await?;
    let rows = store.reviews(10_000).await?;
    store.close().await;
    if json {
        let v: Vec<serde_json::Value> = rows
            .iter()
            .map(|r| {
                serde_json::json!({
                    "id": r.id,
                    "at": r.at,
                    "reviewer": r.reviewer,
                    "file": r.file,
                    "sha256": r.sha256,
                    "blocking": r.blocking,
                    "decision": r.decision,
                    "note": r.note,
                    "findings": serde_json::from_str::<serde_json::Value>(&r.findings).unwrap_or_default(),
                })
            })
            .collect();
        emit(&format!("{}\n", serde_json::to_string_pretty(&v).map_err(|e| AppError::Other(e.to_string()))?));
        return Ok(Exit::Ok);
    }
    if rows.is_empty() {
        emit("尚无审核记录 No reviews recorded.\n");
        return Ok(Exit::Ok);
    }
    let mut out = format!("审核记录 Review chain ({} 条 reviews)\n", rows.len());
    for r in &rows {
        let n = serde_json::from_str::<Vec<serde_json::Value>>(&r.findings).map(|v| v.len()).unwrap_or(0);
        out.push_str(&format!(
            "#{:<4} {}  {}  {}({})  {}  SHA-256 {}  发现 {} 处 findings{}\n",
            r.id,
            r.at,
            r.reviewer,
            decision_zh(&r.decision),
            r.decision,
            r.file,
            r.sha256.get(..16).unwrap_or(&r.sha256),
            n,
            if r.blocking { "，含阻断问题 blocking" } else { "" }
        ));
        if let Some(note) = &r.note {
            out.push_str(&format!("      备注 note: {note}\n"));
        }
    }
    emit(&out);
    Ok(Exit::Ok)
}

/// Writes to stdout; a closed pipe (`| head`) is not an error worth a panic.
fn emit(s: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(s.as_bytes()).and_then(|()| out.flush());
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
