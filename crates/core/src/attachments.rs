//! Text of attachments (附件) and drafts for the content checks: plain text and CSV decoded
//! like pages (GBK included), DOCX (the paragraphs of `word/document.xml`, table rows as
//! lines, then headers and footers), XLSX and legacy XLS (every cell as text, rows as lines,
//! each sheet under a `【工作表：名称】` header line), PDF (the text layer of each page, see
//! [`pdf`]) and legacy Word `.doc`/WPS `.wps` (the piece table's text, see [`doc`]).
//!
//! Every format is read with caps: the input ([`MAX_INPUT`]), each decompressed zip entry
//! ([`MAX_ENTRY`], read through `take()`, so a zip bomb never fills memory), all entries of a
//! workbook together ([`MAX_UNZIPPED`], checked by streaming every entry before the workbook
//! is parsed), and the text ([`TEXT_CAP`]). The caps on size bound the time too. An
//! attachment that cannot be read gives `None`, never an error or a panic.
//!
//! PDF, XLS and DOC/WPS are read by code that hostile files can drive into panics, long loops
//! or allocations of gigabytes (`pdf-extract` unwraps inside its page walk; calamine sizes
//! its XLS cell grids from the file's own records; an allocation failure aborts the process
//! and cannot be caught). [`needs_isolation`] says so: [`text_of`] gives `None` for them, and
//! the application runs [`extract_isolated_format`] in a child process with limits on memory
//! and CPU time (`xunjian __extract-text`), where a crash costs only that attachment.

use crate::decode;
use std::io::{Cursor, Read};

pub mod doc;
pub mod pdf;
pub mod xls;

/// Most characters of attachment text scanned.
pub const TEXT_CAP: usize = 2 * 1024 * 1024;

/// Largest attachment read at all (bytes).
pub const MAX_INPUT: usize = 20 * 1024 * 1024;

/// Most bytes decompressed from one zip entry.
pub const MAX_ENTRY: u64 = 16 * 1024 * 1024;

/// Most bytes decompressed from all the entries of a workbook together.
pub const MAX_UNZIPPED: u64 = 64 * 1024 * 1024;

/// The formats read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text or CSV, decoded like a page.
    Text,
    /// Word 2007+ (`.docx`).
    Docx,
    /// Excel 2007+ (`.xlsx`, `.xlsm`).
    Xlsx,
    /// PDF (isolated).
    Pdf,
    /// Excel 97-2003 (`.xls`; isolated).
    Xls,
    /// Word 97-2003 (`.doc`) and WPS Office's `.wps` (isolated).
    Doc,
}

impl Format {
    /// The format's name (the child process's argument).
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "txt",
            Format::Docx => "docx",
            Format::Xlsx => "xlsx",
            Format::Pdf => "pdf",
            Format::Xls => "xls",
            Format::Doc => "doc",
        }
    }

    /// The format of a name given by [`Format::name`].
    pub fn from_name(name: &str) -> Option<Format> {
        [Format::Text, Format::Docx, Format::Xlsx, Format::Pdf, Format::Xls, Format::Doc]
            .into_iter()
            .find(|f| f.name() == name)
    }
}

/// Whether a format's reader must run in a separate process with resource limits (see the
/// module documentation): PDF, XLS and DOC/WPS.
pub fn needs_isolation(format: Format) -> bool {
    matches!(format, Format::Pdf | Format::Xls | Format::Doc)
}

/// The format of a file by its path's extension, else its Content-Type.
pub fn format_of(path: &str, content_type: Option<&str>) -> Option<Format> {
    let name = path.rsplit('/').next().unwrap_or(path);
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "txt" | "csv" => return Some(Format::Text),
        "docx" => return Some(Format::Docx),
        "xlsx" | "xlsm" => return Some(Format::Xlsx),
        "pdf" => return Some(Format::Pdf),
        "xls" => return Some(Format::Xls),
        "doc" | "wps" => return Some(Format::Doc),
        _ => {}
    }
    let ct = content_type.unwrap_or("").to_ascii_lowercase();
    let ct = ct.split(';').next().unwrap_or("").trim();
    match ct {
        "text/plain" | "text/csv" => Some(Format::Text),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => Some(Format::Docx),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => Some(Format::Xlsx),
        "application/pdf" | "application/x-pdf" => Some(Format::Pdf),
        "application/vnd.ms-excel" | "application/x-msexcel" | "application/x-excel" => Some(Format::Xls),
        "application/msword"
        | "application/x-msword"
        | "application/vnd.ms-word"
        | "application/vnd.ms-works"
        | "application/kswps"
        | "application/vnd.ms-wps"
        | "application/wps-office.wps"
        | "application/wps-office.doc" => Some(Format::Doc),
        _ => None,
    }
}

/// The text of an attachment, by its path's extension and its Content-Type.
pub fn text(path: &str, content_type: Option<&str>, bytes: &[u8]) -> Option<String> {
    text_of(format_of(path, content_type)?, content_type, bytes)
}

/// The text of a file of a known format; `None` for the formats that [`needs_isolation`]
/// (the caller runs [`extract_isolated_format`] in a child process for those).
pub fn text_of(format: Format, content_type: Option<&str>, bytes: &[u8]) -> Option<String> {
    if needs_isolation(format) {
        return None;
    }
    read(format, content_type, bytes)
}

/// The text of a PDF, XLS or DOC/WPS file, read in this process: only for a process that
/// can afford to crash (the isolated child, with its memory and CPU limits) and for tests.
pub fn extract_isolated_format(format: Format, bytes: &[u8]) -> Option<String> {
    read(format, None, bytes)
}

fn read(format: Format, content_type: Option<&str>, bytes: &[u8]) -> Option<String> {
    if bytes.len() > MAX_INPUT {
        return None;
    }
    // The zip and workbook readers are third-party code fed untrusted bytes: a bug there
    // must cost one attachment, not the inspection.
    let text = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match format {
        Format::Text => Some(decode::decode(bytes, content_type).text),
        Format::Docx => docx_text(bytes),
        Format::Xlsx => xlsx_text(bytes),
        Format::Pdf => pdf::pdf_text(bytes),
        Format::Xls => xls::xls_text(bytes),
        Format::Doc => doc::doc_text(bytes),
    }))
    .ok()??;
    Some(crate::finding::cap_chars(&text, TEXT_CAP))
}

/// Reads one zip entry, at most [`MAX_ENTRY`] bytes of it.
fn read_entry<R: Read + std::io::Seek>(zip: &mut zip::ZipArchive<R>, name: &str) -> Option<String> {
    let entry = zip.by_name(name).ok()?;
    let mut buf = Vec::new();
    entry.take(MAX_ENTRY).read_to_end(&mut buf).ok()?;
    Some(String::from_utf8_lossy(&buf).into_owned())
}

fn docx_text(bytes: &[u8]) -> Option<String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let body = read_entry(&mut zip, "word/document.xml")?;
    let mut out = String::new();
    wordml_text(&body, &mut out);
    let mut parts: Vec<String> = zip
        .file_names()
        .filter_map(|n| n.ok().map(|n| n.into_owned()))
        .filter(|n| {
            let n = n.strip_prefix("word/").unwrap_or("");
            (n.starts_with("header") || n.starts_with("footer")) && n.ends_with(".xml") && !n.contains('/')
        })
        .collect();
    parts.sort();
    for name in parts.iter().take(32) {
        if out.len() >= 4 * TEXT_CAP {
            break;
        }
        if let Some(xml) = read_entry(&mut zip, name) {
            wordml_text(&xml, &mut out);
        }
    }
    Some(out)
}

/// The text of a WordprocessingML part: the runs' text (`w:t`), tabs and breaks, one line
/// per paragraph; inside a table, one line per row with the cells separated by tabs.
fn wordml_text(xml: &str, out: &mut String) {
    let limit = out.len() + 4 * TEXT_CAP;
    let mut rest = xml;
    let mut in_text = false;
    let mut cell_depth = 0usize;
    while let Some(lt) = rest.find('<') {
        if in_text {
            push_unescaped(&rest[..lt], out);
        }
        let after = &rest[lt + 1..];
        let Some(gt) = after.find('>') else { break };
        let tag = &after[..gt];
        rest = &after[gt + 1..];
        let closing = tag.starts_with('/');
        let empty = tag.ends_with('/');
        let name = tag.trim_start_matches('/').split(|c: char| c.is_whitespace() || c == '/').next().unwrap_or("");
        match name {
            "w:t" => in_text = !closing && !empty,
            "w:tab" if !closing => out.push('\t'),
            "w:br" | "w:cr" if !closing => out.push(if cell_depth > 0 { ' ' } else { '\n' }),
            "w:p" if closing || empty => out.push(if cell_depth > 0 { ' ' } else { '\n' }),
            "w:tc" if !closing && !empty => cell_depth += 1,
            "w:tc" if closing => {
                cell_depth = cell_depth.saturating_sub(1);
                while out.ends_with(' ') {
                    out.pop();
                }
                out.push('\t');
            }
            "w:tr" if closing => {
                while out.ends_with('\t') {
                    out.pop();
                }
                out.push('\n');
            }
            _ => {}
        }
        if out.len() > limit {
            break;
        }
    }
}

/// Appends XML character data with the predefined and numeric entities resolved.
fn push_unescaped(s: &str, out: &mut String) {
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let semi = after.find(';').filter(|&i| i <= 10);
        let resolved = semi.and_then(|i| {
            let ent = &after[..i];
            let c = match ent {
                "lt" => Some('<'),
                "gt" => Some('>'),
                "amp" => Some('&'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => {
                    let n = match ent.strip_prefix("#x").or_else(|| ent.strip_prefix("#X")) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok(),
                        None => ent.strip_prefix('#').and_then(|d| d.parse().ok()),
                    };
                    n.and_then(char::from_u32)
                }
            };
            c.map(|c| (c, i))
        });
        match resolved {
            Some((c, i)) => {
                out.push(c);
                rest = &after[i + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
}

/// Streams every entry of a zip through the caps without keeping it: false when one entry
/// or all of them together decompress to more than the caps allow, or cannot be read.
fn zip_within_caps(bytes: &[u8]) -> bool {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else { return false };
    let mut total = 0u64;
    for i in 0..zip.len() {
        let Ok(entry) = zip.by_index(i) else { return false };
        let room = (MAX_UNZIPPED - total).min(MAX_ENTRY);
        let Ok(n) = std::io::copy(&mut entry.take(room + 1), &mut std::io::sink()) else { return false };
        if n > room {
            return false;
        }
        total += n;
    }
    true
}

fn xlsx_text(bytes: &[u8]) -> Option<String> {
    use calamine::{Data, Reader, Xlsx};
    if !zip_within_caps(bytes) {
        return None;
    }
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).ok()?;
    let mut out = String::new();
    for name in book.sheet_names() {
        if out.len() > 4 * TEXT_CAP {
            break;
        }
        // The cell reader streams the used cells; a range would allocate the whole grid
        // between the first and the last cell, which the file itself chooses.
        let Ok(mut reader) = book.worksheet_cells_reader(&name) else { continue };
        let mut cells: Vec<(u32, u32, String)> = Vec::new();
        let mut size = 0usize;
        while let Ok(Some(cell)) = reader.next_cell() {
            let (row, col) = cell.get_position();
            let v = Data::from(cell.get_value().clone()).to_string();
            let v = v.trim();
            if v.is_empty() {
                continue;
            }
            size += v.len() + 1;
            cells.push((row, col, v.replace(['\r', '\n'], " ")));
            if size > 4 * TEXT_CAP {
                break;
            }
        }
        push_sheet(&mut out, &name, cells);
    }
    Some(out)
}

/// Appends a sheet: its `【工作表：名称】` header line, then one line per row with the
/// cells (row, column, text) separated by tabs.
fn push_sheet(out: &mut String, name: &str, mut cells: Vec<(u32, u32, String)>) {
    cells.sort_by_key(|c| (c.0, c.1));
    out.push_str(&format!("【工作表：{name}】\n"));
    let mut current = None;
    for (row, _, v) in cells {
        if current.is_some_and(|r| r != row) {
            out.push('\n');
        } else if current.is_some() {
            out.push('\t');
        }
        current = Some(row);
        out.push_str(&v);
    }
    if current.is_some() {
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// A zip of (name, bytes), deflated.
    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .large_file(true);
        for (name, data) in entries {
            w.start_file(*name, opts).unwrap();
            w.write_all(data).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    fn docx(body: &str) -> Vec<u8> {
        let xml = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document \
             xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>"
        );
        zip_of(&[("[Content_Types].xml", b"<Types/>"), ("word/document.xml", xml.as_bytes())])
    }

    fn para(s: &str) -> String {
        format!("<w:p><w:pPr><w:jc w:val=\"center\"/></w:pPr><w:r><w:t xml:space=\"preserve\">{s}</w:t></w:r></w:p>")
    }

    #[test]
    fn plain_text_and_gbk_csv() {
        let (gbk, _, _) = encoding_rs::GBK.encode("姓名,身份证号\n张三,330106199001011234\n");
        let t = text("/files/名单.csv", None, &gbk).unwrap();
        assert!(t.contains("张三"));
        assert!(text("/files/a.txt", Some("text/plain; charset=utf-8"), "公示".as_bytes()).unwrap().contains("公示"));
        assert_eq!(text("/files/a.bin", Some("application/octet-stream"), b"\x00\x01"), None);
    }

    #[test]
    fn docx_paragraphs_tables_entities_headers() {
        let body = format!(
            "{}{}<w:tbl><w:tr><w:tc>{}</w:tc><w:tc>{}{}</w:tc></w:tr><w:tr><w:tc>{}</w:tc><w:tc><w:p/></w:tc></w:tr></w:tbl>\
             <w:p><w:r><w:t>a</w:t></w:r><w:r><w:tab/><w:t>b &lt;c&gt; &amp; &#x4E2D;&#25991; &bogus;</w:t></w:r><w:r><w:br/>\
             <w:t>d</w:t></w:r><w:r><w:instrText>HYPERLINK</w:instrText></w:r></w:p>",
            para("拟聘用人员名单"),
            para("第二段"),
            para("张三"),
            para("330106"),
            para("199001011234"),
            para("李四"),
        );
        let mut d = docx(&body);
        let t = text("/f/名单.DOCX", None, &d).unwrap();
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines[0], "拟聘用人员名单");
        assert_eq!(lines[1], "第二段");
        assert_eq!(lines[2], "张三\t330106 199001011234");
        assert_eq!(lines[3], "李四");
        assert_eq!(lines[4], "a\tb <c> & 中文 &bogus;");
        assert_eq!(lines[5], "d");
        assert!(!t.contains("HYPERLINK"));
        // By Content-Type too, and headers come after the body.
        let xml = "<w:hdr><w:p><w:r><w:t>机密★1年</w:t></w:r></w:p></w:hdr>";
        d = zip_of(&[("word/document.xml", docx_xml(&para("正文")).as_bytes()), ("word/header1.xml", xml.as_bytes())]);
        let ct = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
        assert_eq!(text("/download?id=3", Some(ct), &d).unwrap(), "正文\n机密★1年\n");
    }

    fn docx_xml(body: &str) -> String {
        format!("<w:document><w:body>{body}</w:body></w:document>")
    }

    #[test]
    fn xlsx_cells_rows_and_sheet_names() {
        let mut book = rust_xlsxwriter::Workbook::new();
        let s = book.add_worksheet().set_name("名单").unwrap();
        s.write(0, 0, "姓名").unwrap();
        s.write(0, 1, "身份证号").unwrap();
        s.write(0, 2, "电话").unwrap();
        s.write(1, 0, "张三").unwrap();
        s.write(1, 1, "11010519491231002X").unwrap();
        s.write(1, 2, 13812345678.0).unwrap();
        s.write(5, 3, "第六行").unwrap();
        let s2 = book.add_worksheet();
        s2.write(0, 0, 42).unwrap();
        let bytes = book.save_to_buffer().unwrap();
        let t = text("/files/名单.xlsx", None, &bytes).unwrap();
        assert_eq!(
            t,
            "【工作表：名单】\n姓名\t身份证号\t电话\n张三\t11010519491231002X\t13812345678\n第六行\n【工作表：Sheet2】\n42\n"
        );
    }

    #[test]
    fn garbage_and_truncated_files_give_none_without_panicking() {
        let d = docx(&para("内容"));
        let mut book = rust_xlsxwriter::Workbook::new();
        book.add_worksheet().write(0, 0, "内容").unwrap();
        let x = book.save_to_buffer().unwrap();
        for (path, bytes) in [("a.docx", &d), ("a.xlsx", &x)] {
            for cut in [0, 1, 4, 30, bytes.len() / 2, bytes.len() - 1] {
                let _ = text(path, None, &bytes[..cut]);
            }
            let mut flipped = bytes.clone();
            for i in (0..flipped.len()).step_by(7) {
                flipped[i] ^= 0x5a;
            }
            let _ = text(path, None, &flipped);
        }
        assert_eq!(text("a.docx", None, b"PK\x03\x04garbage"), None);
        assert_eq!(text("a.xlsx", None, b"not a zip at all"), None);
        assert_eq!(text("a.xlsx", None, &zip_of(&[("x", b"y")])), None, "a zip that is no workbook");
        assert_eq!(text("a.docx", None, &zip_of(&[("x", b"y")])), None, "a zip without word/document.xml");
        assert_eq!(text("a.docx", None, &vec![0u8; MAX_INPUT + 1]), None, "over the input cap");
    }

    #[test]
    fn zip_bombs_are_capped() {
        // 40 MiB of text in a DOCX: read through take(), capped, no memory blow-up.
        let mut xml = String::from("<w:document><w:body><w:p><w:r><w:t>");
        xml.push_str(&"秘".repeat(14 * 1024 * 1024));
        xml.push_str("</w:t></w:r></w:p></w:body></w:document>");
        let bomb = zip_of(&[("word/document.xml", xml.as_bytes())]);
        assert!(bomb.len() < MAX_INPUT);
        let t = text("bomb.docx", None, &bomb).unwrap();
        assert!(t.chars().count() <= TEXT_CAP);
        // A workbook whose parts decompress past the caps is not parsed at all.
        let zeros = vec![b' '; (MAX_ENTRY + 1) as usize];
        let bomb = zip_of(&[("xl/worksheets/sheet1.xml", &zeros)]);
        assert_eq!(text("bomb.xlsx", None, &bomb), None);
        assert!(!zip_within_caps(&bomb));
        let mut book = rust_xlsxwriter::Workbook::new();
        book.add_worksheet().write(0, 0, "x").unwrap();
        assert!(zip_within_caps(&book.save_to_buffer().unwrap()));
    }

    #[test]
    fn legacy_and_pdf_formats_are_recognised_but_only_read_in_isolation() {
        let pdf = pdf::tests::cid_pdf("公示张三", &["公示", "张三"], "ok");
        let doc = doc::tests::doc_file(&[doc::tests::Piece { text: "公示\r", compress: false }]);
        let xls = xls::tests::xls_file(&xls::tests::workbook(&[(
            "a",
            [0, 1, 0, 1],
            &[xls::tests::Cell::Text(0, 0, "公示")],
        )]));
        for (path, ct, bytes, format) in [
            ("/f/a.PDF", None, &pdf, Format::Pdf),
            ("/download?id=1", Some("application/pdf"), &pdf, Format::Pdf),
            ("/f/a.doc", None, &doc, Format::Doc),
            ("/f/a.wps", None, &doc, Format::Doc),
            ("/d", Some("application/msword"), &doc, Format::Doc),
            ("/d", Some("application/kswps"), &doc, Format::Doc),
            ("/d", Some("application/vnd.ms-works"), &doc, Format::Doc),
            ("/f/a.xls", None, &xls, Format::Xls),
            ("/d", Some("application/vnd.ms-excel; charset=binary"), &xls, Format::Xls),
        ] {
            assert_eq!(format_of(path, ct), Some(format), "{path} {ct:?}");
            assert!(needs_isolation(format));
            assert_eq!(text(path, ct, bytes), None, "never read in process: {path}");
            assert!(extract_isolated_format(format, bytes).unwrap().contains("公示"), "{path}");
            assert_eq!(Format::from_name(format.name()), Some(format));
        }
        for f in [Format::Pdf, Format::Xls, Format::Doc] {
            assert_eq!(extract_isolated_format(f, b"%PDF-1.4 whatever"), None);
            assert_eq!(extract_isolated_format(f, &vec![0u8; MAX_INPUT + 1]), None, "over the input cap");
        }
        assert!(!needs_isolation(Format::Docx) && !needs_isolation(Format::Xlsx) && !needs_isolation(Format::Text));
    }
}
