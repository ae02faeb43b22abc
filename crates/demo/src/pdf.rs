//! A PDF written by hand, the way Chinese government PDFs are typeset: the text in a Type0
//! font (Identity-H, two-byte CIDs) whose ToUnicode CMap maps each CID back to its
//! character, so only a reader that follows the CMap sees the text. No font program is
//! embedded (readers substitute one); the xref offsets are computed. Used for the leaked
//! medical-check list attachment.

/// A PDF of the objects (numbered from 1, the catalog first), its xref offsets computed.
/// Public so tests can build hostile PDFs the same way.
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
    let size = objects.len() + 1;
    out.extend_from_slice(format!("trailer\n<< /Size {size} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n").as_bytes());
    out
}

fn stream(data: &[u8]) -> Vec<u8> {
    pdf_stream("", data)
}

/// A stream object: `dict` entries (may be empty) plus its `/Length`, then `data`.
pub fn pdf_stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut v = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
    v.extend_from_slice(data);
    v.extend_from_slice(b"\nendstream");
    v
}

/// A one-page A4 PDF with one line per entry of `lines` (tabs become wide gaps).
pub(crate) fn pdf(lines: &[String]) -> Vec<u8> {
    let mut chars: Vec<char> = Vec::new();
    for c in lines.iter().flat_map(|l| l.chars()).filter(|&c| c != '\t') {
        if !chars.contains(&c) {
            chars.push(c);
        }
    }
    let cid = |c: char| chars.iter().position(|&x| x == c).map_or(0, |i| i + 1);
    let mut content = String::from("BT\n/F1 11 Tf\n18 TL\n60 780 Td\n");
    for line in lines {
        // Each cell is shown on its own, moved right with TJ's kerning: gaps, not spaces.
        content.push('[');
        for (i, cell) in line.split('\t').enumerate() {
            if i > 0 {
                content.push_str(" -2000 ");
            }
            let hex: String = cell.chars().map(|c| format!("{:04X}", cid(c))).collect();
            content.push_str(&format!("<{hex}>"));
        }
        content.push_str("] TJ\nT*\n");
    }
    content.push_str("ET\n");
    let mut cmap = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe) \
         /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    for (i, block) in chars.chunks(100).enumerate() {
        cmap.push_str(&format!("{} beginbfchar\n", block.len()));
        for (j, c) in block.iter().enumerate() {
            let hex: String = c.encode_utf16(&mut [0; 2]).iter().map(|u| format!("{u:04X}")).collect();
            cmap.push_str(&format!("<{:04X}> <{hex}>\n", i * 100 + j + 1));
        }
        cmap.push_str("endbfchar\n");
    }
    cmap.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    pdf_of(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R \
           /Resources << /Font << /F1 5 0 R >> >> >>"
            .to_vec(),
        stream(content.as_bytes()),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H \
           /DescendantFonts [6 0 R] /ToUnicode 7 0 R >>"
            .to_vec(),
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo << /Registry (Adobe) \
           /Ordering (Identity) /Supplement 0 >> /FontDescriptor 8 0 R /DW 1000 >>"
            .to_vec(),
        stream(cmap.as_bytes()),
        b"<< /Type /FontDescriptor /FontName /SimSun /Flags 4 /FontBBox [0 -141 1000 859] /ItalicAngle 0 \
           /Ascent 859 /Descent -141 /CapHeight 683 /StemV 80 >>"
            .to_vec(),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xref_offsets_point_at_the_objects() {
        let p = pdf(&["名单".to_string(), "1\t张三\t110105194912310021".to_string()]);
        let find = |hay: &[u8], needle: &[u8]| hay.windows(needle.len()).rposition(|w| w == needle);
        assert!(p.starts_with(b"%PDF-1.7"));
        let xref = find(&p, b"startxref\n").unwrap() + "startxref\n".len();
        let tail = std::str::from_utf8(&p[xref..]).unwrap();
        let at: usize = tail.lines().next().unwrap().parse().unwrap();
        let table = std::str::from_utf8(&p[at..]).unwrap();
        assert!(table.starts_with("xref\n0 9\n"));
        for (n, line) in table.lines().skip(3).take(8).enumerate() {
            let off: usize = line[..10].parse().unwrap();
            assert!(p[off..].starts_with(format!("{} 0 obj", n + 1).as_bytes()), "object {}", n + 1);
        }
        let text = String::from_utf8_lossy(&p);
        // The ID number's digits are CIDs, not text: only the CMap gives them back.
        assert!(!text.contains("110105194912310021"));
        assert!(text.contains("<0001> <540D>"), "名 is CID 1");
    }
}
