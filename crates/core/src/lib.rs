//! # xunjian-core
//!
//! The pure heart of xunjian: everything that turns bytes already fetched into facts and
//! findings. Nothing in this crate does I/O (no network, no files, no clock except the
//! `as_of` date handed in), so every function here is deterministic and testable on its own.
//!
//! ## Layout
//! - [`decode`]: bytes → text, with the charset and where it came from (header, BOM, meta, detected).
//! - [`urlnorm`]: URL resolution, normalisation, same-site scope, attachment and trap heuristics.
//! - [`html`]: one parse of an HTML page into title, base, links (with tag, anchor text, position).
//! - [`dates`]: publish-date extraction (labelled lines, list dates, URL dates, Chinese numerals).
//! - [`footer`]: the homepage footer identifiers (网站标识码, ICP, 公安备案, 主办单位).
//! - [`pageinfo`]: what a page is: kind, title, publish date with source, dated list items.
//! - [`availability`]: the V2 availability rule over stored homepage probes.
//! - [`attachments`]: the text of attachments for the content checks.
//! - [`approval`]: the link approval register (hosts, wildcards, URL prefixes, expiry).
//! - [`finding`]: the finding vocabulary of SPEC.md (kinds, subtypes, severities).
//! - [`text`]: shared immutable text and its interner (findings hold hundreds of thousands).
//! - [`checks`]: checks over analysed pages and the whole site; each check is a module of its own.
//! - [`scoring`]: scoring profiles as data (gov-cn-2019, gov-cn-2015) and the score.
//! - [`report`]: the `xunjian.report/1` and `xunjian.page/1` documents and the score.
//!
//! **Architecture invariant:** checks never do network I/O; they read what the crawler stored.

pub mod approval;
pub mod attachments;
pub mod availability;
pub mod checks;
pub mod dates;
pub mod decode;
pub mod finding;
pub mod fingerprint;
pub mod footer;
pub mod html;
pub mod pageinfo;
pub mod report;
pub mod scan;
pub mod scoring;
pub mod text;
pub mod urlnorm;

pub use finding::{Finding, Findings, Kind, Severity};
pub use text::Text;
