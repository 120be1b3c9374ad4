//! The streaming loop of a batch: while the rayon pool works on one chunk
//! (in parallel, results kept in input order), this thread reads the next
//! and writes the one before, so that a few chunks are alive at any time,
//! never the whole input.

use crate::error::{Error, Result};
use rayon::prelude::*;

/// Reads chunks with `read` until it gives an empty one, maps every item
/// with `work` on `pool`, and hands each chunk's results, in order, to `write`.
pub fn stream<I, O>(
    pool: &rayon::ThreadPool,
    mut read: impl FnMut() -> Vec<I>,
    work: impl Fn(I) -> O + Sync,
    mut write: impl FnMut(Vec<O>) -> Result<()>,
) -> Result<()>
where
    I: Send,
    O: Send,
{
    let work = &work;
    std::thread::scope(|scope| -> Result<()> {
        let mut pending: Option<std::thread::ScopedJoinHandle<Vec<O>>> = None;
        loop {
            let chunk = read();
            let last = chunk.is_empty();
            let finished = pending.take().map(|handle| handle.join());
            if !last {
                pending = Some(
                    scope.spawn(move || pool.install(|| chunk.into_par_iter().map(work).collect())),
                );
            }
            match finished {
                Some(Ok(results)) => write(results)?,
                Some(Err(_)) => {
                    return Err(Error::Usage(
                        "internal error: a grading thread stopped".to_string(),
                    ))
                }
                None => {}
            }
            if last && pending.is_none() {
                return Ok(());
            }
        }
    })
}
