//! # xunjian-demo
//!
//! The built-in demo: a fictional city government website (滨江市人民政府) with planted
//! problems, a small department site, and the hostile or foreign hosts they link, all on
//! loopback addresses and port 0, so `xunjian demo` and the integration tests need no
//! network. Every date is computed from [`DemoOptions::today`], so an inspection judged
//! `--as-of` that day reports the same findings whatever day it runs.
//!
//! ## Layout
//! - [`Demo`], [`DemoOptions`]: start, addresses, the inspection config, shutdown.
//! - `portal/`: the city portal (catalog of content, homepage, 领导信箱, 办事指南, operational
//!   defects such as exposed files and the calendar trap); `department`: the 文旅局 site;
//!   `others`: shop, provincial portal, gambling site, script host, expired-approval host.
//! - `html`, `pages`, `model`: page templates, columns into served pages, the content model.
//! - `docx`, `pdf`, `personal`: hand-written zip/DOCX and PDF files, fictional ID and mobile
//!   numbers.
//! - `manifest`: [`Planted`] — every finding an inspection must report — and near misses.
//!
//! **Invariant:** nothing here contacts a non-loopback address; the one foreign name the
//! pages link (`bad-host.invalid`) cannot resolve by definition.

mod department;
mod docx;
mod html;
mod manifest;
mod model;
mod others;
mod pages;
pub mod pdf;
mod personal;
mod portal;
mod server;

pub use manifest::{Needs, Planted};
pub use model::Hosts;

use chrono::NaiveDate;
use others::{Other, Role};
use server::Shared;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// How to run the demo.
#[derive(Debug, Clone)]
pub struct DemoOptions {
    /// The day every date of the sites is computed from (inspect `--as-of` this day).
    pub today: NaiveDate,
    /// Start with the tamper switch on (see [`Demo::set_tampered`]).
    pub tampered: bool,
    /// Every Nth homepage request of the department site answers 503; 0 = never.
    pub department_flaky_every: u32,
}

impl DemoOptions {
    /// Untampered, never flaky.
    pub fn new(today: NaiveDate) -> Self {
        DemoOptions { today, tampered: false, department_flaky_every: 0 }
    }
}

/// The running demo servers.
#[derive(Debug)]
pub struct Demo {
    opts: DemoOptions,
    hosts: Hosts,
    shared: Arc<Shared>,
    portal: Arc<portal::Portal>,
    stop: watch::Sender<bool>,
    tasks: Vec<JoinHandle<()>>,
}

async fn bind(ip: &str) -> std::io::Result<TcpListener> {
    TcpListener::bind((ip, 0)).await
}

fn base(l: &TcpListener) -> std::io::Result<String> {
    Ok(format!("http://{}/", l.local_addr()?))
}

impl Demo {
    /// Binds every server on port 0 of its loopback address and starts serving.
    pub async fn start(opts: DemoOptions) -> std::io::Result<Demo> {
        let portal_l = bind("127.0.0.1").await?;
        let shop_l = bind("127.0.0.2").await?;
        let dept_l = bind("127.0.0.3").await?;
        let prov_l = bind("127.0.0.4").await?;
        let gamble_l = bind("127.0.0.5").await?;
        let script_l = bind("127.0.0.6").await?;
        let expired_l = bind("127.0.0.7").await?;
        // A port nothing listens on: bind, note it, close.
        let dead = base(&bind("127.0.0.9").await?)?;
        let hosts = Hosts {
            portal: base(&portal_l)?,
            department: base(&dept_l)?,
            shop: base(&shop_l)?,
            provincial: base(&prov_l)?,
            gambling: base(&gamble_l)?,
            scripts: base(&script_l)?,
            expired: base(&expired_l)?,
            dead,
        };
        let shared = Arc::new(Shared::default());
        shared.tampered.store(opts.tampered, Ordering::Relaxed);
        let portal = Arc::new(portal::Portal::build(opts.today, &hosts));
        let dept = Arc::new(department::Department::build(opts.today, opts.department_flaky_every));
        let (stop, rx) = watch::channel(false);
        let other = |role| Arc::new(Other::build(role, &hosts)).router(shared.clone());
        let tasks = vec![
            server::spawn(portal_l, portal.clone().router(shared.clone()), rx.clone()),
            server::spawn(dept_l, dept.router(shared.clone()), rx.clone()),
            server::spawn(shop_l, other(Role::Shop), rx.clone()),
            server::spawn(prov_l, other(Role::Provincial), rx.clone()),
            server::spawn(gamble_l, other(Role::Gambling), rx.clone()),
            server::spawn(script_l, other(Role::Scripts), rx.clone()),
            server::spawn(expired_l, other(Role::Expired), rx),
        ];
        Ok(Demo { opts, hosts, shared, portal, stop, tasks })
    }

    /// `http://127.0.0.1:PORT/`.
    pub fn portal_url(&self) -> String {
        self.hosts.portal.clone()
    }

    /// `http://127.0.0.3:PORT/`, the department site.
    pub fn department_url(&self) -> String {
        self.hosts.department.clone()
    }

    /// Base URLs of every server (the other hosts included).
    pub fn hosts(&self) -> &Hosts {
        &self.hosts
    }

    /// The options the demo was started with.
    pub fn options(&self) -> &DemoOptions {
        &self.opts
    }

    /// The inspection config (TOML) for both government sites.
    pub fn config_toml(&self) -> String {
        let h = &self.hosts;
        let t = self.opts.today;
        let day = |days: i64| model::iso(model::ago(t, days));
        format!(
            r#"# xunjian demo: 滨江市 (fictional), generated for {today}
[[site]]
url = "{portal}"
name = "滨江市人民政府"
managing_unit = "滨江市人民政府办公室"
operating_unit = "滨江市大数据发展中心"
people = [{{ name = "张敏", role = "网站负责人", phone = "0571-87000001" }}]
contact = "webmaster@binjiang.example"

recheck_delay_secs = 1

[[site.links.approved]]
pattern = "127.0.0.4"
approved_by = "王伟"
approved_on = "{approved}"
government = true

[[site.links.approved]]
pattern = "127.0.0.7"
approved_by = "王伟"
approved_on = "{old}"
expires = "{expired}"

[site.lexicon]
words = [{{ word = "代开发票", category = "spam", severity = "high" }}]

[[site]]
url = "{department}"
name = "滨江市文化和旅游局"
managing_unit = "滨江市文化和旅游局"
operating_unit = "滨江市大数据发展中心"
"#,
            today = model::iso(t),
            portal = h.portal,
            department = h.department,
            approved = day(300),
            old = day(1060),
            expired = day(330),
        )
    }

    /// Every planted problem: the findings an inspection must report (see [`Needs`]).
    /// `site_unreachable` is listed only when the department's homepage fails at least 5%
    /// of requests (`department_flaky_every` between 1 and 20).
    pub fn planted(&self) -> Vec<Planted> {
        manifest::planted(&self.portal, &self.hosts, self.opts.department_flaky_every)
    }

    /// Look-alikes that must not be reported: (kind, url).
    pub fn near_misses(&self) -> Vec<(&'static str, String)> {
        manifest::near_misses(&self.portal, &self.hosts)
    }

    /// Switches the tampering on or off at run time.
    pub fn set_tampered(&self, on: bool) {
        self.shared.tampered.store(on, Ordering::Relaxed);
    }

    /// Total requests served by all servers.
    pub fn requests(&self) -> u64 {
        self.shared.requests.load(Ordering::Relaxed)
    }

    /// Stops every server (open connections get five seconds to finish).
    pub async fn shutdown(self) {
        let _ = self.stop.send(true);
        for mut task in self.tasks {
            if tokio::time::timeout(Duration::from_secs(5), &mut task).await.is_err() {
                task.abort();
            }
        }
    }
}
