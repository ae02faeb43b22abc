//! The configuration file (TOML): one site or many (`[[site]]`), with everything SPEC.md
//! lists per site. A one-site config may put the site's keys at the top level. Unknown keys
//! are refused, so a typo is an error rather than a silently ignored setting.

use serde::Deserialize;
use std::path::Path;

/// A whole config file.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The sites, in file order.
    pub sites: Vec<SiteConfig>,
}

/// One site.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    /// Start URL.
    pub url: String,
    /// Registered site name.
    #[serde(default)]
    pub name: Option<String>,
    /// Other host names (or host:port) serving the same site.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// 主管单位.
    #[serde(default)]
    pub managing_unit: Option<String>,
    /// 运维单位.
    #[serde(default)]
    pub operating_unit: Option<String>,
    /// Responsible people.
    #[serde(default)]
    pub people: Vec<Person>,
    /// Contact put in the User-Agent (URL or e-mail).
    #[serde(default)]
    pub contact: Option<String>,
    /// Page budget.
    #[serde(default)]
    pub max_pages: Option<usize>,
    /// Depth limit.
    #[serde(default)]
    pub max_depth: Option<u32>,
    /// Concurrent requests per host.
    #[serde(default)]
    pub concurrency: Option<usize>,
    /// Delay between request starts on one host, ms.
    #[serde(default)]
    pub delay_ms: Option<u64>,
    /// User-Agent override.
    #[serde(default)]
    pub user_agent: Option<String>,
    /// Only URLs containing one of these.
    #[serde(default)]
    pub include: Vec<String>,
    /// No URL containing one of these.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Obey robots.txt (default true; only a site's own operators should turn it off).
    #[serde(default)]
    pub obey_robots: Option<bool>,
    /// Whole-response timeout, seconds (default 15, the national threshold).
    #[serde(default)]
    pub timeout_secs: Option<f64>,
    /// Connect timeout, seconds (default 10).
    #[serde(default)]
    pub connect_timeout_secs: Option<f64>,
    /// Body cap, bytes (default 5 MiB).
    #[serde(default)]
    pub body_cap_bytes: Option<usize>,
    /// First retry wait, ms (default 1000).
    #[serde(default)]
    pub retry_base_ms: Option<u64>,
    /// Suspected link failures are checked again after this many seconds (default 10).
    #[serde(default)]
    pub recheck_delay_secs: Option<f64>,
    /// Working external links are not checked again for this many hours (default 24; 0: always).
    #[serde(default)]
    pub link_cache_hours: Option<f64>,
    /// Column class overrides.
    #[serde(default)]
    pub columns: Vec<ColumnOverride>,
    /// The link approval register.
    #[serde(default)]
    pub links: LinksConfig,
    /// Lexicon additions and allow-list.
    #[serde(default)]
    pub lexicon: LexiconConfig,
    /// Expected footer identifiers.
    #[serde(default)]
    pub footer: FooterExpect,
    /// Alert channels (used by `xunjian serve`).
    #[serde(default)]
    pub alerts: Vec<toml::Value>,
    /// Whether the body offers public services (false: the 4/3 rule applies).
    #[serde(default)]
    pub public_services: Option<bool>,
    /// Whether the site is a portal (门户网站; bonus indicators apply).
    #[serde(default)]
    pub portal: Option<bool>,
    /// Scoring profile: `gov-cn-2019` (default), `gov-cn-2015`, or a TOML file's path.
    #[serde(default)]
    pub scoring_profile: Option<String>,
    /// The port to look for https on when the site is served over http (default 443).
    #[serde(default)]
    pub https_port: Option<u16>,
}

/// A responsible person.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// Name.
    pub name: String,
    /// Role (网站负责人, 值班员 …).
    #[serde(default)]
    pub role: Option<String>,
    /// Phone.
    #[serde(default)]
    pub phone: Option<String>,
    /// E-mail.
    #[serde(default)]
    pub email: Option<String>,
}

/// A column class override, by URL prefix or by column name.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnOverride {
    /// URL prefix.
    #[serde(default)]
    pub prefix: Option<String>,
    /// Column name.
    #[serde(default)]
    pub name: Option<String>,
    /// The class (`news`, `notice`, …).
    pub class: String,
}

/// `[links]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinksConfig {
    /// `[[links.approved]]`.
    #[serde(default)]
    pub approved: Vec<Approval>,
    /// Hosts never to be linked.
    #[serde(default)]
    pub blocklist: Vec<String>,
}

/// One approval of the link register.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Approval {
    /// Host, `*.host` or URL prefix.
    pub pattern: String,
    /// Who approved.
    #[serde(default)]
    pub approved_by: Option<String>,
    /// When (YYYY-MM-DD).
    #[serde(default)]
    pub approved_on: Option<String>,
    /// Expiry (YYYY-MM-DD).
    #[serde(default)]
    pub expires: Option<String>,
    /// The approved host is a government site (links to it need no exit notice).
    #[serde(default)]
    pub government: Option<bool>,
}

/// `[lexicon]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LexiconConfig {
    /// Extra words.
    #[serde(default)]
    pub words: Vec<LexWord>,
    /// Phrases never reported.
    #[serde(default)]
    pub allow: Vec<String>,
    /// Lexicon files (TSV).
    #[serde(default)]
    pub files: Vec<String>,
}

/// One lexicon word.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LexWord {
    /// The word.
    pub word: String,
    /// Category.
    #[serde(default)]
    pub category: Option<String>,
    /// Severity.
    #[serde(default)]
    pub severity: Option<String>,
    /// Correction (makes it a wrong expression).
    #[serde(default)]
    pub correction: Option<String>,
}

/// `[footer]`: what the footer must say.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FooterExpect {
    /// 网站标识码.
    #[serde(default)]
    pub site_code: Option<String>,
    /// ICP.
    #[serde(default)]
    pub icp: Option<String>,
    /// 公安备案号.
    #[serde(default)]
    pub psb: Option<String>,
    /// 主办单位.
    #[serde(default)]
    pub sponsor: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MultiFile {
    site: Vec<SiteConfig>,
}

impl Config {
    /// Reads and parses a config file.
    pub fn load(path: &Path) -> Result<Config, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read config {}: {e}", path.display()))?;
        Config::parse(&text).map_err(|e| format!("config {}: {e}", path.display()))
    }

    /// Parses config text.
    pub fn parse(text: &str) -> Result<Config, String> {
        let value: toml::Table = toml::from_str(text).map_err(|e| one_line(&e.to_string()))?;
        let sites = if value.contains_key("site") {
            let m: MultiFile = toml::from_str(text).map_err(|e| one_line(&e.to_string()))?;
            m.site
        } else {
            vec![toml::from_str::<SiteConfig>(text).map_err(|e| one_line(&e.to_string()))?]
        };
        for s in &sites {
            let u = url::Url::parse(&s.url).map_err(|e| format!("site url `{}`: {e}", s.url))?;
            if !matches!(u.scheme(), "http" | "https") {
                return Err(format!("site url `{}` must be http or https", s.url));
            }
            for c in &s.columns {
                if crate::COLUMN_CLASSES.iter().all(|k| *k != c.class) {
                    return Err(format!(
                        "unknown column class `{}` (one of {})",
                        c.class,
                        crate::COLUMN_CLASSES.join(", ")
                    ));
                }
            }
        }
        Ok(Config { sites })
    }
}

/// TOML errors span several lines; users get one.
fn one_line(s: &str) -> String {
    s.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('|')).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_site_at_top_level_or_many() {
        let c =
            Config::parse("url = \"http://a.gov.cn/\"\nname = \"甲\"\n[[links.approved]]\npattern = \"www.gov.cn\"\n")
                .unwrap();
        assert_eq!(c.sites.len(), 1);
        assert_eq!(c.sites[0].links.approved[0].pattern, "www.gov.cn");
        let c = Config::parse(
            "[[site]]\nurl = \"http://a.gov.cn/\"\n[[site]]\nurl = \"http://b.gov.cn/\"\nconcurrency = 2\n",
        )
        .unwrap();
        assert_eq!(c.sites.len(), 2);
        assert_eq!(c.sites[1].concurrency, Some(2));
    }

    #[test]
    fn typos_and_bad_urls_are_refused() {
        assert!(Config::parse("url = \"http://a.gov.cn/\"\nmax_page = 3\n").unwrap_err().contains("max_page"));
        assert!(Config::parse("url = \"ftp://a.gov.cn/\"").is_err());
        assert!(Config::parse("url = ").is_err());
        assert!(Config::parse("url = \"http://a/\"\n[[columns]]\nname = \"x\"\nclass = \"bogus\"").is_err());
    }
}
