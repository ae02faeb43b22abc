//! `xunjian review FILE|-`: the pre-publication check of drafts (DOCX, XLSX, HTML, text), its
//! exit status, positions, masking, and the review chain in the database.

use crate::support::*;
use std::io::Write;
use std::process::Stdio;

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
    assert!(String::from_utf8_lossy(&out.stderr).contains("不支持"), "{}", show(&out));
    let bin = write(&w, "blob", &[0u8, 1, 2, 3, 0, 0]);
    assert_eq!(run(&["review", &bin]).status.code(), Some(2));
    assert_eq!(run(&["review", w.path("").to_str().unwrap()]).status.code(), Some(2), "a directory");
    assert_eq!(run(&["review", &pdf, "--format", "odt"]).status.code(), Some(2));
}
