//! The `xunjian` binary: parse the command line, run the command, map the outcome to an exit
//! status (0 fine, 1 findings at the `--fail-on` level, 2 error, 130 interrupted).

use clap::Parser;
use std::process::ExitCode;
use xunjian::{Exit, cli::Cli, cli::Command, commands, extract, memory};

fn main() -> ExitCode {
    // Before any thread exists (glibc's arenas are made per thread).
    memory::limit_arenas();
    let cli = Cli::parse();
    // The isolated reader of PDF, XLS and DOC (a child of this same executable): before any
    // thread or runtime exists, so its memory limit measures the reading alone.
    if let Command::ExtractText { format } = &cli.command {
        return extract::child_main(format);
    }
    extract::enable();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("XUNJIAN_LOG").unwrap_or_else(|_| "warn,sqlx=error".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("xunjian: cannot start the async runtime: {e}");
            return ExitCode::from(2);
        }
    };
    match runtime.block_on(commands::run(cli.command)) {
        Ok(Exit::Ok) => ExitCode::SUCCESS,
        Ok(Exit::Findings) => ExitCode::from(1),
        Ok(Exit::Interrupted) => ExitCode::from(130),
        Err(e) => {
            eprintln!("xunjian: {e}");
            ExitCode::from(2)
        }
    }
}
