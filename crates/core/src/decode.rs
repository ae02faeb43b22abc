//! Bytes → text. The charset comes from the HTTP header, then a BOM, then a `<meta>` in the
//! first 1024 bytes, then detection (chardetng with a Chinese TLD hint). Every GB-family label
//! is decoded as GB18030 (a superset of GBK and GB2312) so rare characters survive.
//! A declared charset that the bytes contradict (a page that says UTF-8 but is GBK) falls
//! back to detection.

use encoding_rs::{Encoding, GB18030, GBK, UTF_8};
use serde::Serialize;

/// Where the charset of a page came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EncodingSource {
    /// The `Content-Type` response header.
    Header,
    /// A byte-order mark.
    Bom,
    /// A `<meta charset>` or `<meta http-equiv>` in the document.
    Meta,
    /// Guessed from the bytes.
    Detected,
}

impl EncodingSource {
    /// The name used in `xunjian.page/1`.
    pub fn as_str(self) -> &'static str {
        match self {
            EncodingSource::Header => "header",
            EncodingSource::Bom => "bom",
            EncodingSource::Meta => "meta",
            EncodingSource::Detected => "detected",
        }
    }
}

/// A decoded document.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// The text, with malformed sequences replaced by U+FFFD.
    pub text: String,
    /// The encoding's canonical name as declared or detected (`GBK`, `UTF-8`, `Big5` …).
    pub encoding: &'static str,
    /// Where the encoding came from.
    pub source: EncodingSource,
    /// Whether malformed byte sequences were replaced.
    pub had_errors: bool,
}

/// The charset parameter of a `Content-Type` header value, if any.
pub fn charset_from_content_type(ct: &str) -> Option<&str> {
    ct.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim().eq_ignore_ascii_case("charset").then(|| v.trim().trim_matches(|c| c == '"' || c == '\''))
    })
}

/// Decodes `bytes`, given the response's `Content-Type` header (if any).
pub fn decode(bytes: &[u8], content_type: Option<&str>) -> Decoded {
    if let Some(enc) = content_type.and_then(charset_from_content_type).and_then(label)
        && let Some(d) = try_declared(bytes, enc, EncodingSource::Header)
    {
        return d;
    }
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return Decoded { text: text.into_owned(), encoding: enc.name(), source: EncodingSource::Bom, had_errors };
    }
    if let Some(enc) = meta_charset(bytes)
        && let Some(d) = try_declared(bytes, enc, EncodingSource::Meta)
    {
        return d;
    }
    detect(bytes)
}

/// Decodes with a declared encoding, unless the declaration is UTF-8 and the bytes are
/// clearly not (then detection decides).
fn try_declared(bytes: &[u8], enc: &'static Encoding, source: EncodingSource) -> Option<Decoded> {
    let decoder = if enc == GBK || enc == GB18030 { GB18030 } else { enc };
    let (text, had_errors) = decoder.decode_without_bom_handling(bytes);
    if had_errors && enc == UTF_8 && mostly_invalid_utf8(bytes) {
        return None;
    }
    Some(Decoded { text: text.into_owned(), encoding: enc.name(), source, had_errors })
}

/// More than a handful of invalid sequences: the UTF-8 label is wrong, not the odd byte.
fn mostly_invalid_utf8(bytes: &[u8]) -> bool {
    let mut errors = 0;
    let mut rest = bytes;
    while let Err(e) = std::str::from_utf8(rest) {
        errors += 1;
        if errors > 3 {
            return true;
        }
        let skip = e.valid_up_to() + e.error_len().unwrap_or(1);
        if skip >= rest.len() {
            break;
        }
        rest = &rest[skip..];
    }
    false
}

fn detect(bytes: &[u8]) -> Decoded {
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    det.feed(&bytes[..bytes.len().min(64 * 1024)], bytes.len() <= 64 * 1024);
    let enc = det.guess(Some(b"cn"), chardetng::Utf8Detection::Allow);
    let decoder = if enc == GBK { GB18030 } else { enc };
    let (text, had_errors) = decoder.decode_without_bom_handling(bytes);
    Decoded { text: text.into_owned(), encoding: enc.name(), source: EncodingSource::Detected, had_errors }
}

/// Maps a charset label to an encoding (`gb2312`, `GBK`, `x-gbk` all give GBK).
fn label(l: &str) -> Option<&'static Encoding> {
    Encoding::for_label(l.trim().as_bytes())
}

/// The charset declared by a `<meta>` in the first 1024 bytes (HTML prescan, simplified).
fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(1024)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut pos = 0;
    while let Some(off) = find(&lower[pos..], b"<meta") {
        let start = pos + off;
        let end = lower[start..].iter().position(|&b| b == b'>').map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(c) = find(tag, b"charset") {
            let rest = &tag[c + 7..];
            let rest = rest.iter().skip_while(|b| b.is_ascii_whitespace()).copied().collect::<Vec<u8>>();
            if let Some(after_eq) = rest.strip_prefix(b"=") {
                let value: Vec<u8> = after_eq
                    .iter()
                    .skip_while(|b| b.is_ascii_whitespace() || **b == b'"' || **b == b'\'')
                    .take_while(|b| !(b.is_ascii_whitespace() || matches!(**b, b'"' | b'\'' | b';' | b'/' | b'>')))
                    .copied()
                    .collect();
                if let Some(enc) = Encoding::for_label(&value) {
                    // A UTF-16 label in an ASCII-compatible document means UTF-8 (HTML spec).
                    return Some(if enc.is_single_byte() || enc.output_encoding() == enc { enc } else { UTF_8 });
                }
            }
        }
        pos = end.max(start + 5);
        if pos >= lower.len() {
            break;
        }
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gbk(s: &str) -> Vec<u8> {
        GBK.encode(s).0.into_owned()
    }

    #[test]
    fn header_charset_wins() {
        let d = decode(&gbk("<p>滨江市人民政府</p>"), Some("text/html; charset=GB2312"));
        assert_eq!((d.encoding, d.source), ("GBK", EncodingSource::Header));
        assert!(d.text.contains("滨江市人民政府"));
    }

    #[test]
    fn meta_charset_is_read() {
        let mut page = b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gbk\">".to_vec();
        page.extend(gbk("<title>通知公告</title>"));
        let d = decode(&page, Some("text/html"));
        assert_eq!((d.encoding, d.source), ("GBK", EncodingSource::Meta));
        assert!(d.text.contains("通知公告"));
        let d = decode("<meta charset='utf-8'><p>政务公开</p>".as_bytes(), None);
        assert_eq!((d.encoding, d.source), ("UTF-8", EncodingSource::Meta));
    }

    #[test]
    fn unlabelled_gbk_is_detected() {
        let page = gbk(
            "<html><body><h1>关于做好二〇二六年冬季安全生产工作的通知</h1><p>各区县人民政府，市政府各部门：为切实做好全市冬季安全生产工作，现将有关事项通知如下。</p></body></html>",
        );
        let d = decode(&page, None);
        assert_eq!(d.source, EncodingSource::Detected);
        assert_eq!(d.encoding, "GBK");
        assert!(d.text.contains("冬季安全生产"));
    }

    #[test]
    fn utf8_label_on_gbk_bytes_falls_back_to_detection() {
        let mut page = b"<meta charset=\"utf-8\">".to_vec();
        page.extend(gbk("<p>各区县人民政府，市政府各部门：为切实做好全市冬季安全生产工作，现将有关事项通知如下。</p>"));
        let d = decode(&page, None);
        assert_eq!(d.source, EncodingSource::Detected);
        assert!(d.text.contains("安全生产"));
    }

    #[test]
    fn bom_beats_meta() {
        let mut page = vec![0xEF, 0xBB, 0xBF];
        page.extend("<meta charset=gbk><p>你好</p>".as_bytes());
        let d = decode(&page, None);
        assert_eq!((d.encoding, d.source), ("UTF-8", EncodingSource::Bom));
        assert!(d.text.contains("你好"));
    }

    #[test]
    fn big5_label() {
        let (bytes, _, _) = encoding_rs::BIG5.encode("<p>政府網站</p>");
        let d = decode(&bytes, Some("text/html;charset=big5"));
        assert_eq!(d.encoding, "Big5");
        assert!(d.text.contains("政府網站"));
    }
}
