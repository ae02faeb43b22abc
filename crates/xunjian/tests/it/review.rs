//! `xunjian review FILE|-`: the pre-publication check of drafts (DOCX, XLSX, HTML, text, PDF,
//! DOC/WPS, XLS), its exit status, positions, masking, and the review chain in the database.

use crate::support::*;
use std::io::Write;
use std::process::Stdio;
use xunjian_demo::pdf::{pdf_of, pdf_stream};

/// An ID number with a valid check digit (ISO 7064 MOD 11-2) from its first 17 digits.
fn id_number(first17: &str) -> String {
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = first17.chars().zip(W).map(|(c, w)| c.to_digit(10).unwrap() * w).sum();
    format!("{first17}{}", ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'][(sum % 11) as usize])
}

/// A stored (uncompressed) zip, written by hand.
fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let (mut out, mut central) = (Vec::new(), Vec::new());
    let u16le = |v: &mut Vec<u8>, x: u16| v.extend_from_slice(&x.to_le_bytes());
    let u32le = |v: &mut Vec<u8>, x: u32| v.extend_from_slice(&x.to_le_bytes());
    for (name, data) in entries {
        let mut crc = flate2::Crc::new();
        crc.update(data);
        let (crc, offset) = (crc.sum(), out.len() as u32);
        u32le(&mut out, 0x0403_4b50);
        for v in [20, 0x0800, 0, 0, 0] {
            u16le(&mut out, v);
        }
        u32le(&mut out, crc);
        u32le(&mut out, data.len() as u32);
        u32le(&mut out, data.len() as u32);
        u16le(&mut out, name.len() as u16);
        u16le(&mut out, 0);
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(data);
        u32le(&mut central, 0x0201_4b50);
        for v in [20, 20, 0x0800, 0, 0, 0] {
            u16le(&mut central, v);
        }
        u32le(&mut central, crc);
        u32le(&mut central, data.len() as u32);
        u32le(&mut central, data.len() as u32);
        for v in [name.len() as u16, 0, 0, 0, 0] {
            u16le(&mut central, v);
        }
        u32le(&mut central, 0);
        u32le(&mut central, offset);
        central.extend_from_slice(name.as_bytes());
    }
    let (cd_offset, cd_size) = (out.len() as u32, central.len() as u32);
    out.extend_from_slice(&central);
    u32le(&mut out, 0x0605_4b50);
    for v in [0, 0, entries.len() as u16, entries.len() as u16] {
        u16le(&mut out, v);
    }
    u32le(&mut out, cd_size);
    u32le(&mut out, cd_offset);
    u16le(&mut out, 0);
    out
}

/// A DOCX with one paragraph per line.
fn docx(lines: &[&str]) -> Vec<u8> {
    let mut doc = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document \
         xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>",
    );
    for l in lines {
        doc.push_str(&format!("<w:p><w:r><w:t xml:space=\"preserve\">{l}</w:t></w:r></w:p>"));
    }
    doc.push_str("</w:body></w:document>");
    zip(&[("[Content_Types].xml", b"<Types/>"), ("word/document.xml", doc.as_bytes())])
}

fn write(w: &Work, name: &str, bytes: &[u8]) -> String {
    let p = w.path(name);
    std::fs::write(&p, bytes).unwrap();
    p.to_string_lossy().into_owned()
}

#[test]
fn a_docx_with_a_leaked_id_number_must_not_be_published_and_shows_where() {
    let w = Work::new();
    let id = id_number("33010619900101123");
    let row = format!("1\t张三\t男\t{id}\t社区专职工作者");
    let f = write(&w, "拟聘用人员名单.docx", &docx(&["拟聘用人员名单", "序号\t姓名\t性别\t身份证号码\t岗位", &row]));
    let out = run(&["review", &f]);
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("第3行第8列"), "line and column of the ID number: {stdout}");
    assert!(stdout.contains("身份证号") && stdout.contains("不得发布"), "{stdout}");
    assert!(!stdout.contains(&id) && !stdout.contains(&id[6..14]), "the number is masked: {stdout}");
    assert!(stdout.contains(&format!("{}**********{}", &id[..4], &id[14..])), "{stdout}");

    let out = run(&["review", "--json", &f]);
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    assert!(!String::from_utf8_lossy(&out.stdout).contains(&id));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["schema"], "xunjian.review/1");
    assert_eq!(v["format"], "docx");
    assert_eq!(v["decision"], "block");
    let found = v["findings"].as_array().unwrap();
    assert_eq!(found.len(), 1, "{v:#}");
    assert_eq!(found[0]["kind"], "personal_data");
    assert_eq!(found[0]["subtype"], "id_card");
    assert_eq!(found[0]["severity"], "high");
    assert_eq!((found[0]["line"].as_u64(), found[0]["column"].as_u64()), (Some(3), Some(8)));
    assert_eq!(v["sha256"].as_str().unwrap().len(), 64);
}

#[test]
fn clean_and_masked_drafts_may_be_published() {
    let w = Work::new();
    let clean = write(&w, "通知.docx", &docx(&["关于开展2026年度安全生产检查的通知", "联系电话：0571-87654321"]));
    let out = run(&["review", &clean]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("可以发布"), "{}", show(&out));

    let masked = write(&w, "公示.docx", &docx(&["张三 3301**********1234 138****1234"]));
    let out = run(&["review", "--json", &masked]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["decision"], "pass");
    assert!(v["findings"].as_array().unwrap().is_empty(), "{v:#}");

    // A typo is worth fixing but does not block; from standard input, as text.
    let mut child = xunjian()
        .args(["review", "--json", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all("截止目前，各项工作进展顺利。".as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["findings"][0]["kind"], "wrong_expression");
    assert_eq!(v["findings"][0]["correction"], "截至目前");
}

#[test]
fn xlsx_html_markers_and_site_lexicon() {
    let w = Work::new();
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet().set_name("名单").unwrap();
    sheet.write(0, 0, "姓名").unwrap();
    sheet.write(0, 1, "手机").unwrap();
    sheet.write(1, 0, "李四").unwrap();
    sheet.write(1, 1, "13812345678").unwrap();
    let x = write(&w, "名单.xlsx", &book.save_to_buffer().unwrap());
    let out = run(&["review", "--json", &x]);
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["findings"][0]["subtype"], "mobile");
    assert_eq!(v["findings"][0]["line"], 3, "after the sheet header and the header row: {v:#}");

    let html = write(
        &w,
        "稿件.html",
        "<html><body><p>机密★1年</p><p>正文</p><script>var a='内部资料';</script></body></html>".as_bytes(),
    );
    let out = run(&["review", "--json", &html]);
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let found = v["findings"].as_array().unwrap();
    assert_eq!(found.len(), 1, "only the visible text: {v:#}");
    assert_eq!(found[0]["kind"], "classified_marker");

    let cfg = w.config(&site_toml(
        "http://127.0.0.1:9/",
        "[[lexicon.words]]\nword = \"某某专用词\"\ncategory = \"political\"\nseverity = \"high\"\n",
    ));
    let t = write(&w, "稿件.txt", "第一行\n这里有某某专用词。\n".as_bytes());
    assert_eq!(run(&["review", &t]).status.code(), Some(0));
    let out = run(&["review", "--config", cfg.to_str().unwrap(), "--json", &t]);
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["findings"][0]["kind"], "sensitive_word");
    assert_eq!((v["findings"][0]["line"].as_u64(), v["findings"][0]["column"].as_u64()), (Some(2), Some(4)));
}

#[test]
fn reviews_are_recorded_and_listed() {
    let w = Work::new();
    let db = w.db();
    let id = id_number("11010519491231002");
    let leak = write(&w, "leak.docx", &docx(&[&format!("王五 {id}")]));
    let clean = write(&w, "clean.txt", "关于召开年度工作会议的通知".as_bytes());
    let out =
        run(&["review", &leak, "--reviewer", "王伟", "--decision", "reject", "--note", "含完整身份证号", "--db", &db]);
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("已记录审核"), "{}", show(&out));
    let out = run(&["review", &clean, "--reviewer", "李娜", "--decision", "approve", "--db", &db, "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["review"]["reviewer"], "李娜");
    assert_eq!(v["review"]["decision"], "approve");

    let out = run(&["review", "--list", "--db", &db]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let s = String::from_utf8_lossy(&out.stdout);
    let (a, b) = (s.find("王伟").expect(&s), s.find("李娜").expect(&s));
    assert!(a < b, "oldest first: {s}");
    assert!(s.contains("不同意发布") && s.contains("同意发布") && s.contains("含完整身份证号"), "{s}");
    assert!(!s.contains(&id), "{s}");

    let out = run(&["review", "--list", "--json", "--db", &db]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = v.as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["file"].as_str().unwrap(), leak);
    assert_eq!(rows[0]["blocking"], true);
    assert_eq!(rows[0]["findings"][0]["subtype"], "id_card");
    assert_eq!(rows[0]["sha256"].as_str().unwrap().len(), 64);
    assert!(!v.to_string().contains(&id), "only masked findings are stored");

    // A decision must be approve or reject, and comes with a reviewer.
    assert_eq!(
        run(&["review", &clean, "--reviewer", "王伟", "--decision", "maybe", "--db", &db]).status.code(),
        Some(2)
    );
    assert_eq!(run(&["review", &clean, "--decision", "approve", "--db", &db]).status.code(), Some(2));
}

#[test]
fn unreadable_or_unknown_drafts_are_bad_input() {
    let w = Work::new();
    let missing = w.path("nope.docx");
    let out = run(&["review", missing.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", show(&out));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nope.docx"), "{}", show(&out));
    let broken = write(&w, "broken.docx", b"PK\x03\x04 this is no docx");
    assert_eq!(run(&["review", &broken]).status.code(), Some(2));
    let pdf = write(&w, "a.pdf", b"%PDF-1.4\n");
    let out = run(&["review", &pdf]);
    assert_eq!(out.status.code(), Some(2), "{}", show(&out));
    assert!(String::from_utf8_lossy(&out.stderr).contains("无法读取"), "{}", show(&out));
    let ofd = write(&w, "a.ofd", b"PK\x03\x04");
    let out = run(&["review", &ofd]);
    assert_eq!(out.status.code(), Some(2), "{}", show(&out));
    assert!(String::from_utf8_lossy(&out.stderr).contains("不支持"), "{}", show(&out));
    let bin = write(&w, "blob", &[0u8, 1, 2, 3, 0, 0]);
    assert_eq!(run(&["review", &bin]).status.code(), Some(2));
    assert_eq!(run(&["review", w.path("").to_str().unwrap()]).status.code(), Some(2), "a directory");
    assert_eq!(run(&["review", &pdf, "--format", "odt"]).status.code(), Some(2));
}

/// A one-page PDF showing the lines in a Type0 font (Identity-H, two-byte CIDs, as Chinese
/// government PDFs are typeset) whose ToUnicode CMap maps CID n to the n-th distinct
/// character of the text.
fn cid_pdf(lines: &[&str]) -> Vec<u8> {
    let mut chars: Vec<char> = Vec::new();
    for c in lines.iter().flat_map(|l| l.chars()) {
        if !chars.contains(&c) {
            chars.push(c);
        }
    }
    let cid = |c: char| chars.iter().position(|&x| x == c).unwrap() + 1;
    let mut content = String::from("BT\n/F1 12 Tf\n14 TL\n72 760 Td\n");
    for line in lines {
        let hex: String = line.chars().map(|c| format!("{:04X}", cid(c))).collect();
        content.push_str(&format!("<{hex}> Tj\nT*\n"));
    }
    content.push_str("ET\n");
    let mut cmap = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CMapName /Adobe-Identity-UCS def\n\
         /CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
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
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>"
            .to_vec(),
        pdf_stream("", content.as_bytes()),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H /DescendantFonts [6 0 R] /ToUnicode 7 0 R >>"
            .to_vec(),
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) \
           /Supplement 0 >> /FontDescriptor 8 0 R /DW 1000 >>"
            .to_vec(),
        pdf_stream("", cmap.as_bytes()),
        b"<< /Type /FontDescriptor /FontName /SimSun /Flags 4 /FontBBox [0 -141 1000 859] /ItalicAngle 0 /Ascent 859 \
           /Descent -141 /CapHeight 683 /StemV 80 >>"
            .to_vec(),
    ])
}

/// A Word 97-2003 `.doc`: a compound file whose WordDocument stream has a minimal FIB and
/// the text (UTF-16LE, one piece), and whose 1Table stream has the piece table.
fn word_doc(text: &str) -> Vec<u8> {
    let units: Vec<u16> = text.encode_utf16().collect();
    let mut word = vec![0u8; 0x200];
    word[0..2].copy_from_slice(&0xA5ECu16.to_le_bytes());
    word[0x0A..0x0C].copy_from_slice(&0x0200u16.to_le_bytes()); // fWhichTblStm: 1Table
    word[32..34].copy_from_slice(&14u16.to_le_bytes()); // csw
    word[0x3E..0x40].copy_from_slice(&22u16.to_le_bytes()); // cslw
    word[0x98..0x9A].copy_from_slice(&0x5Du16.to_le_bytes()); // cbRgFcLcb
    word.extend(units.iter().flat_map(|u| u.to_le_bytes()));
    let mut clx = vec![0x02];
    clx.extend_from_slice(&16u32.to_le_bytes());
    for v in [0u32, units.len() as u32] {
        clx.extend_from_slice(&v.to_le_bytes());
    }
    clx.extend_from_slice(&[0, 0]);
    clx.extend_from_slice(&0x200u32.to_le_bytes()); // fc: uncompressed, at the text
    clx.extend_from_slice(&[0, 0]);
    word[0x1A2..0x1A6].copy_from_slice(&0u32.to_le_bytes()); // fcClx
    word[0x1A6..0x1AA].copy_from_slice(&(clx.len() as u32).to_le_bytes()); // lcbClx
    let mut cfb = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
    cfb.create_stream("WordDocument").unwrap().write_all(&word).unwrap();
    cfb.create_stream("1Table").unwrap().write_all(&clx).unwrap();
    cfb.flush().unwrap();
    cfb.into_inner().into_inner()
}

#[test]
fn a_pdf_with_a_leaked_id_number_must_not_be_published() {
    let w = Work::new();
    let id = id_number("44030419851203361");
    let pdf = cid_pdf(&["关于拟录用公务员的公示", &format!("王芳身份证号：{id}")]);
    let f = write(&w, "公示.pdf", &pdf);
    let out = run(&["review", &f]);
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("(pdf,") && stdout.contains("身份证号") && stdout.contains("不得发布"), "{stdout}");
    assert!(stdout.contains("第2行第8列"), "{stdout}");
    assert!(!stdout.contains(&id), "masked: {stdout}");

    // By its first bytes too, from standard input.
    let mut child = xunjian()
        .args(["review", "--json", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&pdf).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["format"], "pdf");
    assert_eq!(v["findings"][0]["subtype"], "id_card", "{v:#}");
}

#[test]
fn a_doc_or_wps_with_a_leaked_id_number_must_not_be_published() {
    let w = Work::new();
    let id = id_number("32010219780315482");
    let doc = word_doc(&format!("拟聘用人员名单\r序号\u{7}姓名\u{7}身份证号码\u{7}\u{7}1\u{7}赵六\u{7}{id}\u{7}\u{7}"));
    for name in ["名单.doc", "名单.wps", "名单"] {
        let f = write(&w, name, &doc);
        let out = run(&["review", "--json", &f]);
        assert_eq!(out.status.code(), Some(1), "{name}: {}", show(&out));
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["format"], "doc");
        let found = v["findings"].as_array().unwrap();
        assert_eq!(found.len(), 1, "{v:#}");
        assert_eq!(found[0]["subtype"], "id_card");
        assert_eq!((found[0]["line"].as_u64(), found[0]["column"].as_u64()), (Some(3), Some(6)), "{v:#}");
        assert!(!out.stdout.windows(id.len()).any(|x| x == id.as_bytes()));
    }
    let clean = write(&w, "通知.doc", &word_doc("关于召开年度工作会议的通知\r"));
    assert_eq!(run(&["review", &clean]).status.code(), Some(0));
}

/// A BIFF8 `.xls` with one sheet of text cells (row, column, text).
fn xls(sheet: &str, cells: &[(u16, u16, &str)]) -> Vec<u8> {
    fn record(out: &mut Vec<u8>, typ: u16, data: &[u8]) {
        out.extend_from_slice(&typ.to_le_bytes());
        out.extend_from_slice(&(data.len() as u16).to_le_bytes());
        out.extend_from_slice(data);
    }
    let utf16 = |s: &str| s.encode_utf16().flat_map(u16::to_le_bytes).collect::<Vec<u8>>();
    let bof = |dt: u16| [&0x0600u16.to_le_bytes()[..], &dt.to_le_bytes(), &[0; 12]].concat();
    let globals = |offset: u32| {
        let mut g = Vec::new();
        record(&mut g, 0x0809, &bof(0x0005));
        let name = utf16(sheet);
        record(&mut g, 0x0085, &[&offset.to_le_bytes()[..], &[0, 0, (name.len() / 2) as u8, 1], &name].concat());
        record(&mut g, 0x000A, &[]);
        g
    };
    let mut stream = globals(0);
    let offset = stream.len() as u32;
    stream = globals(offset);
    record(&mut stream, 0x0809, &bof(0x0010));
    for (row, col, text) in cells {
        let t = utf16(text);
        let head = [row.to_le_bytes(), col.to_le_bytes(), [0, 0], ((t.len() / 2) as u16).to_le_bytes()].concat();
        record(&mut stream, 0x0204, &[&head[..], &[1], &t].concat());
    }
    record(&mut stream, 0x000A, &[]);
    let mut cfb = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
    cfb.create_stream("Workbook").unwrap().write_all(&stream).unwrap();
    cfb.flush().unwrap();
    cfb.into_inner().into_inner()
}

#[test]
fn an_xls_with_a_leaked_mobile_number_must_not_be_published() {
    let w = Work::new();
    let book = xls("名单", &[(0, 0, "姓名"), (0, 1, "手机"), (1, 0, "李四"), (1, 1, "13812345678")]);
    for name in ["名单.xls", "名单"] {
        let out = run(&["review", "--json", &write(&w, name, &book)]);
        assert_eq!(out.status.code(), Some(1), "{name}: {}", show(&out));
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["format"], "xls");
        assert_eq!(v["findings"][0]["subtype"], "mobile", "{v:#}");
        assert_eq!(v["findings"][0]["line"], 3, "after the sheet header and the header row: {v:#}");
    }
}

#[test]
fn damaged_and_hostile_pdf_doc_xls_are_one_clear_error() {
    let w = Work::new();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("garbage.pdf", b"%PDF-1.4\n".to_vec()),
        ("truncated.pdf", cid_pdf(&["公示"])[..200].to_vec()),
        ("garbage.doc", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 not a compound file".to_vec()),
        ("truncated.wps", word_doc("内容")[..1000].to_vec()),
        ("garbage.xls", vec![0xAB; 4096]),
        ("far.xls", xls("a", &[(0, 0, "x"), (65535, 255, "y")])),
    ];
    for (name, bytes) in &cases {
        let f = write(&w, name, bytes);
        let out = run(&["review", &f]);
        assert_eq!(out.status.code(), Some(2), "{name}: {}", show(&out));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
        assert!(stderr.contains("无法读取") && stderr.contains(name), "{stderr}");
    }
}

#[test]
fn a_pdf_that_crashes_its_reader_only_costs_the_child() {
    // A form XObject that draws itself: pdf-extract recurses until the stack overflows, which
    // aborts the reading process. That process is a child; review says the file cannot be read.
    let w = Work::new();
    let pdf = pdf_of(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /XObject << /X 5 0 R >> >> >>"
            .to_vec(),
        pdf_stream("", b"/X Do\n"),
        pdf_stream("/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /XObject << /X 5 0 R >> >>", b"/X Do\n"),
    ]);
    let f = write(&w, "loop.pdf", &pdf);
    let out = run(&["review", &f]);
    assert_eq!(out.status.code(), Some(2), "{}", show(&out));
    assert!(String::from_utf8_lossy(&out.stderr).contains("无法读取"), "{}", show(&out));

    // A PDF whose pages have no text (a scan) cannot be reviewed either.
    let scan = pdf_of(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>".to_vec(),
        pdf_stream("", b"0 0 m 100 100 l S\n"),
    ]);
    let out = run(&["review", &write(&w, "scan.pdf", &scan)]);
    assert_eq!(out.status.code(), Some(2), "{}", show(&out));
    assert!(String::from_utf8_lossy(&out.stderr).contains("扫描件"), "{}", show(&out));
}
