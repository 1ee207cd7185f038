//! A parallel map that hands its results over in input order, as soon as
//! each result and all before it are ready, while workers may run only a
//! bounded number of items ahead of the consumer, so memory does not grow
//! with the number of items.

use std::collections::BTreeMap;
use std::ops::ControlFlow;
use std::panic::{self, AssertUnwindSafe};
use std::sync::{Condvar, Mutex, MutexGuard};
use std::thread;

/// How many items per worker may be taken but not yet handed over.
const WINDOW_PER_THREAD: usize = 4;

/// The state the workers and the consumer share.
struct Shared<I, R> {
    /// The items not taken yet.
    pending: I,
    /// Set when `pending` has no more items.
    exhausted: bool,
    /// The next position to take.
    next_taken: usize,
    /// The next position to hand over.
    next_delivered: usize,
    /// Results finished out of order, waiting for the ones before them.
    finished: BTreeMap<usize, thread::Result<R>>,
    /// Set when the consumer stops early: workers take nothing more.
    stopped: bool,
}

/// Calls `work` on every item on `threads` threads and `deliver` with each
/// result on the calling thread, in the order of `items`. When `deliver`
/// breaks, the items not yet taken are dropped unseen and the value is
/// returned. With one thread, everything runs on the calling thread, in order.
///
/// `items` may be lazy (the batches of a file being read): workers take
/// items one at a time, under a lock, only as the window allows.
pub(crate) fn map_in_order<T, R, B, I>(
    items: I,
    threads: usize,
    work: impl Fn(T) -> R + Sync,
    mut deliver: impl FnMut(R) -> ControlFlow<B>,
) -> ControlFlow<B>
where
    I: IntoIterator<Item = T>,
    I::IntoIter: Send,
    T: Send,
    R: Send,
{
    let items = items.into_iter();
    let most = items.size_hint().1.unwrap_or(usize::MAX);
    let threads = threads.clamp(1, most.max(1));
    if threads == 1 {
        for item in items {
            deliver(work(item))?;
        }
        return ControlFlow::Continue(());
    }
    let window = WINDOW_PER_THREAD * threads;
    let shared = Mutex::new(Shared {
        pending: items,
        exhausted: false,
        next_taken: 0,
        next_delivered: 0,
        finished: BTreeMap::new(),
        stopped: false,
    });
    // Signalled whenever a result is finished or one is handed over.
    let changed = Condvar::new();
    let lock = || {
        shared
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    };
    let wait = |guard| wait_on(&changed, guard);

    thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| loop {
                let mut state = lock();
                while !state.stopped && state.next_taken - state.next_delivered >= window {
                    state = wait(state);
                }
                if state.stopped || state.exhausted {
                    return;
                }
                let position = state.next_taken;
                // A panic while taking an item ends the items; it is handed
                // to the consumer in that item's place.
                let item = match panic::catch_unwind(AssertUnwindSafe(|| state.pending.next())) {
                    Ok(Some(item)) => item,
                    Ok(None) => {
                        state.exhausted = true;
                        drop(state);
                        changed.notify_all();
                        return;
                    }
                    Err(payload) => {
                        state.exhausted = true;
                        state.next_taken += 1;
                        state.finished.insert(position, Err(payload));
                        drop(state);
                        changed.notify_all();
                        return;
                    }
                };
                state.next_taken += 1;
                drop(state);
                // A panic is handed to the consumer, which would otherwise
                // wait for this result forever.
                let result = panic::catch_unwind(AssertUnwindSafe(|| work(item)));
                lock().finished.insert(position, result);
                changed.notify_all();
            });
        }

        let mut flow = ControlFlow::Continue(());
        for position in 0.. {
            let mut state = lock();
            let result = loop {
                if let Some(result) = state.finished.remove(&position) {
                    break Some(result);
                }
                if state.exhausted && state.next_taken == position {
                    break None;
                }
                state = wait(state);
            };
            let Some(result) = result else {
                break;
            };
            state.next_delivered += 1;
            state.stopped |= result.is_err();
            drop(state);
            changed.notify_all();
            flow = deliver(result.unwrap_or_else(|payload| panic::resume_unwind(payload)));
            if flow.is_break() {
                lock().stopped = true;
                changed.notify_all();
                break;
            }
        }
        flow
    })
}

/// Waits for `changed`, going on if another thread panicked holding the lock.
fn wait_on<'a, S>(changed: &Condvar, guard: MutexGuard<'a, S>) -> MutexGuard<'a, S> {
    changed
        .wait(guard)
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_input_order_with_any_number_of_threads() {
        for threads in [1, 2, 3, 8] {
            let mut seen = Vec::new();
            let flow = map_in_order(
                (0..200u64).collect::<Vec<_>>(),
                threads,
                |number| {
                    // Later items finish sooner, so order must be restored.
                    std::thread::sleep(std::time::Duration::from_micros(200 - number));
                    number * 2
                },
                |doubled| {
                    seen.push(doubled);
                    ControlFlow::<()>::Continue(())
                },
            );
            assert_eq!(flow, ControlFlow::Continue(()));
            assert_eq!(seen, (0..200).map(|n| n * 2).collect::<Vec<_>>());
        }
    }

    #[test]
    fn lazy_items_of_unknown_number_are_all_delivered_in_order() {
        for threads in [1, 2, 3] {
            let mut seen = Vec::new();
            let items = (0..500u64).filter(|number| number % 3 != 0);
            let _ = map_in_order(
                items,
                threads,
                |number| number + 1,
                |number| {
                    seen.push(number);
                    ControlFlow::<()>::Continue(())
                },
            );
            let expected: Vec<u64> = (0..500).filter(|n| n % 3 != 0).map(|n| n + 1).collect();
            assert_eq!(seen, expected);
        }
    }

    #[test]
    fn workers_stay_within_the_window_and_stop_when_asked() {
        let started = std::sync::atomic::AtomicUsize::new(0);
        let flow = map_in_order(
            (0..1000).collect::<Vec<usize>>(),
            2,
            |number: usize| {
                started.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                number
            },
            |number| {
                if number == 10 {
                    ControlFlow::Break(number)
                } else {
                    ControlFlow::Continue(())
                }
            },
        );
        assert_eq!(flow, ControlFlow::Break(10));
        let started = started.load(std::sync::atomic::Ordering::SeqCst);
        assert!(started <= 11 + WINDOW_PER_THREAD * 2, "{started} started");
    }
}
