//! Starts the demo sites and keeps them running until Ctrl-C, printing the addresses, the
//! inspection config and the manifest: `cargo run -p xunjian-demo --example serve [YYYY-MM-DD]`.

use xunjian_demo::{Demo, DemoOptions};

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let today = match std::env::args().nth(1) {
        Some(s) => chrono::NaiveDate::parse_from_str(&s, "%Y-%m-%d").map_err(std::io::Error::other)?,
        None => chrono::Local::now().date_naive(),
    };
    let demo = Demo::start(DemoOptions::new(today)).await?;
    println!("portal:     {}", demo.portal_url());
    println!("department: {}", demo.department_url());
    println!("\n{}", demo.config_toml());
    for p in demo.planted() {
        println!(
            "{:?}\t{}\t{}\t{}\t{}",
            p.needs,
            p.kind,
            p.subtype.unwrap_or("-"),
            p.url,
            p.source.as_deref().unwrap_or("-")
        );
    }
    tokio::signal::ctrl_c().await?;
    demo.shutdown().await;
    Ok(())
}
