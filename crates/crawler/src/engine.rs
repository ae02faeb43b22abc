//! The crawl loop. It takes items from the [`Frontier`], fetches them in worker tasks (at
//! most `global` in flight; the per-host pool limits each host), lets the [`Handler`] turn
//! each response into the caller's output and the links to follow (CPU work stays in the
//! workers, on tokio's blocking threads and at most one per core at a time, so the fetches
//! never wait behind a parse), offers those links back to the frontier, and sends every
//! outcome, in order, into the caller's bounded channel — a slow consumer (the database)
//! slows the crawl instead of piling outcomes up in memory. Dropping the future of
//! [`Crawler::run`] aborts the workers.

use crate::fetch::{FetchKind, Fetched, Fetcher};
use crate::frontier::{Frontier, QueueItem, Skip, kind_for};
use std::sync::Arc;
use tokio::sync::Semaphore;
use tokio::sync::mpsc::Sender;
use tokio::task::JoinSet;
use url::Url;

/// Turns a fetched response into the caller's output and the URLs it links to.
pub trait Handler: Send + Sync + 'static {
    /// What the caller stores per fetched URL.
    type Output: Send + 'static;
    /// Processes one response (runs on a blocking thread).
    fn process(&self, item: &QueueItem, fetched: Fetched) -> Processed<Self::Output>;
}

/// The result of [`Handler::process`].
pub struct Processed<O> {
    /// The caller's output.
    pub output: O,
    /// Linked URLs: (url, navigational). Navigational links to HTML-like URLs are crawled as
    /// pages, the rest fetched as resources or attachments.
    pub discovered: Vec<(Url, bool)>,
}

/// One outcome of the crawl, delivered in order to the caller.
pub enum Event<O> {
    /// A URL was fetched and processed; `enqueued` are the new URLs it added to the queue.
    Done {
        /// The item fetched.
        item: QueueItem,
        /// The handler's output.
        output: O,
        /// New queue entries discovered on it.
        enqueued: Vec<QueueItem>,
        /// Items waiting or in flight after this one.
        pending: usize,
    },
    /// A URL was refused (budget, trap, robots).
    Skipped(Skip),
}

/// The receiver of the crawl's outcomes went away (the caller stopped listening).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SinkClosed;

/// A crawl: a fetcher and a frontier.
pub struct Crawler {
    fetcher: Arc<Fetcher>,
    frontier: Frontier,
}

enum TaskOut<O> {
    Done(QueueItem, Processed<O>),
    Robots(QueueItem),
}

impl Crawler {
    /// A crawler over `frontier` (already seeded).
    pub fn new(fetcher: Arc<Fetcher>, frontier: Frontier) -> Self {
        Crawler { fetcher, frontier }
    }

    /// The fetcher (for its counters).
    pub fn fetcher(&self) -> &Arc<Fetcher> {
        &self.fetcher
    }

    /// The frontier (to seed or restore it).
    pub fn frontier_mut(&mut self) -> &mut Frontier {
        &mut self.frontier
    }

    /// Crawls until the frontier is empty, sending every outcome into `sink`. Stops with
    /// [`SinkClosed`] when the receiver is gone.
    pub async fn run<H: Handler>(&mut self, handler: Arc<H>, sink: Sender<Event<H::Output>>) -> Result<(), SinkClosed> {
        let global = self.fetcher.settings().global.max(1);
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        // One more than the cores: while one page's result is handed back and the next is
        // handed over (thread wake-ups), another page is already being processed, so no core
        // idles between pages.
        let cpu = Arc::new(Semaphore::new(cores + 1));
        let mut tasks: JoinSet<TaskOut<H::Output>> = JoinSet::new();
        let on_event = |e: Event<H::Output>| {
            let sink = sink.clone();
            async move { sink.send(e).await.map_err(|_| SinkClosed) }
        };
        loop {
            while tasks.len() < global {
                match self.frontier.next() {
                    None => break,
                    Some(Err(skip)) => on_event(Event::Skipped(skip)).await?,
                    Some(Ok(item)) => {
                        let fetcher = self.fetcher.clone();
                        let handler = handler.clone();
                        let cpu = cpu.clone();
                        tasks.spawn(async move {
                            if !fetcher.allowed(&item.url).await {
                                return TaskOut::Robots(item);
                            }
                            let fetched = fetcher.fetch(&item.url, item.kind).await;
                            let _core = cpu.acquire_owned().await.expect("the semaphore is never closed");
                            let work = tokio::task::spawn_blocking(move || {
                                let processed = handler.process(&item, fetched);
                                (item, processed)
                            });
                            match work.await {
                                Ok((item, processed)) => TaskOut::Done(item, processed),
                                Err(e) => panic!("processing a page failed: {e}"),
                            }
                        });
                    }
                }
            }
            let Some(joined) = tasks.join_next().await else {
                break;
            };
            let out = match joined {
                Ok(out) => out,
                // A worker panicked: the URL is lost for this run, the crawl goes on.
                Err(e) => {
                    tracing::error!("crawl worker failed: {e}");
                    continue;
                }
            };
            match out {
                TaskOut::Robots(item) => {
                    on_event(Event::Skipped(Skip {
                        reason: "robots",
                        url: item.url.to_string(),
                        detail: "robots.txt 禁止 / disallowed by robots.txt".into(),
                    }))
                    .await?
                }
                TaskOut::Done(item, processed) => {
                    let mut enqueued = Vec::new();
                    let depth = item.depth + 1;
                    for (url, nav) in processed.discovered {
                        let kind = if item.kind == FetchKind::Page {
                            kind_for(&url, nav)
                        } else {
                            continue;
                        };
                        match self.frontier.offer(&url, depth, kind) {
                            Ok(Some(q)) => enqueued.push(q),
                            Ok(None) => {}
                            Err(skip) => on_event(Event::Skipped(skip)).await?,
                        }
                    }
                    let pending = self.frontier.len() + tasks.len();
                    on_event(Event::Done { item, output: processed.output, enqueued, pending }).await?;
                }
            }
        }
        Ok(())
    }
}
