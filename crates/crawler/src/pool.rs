//! The per-host pool. Each host:port gets a semaphore (its concurrency limit) and a pacing
//! clock (the delay between request starts, raised by robots.txt Crawl-delay, and pushed
//! back by 429/503 Retry-After). The permit is released while a request backs off, so a
//! paused host never blocks the others.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;

/// One host's politeness state.
#[derive(Debug)]
pub struct Host {
    sem: Arc<Semaphore>,
    clock: Mutex<Clock>,
}

#[derive(Debug)]
struct Clock {
    /// Least gap between two request starts.
    delay: Duration,
    /// No request may start before this instant (pacing and backoff).
    not_before: Instant,
}

/// The pool of hosts, keyed by `host:port`.
#[derive(Debug)]
pub struct HostPool {
    per_host: usize,
    delay: Duration,
    hosts: Mutex<HashMap<String, Arc<Host>>>,
}

/// The right to send one request to a host; dropping it frees the slot.
pub struct Permit {
    _permit: OwnedSemaphorePermit,
}

impl HostPool {
    /// A pool allowing `per_host` concurrent requests and `delay` between starts on each host.
    pub fn new(per_host: usize, delay: Duration) -> Self {
        HostPool { per_host: per_host.max(1), delay, hosts: Mutex::new(HashMap::new()) }
    }

    /// The state of one host, created on first use.
    pub fn host(&self, key: &str) -> Arc<Host> {
        let mut hosts = self.hosts.lock().expect("host map lock is never poisoned: no panics while held");
        hosts
            .entry(key.to_string())
            .or_insert_with(|| {
                Arc::new(Host {
                    sem: Arc::new(Semaphore::new(self.per_host)),
                    clock: Mutex::new(Clock { delay: self.delay, not_before: Instant::now() }),
                })
            })
            .clone()
    }

    /// Waits for a slot on `key` and for its pacing clock, then returns the permit.
    pub async fn acquire(&self, key: &str) -> Permit {
        let host = self.host(key);
        let permit = host.sem.clone().acquire_owned().await.expect("host semaphores are never closed");
        loop {
            let wait = {
                let mut c = host.clock.lock().expect("clock lock is never poisoned");
                let now = Instant::now();
                if c.not_before <= now {
                    c.not_before = now + c.delay;
                    None
                } else {
                    Some(c.not_before)
                }
            };
            match wait {
                None => return Permit { _permit: permit },
                Some(t) => tokio::time::sleep_until(t).await,
            }
        }
    }

    /// Raises the host's delay (robots.txt Crawl-delay).
    pub fn set_delay(&self, key: &str, delay: Duration) {
        let host = self.host(key);
        let mut c = host.clock.lock().expect("clock lock is never poisoned");
        if delay > c.delay {
            c.delay = delay;
        }
    }

    /// Pauses the whole host for `wait` (429/503 with Retry-After, or backoff).
    pub fn back_off(&self, key: &str, wait: Duration) {
        let host = self.host(key);
        let mut c = host.clock.lock().expect("clock lock is never poisoned");
        let until = Instant::now() + wait;
        if until > c.not_before {
            c.not_before = until;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn never_more_than_the_limit_per_host() {
        let pool = Arc::new(HostPool::new(2, Duration::ZERO));
        let inflight = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let max = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let mut tasks = Vec::new();
        for _ in 0..10 {
            let (pool, inflight, max) = (pool.clone(), inflight.clone(), max.clone());
            tasks.push(tokio::spawn(async move {
                let _p = pool.acquire("a:80").await;
                let n = inflight.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
                max.fetch_max(n, std::sync::atomic::Ordering::SeqCst);
                tokio::time::sleep(Duration::from_millis(10)).await;
                inflight.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
            }));
        }
        for t in tasks {
            t.await.unwrap();
        }
        assert_eq!(max.load(std::sync::atomic::Ordering::SeqCst), 2);
    }

    #[tokio::test(start_paused = true)]
    async fn delay_and_backoff_pace_request_starts() {
        let pool = HostPool::new(4, Duration::from_millis(100));
        let t0 = Instant::now();
        drop(pool.acquire("a:80").await);
        drop(pool.acquire("a:80").await);
        assert_eq!(Instant::now() - t0, Duration::from_millis(100));
        pool.back_off("a:80", Duration::from_secs(5));
        drop(pool.acquire("a:80").await);
        assert!(Instant::now() - t0 >= Duration::from_secs(5));
        // another host is not affected
        let t1 = Instant::now();
        drop(pool.acquire("b:80").await);
        assert_eq!(Instant::now(), t1);
    }
}
