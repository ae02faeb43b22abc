//! Zip archives written by hand (stored, uncompressed entries; CRC-32 from `flate2::Crc`)
//! and the minimal valid DOCX built on them: `[Content_Types].xml`, `_rels/.rels` and
//! `word/document.xml`. Used for the attachments (a blank form, a leaked name list) and
//! the exposed `www.zip` backup.

use flate2::Crc;

/// DOS date of every entry: 2026-01-01 (the content, not the archive date, matters here).
const DOS_DATE: u16 = ((2026 - 1980) << 9) | (1 << 5) | 1;
/// Entry names are UTF-8 (general purpose flag bit 11).
const UTF8_FLAG: u16 = 0x0800;

fn u16le(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn u32le(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

/// A zip archive of stored entries (name, bytes).
pub(crate) fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data) in entries {
        let mut crc = Crc::new();
        crc.update(data);
        let (crc, size) = (crc.sum(), data.len() as u32);
        let offset = out.len() as u32;
        // Local file header.
        u32le(&mut out, 0x0403_4b50);
        u16le(&mut out, 20);
        u16le(&mut out, UTF8_FLAG);
        u16le(&mut out, 0); // stored
        u16le(&mut out, 0); // time
        u16le(&mut out, DOS_DATE);
        u32le(&mut out, crc);
        u32le(&mut out, size);
        u32le(&mut out, size);
        u16le(&mut out, name.len() as u16);
        u16le(&mut out, 0);
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(data);
        // Central directory header.
        u32le(&mut central, 0x0201_4b50);
        u16le(&mut central, 20);
        u16le(&mut central, 20);
        u16le(&mut central, UTF8_FLAG);
        u16le(&mut central, 0);
        u16le(&mut central, 0);
        u16le(&mut central, DOS_DATE);
        u32le(&mut central, crc);
        u32le(&mut central, size);
        u32le(&mut central, size);
        u16le(&mut central, name.len() as u16);
        u16le(&mut central, 0); // extra
        u16le(&mut central, 0); // comment
        u16le(&mut central, 0); // disk
        u16le(&mut central, 0); // internal attributes
        u32le(&mut central, 0); // external attributes
        u32le(&mut central, offset);
        central.extend_from_slice(name.as_bytes());
    }
    let (cd_offset, cd_size) = (out.len() as u32, central.len() as u32);
    out.extend_from_slice(&central);
    // End of central directory.
    u32le(&mut out, 0x0605_4b50);
    u16le(&mut out, 0);
    u16le(&mut out, 0);
    u16le(&mut out, entries.len() as u16);
    u16le(&mut out, entries.len() as u16);
    u32le(&mut out, cd_size);
    u32le(&mut out, cd_offset);
    u16le(&mut out, 0);
    out
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;

const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

/// A DOCX document with one paragraph per line.
pub(crate) fn docx(paragraphs: &[String]) -> Vec<u8> {
    let mut doc = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>",
    );
    for p in paragraphs {
        doc.push_str("<w:p><w:r><w:t xml:space=\"preserve\">");
        doc.push_str(&xml_escape(p));
        doc.push_str("</w:t></w:r></w:p>");
    }
    doc.push_str("<w:sectPr/></w:body></w:document>");
    zip(&[
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", RELS.as_bytes()),
        ("word/document.xml", doc.as_bytes()),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads a stored zip back: (name, data) per central-directory entry, checking CRCs.
    fn unzip(z: &[u8]) -> Vec<(String, Vec<u8>)> {
        let rd16 = |o: usize| u16::from_le_bytes([z[o], z[o + 1]]) as usize;
        let rd32 = |o: usize| u32::from_le_bytes([z[o], z[o + 1], z[o + 2], z[o + 3]]) as usize;
        let eocd = z.len() - 22;
        assert_eq!(rd32(eocd), 0x0605_4b50);
        let (count, mut at) = (rd16(eocd + 10), rd32(eocd + 16));
        let mut out = Vec::new();
        for _ in 0..count {
            assert_eq!(rd32(at), 0x0201_4b50);
            let (crc, size, nlen, local) = (rd32(at + 16), rd32(at + 24), rd16(at + 28), rd32(at + 42));
            let name = String::from_utf8(z[at + 46..at + 46 + nlen].to_vec()).unwrap();
            assert_eq!(rd32(local), 0x0403_4b50);
            let data_at = local + 30 + rd16(local + 26) + rd16(local + 28);
            let data = z[data_at..data_at + size].to_vec();
            let mut c = Crc::new();
            c.update(&data);
            assert_eq!(c.sum() as usize, crc, "crc of {name}");
            out.push((name, data));
            at += 46 + nlen;
        }
        out
    }

    #[test]
    fn docx_is_a_readable_zip_with_the_three_parts() {
        let d = docx(&["序号 姓名".to_string(), "a < b & c".to_string()]);
        let entries = unzip(&d);
        let names: Vec<&str> = entries.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["[Content_Types].xml", "_rels/.rels", "word/document.xml"]);
        let doc = String::from_utf8(entries[2].1.clone()).unwrap();
        assert!(doc.contains("序号 姓名"));
        assert!(doc.contains("a &lt; b &amp; c"));
    }

    #[test]
    fn empty_zip_is_just_the_end_record() {
        let z = zip(&[]);
        assert_eq!(z.len(), 22);
        assert!(unzip(&z).is_empty());
    }
}
