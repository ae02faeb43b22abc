//! The text of PDF files, with `pdf-extract` (on `lopdf`): the characters of every page in
//! reading order, mapped to Unicode through the fonts' ToUnicode CMaps (the usual case for
//! Chinese text in Type0/CID fonts), their encodings or the standard glyph names.
//!
//! `pdf-extract` panics on some malformed files (unwraps in its page walk) and can take long
//! or allocate much on hostile ones: it only runs in the isolated child (see
//! [`super::needs_isolation`]). Here each page runs under `catch_unwind`, so a broken page
//! costs that page; at most [`MAX_PAGES`] pages and [`super::TEXT_CAP`] characters are read.
//! Not read: scanned PDFs (images, no text layer: the text is empty), text drawn with fonts
//! that have neither a ToUnicode CMap nor a known encoding (their codes come out as whatever
//! the font's fallback gives), and password-protected files (only the empty user password is
//! tried).

use pdf_extract::{Document, MediaBox, OutputDev, OutputError, PlainTextOutput, Transform};

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
    let pages: Vec<u32> = doc.get_pages().into_keys().take(MAX_PAGES).collect();
    let mut out = String::new();
    let mut budget = super::TEXT_CAP;
    let mut read_any = pages.is_empty();
    for page in pages {
        let mut text = String::new();
        let mut dev = Capped { inner: PlainTextOutput::new(&mut text), budget, full: false };
        let done = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let r = pdf_extract::output_doc_page(&doc, &mut dev, page);
            (r, dev.budget, dev.full)
        }));
        let Ok((result, left, full)) = done else { continue };
        if result.is_ok() || full {
            read_any = true;
        }
        budget = left;
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
