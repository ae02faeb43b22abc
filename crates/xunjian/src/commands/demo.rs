//! `xunjian demo`: starts the built-in sample government sites (with planted problems) on
//! loopback, inspects them with the built-in config, prints the summaries and the league
//! table and writes the reports. `--once` exits afterwards; otherwise the sites keep being
//! served until Ctrl-C so the user can look at them.

use crate::cli::InspectArgs;
use crate::commands::{inspect_all, prepare};
use crate::{AppError, Exit};
use std::path::PathBuf;
use xunjian_demo::{Demo, DemoOptions};
use xunjian_store::Store;

/// Runs the command.
pub async fn run(once: bool, mut opts: InspectArgs) -> Result<Exit, AppError> {
    let as_of =
        crate::commands::parse_as_of(opts.as_of.as_deref())?.unwrap_or_else(|| chrono::Local::now().date_naive());
    opts.as_of = Some(as_of.to_string());
    let demo = Demo::start(DemoOptions::new(as_of))
        .await
        .map_err(|e| AppError::Other(format!("cannot start the demo site: {e}")))?;
    let out_dir = demo_dir();
    if opts.json.is_none() && opts.html.is_none() && opts.xlsx.is_none() && opts.csv.is_none() {
        std::fs::create_dir_all(&out_dir)
            .map_err(|e| AppError::input(format!("cannot create {}: {e}", out_dir.display())))?;
        opts.json = Some(out_dir.join("report.json"));
        opts.html = Some(out_dir.join("report.html"));
        opts.xlsx = Some(out_dir.join("report.xlsx"));
        opts.csv = Some(out_dir.join("findings.csv"));
    }
    let prepared = prepare(None, &opts, Some(&demo.config_toml()))?;
    // A fresh database per demo unless one is given: the demo's ports change every time.
    let tmp = tempdir()?;
    let db = opts.db.clone().unwrap_or_else(|| tmp.join("demo.db").to_string_lossy().into_owned());
    let store = Store::open(&db).await?;
    println!(
        "演示站点 Demo sites: {} (滨江市人民政府) · {} (滨江市文化和旅游局)\n",
        demo.portal_url(),
        demo.department_url()
    );
    let result = inspect_all(&store, &prepared).await;
    store.close().await;
    let exit = result?;
    if exit == Exit::Interrupted {
        return Ok(exit);
    }
    if !once {
        println!("\n演示站点仍在运行 The demo sites keep running: {} and {}", demo.portal_url(), demo.department_url());
        println!("按 Ctrl-C 退出 Press Ctrl-C to stop.");
        let _ = tokio::signal::ctrl_c().await;
    }
    demo.shutdown().await;
    let _ = std::fs::remove_dir_all(&tmp);
    Ok(exit)
}

/// Where the demo writes its reports by default.
fn demo_dir() -> PathBuf {
    dirs::data_dir().map(|d| d.join("xunjian").join("demo")).unwrap_or_else(|| PathBuf::from("xunjian-demo"))
}

fn tempdir() -> Result<PathBuf, AppError> {
    let dir = std::env::temp_dir().join(format!("xunjian-demo-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| AppError::Other(format!("cannot create {}: {e}", dir.display())))?;
    Ok(dir)
}
