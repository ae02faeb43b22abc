//! robots.txt: fetched once per host:port (through the pool, like every request) and cached
//! for the run. A 4xx or a missing file allows everything; a 5xx disallows everything for
//! this run (the site said it is in trouble); an unreachable host allows everything, so the
//! failures are reported as what they are. Crawl-delay raises the host's delay.

use crate::fetch::{FetchKind, Fetcher};
use crate::settings::ROBOTS_AGENT;
use std::collections::HashMap;
use std::sync::Arc;
use texting_robots::Robot;
use tokio::sync::{Mutex, OnceCell};
use url::Url;
use xunjian_core::urlnorm;

/// What robots.txt says for one host.
enum Rules {
    AllowAll,
    DisallowAll,
    Parsed(Box<Robot>),
}

/// The robots.txt cache of a run.
#[derive(Default)]
pub struct Robots {
    hosts: Mutex<HashMap<String, Arc<OnceCell<Rules>>>>,
}

impl Robots {
    /// Whether `url` may be fetched.
    pub async fn allowed(&self, fetcher: &Arc<Fetcher>, url: &Url) -> bool {
        let key = urlnorm::host_key(url);
        if url.path() == "/robots.txt" {
            return true;
        }
        let cell = self.hosts.lock().await.entry(key.clone()).or_default().clone();
        let rules = cell.get_or_init(|| load(fetcher, url, key)).await;
        match rules {
            Rules::AllowAll => true,
            Rules::DisallowAll => false,
            Rules::Parsed(r) => r.allowed(url.as_str()),
        }
    }
}

async fn load(fetcher: &Arc<Fetcher>, url: &Url, key: String) -> Rules {
    let mut robots_url = url.clone();
    robots_url.set_path("/robots.txt");
    robots_url.set_query(None);
    let f = fetcher.fetch(&robots_url, FetchKind::Attachment).await;
    match f.status {
        200..=299 => match Robot::new(ROBOTS_AGENT, &f.body) {
            Ok(robot) => {
                if let Some(d) = robot.delay.filter(|d| d.is_finite() && *d > 0.0) {
                    let d = std::time::Duration::from_secs_f32(d).min(fetcher.settings().max_crawl_delay);
                    fetcher.pool.set_delay(&key, d);
                }
                Rules::Parsed(Box::new(robot))
            }
            Err(_) => Rules::AllowAll,
        },
        500..=599 => Rules::DisallowAll,
        _ => Rules::AllowAll,
    }
}
