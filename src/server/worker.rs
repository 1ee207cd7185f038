//! Linting off the main loop: one worker thread takes lint jobs, waits a
//! moment after a change (debouncing a burst of keystrokes into one lint),
//! and gives up on a job as soon as its document has a newer generation,
//! so the main loop always answers requests at once, however large the
//! document.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, RecvTimeoutError, Sender};
use lsp_types::Uri;

use super::convert;
use super::encoding::{PositionEncoding, PositionMap};
use super::pages::RulePages;
use crate::diagnostic::Diagnostic;
use crate::linter::FileRules;
use crate::source::LineIndex;
use crate::Linter;

/// How long the worker waits after a change before linting, in case
/// another change follows.
pub const DEBOUNCE: Duration = Duration::from_millis(150);

/// One document to lint.
#[derive(Debug)]
pub struct Job {
    /// The document.
    pub uri: Uri,
    /// Its version, for the diagnostics published.
    pub version: i32,
    /// The generation this job lints.
    pub generation: u64,
    /// The document's current generation, which its changes bump.
    pub latest: Arc<AtomicU64>,
    /// The text.
    pub text: Arc<String>,
    /// Its line index.
    pub index: Arc<LineIndex>,
    /// The linter of the document's configuration.
    pub linter: Arc<Linter>,
    /// The rules for the document.
    pub rules: FileRules,
    /// The client's position encoding.
    pub encoding: PositionEncoding,
    /// Where the rules' pages are linked from.
    pub pages: Arc<RulePages>,
    /// Whether to wait [`DEBOUNCE`] first (after a change; not after an
    /// open or a save).
    pub debounce: bool,
}

impl Job {
    /// Whether the document changed since the job was made.
    fn is_stale(&self) -> bool {
        self.latest.load(Ordering::SeqCst) != self.generation
    }
}

/// What a job found, ready to publish.
#[derive(Debug)]
pub struct Linted {
    /// The document.
    pub uri: Uri,
    /// Its version.
    pub version: i32,
    /// The generation linted.
    pub generation: u64,
    /// copydesk's diagnostics, for code actions and hover.
    pub diagnostics: Vec<Diagnostic>,
    /// The same as the protocol's.
    pub published: Vec<lsp_types::Diagnostic>,
}

/// The worker thread and the way to hand it jobs.
#[derive(Debug)]
pub struct Worker {
    jobs: Option<Sender<Job>>,
    thread: Option<JoinHandle<()>>,
}

impl Worker {
    /// Starts the worker; it sends what it finds to `results`.
    pub fn spawn(results: Sender<Linted>) -> std::io::Result<Self> {
        let (jobs, incoming) = crossbeam_channel::unbounded();
        let thread = std::thread::Builder::new()
            .name("copydesk-lint".to_owned())
            .spawn(move || work(&incoming, &results))?;
        Ok(Self {
            jobs: Some(jobs),
            thread: Some(thread),
        })
    }

    /// Queues `job`; it replaces a queued job for the same document.
    pub fn lint(&self, job: Job) {
        if let Some(jobs) = &self.jobs {
            // The worker stops only when this sender is dropped.
            let _ = jobs.send(job);
        }
    }
}

impl Drop for Worker {
    /// Stops the worker: queued jobs are dropped, a running one finishes.
    fn drop(&mut self) {
        self.jobs = None;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The worker's loop: the newest job per document, each due after its
/// debounce, run in the order they fall due.
fn work(incoming: &Receiver<Job>, results: &Sender<Linted>) {
    let mut queued: HashMap<Uri, (Instant, Job)> = HashMap::new();
    loop {
        let next_due = queued.values().map(|(due, _)| *due).min();
        let received = match next_due {
            None => incoming.recv().map_err(|_| RecvTimeoutError::Disconnected),
            Some(due) => incoming.recv_timeout(due.saturating_duration_since(Instant::now())),
        };
        match received {
            Ok(job) => {
                let due = Instant::now()
                    + if job.debounce {
                        DEBOUNCE
                    } else {
                        Duration::ZERO
                    };
                queued.insert(job.uri.clone(), (due, job));
            }
            Err(RecvTimeoutError::Disconnected) => return,
            Err(RecvTimeoutError::Timeout) => {
                let now = Instant::now();
                let due: Vec<Uri> = queued
                    .iter()
                    .filter(|(_, (due, _))| *due <= now)
                    .map(|(uri, _)| uri.clone())
                    .collect();
                for uri in due {
                    let Some((_, job)) = queued.remove(&uri) else {
                        continue;
                    };
                    if let Some(linted) = run(job) {
                        if results.send(linted).is_err() {
                            return;
                        }
                    }
                }
            }
        }
    }
}

/// Lints the job's text; `None` when a newer generation made it stale.
fn run(job: Job) -> Option<Linted> {
    if job.is_stale() {
        return None;
    }
    let diagnostics = job
        .linter
        .lint_file_unless(&job.text, &job.rules, &|| job.is_stale())?;
    let map = PositionMap::new(&job.text, &job.index, job.encoding);
    let published = convert::diagnostics(&diagnostics, &job.uri, &map, &job.linter, &job.pages);
    if job.is_stale() {
        return None;
    }
    Some(Linted {
        uri: job.uri,
        version: job.version,
        generation: job.generation,
        diagnostics,
        published,
    })
}
