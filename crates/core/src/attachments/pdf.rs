//! The text of PDF files, with `pdf-extract` (on `lopdf`): the characters of every page in
//! reading order, mapped to Unicode through the fonts' ToUnicode CMaps (the usual case for
//! Chinese text in Type0/CID fonts), their encodings or the standard glyph names.
//!
//! `pdf-extract` panics on some malformed files (unwraps in its page walk) and can take long
//! or allocate much on hostile ones: it only runs in the isolated child (see
//! [`super::needs_isolation`]). Here each page runs under `catch_unwind`, so a broken page
//! costs that page; at most [`MAX_PAGES`] pages and [`super::TEXT_CAP`] characters are read.
//!
//! `pdf-extract` also panics on fonts it does not support, among them the predefined CJK
//! CMaps (`UniGB-UCS2-H`, `GBK-EUC-H`…: what iText writes with the non-embedded `STSong-Light`,
//! common in generated government documents) and CID fonts without a FontDescriptor. A page
//! it cannot read is read again by a plain fallback ([`fallback_page`]): the strings of the
//! text operators decoded by the font's ToUnicode CMap, else by its predefined CMap
//! (UCS-2/UTF-16, GBK, Big5), else as Windows-1252 for simple fonts; a line per text line
//! move; form XObjects are not entered.
//!
//! Not read: scanned PDFs (images, no text layer: the text is empty), text drawn with fonts
//! that have neither a ToUnicode CMap nor a known encoding (their codes come out as whatever
//! the font's fallback gives), and password-protected files (only the empty user password is
//! tried).

use pdf_extract::{
    Dictionary, Document, MediaBox, Object, ObjectId, OutputDev, OutputError, PlainTextOutput, Transform,
};
use std::collections::HashMap;

/// Most pages read from one PDF.
pub const MAX_PAGES: usize = 2000;

/// The text of a PDF, one page after another.
pub(super) fn pdf_text(bytes: &[u8]) -> Option<String> {
    // The header may follow some junk, but not much (readers accept up to 1024 bytes).
    let head = &bytes[..bytes.len().min(1024)];
    if !head.windows(5).any(|w| w == b"%PDF-") {
        return None;
    }
    let mut doc = Document::load_mem(bytes).ok()?;
    if doc.is_encrypted() {
        doc.decrypt("").ok()?;
    }
    let pages: Vec<(u32, ObjectId)> = doc.get_pages().into_iter().take(MAX_PAGES).collect();
    let mut out = String::new();
    let mut budget = super::TEXT_CAP;
    let mut read_any = pages.is_empty();
    for (page, id) in pages {
        let mut text = String::new();
        let mut dev = Capped { inner: PlainTextOutput::new(&mut text), budget, full: false };
        let done = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let r = pdf_extract::output_doc_page(&doc, &mut dev, page);
            (r.is_ok(), dev.budget, dev.full)
        }));
        let (text, full) = match done {
            Ok((ok, left, full)) if ok || full => {
                budget = left;
                (text, full)
            }
            // The page could not be read (an error or a panic): the plain fallback.
            _ => {
                let mut left = budget;
                let fallback =
                    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| fallback_page(&doc, id, &mut left)));
                let Ok(Some(text)) = fallback else { continue };
                budget = left;
                (text, budget == 0)
            }
        };
        read_any = true;
        let text = text.trim_matches('\n');
        if !text.is_empty() {
            out.push_str(text);
            out.push('\n');
        }
        if full {
            break;
        }
    }
    // A file none of whose pages could be read is unreadable, not empty.
    read_any.then_some(out)
}

/// How the fallback turns one font's string bytes into text.
enum Decoder {
    /// A ToUnicode CMap: codes of this many bytes to text.
    Map(HashMap<u32, String>, usize),
    /// Predefined Unicode CMaps (`Uni*-UCS2-*`, `Uni*-UTF16-*`): UTF-16BE.
    Utf16Be,
    /// A legacy encoding (GBK for `GB*` CMaps, Big5, Windows-1252 for simple fonts).
    Legacy(&'static encoding_rs::Encoding),
    /// Unknown: the font's strings are skipped.
    Unknown,
}

impl Decoder {
    fn of(doc: &Document, font: &Dictionary) -> Decoder {
        let name =
            |key: &[u8]| font.get(key).ok().map(|o| deref(doc, o)).and_then(|o| o.as_name().ok()).map(<[u8]>::to_vec);
        let type0 = name(b"Subtype").is_some_and(|n| n == b"Type0");
        if let Some(map) = font.get(b"ToUnicode").ok().and_then(|o| to_unicode(doc, o)) {
            return Decoder::Map(map, if type0 { 2 } else { 1 });
        }
        if !type0 {
            return Decoder::Legacy(encoding_rs::WINDOWS_1252);
        }
        let encoding = String::from_utf8_lossy(&name(b"Encoding").unwrap_or_default()).into_owned();
        if encoding.contains("UCS2") || encoding.contains("UTF16") {
            Decoder::Utf16Be
        } else if encoding.starts_with("GB") {
            Decoder::Legacy(encoding_rs::GBK)
        } else if ["B5", "ETen", "HKscs"].iter().any(|p| encoding.starts_with(p)) {
            Decoder::Legacy(encoding_rs::BIG5)
        } else {
            Decoder::Unknown
        }
    }

    fn decode(&self, bytes: &[u8], out: &mut String) {
        match self {
            Decoder::Map(map, width) => {
                for code in bytes.chunks(*width) {
                    let code = code.iter().fold(0u32, |c, &b| (c << 8) | u32::from(b));
                    if let Some(s) = map.get(&code) {
                        out.push_str(s);
                    }
                }
            }
            Decoder::Utf16Be => {
                let units = bytes.chunks_exact(2).map(|p| u16::from_be_bytes([p[0], p[1]]));
                out.extend(char::decode_utf16(units).map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER)));
            }
            Decoder::Legacy(encoding) => out.push_str(&encoding.decode_without_bom_handling(bytes).0),
            Decoder::Unknown => {}
        }
    }
}

/// The object a reference points at (the object itself otherwise).
fn deref<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    match o {
        Object::Reference(id) => doc.get_object(*id).unwrap_or(o),
        _ => o,
    }
}

/// A ToUnicode CMap stream as codes to text.
fn to_unicode(doc: &Document, o: &Object) -> Option<HashMap<u32, String>> {
    let stream = deref(doc, o).as_stream().ok()?;
    let data = stream.decompressed_content().unwrap_or_else(|_| stream.content.clone());
    let map = adobe_cmap_parser::get_unicode_map(&data).ok()?;
    Some(
        map.into_iter()
            .map(|(code, utf16be)| {
                let units = utf16be.chunks_exact(2).map(|p| u16::from_be_bytes([p[0], p[1]]));
                (code, char::decode_utf16(units).map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER)).collect())
            })
            .collect(),
    )
}

/// The text of one page by the plain fallback (see the module documentation), at most
/// `budget` characters (lowered by what it takes).
fn fallback_page(doc: &Document, page: ObjectId, budget: &mut usize) -> Option<String> {
    let fonts = doc.get_page_fonts(page).ok()?;
    let content = doc.get_and_decode_page_content(page).ok()?;
    let mut decoders: HashMap<Vec<u8>, Decoder> = HashMap::new();
    let mut font: Option<Vec<u8>> = None;
    let mut out = String::new();
    let mut last_y: Option<f32> = None;
    let newline = |out: &mut String| {
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
    };
    for op in &content.operations {
        let float = |i: usize| op.operands.get(i).and_then(|o| o.as_float().ok());
        // The strings shown; `None` for a gap.
        let mut strings: Vec<Option<&[u8]>> = Vec::new();
        match op.operator.as_str() {
            "Tf" => font = op.operands.first().and_then(|o| o.as_name().ok()).map(<[u8]>::to_vec),
            "Td" | "TD" if float(1).is_some_and(|ty| ty != 0.0) => newline(&mut out),
            "T*" => newline(&mut out),
            "Tm" => {
                let y = float(5);
                if last_y.is_some() && y != last_y {
                    newline(&mut out);
                }
                last_y = y;
            }
            "Tj" => strings.push(op.operands.first().and_then(|o| o.as_str().ok())),
            "'" | "\"" => {
                newline(&mut out);
                strings.push(op.operands.last().and_then(|o| o.as_str().ok()));
            }
            "TJ" => {
                for item in op.operands.first().and_then(|o| o.as_array().ok()).into_iter().flatten() {
                    match item {
                        Object::String(s, _) => strings.push(Some(s)),
                        // A wide move to the right: a gap between words or cells.
                        o if o.as_float().is_ok_and(|n| n < -250.0) => strings.push(None),
                        _ => {}
                    }
                }
            }
            _ => {}
        }
        if strings.is_empty() {
            continue;
        }
        let Some(name) = &font else { continue };
        let decoder = decoders
            .entry(name.clone())
            .or_insert_with(|| fonts.get(name).map_or(Decoder::Unknown, |f| Decoder::of(doc, f)));
        let before = out.len();
        for s in strings {
            match s {
                Some(s) => decoder.decode(s, &mut out),
                None => out.push(' '),
            }
        }
        let n = out[before..].chars().count();
        if n > *budget {
            let keep = out[before..].char_indices().nth(*budget).map_or(out.len(), |(i, _)| before + i);
            out.truncate(keep);
            *budget = 0;
            break;
        }
        *budget -= n;
    }
    Some(out)
}

/// The plain-text output of `pdf-extract`, stopped once the character budget is spent.
struct Capped<'a> {
    inner: PlainTextOutput<&'a mut String>,
    budget: usize,
    full: bool,
}

impl OutputDev for Capped<'_> {
    fn begin_page(
        &mut self,
        page_num: u32,
        media_box: &MediaBox,
        art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.inner.begin_page(page_num, media_box, art_box)
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        self.inner.end_page()
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        spacing: f64,
        font_size: f64,
        char: &str,
    ) -> Result<(), OutputError> {
        let n = char.chars().count() + 1;
        if n > self.budget {
            self.full = true;
            return Err(OutputError::FormatError(std::fmt::Error));
        }
        self.budget -= n;
        self.inner.output_character(trm, width, spacing, font_size, char)
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        self.inner.begin_word()
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        self.inner.end_word()
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        self.inner.end_line()
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// A PDF of the objects (numbered from 1, the catalog first), with its xref table's
    /// offsets computed.
    pub fn pdf_of(objects: &[Vec<u8>]) -> Vec<u8> {
        let mut out = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec();
        let mut offsets = Vec::new();
        for (i, body) in objects.iter().enumerate() {
            offsets.push(out.len());
            out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
            out.extend_from_slice(body);
            out.extend_from_slice(b"\nendobj\n");
        }
        let xref = out.len();
        out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
        for o in offsets {
            out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
        }
        out.extend_from_slice(
            format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).as_bytes(),
        );
        out
    }

    fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
        let mut v = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
        v.extend_from_slice(data);
        v.extend_from_slice(b"\nendstream");
        v
    }

    /// A one-page PDF with a Type0 font (Identity-H, two-byte CIDs) whose ToUnicode CMap maps
    /// CID n to the n-th character of `charset`, showing `lines` (each from `charset`) one
    /// per line, plus a Latin line in Helvetica (WinAnsiEncoding).
    pub fn cid_pdf(charset: &str, lines: &[&str], latin: &str) -> Vec<u8> {
        let chars: Vec<char> = charset.chars().collect();
        let cid = |c: char| chars.iter().position(|&x| x == c).expect("in charset") as u16 + 1;
        let mut content = String::from("BT\n/F1 12 Tf\n14 TL\n72 760 Td\n");
        for line in lines {
            let hex: String = line.chars().map(|c| format!("{:04X}", cid(c))).collect();
            content.push_str(&format!("<{hex}> Tj\nT*\n"));
        }
        content.push_str(&format!("/F2 12 Tf\n({latin}) Tj\nET\n"));
        let mut cmap = String::from(
            "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe) \
             /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
             1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
        );
        for chunk in chars.chunks(100).enumerate() {
            cmap.push_str(&format!("{} beginbfchar\n", chunk.1.len()));
            for (j, c) in chunk.1.iter().enumerate() {
                let code = (chunk.0 * 100 + j + 1) as u16;
                let mut units = [0u16; 2];
                let hex: String = c.encode_utf16(&mut units).iter().map(|u| format!("{u:04X}")).collect();
                cmap.push_str(&format!("<{code:04X}> <{hex}>\n"));
            }
            cmap.push_str("endbfchar\n");
        }
        cmap.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
        pdf_of(&[
            b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R \
               /Resources << /Font << /F1 5 0 R /F2 9 0 R >> >> >>"
                .to_vec(),
            stream("", content.as_bytes()),
            b"<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H \
               /DescendantFonts [6 0 R] /ToUnicode 8 0 R >>"
                .to_vec(),
            b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo << /Registry (Adobe) \
               /Ordering (Identity) /Supplement 0 >> /FontDescriptor 7 0 R /DW 1000 >>"
                .to_vec(),
            b"<< /Type /FontDescriptor /FontName /SimSun /Flags 4 /FontBBox [0 -141 1000 859] /ItalicAngle 0 \
               /Ascent 859 /Descent -141 /CapHeight 683 /StemV 80 >>"
                .to_vec(),
            stream("", cmap.as_bytes()),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_vec(),
        ])
    }

    #[test]
    fn chinese_text_through_a_tounicode_cmap() {
        let id = "11010519491231002X";
        let charset = format!("拟录用人员公示名单张三身份证号：{id}");
        let pdf =
            cid_pdf(&charset, &["拟录用人员公示名单", &format!("张三 身份证号：{id}").replace(' ', "")], "Page 1");
        let t = pdf_text(&pdf).unwrap();
        let lines: Vec<&str> = t.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
        assert_eq!(lines, ["拟录用人员公示名单", &format!("张三身份证号：{id}"), "Page 1"], "{t:?}");
    }

    /// A one-page PDF in iText's way for Chinese: the non-embedded STSong-Light with the
    /// predefined CMap UniGB-UCS2-H (strings are UTF-16BE), a GBK-EUC-H font (strings are
    /// GBK), and a CID font lacking its FontDescriptor but with a ToUnicode CMap.
    fn predefined_cmap_pdf(ucs2: &str, gbk: &str, mapped: &str) -> Vec<u8> {
        let utf16: String = ucs2.encode_utf16().map(|u| format!("{u:04X}")).collect();
        let gbk: String = encoding_rs::GBK.encode(gbk).0.iter().map(|b| format!("{b:02X}")).collect();
        let mapped_chars: Vec<char> = mapped.chars().collect();
        let cids: String = (1..=mapped_chars.len()).map(|i| format!("{i:04X}")).collect();
        let mut cmap = format!(
            "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n1 begincodespacerange\n<0000> <FFFF>\n\
             endcodespacerange\n{} beginbfchar\n",
            mapped_chars.len()
        );
        for (i, c) in mapped_chars.iter().enumerate() {
            cmap.push_str(&format!("<{:04X}> <{:04X}>\n", i + 1, *c as u32));
        }
        cmap.push_str("endbfchar\nendcmap\nend\nend\n");
        let content = format!(
            "BT\n/F1 12 Tf\n1 0 0 1 72 760 Tm\n<{utf16}> Tj\n/F2 12 Tf\n0 -20 Td\n[<{gbk}> -3000 <{gbk}>] TJ\n\
             /F3 12 Tf\n1 0 0 1 72 700 Tm\n<{cids}> Tj\nET\n"
        );
        let cid_font = |ordering: &str| {
            format!(
                "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) \
                 /Ordering ({ordering}) /Supplement 4 >> /FontDescriptor 9 0 R /DW 1000 >>"
            )
            .into_bytes()
        };
        pdf_of(&[
            b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R \
               /Resources << /Font << /F1 5 0 R /F2 6 0 R /F3 10 0 R >> >> >>"
                .to_vec(),
            stream("", content.as_bytes()),
            b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light-UniGB-UCS2-H /Encoding /UniGB-UCS2-H \
               /DescendantFonts [7 0 R] >>"
                .to_vec(),
            b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light-GBK-EUC-H /Encoding /GBK-EUC-H \
               /DescendantFonts [8 0 R] >>"
                .to_vec(),
            cid_font("GB1"),
            cid_font("GB1"),
            b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] \
               /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>"
                .to_vec(),
            b"<< /Type /Font /Subtype /Type0 /BaseFont /FangSong /Encoding /Identity-H /DescendantFonts [11 0 R] \
               /ToUnicode 12 0 R >>"
                .to_vec(),
            b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /FangSong /CIDSystemInfo << /Registry (Adobe) \
               /Ordering (Identity) /Supplement 0 >> >>"
                .to_vec(),
            stream("", cmap.as_bytes()),
        ])
    }

    #[test]
    fn predefined_cjk_cmaps_and_fonts_pdf_extract_refuses_go_through_the_fallback() {
        let id = "11010519491231002X";
        let pdf = predefined_cmap_pdf(&format!("公示：张三 {id}"), "李四", "王五身份证号");
        // pdf-extract alone gives up on this page (it panics on UniGB-UCS2-H).
        let direct = std::panic::catch_unwind(|| pdf_extract::extract_text_from_mem(&pdf));
        assert!(!matches!(direct, Ok(Ok(ref t)) if t.contains(id)), "{direct:?}");
        let t = pdf_text(&pdf).unwrap();
        assert_eq!(t, format!("公示：张三 {id}\n李四 李四\n王五身份证号\n"));
        let mut budget = 5;
        let doc = Document::load_mem(&pdf).unwrap();
        let page = *doc.get_pages().values().next().unwrap();
        assert_eq!(fallback_page(&doc, page, &mut budget).unwrap(), "公示：张三");
        assert_eq!(budget, 0);
    }

    #[test]
    fn a_pdf_without_pages_is_empty_and_garbage_is_none() {
        let empty =
            pdf_of(&[b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(), b"<< /Type /Pages /Kids [] /Count 0 >>".to_vec()]);
        assert_eq!(pdf_text(&empty).as_deref(), Some(""));
        assert_eq!(pdf_text(b"%PDF-1.4\n"), None);
        assert_eq!(pdf_text(b"not a pdf"), None);
        assert_eq!(pdf_text(b""), None);
    }

    #[test]
    fn truncated_and_flipped_pdfs_do_not_panic_out() {
        let pdf = cid_pdf("公告一二三", &["公告", "一二三"], "x");
        for cut in (0..pdf.len()).step_by(61) {
            let _ = pdf_text(&pdf[..cut]);
        }
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..60 {
            let mut p = pdf.clone();
            for _ in 0..4 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                let i = seed as usize % p.len();
                p[i] ^= (seed >> 32) as u8 | 1;
            }
            // Through the public entry point: panics inside pdf-extract are caught there.
            let _ = super::super::extract_isolated_format(super::super::Format::Pdf, &p);
        }
    }
}
