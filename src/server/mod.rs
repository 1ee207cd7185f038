/*!
`copydesk server`: a Language Server Protocol server over standard input and
output, a thin face over [`crate::Linter`]. It lints plain text and Markdown
as `copydesk check` does (the nearest `copydesk.toml`, packs, per-file
settings, suppression comments) while the writer types.

# Brief overview

- [`run`] speaks the protocol on standard input and output until the client
  says `exit`; nothing but protocol messages reaches standard output.
- `session` is the main loop: it keeps the open documents in step with
  incremental changes, answers requests, and publishes diagnostics.
- `worker` lints on a thread of its own, debounced after a change and given
  up as soon as a newer version arrives, so a request is never kept waiting
  by the lint of a 5 MB one-line file.
- `encoding` converts byte offsets to the client's positions (UTF-16 by
  default, UTF-8 when offered: LSP 3.17 `positionEncoding`); `convert`
  turns diagnostics into the protocol's; `actions` makes code actions of
  fixes and suppression comments; `hover` shows rule documentation and
  `pages` writes it where `codeDescription` links; `workspace` finds and
  reloads configurations, with the editor's `options` over them, reporting
  an invalid one as a diagnostic on its file.
*/

mod actions;
mod convert;
mod documents;
mod encoding;
mod hover;
mod options;
mod pages;
mod session;
mod uri;
mod worker;
mod workspace;

use lsp_server::Connection;

use crate::error::Error;

pub use actions::FIX_ALL;

/// Serves one client on standard input and output, until it says `exit`.
/// Returns whether the client shut the server down as the protocol asks
/// (`shutdown`, then `exit`): the process then exits with 0, and with 1
/// otherwise.
pub fn run() -> Result<bool, Error> {
    let (connection, threads) = Connection::stdio();
    let clean = session::serve(&connection);
    drop(connection);
    threads.join().map_err(|error| Error::Server {
        message: format!("standard input or output failed: {error}"),
    })?;
    clean
}
