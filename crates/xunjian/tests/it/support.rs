//! Running the real `xunjian` binary in a temporary directory and reading what it wrote.

use std::path::PathBuf;
use std::process::{Command, Output};

/// A temporary working directory with a database path and report paths.
pub struct Work {
    /// The directory (deleted on drop).
    pub dir: tempfile::TempDir,
}

impl Work {
    /// A fresh directory.
    pub fn new() -> Work {
        Work { dir: tempfile::tempdir().unwrap() }
    }
    /// A path inside it.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
    /// The database path.
    pub fn db(&self) -> String {
        self.path("x.db").to_string_lossy().into_owned()
    }
    /// Writes a config file and returns its path.
    pub fn config(&self, toml: &str) -> PathBuf {
        let p = self.path("site.toml");
        std::fs::write(&p, toml).unwrap();
        p
    }
    /// Reads a JSON file it wrote.
    pub fn json(&self, name: &str) -> serde_json::Value {
        let text = std::fs::read_to_string(self.path(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        serde_json::from_str(&text).unwrap()
    }
}

/// The binary under test.
pub fn xunjian() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_xunjian"));
    c.env("XUNJIAN_LOG", "warn,sqlx=error").env("HOME", std::env::temp_dir());
    c
}

/// Runs the binary with `args` and returns its output.
pub fn run(args: &[&str]) -> Output {
    xunjian().args(args).output().unwrap()
}

/// A config for a test site: short timeouts and retries so traps cost seconds, not minutes.
pub fn site_toml(url: &str, extra: &str) -> String {
    format!(
        "url = \"{url}\"\nname = \"测试站点\"\ntimeout_secs = 1.5\nconnect_timeout_secs = 1\nretry_base_ms = 100\n{extra}\n"
    )
}

/// Findings of a report with the given kind (and subtype, when given).
pub fn findings<'a>(report: &'a serde_json::Value, kind: &str, subtype: Option<&str>) -> Vec<&'a serde_json::Value> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] == kind && subtype.is_none_or(|s| f["subtype"] == s))
        .collect()
}

/// Stdout and stderr, for assertion messages.
pub fn show(o: &Output) -> String {
    format!(
        "status {:?}\nstdout:\n{}\nstderr:\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}
