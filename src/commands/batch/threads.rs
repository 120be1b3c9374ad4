//! The grading threads of a batch: as many as asked for (or rayon's
//! default), fewer when the system will not start that many (a process
//! limit such as `ulimit -u`), and at worst none but the calling thread, so
//! that a batch never fails, let alone panics, for want of threads.

use rayon::{ThreadPool, ThreadPoolBuilder};
use std::io;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// Environment variable for tests only: the system is taken to refuse
/// every thread after this many, as a process limit would.
pub const TEST_THREAD_LIMIT: &str = "MARKPOINT_TEST_THREAD_LIMIT";

/// The threads a batch could start.
pub struct Threads {
    /// The grading pool; `None` when not even one thread could be started.
    pub pool: Option<ThreadPool>,
    /// What to tell the user when fewer threads started than wanted.
    pub note: Option<String>,
    started: Arc<AtomicUsize>,
    limit: Option<usize>,
}

impl Threads {
    /// Starts `jobs` grading threads (rayon's default when `None` or 0),
    /// halving the number until the system accepts it.
    pub fn start(jobs: Option<usize>) -> Threads {
        let limit = std::env::var(TEST_THREAD_LIMIT)
            .ok()
            .and_then(|v| v.parse().ok());
        let started = Arc::new(AtomicUsize::new(0));
        let mut wanted = jobs.unwrap_or(0);
        let mut first_error = None;
        loop {
            started.store(0, Ordering::SeqCst);
            match build(wanted, &started, limit) {
                Ok(pool) => {
                    let note = first_error.map(|e: io::Error| {
                        format!(
                            "could not start every grading thread ({e}); grading with {}",
                            pool.current_num_threads()
                        )
                    });
                    return Threads {
                        pool: Some(pool),
                        note,
                        started,
                        limit,
                    };
                }
                Err(e) => {
                    let tried = if wanted == 0 {
                        default_threads()
                    } else {
                        wanted
                    };
                    first_error.get_or_insert(e);
                    if tried <= 1 {
                        let note = first_error.map(|e| {
                            format!("could not start a grading thread ({e}); grading on one")
                        });
                        return Threads {
                            pool: None,
                            note,
                            started,
                            limit,
                        };
                    }
                    wanted = tried / 2;
                }
            }
        }
    }

    /// Spawns one more thread in `scope`, or says why the system refused.
    pub fn spawn_scoped<'scope, 'env, T: Send + 'scope>(
        &self,
        scope: &'scope std::thread::Scope<'scope, 'env>,
        work: impl FnOnce() -> T + Send + 'scope,
    ) -> io::Result<std::thread::ScopedJoinHandle<'scope, T>> {
        allow(&self.started, self.limit)?;
        std::thread::Builder::new().spawn_scoped(scope, work)
    }
}

/// How many threads rayon starts when not told.
fn default_threads() -> usize {
    std::env::var("RAYON_NUM_THREADS")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&n: &usize| n > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// A pool of `threads` (rayon's default for 0), each thread counted in `started`.
fn build(
    threads: usize,
    started: &Arc<AtomicUsize>,
    limit: Option<usize>,
) -> io::Result<ThreadPool> {
    let started = Arc::clone(started);
    ThreadPoolBuilder::new()
        .num_threads(threads)
        .spawn_handler(move |thread| {
            allow(&started, limit)?;
            std::thread::Builder::new().spawn(|| thread.run())?;
            Ok(())
        })
        .build()
        .map_err(io::Error::other)
}

/// Counts one more thread, or refuses it past the test limit.
fn allow(started: &AtomicUsize, limit: Option<usize>) -> io::Result<()> {
    let before = started.fetch_add(1, Ordering::SeqCst);
    if limit.is_some_and(|limit| before >= limit) {
        started.fetch_sub(1, Ordering::SeqCst);
        return Err(io::Error::new(
            io::ErrorKind::WouldBlock,
            format!("refused past {TEST_THREAD_LIMIT}"),
        ));
    }
    Ok(())
}
