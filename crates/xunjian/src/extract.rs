//! The isolated reader of risky attachment formats. PDF, XLS and DOC/WPS are read by code
//! that a hostile file can drive into a panic, an endless loop or an allocation of gigabytes
//! (see [`xunjian_core::attachments::needs_isolation`]); an allocation failure aborts the
//! whole process and cannot be caught. So this module owns running them elsewhere:
//!
//! - the parent side ([`attachment_text`], [`isolated_text`]) starts this same executable
//!   with the hidden command `__extract-text FORMAT`, writes the file to its standard input
//!   (from a thread: no pipe deadlock), reads at most [`TEXT_CAP`] × 4 bytes of UTF-8 text
//!   from its standard output, and kills it after [`TIMEOUT`]. Any failure (a crash, a
//!   non-zero exit, a timeout, too much output) gives `None` and a debug log line, never an
//!   error or a panic. At most as many children run at once as there are cores.
//! - the child side ([`child_main`]) first lowers its own limits (address space
//!   [`CHILD_MEMORY`], CPU time [`CHILD_CPU_SECONDS`], no core files), then reads standard
//!   input, extracts, writes the text, exits 0; anything else exits non-zero, silently.
//!
//! Only an executable that has the hidden command may be started: `main` calls [`enable`].
//! Without it (a test binary, another program using the library) those formats give `None`.
//! On non-Unix systems the child runs without the resource limits (a crash still only costs
//! the child).

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, ExitStatus, Stdio};
use std::sync::{Condvar, Mutex, OnceLock};
use std::time::{Duration, Instant};
use xunjian_core::attachments::{self, Format, MAX_INPUT, TEXT_CAP};

/// The hidden command of the child.
pub const CHILD_COMMAND: &str = "__extract-text";

/// Wall-clock time a child is given before it is killed.
pub const TIMEOUT: Duration = Duration::from_secs(30);

/// The child's address-space limit (bytes).
pub const CHILD_MEMORY: u64 = 1024 * 1024 * 1024;

/// The child's CPU-time limit (seconds).
pub const CHILD_CPU_SECONDS: u64 = 20;

/// The executable that has the hidden command, once [`enable`]d.
static HELPER: OnceLock<Option<PathBuf>> = OnceLock::new();

/// Makes this executable (`std::env::current_exe()`) the reader of the isolated formats.
/// Called by `main`, which handles [`CHILD_COMMAND`].
pub fn enable() {
    let _ = HELPER.set(std::env::current_exe().ok());
}

/// The text of an attachment, by its path's extension and its Content-Type: PDF, XLS and
/// DOC/WPS in a child process, the other formats in this one. Blocking (a child may take up
/// to [`TIMEOUT`]); on a multi-threaded tokio runtime the worker is handed over while it waits.
pub fn attachment_text(path: &str, content_type: Option<&str>, bytes: &[u8]) -> Option<String> {
    let format = attachments::format_of(path, content_type)?;
    if attachments::needs_isolation(format) {
        isolated_text(format, bytes)
    } else {
        attachments::text_of(format, content_type, bytes)
    }
}

/// The text of a file read by the child process (see the module documentation).
pub fn isolated_text(format: Format, bytes: &[u8]) -> Option<String> {
    if bytes.len() > MAX_INPUT {
        return None;
    }
    let Some(exe) = HELPER.get().and_then(|p| p.as_deref()) else {
        tracing::debug!("{} not read: no isolated reader in this process", format.name());
        return None;
    };
    blocking(|| run_child(exe, format, bytes))
}

/// Runs a blocking closure: through `block_in_place` on a multi-threaded tokio runtime (the
/// other tasks move to other workers), directly elsewhere.
fn blocking<T>(f: impl FnOnce() -> T) -> T {
    match tokio::runtime::Handle::try_current() {
        Ok(h) if h.runtime_flavor() == tokio::runtime::RuntimeFlavor::MultiThread => tokio::task::block_in_place(f),
        _ => f(),
    }
}

/// The children running now, at most [`max_children`].
static RUNNING: Mutex<usize> = Mutex::new(0);
static SLOT_FREED: Condvar = Condvar::new();

fn max_children() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get()).clamp(1, 4)
}

/// A place among the running children, given back on drop.
struct Slot;

impl Slot {
    fn take() -> Slot {
        let mut running = RUNNING.lock().unwrap_or_else(|e| e.into_inner());
        while *running >= max_children() {
            running = SLOT_FREED.wait(running).unwrap_or_else(|e| e.into_inner());
        }
        *running += 1;
        Slot
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut running = RUNNING.lock().unwrap_or_else(|e| e.into_inner());
        *running = running.saturating_sub(1);
        SLOT_FREED.notify_one();
    }
}

fn run_child(exe: &Path, format: Format, bytes: &[u8]) -> Option<String> {
    let _slot = Slot::take();
    let started = Instant::now();
    let mut child = match Command::new(exe)
        .arg(CHILD_COMMAND)
        .arg(format.name())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
    {
        Ok(c) => c,
        Err(e) => {
            tracing::debug!("{} not read: cannot start the reader: {e}", format.name());
            return None;
        }
    };
    let (Some(mut stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
        stop(&mut child);
        return None;
    };
    let cap = (TEXT_CAP * 4) as u64;
    let (status, output) = std::thread::scope(|s| {
        // The child reads its input whole before it writes: the input goes in from one
        // thread, the output comes out in another, the wait for the exit (or the deadline)
        // happens here. A killed child closes both pipes, which ends both threads.
        let writer = std::thread::Builder::new().spawn_scoped(s, move || {
            let _ = stdin.write_all(bytes);
        });
        let reader = std::thread::Builder::new().spawn_scoped(s, move || {
            let mut buf = Vec::new();
            stdout.take(cap + 1).read_to_end(&mut buf).ok().map(|_| buf)
        });
        if writer.is_err() || reader.is_err() {
            stop(&mut child);
            return (None, None);
        }
        let status = wait_until(&mut child, started + TIMEOUT);
        let output = reader.ok().and_then(|r| r.join().ok()).flatten();
        (status, output)
    });
    let why = match (status, output) {
        (None, _) => format!("killed after {TIMEOUT:?} or lost"),
        (Some(st), _) if !st.success() => format!("the reader failed ({st})"),
        (_, None) => "its output could not be read".into(),
        (_, Some(out)) if out.len() as u64 > cap => "too much output".into(),
        (_, Some(out)) => match String::from_utf8(out) {
            Ok(text) => return Some(text),
            Err(_) => "its output is not UTF-8".into(),
        },
    };
    tracing::debug!("{} not read: {why} ({:?})", format.name(), started.elapsed());
    None
}

/// Waits for the child until the deadline; kills it then. `None` when it was killed.
fn wait_until(child: &mut Child, deadline: Instant) -> Option<ExitStatus> {
    let mut pause = Duration::from_millis(2);
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Some(status),
            Ok(None) if Instant::now() < deadline => {
                std::thread::sleep(pause.min(deadline.saturating_duration_since(Instant::now())));
                pause = (pause * 2).min(Duration::from_millis(50));
            }
            _ => {
                stop(child);
                return None;
            }
        }
    }
}

fn stop(child: &mut Child) {
    let _ = child.kill();
    let _ = child.wait();
}

/// The child: `xunjian __extract-text FORMAT` with the file on standard input. Lowers its
/// limits first, then writes the text to standard output and exits 0; any failure exits
/// non-zero with nothing on standard error.
pub fn child_main(format: &str) -> ExitCode {
    std::panic::set_hook(Box::new(|_| {}));
    let Some(format) = Format::from_name(format) else { return ExitCode::from(2) };
    if limit_resources().is_err() {
        return ExitCode::from(3);
    }
    let mut bytes = Vec::new();
    if std::io::stdin().lock().take(MAX_INPUT as u64 + 1).read_to_end(&mut bytes).is_err() || bytes.len() > MAX_INPUT {
        return ExitCode::from(4);
    }
    let text = if attachments::needs_isolation(format) {
        attachments::extract_isolated_format(format, &bytes)
    } else {
        attachments::text_of(format, None, &bytes)
    };
    let Some(text) = text else { return ExitCode::from(1) };
    drop(bytes);
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(_) => ExitCode::from(5),
    }
}

/// Lowers this process's limits: address space, CPU time, core files.
#[cfg(unix)]
fn limit_resources() -> std::io::Result<()> {
    use rlimit::Resource;
    let lower = |r: Resource, soft: u64, hard: u64| -> std::io::Result<()> {
        let (_, current) = r.get()?;
        let hard = hard.min(current);
        r.set(soft.min(hard), hard)
    };
    lower(Resource::CORE, 0, 0)?;
    lower(Resource::AS, CHILD_MEMORY, CHILD_MEMORY)?;
    lower(Resource::CPU, CHILD_CPU_SECONDS, CHILD_CPU_SECONDS + 5)
}

#[cfg(not(unix))]
fn limit_resources() -> std::io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_child_past_its_deadline_is_killed_and_reaped() {
        let mut child = Command::new("sleep").arg("30").spawn().unwrap();
        let started = Instant::now();
        assert!(wait_until(&mut child, started + Duration::from_millis(200)).is_none());
        assert!(started.elapsed() < Duration::from_secs(5));
        assert!(child.try_wait().unwrap().is_some(), "reaped");
        let mut quick = Command::new("true").spawn().unwrap();
        assert!(wait_until(&mut quick, Instant::now() + Duration::from_secs(10)).unwrap().success());
    }

    #[test]
    fn no_reader_no_text_and_never_a_panic() {
        // Not enabled in a test binary: the isolated formats give None, the others are read.
        assert_eq!(isolated_text(Format::Pdf, b"%PDF-1.4"), None);
        assert_eq!(attachment_text("/a.pdf", None, b"%PDF-1.4"), None);
        assert_eq!(attachment_text("/a.txt", None, "公示".as_bytes()).as_deref(), Some("公示"));
        // A reader that cannot start, or that fails.
        assert_eq!(run_child(Path::new("/nonexistent/xunjian"), Format::Pdf, b"x"), None);
        #[cfg(unix)]
        assert_eq!(run_child(Path::new("false"), Format::Doc, &vec![0u8; 1 << 20]), None);
    }
}
