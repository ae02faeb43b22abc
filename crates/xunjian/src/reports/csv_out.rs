//! `--csv`: one row per finding, with a header row, UTF-8 with a BOM so that Excel on a
//! Chinese Windows opens it correctly.

use std::path::Path;
use xunjian_core::report::Report;

/// Writes the findings of `report` to `path`.
pub fn write(report: &Report, path: &Path) -> Result<(), String> {
    let err = |e: &dyn std::fmt::Display| format!("cannot write {}: {e}", path.display());
    let mut buf = Vec::from(&b"\xEF\xBB\xBF"[..]);
    {
        let mut w = csv::Writer::from_writer(&mut buf);
        w.write_record(["kind", "subtype", "severity", "url", "source", "evidence", "message"]).map_err(|e| err(&e))?;
        for f in &report.findings {
            w.write_record([
                f.kind.as_str(),
                f.subtype.as_deref().unwrap_or(""),
                f.severity.as_str(),
                &f.url,
                f.source.as_deref().unwrap_or(""),
                &neutralise(&f.evidence),
                &neutralise(&f.message),
            ])
            .map_err(|e| err(&e))?;
        }
        w.flush().map_err(|e| err(&e))?;
    }
    std::fs::write(path, buf).map_err(|e| err(&e))
}

/// Crawled text must not become a spreadsheet formula (CSV injection).
fn neutralise(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@']) { format!("'{s}") } else { s.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crawled_text_never_becomes_a_formula() {
        assert_eq!(neutralise("=HYPERLINK(\"http://evil\")"), "'=HYPERLINK(\"http://evil\")");
        assert_eq!(neutralise("+1"), "'+1");
        assert_eq!(neutralise("@x"), "'@x");
        assert_eq!(neutralise("链接不可访问 (404)"), "链接不可访问 (404)");
    }
}
