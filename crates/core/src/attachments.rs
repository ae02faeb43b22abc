//! Text of attachments (附件) for the content checks: plain text and CSV decoded like pages
//! (GBK included). Every format is read with size and time caps; an attachment that cannot
//! be read gives `None`, never an error or a panic.

use crate::decode;

/// Most characters of attachment text scanned.
pub const TEXT_CAP: usize = 2 * 1024 * 1024;

/// The text of an attachment, by its path's extension and its Content-Type.
pub fn text(path: &str, content_type: Option<&str>, bytes: &[u8]) -> Option<String> {
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    let ct = content_type.unwrap_or("").to_ascii_lowercase();
    let text = match ext.as_str() {
        "txt" | "csv" => decode::decode(bytes, content_type).text,
        _ if ct.starts_with("text/plain") || ct.starts_with("text/csv") => decode::decode(bytes, content_type).text,
        _ => return None,
    };
    Some(crate::finding::cap_chars(&text, TEXT_CAP))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_and_gbk_csv() {
        let (gbk, _, _) = encoding_rs::GBK.encode("姓名,身份证号\n张三,330106199001011234\n");
        let t = text("/files/名单.csv", None, &gbk).unwrap();
        assert!(t.contains("张三"));
        assert!(text("/files/a.txt", Some("text/plain; charset=utf-8"), "公示".as_bytes()).unwrap().contains("公示"));
        assert_eq!(text("/files/a.bin", Some("application/octet-stream"), b"\x00\x01"), None);
    }
}
