//! The single integration-test binary (one link, as in ripgrep).

mod cli;
mod fixtures;
mod meta;
mod mixed;
mod properties;
