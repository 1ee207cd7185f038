//! The main loop: the initialize handshake, then each message from the
//! client and each lint finished by the worker, in the order they come.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use crossbeam_channel::{select, Receiver, Sender};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    DidChangeConfiguration, DidChangeTextDocument, DidChangeWatchedFiles,
    DidChangeWorkspaceFolders, DidCloseTextDocument, DidOpenTextDocument, DidSaveTextDocument,
    Notification as NotificationTrait, PublishDiagnostics, ShowMessage,
};
use lsp_types::request::{CodeActionRequest, HoverRequest, RegisterCapability, Request as _};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionParams, CodeActionProviderCapability,
    DidChangeWatchedFilesRegistrationOptions, FileSystemWatcher, GlobPattern, HoverParams,
    HoverProviderCapability, InitializeParams, MessageType, PublishDiagnosticsParams, Registration,
    RegistrationParams, SaveOptions, ServerCapabilities, ShowMessageParams,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions, Uri, WorkspaceFoldersServerCapabilities,
    WorkspaceServerCapabilities,
};
use serde::de::DeserializeOwned;

use super::actions::{self, Snapshot, FIX_ALL};
use super::documents::Documents;
use super::encoding::{PositionEncoding, PositionMap};
use super::hover;
use super::options::Options;
use super::pages::RulePages;
use super::uri;
use super::worker::{Job, Linted, Worker};
use super::workspace::{Resolved, Workspace};
use crate::error::Error;

/// The error for a broken connection or a client that breaks the protocol.
fn protocol_error(error: impl std::fmt::Display) -> Error {
    Error::Server {
        message: error.to_string(),
    }
}

/// Initializes the connection and serves the client until it says `exit`;
/// whether `shutdown` came first.
pub fn serve(connection: &Connection) -> Result<bool, Error> {
    let (id, params) = connection.initialize_start().map_err(protocol_error)?;
    let params: InitializeParams = serde_json::from_value(params).map_err(protocol_error)?;
    let encoding = PositionEncoding::negotiate(
        params
            .capabilities
            .general
            .as_ref()
            .and_then(|general| general.position_encodings.as_deref()),
    );
    let result = serde_json::json!({
        "capabilities": capabilities(encoding),
        "serverInfo": { "name": "copydesk", "version": env!("CARGO_PKG_VERSION") },
    });
    connection
        .initialize_finish(id, result)
        .map_err(protocol_error)?;

    let watch = params
        .capabilities
        .workspace
        .as_ref()
        .and_then(|workspace| workspace.did_change_watched_files)
        .and_then(|watched| watched.dynamic_registration)
        .unwrap_or(false);
    let (options, invalid) =
        match Options::from_initialization(params.initialization_options.clone()) {
            Ok(options) => (options, None),
            Err(error) => (Options::default(), Some(error)),
        };
    let (results, linted) = crossbeam_channel::unbounded();
    let mut session = Session {
        sender: connection.sender.clone(),
        encoding,
        documents: Documents::default(),
        workspace: Workspace::new(roots(&params), options.overrides()),
        options,
        pages: Arc::new(RulePages::in_user_cache()),
        worker: Worker::spawn(results).map_err(protocol_error)?,
        reported: BTreeMap::new(),
    };
    if let Some(error) = invalid {
        session.show_error(format!(
            "copydesk: invalid initializationOptions, ignored: {error}"
        ));
    }
    if watch {
        session.watch_toml_files();
    }
    session.run(connection, &linted)
}

/// What the server can do, positions counted in `encoding`.
fn capabilities(encoding: PositionEncoding) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(encoding.kind()),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                    include_text: Some(false),
                })),
                ..TextDocumentSyncOptions::default()
            },
        )),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![
                CodeActionKind::QUICKFIX,
                CodeActionKind::from(FIX_ALL),
            ]),
            ..CodeActionOptions::default()
        })),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        workspace: Some(WorkspaceServerCapabilities {
            workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                supported: Some(true),
                change_notifications: Some(lsp_types::OneOf::Left(true)),
            }),
            file_operations: None,
        }),
        ..ServerCapabilities::default()
    }
}

/// The workspace folders the client names (or its older root URI).
fn roots(params: &InitializeParams) -> Vec<PathBuf> {
    let folders = params.workspace_folders.iter().flatten();
    let mut roots: Vec<PathBuf> = folders
        .filter_map(|folder| uri::to_path(&folder.uri))
        .collect();
    #[allow(deprecated)]
    if roots.is_empty() {
        roots.extend(params.root_uri.as_ref().and_then(uri::to_path));
    }
    roots
}

/// The state of one client's session.
struct Session {
    sender: Sender<Message>,
    encoding: PositionEncoding,
    documents: Documents,
    workspace: Workspace,
    /// The editor's options.
    options: Options,
    /// Where the rules' pages are linked from.
    pages: Arc<RulePages>,
    worker: Worker,
    /// The configuration problems published, by file.
    reported: BTreeMap<Uri, Vec<lsp_types::Diagnostic>>,
}

impl Session {
    /// Handles messages and finished lints until `exit`.
    fn run(&mut self, connection: &Connection, linted: &Receiver<Linted>) -> Result<bool, Error> {
        loop {
            select! {
                recv(connection.receiver) -> message => match message {
                    Err(_) => return Ok(false),
                    Ok(Message::Request(request)) => {
                        if connection.handle_shutdown(&request).map_err(protocol_error)? {
                            return Ok(true);
                        }
                        self.request(request);
                    }
                    Ok(Message::Notification(notification)) => {
                        if notification.method == lsp_types::notification::Exit::METHOD {
                            return Ok(false);
                        }
                        self.notification(notification);
                    }
                    // Answers to `client/registerCapability`.
                    Ok(Message::Response(_)) => {}
                },
                recv(linted) -> result => {
                    if let Ok(result) = result {
                        self.publish_lint(result);
                    }
                }
            }
        }
    }

    /// Sends `message`; a closed output ends the session through the input.
    fn send(&self, message: impl Into<Message>) {
        let _ = self.sender.send(message.into());
    }

    /// Shows the user an error message.
    fn show_error(&self, message: String) {
        let params = ShowMessageParams {
            typ: MessageType::ERROR,
            message,
        };
        self.send(Notification::new(ShowMessage::METHOD.to_owned(), params));
    }

    /// Asks the client to report changes to TOML files: configurations and packs.
    fn watch_toml_files(&self) {
        let options = DidChangeWatchedFilesRegistrationOptions {
            watchers: vec![FileSystemWatcher {
                glob_pattern: GlobPattern::String("**/*.toml".to_owned()),
                kind: None,
            }],
        };
        let params = RegistrationParams {
            registrations: vec![Registration {
                id: "copydesk-watch-toml".to_owned(),
                method: DidChangeWatchedFiles::METHOD.to_owned(),
                register_options: serde_json::to_value(options).ok(),
            }],
        };
        self.send(Request::new(
            RequestId::from("copydesk-watch-toml".to_owned()),
            RegisterCapability::METHOD.to_owned(),
            params,
        ));
    }

    fn request(&mut self, request: Request) {
        let id = request.id.clone();
        match request.method.as_str() {
            CodeActionRequest::METHOD => match parse::<CodeActionParams>(request.params) {
                Ok(params) => self.code_action(id, params),
                Err(response) => self.send(response(id)),
            },
            HoverRequest::METHOD => match parse::<HoverParams>(request.params) {
                Ok(params) => {
                    let hover = self.hover(&params);
                    self.send(Response::new_ok(id, hover));
                }
                Err(response) => self.send(response(id)),
            },
            method => self.send(Response::new_err(
                id,
                ErrorCode::MethodNotFound as i32,
                format!("copydesk does not handle {method}"),
            )),
        }
    }

    fn notification(&mut self, notification: Notification) {
        let Notification { method, params } = notification;
        match method.as_str() {
            DidOpenTextDocument::METHOD => {
                if let Ok(params) =
                    serde_json::from_value::<lsp_types::DidOpenTextDocumentParams>(params)
                {
                    let document = params.text_document;
                    self.documents.open(
                        document.uri.clone(),
                        &document.language_id,
                        document.version,
                        document.text,
                    );
                    self.lint(&document.uri, false);
                }
            }
            DidChangeTextDocument::METHOD => {
                if let Ok(params) =
                    serde_json::from_value::<lsp_types::DidChangeTextDocumentParams>(params)
                {
                    let document = params.text_document;
                    let changed = self.documents.change(
                        &document.uri,
                        document.version,
                        params.content_changes,
                        self.encoding,
                    );
                    if changed.is_some() {
                        self.lint(&document.uri, true);
                    }
                }
            }
            DidSaveTextDocument::METHOD => {
                if let Ok(params) =
                    serde_json::from_value::<lsp_types::DidSaveTextDocumentParams>(params)
                {
                    let saved = params.text_document.uri;
                    if saved.as_str().ends_with(".toml") {
                        self.reload();
                    } else if let Some(document) = self.documents.get_mut(&saved) {
                        document.bump();
                        self.lint(&saved, false);
                    }
                }
            }
            DidCloseTextDocument::METHOD => {
                if let Ok(params) =
                    serde_json::from_value::<lsp_types::DidCloseTextDocumentParams>(params)
                {
                    let uri = params.text_document.uri;
                    self.documents.close(&uri);
                    self.publish(uri, None, Vec::new());
                }
            }
            DidChangeWatchedFiles::METHOD => self.reload(),
            DidChangeConfiguration::METHOD => {
                let settings =
                    serde_json::from_value::<lsp_types::DidChangeConfigurationParams>(params)
                        .map(|params| params.settings)
                        .unwrap_or_default();
                match Options::from_settings(settings) {
                    Some(Ok(options)) if options != self.options => {
                        self.workspace.set_overrides(options.overrides());
                        self.options = options;
                        self.reload();
                    }
                    None | Some(Ok(_)) => {}
                    Some(Err(error)) => self.show_error(format!(
                        "copydesk: invalid settings, the previous ones stay: {error}"
                    )),
                }
            }
            DidChangeWorkspaceFolders::METHOD => {
                if let Ok(params) =
                    serde_json::from_value::<lsp_types::DidChangeWorkspaceFoldersParams>(params)
                {
                    let removed: Vec<PathBuf> = params
                        .event
                        .removed
                        .iter()
                        .filter_map(|folder| uri::to_path(&folder.uri))
                        .collect();
                    let added = params
                        .event
                        .added
                        .iter()
                        .filter_map(|folder| uri::to_path(&folder.uri));
                    self.workspace.set_roots(removed, added.collect());
                    self.reload();
                }
            }
            _ => {}
        }
    }

    /// Reads every configuration again and lints every open document anew.
    fn reload(&mut self) {
        self.workspace.reload();
        for uri in self.documents.uris() {
            if let Some(document) = self.documents.get_mut(&uri) {
                document.bump();
            }
            self.lint(&uri, false);
        }
        self.publish_problems();
    }

    /// Queues the current version of `uri` for linting (after the debounce
    /// delay when `debounce`), or publishes nothing for it when nothing runs
    /// on it.
    fn lint(&mut self, uri: &Uri, debounce: bool) {
        let Some(document) = self.documents.get(uri) else {
            return;
        };
        let path = document.path.clone();
        let resolved = self
            .workspace
            .resolve(path.as_deref(), document.markdown, self.encoding);
        for message in self.workspace.take_misfits() {
            self.show_error(message);
        }
        let Some(document) = self.documents.get_mut(uri) else {
            return;
        };
        let Resolved::Lint(linter, rules) = resolved else {
            document.linter = None;
            let version = Some(document.version);
            self.publish(uri.clone(), version, Vec::new());
            self.publish_problems();
            return;
        };
        document.linter = Some((Arc::clone(&linter), rules.clone()));
        self.worker.lint(Job {
            uri: uri.clone(),
            version: document.version,
            generation: document.generation(),
            latest: Arc::clone(&document.generation),
            text: Arc::clone(&document.text),
            index: Arc::clone(&document.index),
            linter,
            rules,
            encoding: self.encoding,
            pages: Arc::clone(&self.pages),
            debounce,
        });
    }

    /// Publishes a finished lint, unless the document changed meanwhile.
    fn publish_lint(&mut self, linted: Linted) {
        let Some(document) = self.documents.get_mut(&linted.uri) else {
            return;
        };
        if document.generation() != linted.generation {
            return;
        }
        document.linted = Some(Arc::new(linted.diagnostics));
        self.publish(linted.uri, Some(linted.version), linted.published);
    }

    fn publish(&self, uri: Uri, version: Option<i32>, diagnostics: Vec<lsp_types::Diagnostic>) {
        let params = PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        };
        self.send(Notification::new(
            PublishDiagnostics::METHOD.to_owned(),
            params,
        ));
    }

    /// Publishes the configuration problems that changed: new ones on their
    /// files, and nothing on the files that were repaired.
    fn publish_problems(&mut self) {
        let mut current: BTreeMap<Uri, Vec<lsp_types::Diagnostic>> = BTreeMap::new();
        for problem in self.workspace.problems() {
            current
                .entry(problem.uri.clone())
                .or_default()
                .push(problem.diagnostic.clone());
        }
        for uri in self.reported.keys() {
            if !current.contains_key(uri) {
                self.publish(uri.clone(), None, Vec::new());
            }
        }
        for (uri, diagnostics) in &current {
            if self.reported.get(uri) != Some(diagnostics) {
                self.publish(uri.clone(), None, diagnostics.clone());
            }
        }
        self.reported = current;
    }

    /// Answers a code action request on a thread of its own: a fix-all over
    /// a large document must not hold up the loop.
    fn code_action(&self, id: RequestId, params: CodeActionParams) {
        let uri = params.text_document.uri;
        let snapshot = self.documents.get(&uri).and_then(|document| {
            let (linter, rules) = document.linter.clone()?;
            Some(Snapshot {
                uri: uri.clone(),
                text: Arc::clone(&document.text),
                index: Arc::clone(&document.index),
                encoding: self.encoding,
                linter,
                rules,
                diagnostics: document.linted.clone(),
                pages: Arc::clone(&self.pages),
                fix_level: self.options.fix_level(),
            })
        });
        let Some(snapshot) = snapshot else {
            self.send(Response::new_ok(id, Vec::<()>::new()));
            return;
        };
        let sender = self.sender.clone();
        let reply_to = id.clone();
        let only = params.context.only;
        let range = params.range;
        let spawned = std::thread::Builder::new()
            .name("copydesk-code-action".to_owned())
            .spawn(move || {
                let actions = actions::code_actions(&snapshot, range, only.as_deref());
                let _ = sender.send(Response::new_ok(id, actions).into());
            });
        if let Err(error) = spawned {
            self.send(Response::new_err(
                reply_to,
                ErrorCode::InternalError as i32,
                error.to_string(),
            ));
        }
    }

    fn hover(&self, params: &HoverParams) -> Option<lsp_types::Hover> {
        let position = &params.text_document_position_params;
        let document = self.documents.get(&position.text_document.uri)?;
        let (linter, _) = document.linter.as_ref()?;
        let diagnostics = document.linted.as_ref()?;
        let map = PositionMap::new(&document.text, &document.index, self.encoding);
        hover::hover(diagnostics, linter, &map, position.position)
    }
}

/// The parameters of a request, or the error response for bad ones.
fn parse<P: DeserializeOwned>(
    params: serde_json::Value,
) -> Result<P, impl FnOnce(RequestId) -> Response> {
    serde_json::from_value(params).map_err(|error| {
        move |id| Response::new_err(id, ErrorCode::InvalidParams as i32, error.to_string())
    })
}
