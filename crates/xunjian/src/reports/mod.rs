//! The report files of an inspection (`--json`, `--html`, `--xlsx`, `--csv`) and the summary
//! table printed on stdout. Every writer takes the finished [`Report`]; none of them reads
//! the store or the network. Everything crawled is escaped wherever it is shown.

mod csv_out;
mod html;
mod summary;
mod xlsx;

pub use summary::{LeagueRow, league_table, summary};

use std::path::{Path, PathBuf};
use xunjian_core::report::Report;

/// Where to write the reports of one command.
#[derive(Debug, Clone, Default)]
pub struct Outputs {
    /// `--json`.
    pub json: Option<PathBuf>,
    /// `--html`.
    pub html: Option<PathBuf>,
    /// `--xlsx`.
    pub xlsx: Option<PathBuf>,
    /// `--csv`.
    pub csv: Option<PathBuf>,
}

impl Outputs {
    /// Checks, before any crawling, that every output file can be created.
    pub fn check_writable(&self) -> Result<(), String> {
        for p in [&self.json, &self.html, &self.xlsx, &self.csv].into_iter().flatten() {
            let dir = p.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
            if !dir.is_dir() {
                return Err(format!("cannot write {}: directory {} does not exist", p.display(), dir.display()));
            }
        }
        Ok(())
    }

    /// Writes every requested report of `report`. With several sites, `index` makes the
    /// file names distinct (`report.json` → `report.2.json`).
    pub fn write(&self, report: &Report, index: Option<usize>) -> Result<Vec<PathBuf>, String> {
        let mut written = Vec::new();
        let name = |p: &PathBuf| numbered(p, index);
        if let Some(p) = &self.json {
            let p = name(p);
            // Streamed: a report of a large site is tens of megabytes, never held as one string.
            let cannot = |e: &dyn std::fmt::Display| format!("cannot write {}: {e}", p.display());
            let file = std::fs::File::create(&p).map_err(|e| cannot(&e))?;
            let mut out = std::io::BufWriter::new(file);
            serde_json::to_writer_pretty(&mut out, report).map_err(|e| cannot(&e))?;
            std::io::Write::write_all(&mut out, b"\n")
                .and_then(|()| std::io::Write::flush(&mut out))
                .map_err(|e| cannot(&e))?;
            written.push(p);
        }
        if let Some(p) = &self.csv {
            let p = name(p);
            csv_out::write(report, &p)?;
            written.push(p);
        }
        if let Some(p) = &self.html {
            let p = name(p);
            std::fs::write(&p, html::render(report)).map_err(|e| format!("cannot write {}: {e}", p.display()))?;
            written.push(p);
        }
        if let Some(p) = &self.xlsx {
            let p = name(p);
            xlsx::write(report, &p)?;
            written.push(p);
        }
        Ok(written)
    }
}

fn numbered(p: &Path, index: Option<usize>) -> PathBuf {
    let Some(i) = index else {
        return p.to_path_buf();
    };
    let stem = p.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let file = match p.extension() {
        Some(ext) => format!("{stem}.{i}.{}", ext.to_string_lossy()),
        None => format!("{stem}.{i}"),
    };
    p.with_file_name(file)
}

/// The severity label shown to people.
pub fn severity_zh(s: xunjian_core::Severity) -> &'static str {
    match s {
        xunjian_core::Severity::Veto => "否决",
        xunjian_core::Severity::High => "高",
        xunjian_core::Severity::Medium => "中",
        xunjian_core::Severity::Low => "低",
        xunjian_core::Severity::Info => "提示",
    }
}

/// The verdict label shown to people.
pub fn verdict_zh(v: &str) -> &'static str {
    if v == "qualified" { "合格" } else { "不合格" }
}
