//! The command line (clap): the commands of SPEC.md and the options every inspecting
//! command understands. Parsing only; no I/O happens here.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// xunjian (巡检): inspects government websites against the 2011 notice and the 2019 indicators.
#[derive(Debug, Parser)]
#[command(name = "xunjian", version, about, long_about = None)]
pub struct Cli {
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// 演示: start the built-in sample government site, inspect it, show the report.
    Demo {
        /// Exit after the inspection (for scripts).
        #[arg(long)]
        once: bool,
        /// Inspection options.
        #[command(flatten)]
        opts: InspectArgs,
    },
    /// 巡检: one full inspection of a site (or of every site of --config).
    Inspect {
        /// The site's start URL; without it, every site of --config.
        url: Option<String>,
        /// Inspection options.
        #[command(flatten)]
        opts: InspectArgs,
    },
    /// 单页解读: explain how xunjian reads one page (URL or local file).
    Page {
        /// A URL or a local HTML file.
        target: String,
        /// Print the `xunjian.page/1` JSON instead of text.
        #[arg(long)]
        json: bool,
        /// The date rules are judged against (YYYY-MM-DD; default today).
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<String>,
        /// Config file (for the user agent, timeouts, robots).
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
    },
    /// 可用性探测: probe a homepage (count × interval), store each probe, show availability.
    Probe {
        /// The homepage URL.
        url: String,
        /// Number of probes.
        #[arg(long, default_value_t = 1)]
        count: u32,
        /// Seconds between probes.
        #[arg(long, default_value_t = 60.0)]
        interval: f64,
        /// Seconds after which a probe has failed (the national rule: 15).
        #[arg(long, default_value_t = 15.0)]
        timeout: f64,
        /// Database (default: xunjian.db in the user's data directory).
        #[arg(long, value_name = "PATH|URL")]
        db: Option<String>,
        /// The last day of the 7-day window judged (default today).
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<String>,
    },
    /// 外链审批: the link approval register kept in the database.
    Links {
        /// What to do.
        #[command(subcommand)]
        action: LinksAction,
        /// Database (default: xunjian.db in the user's data directory).
        #[arg(long, value_name = "PATH|URL", global = true)]
        db: Option<String>,
    },
    /// 防篡改基线: approve pages' current state as their tamper baseline.
    Baseline {
        /// What to do.
        #[command(subcommand)]
        action: BaselineAction,
        /// Database (default: xunjian.db in the user's data directory).
        #[arg(long, value_name = "PATH|URL", global = true)]
        db: Option<String>,
    },
    /// 发布前审查: check a draft (text, HTML, DOCX, XLSX) for personal data, classification
    /// markers, sensitive and wrong expressions; exit status 1 when it must not be published.
    Review {
        /// The draft, or `-` for standard input.
        #[arg(value_name = "FILE|-", required_unless_present = "list")]
        file: Option<String>,
        /// Print the `xunjian.review/1` JSON instead of text.
        #[arg(long)]
        json: bool,
        /// Config file whose lexicon (files, words, allow-list) is used.
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
        /// The draft's format when its name does not tell: txt, html, docx, xlsx, pdf, doc, wps, xls.
        #[arg(long, value_name = "FORMAT")]
        format: Option<String>,
        /// Record the review in the database under this reviewer's name (审核人).
        #[arg(long, value_name = "NAME", requires = "decision")]
        reviewer: Option<String>,
        /// The reviewer's decision: approve or reject.
        #[arg(long, value_name = "approve|reject", requires = "reviewer")]
        decision: Option<String>,
        /// The reviewer's note.
        #[arg(long, value_name = "TEXT", requires = "reviewer")]
        note: Option<String>,
        /// Print the recorded review chain instead of checking a draft.
        #[arg(long, conflicts_with_all = ["file", "reviewer", "format"])]
        list: bool,
        /// Database (default: xunjian.db in the user's data directory).
        #[arg(long, value_name = "PATH|URL")]
        db: Option<String>,
    },
    /// Internal: the isolated reader of PDF, XLS and DOC/WPS (file on standard input, text on
    /// standard output), started by xunjian itself.
    #[command(name = "__extract-text", hide = true)]
    ExtractText {
        /// pdf, xls or doc.
        format: String,
    },
}

/// `xunjian baseline …`.
#[derive(Debug, Subcommand)]
pub enum BaselineAction {
    /// Move the baseline of a page (or of every page) to the latest inspection's state.
    Accept {
        /// The page whose current state is approved.
        #[arg(value_name = "URL", required_unless_present = "all", conflicts_with = "all")]
        url: Option<String>,
        /// Every page of the site (or of every site without --site).
        #[arg(long)]
        all: bool,
        /// The site (its start URL); default: the site the page belongs to.
        #[arg(long, value_name = "URL")]
        site: Option<String>,
        /// Who approves (recorded with the baseline).
        #[arg(long = "by", value_name = "NAME", default_value = "")]
        by: String,
    },
}

/// `xunjian links …`.
#[derive(Debug, Subcommand)]
pub enum LinksAction {
    /// List the approvals in force.
    List {
        /// Only those of this site (and the global ones).
        #[arg(long, value_name = "URL")]
        site: Option<String>,
    },
    /// Approve a host, `*.domain` or URL prefix.
    Approve {
        /// `www.gov.cn`, `*.gov.cn` or `http://host:port/prefix/`.
        pattern: String,
        /// Who approves (审批人).
        #[arg(long = "by", value_name = "NAME")]
        approved_by: String,
        /// Approval date (default today).
        #[arg(long = "on", value_name = "YYYY-MM-DD")]
        approved_on: Option<String>,
        /// Expiry date.
        #[arg(long, value_name = "YYYY-MM-DD")]
        expires: Option<String>,
        /// Only for this site (default: every site).
        #[arg(long, value_name = "URL")]
        site: Option<String>,
        /// A note (reason, document number).
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Revoke the approvals of a pattern.
    Revoke {
        /// The pattern as approved.
        pattern: String,
        /// The site it was approved for (default: the global approval).
        #[arg(long, value_name = "URL")]
        site: Option<String>,
    },
    /// Import approvals from CSV (pattern,approved_by,approved_on,expires,site,note; header row).
    Import {
        /// The CSV file, or - for standard input.
        file: String,
    },
    /// Export the approvals in force as CSV (same columns as import).
    Export {
        /// The file to write (default: standard output).
        file: Option<PathBuf>,
    },
}

/// Options every inspecting command understands.
#[derive(Debug, Args, Clone, Default)]
pub struct InspectArgs {
    /// Config file (TOML): one site or many.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Database: a file path or sqlite://PATH (default: xunjian.db in the user's data directory).
    #[arg(long, value_name = "PATH|URL")]
    pub db: Option<String>,
    /// The date the freshness rules are judged against (default today).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub as_of: Option<String>,
    /// Write the JSON report (xunjian.report/1) here.
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
    /// Write the HTML report here.
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// Write the Excel report here.
    #[arg(long, value_name = "FILE")]
    pub xlsx: Option<PathBuf>,
    /// Write the findings as CSV here.
    #[arg(long, value_name = "FILE")]
    pub csv: Option<PathBuf>,
    /// Most pages to crawl per site.
    #[arg(long, value_name = "N")]
    pub max_pages: Option<usize>,
    /// Most concurrent requests per host (default 4).
    #[arg(long, value_name = "N")]
    pub concurrency: Option<usize>,
    /// Sites of a --config inspected at once (default 8; never two of one host).
    #[arg(long, value_name = "N")]
    pub sites_at_once: Option<usize>,
    /// Exit 1 when a finding at or above this level exists (veto|high|medium).
    #[arg(long, value_name = "LEVEL")]
    pub fail_on: Option<String>,
    /// Start a new run even if an interrupted one could be resumed.
    #[arg(long)]
    pub fresh: bool,
    /// No progress bar.
    #[arg(long, short)]
    pub quiet: bool,
}
