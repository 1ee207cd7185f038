//! The single integration-test binary (one link, as in ripgrep).

mod cli;
mod common;
mod config;
mod fixtures;
#[cfg(unix)]
mod io_safety;
mod jsonl;
mod markdown;
mod meta;
mod mixed;
mod packs;
mod properties;
mod server;
mod streaming;
