//! [`Linter`]: the rules of one configuration, ready to lint and fix texts.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use globset::GlobMatcher;

use crate::config::{Named, Settings};
use crate::corpus::SharedCounts;
use crate::diagnostic::{Diagnostic, Severity, Span};
use crate::document::Document;
use crate::error::Error;
use crate::fix::Applicability;
use crate::fix_loop::{self, FixOutcome};
use crate::markdown;
use crate::packs::{self, PackEngine, PackRule};
use crate::registry::{self, Selection};
use crate::rule::{Category, Rule, RuleId, RuleMeta, RuleOptions, RuleSet, Scope};
use crate::rules::unused_suppression;
use crate::suppression;

/// The rules of one configuration, ready to lint or fix any number of texts
/// (from any number of threads).
pub struct Linter {
    rules: Vec<Box<dyn Rule>>,
    packs: PackEngine,
    /// Every rule known: built-in rules, then pack rules.
    metas: Vec<RuleMeta>,
    /// The rules that run, unless a per-file entry says otherwise.
    enabled: RuleSet,
    /// The rules that the selection names themselves (not by category).
    named: RuleSet,
    /// The rules of [`Scope::Run`], which a plain file gets only when a
    /// selection names them.
    run_scoped: RuleSet,
    /// Configured severities, by rule name.
    severities: BTreeMap<String, Severity>,
    per_file: Vec<PerFileRules>,
    exclude: Vec<GlobMatcher>,
}

/// A `[[per-file]]` entry, resolved to rules.
struct PerFileRules {
    glob: GlobMatcher,
    select: Option<RuleSet>,
    /// The rules `select` names themselves.
    named: RuleSet,
    ignore: RuleSet,
}

/// What the linter does with one file, resolved once for every pass over it.
#[derive(Debug, Clone)]
pub struct FileRules {
    /// The rules that run on the file. A pack rule that neither the
    /// linter's selection nor a `[[per-file]]` entry enables was never
    /// compiled: added here, it finds nothing.
    pub enabled: RuleSet,
    /// Whether the file is Markdown (code, HTML and links hidden from rules).
    pub markdown: bool,
    /// Whether each text is a record of a corpus (see [`crate::corpus`])
    /// rather than a whole file: it needs no final newline.
    pub record: bool,
    /// What recurs across the documents of the run, for the rules of
    /// [`Scope::Run`]; without it, they find nothing.
    pub shared: Option<Arc<SharedCounts>>,
}

impl std::fmt::Debug for Linter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Linter")
            .field("enabled", &self.enabled)
            .finish_non_exhaustive()
    }
}

impl Linter {
    /// A linter running the built-in rules and packs that `selection` picks.
    pub fn new(selection: &Selection) -> Result<Self, Error> {
        Self::from_settings(&Settings {
            select: selection.select.iter().map(Named::cli).collect(),
            ignore: selection.ignore.iter().map(Named::cli).collect(),
            ..Settings::default()
        })
    }

    /// A linter running exactly `rules`, with no packs.
    pub fn with_rules(rules: Vec<Box<dyn Rule>>) -> Self {
        let metas: Vec<RuleMeta> = rules.iter().map(|rule| rule.meta().clone()).collect();
        Self {
            enabled: RuleSet::all(metas.len()),
            named: RuleSet::all(metas.len()),
            run_scoped: run_scoped(&metas),
            rules,
            packs: PackEngine::default(),
            metas,
            severities: BTreeMap::new(),
            per_file: Vec::new(),
            exclude: Vec::new(),
        }
    }

    /// A linter for `settings`: built-in rules with their options, built-in
    /// and configured packs, selection, severities and per-file overrides.
    pub fn from_settings(settings: &Settings) -> Result<Self, Error> {
        let options: BTreeMap<String, RuleOptions> = settings
            .rules
            .iter()
            .map(|(name, rule)| (name.clone(), rule.options.clone()))
            .collect();
        let rules =
            registry::builtin_rules(&options).map_err(|error| option_error(settings, error))?;

        let mut taken: BTreeSet<String> = rules
            .iter()
            .map(|rule| rule.meta().name.to_string())
            .collect();
        // The built-in packs are read for their rules' names first, and
        // compiled once the selection is known, only if some file may run
        // them. A configured pack is compiled at once, so that its errors
        // stop the run whatever the selection.
        let taken_by_builtin_rules = taken.clone();
        let builtin_outline = packs::builtin_pack_rules_compiling(&mut taken, &|_| false)?;
        let mut configured_rules = Vec::new();
        for pack in &settings.packs {
            let text = crate::config::read_pack(&pack.name).map_err(|error| {
                settings.error(
                    pack.span.clone(),
                    format!("cannot read pack {}: {error}", pack.name),
                    "pack paths are relative to the configuration file",
                )
            })?;
            configured_rules.extend(packs::parse_pack(&pack.name, &text, &mut taken)?);
        }
        let pack_rules: Vec<&PackRule> = builtin_outline.iter().chain(&configured_rules).collect();
        for pack_rule in &pack_rules {
            let configured = settings.rules.get(pack_rule.meta().name.as_ref());
            if let Some(rule) = configured.filter(|rule| !rule.options.is_empty()) {
                return Err(settings.error(
                    rule.span.clone(),
                    format!("pack rule \"{}\" takes no options", pack_rule.meta().name),
                    "only `severity` can be set for a pack rule",
                ));
            }
        }
        let metas: Vec<RuleMeta> = rules
            .iter()
            .map(|rule| rule.meta().clone())
            .chain(pack_rules.iter().map(|rule| rule.meta().clone()))
            .collect();
        for (name, rule) in &settings.rules {
            if !metas.iter().any(|meta| meta.name == *name) {
                return Err(settings.error(
                    rule.span.clone(),
                    format!("no rule is called \"{name}\""),
                    known_names(&metas),
                ));
            }
        }
        let selected = if settings.select.is_empty() {
            RuleSet::all(metas.len())
        } else {
            resolve(settings, &settings.select, &metas)?
        };
        let ignored = resolve(settings, &settings.ignore, &metas)?;
        let enabled = selected.difference(&ignored);
        let named = named_themselves(&settings.select, &metas);

        let mut per_file = Vec::with_capacity(settings.per_file.len());
        for entry in &settings.per_file {
            per_file.push(PerFileRules {
                glob: entry.glob.clone(),
                select: if entry.select.is_empty() {
                    None
                } else {
                    Some(resolve(settings, &entry.select, &metas)?)
                },
                named: named_themselves(&entry.select, &metas),
                ignore: resolve(settings, &entry.ignore, &metas)?,
            });
        }
        // Every rule that some file may run: the selection's, and those a
        // `[[per-file]]` entry selects.
        let may_run = per_file
            .iter()
            .filter_map(|entry| entry.select.as_ref())
            .fold(enabled.clone(), |all, select| all.union(select));
        let may_run_named = |name: &str| {
            metas
                .iter()
                .position(|meta| meta.name == name)
                .is_some_and(|index| may_run.contains(RuleId(index)))
        };
        let mut pack_rules = if builtin_outline
            .iter()
            .any(|rule| may_run_named(&rule.meta().name))
        {
            packs::builtin_pack_rules_compiling(
                &mut taken_by_builtin_rules.clone(),
                &may_run_named,
            )?
        } else {
            builtin_outline
        };
        pack_rules.extend(configured_rules);
        let packs = PackEngine::new(pack_rules)?;
        Ok(Self {
            rules,
            packs,
            run_scoped: run_scoped(&metas),
            metas,
            enabled,
            named,
            severities: settings
                .rules
                .iter()
                .filter_map(|(name, rule)| Some((name.clone(), rule.severity?)))
                .collect(),
            per_file,
            exclude: settings.exclude.clone(),
        })
    }

    /// Whether the configuration's `exclude` globs match the file at `path`.
    pub fn excludes(&self, path: &Path) -> bool {
        let absolute = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        self.exclude
            .iter()
            .any(|glob| glob.is_match(&absolute) || glob.is_match(path))
    }

    /// Every rule this linter knows, enabled or not: built-in rules, then pack rules.
    pub fn all_metas(&self) -> &[RuleMeta] {
        &self.metas
    }

    /// The metadata of the rules that run (without per-file overrides).
    pub fn metas(&self) -> impl Iterator<Item = &RuleMeta> {
        self.metas
            .iter()
            .enumerate()
            .filter(|(index, _)| self.enabled.contains(RuleId(*index)))
            .map(|(_, meta)| meta)
    }

    /// What runs on the file at `path` (a text with no name when `None`):
    /// the rules (`[[per-file]]` entries apply in order; later ones win) and
    /// whether it is Markdown. Rules of [`Scope::Run`] run on a file only
    /// when the selection that applies names them themselves.
    pub fn file_rules(&self, path: Option<&Path>) -> FileRules {
        let (enabled, named) = self.rules_at(path);
        FileRules {
            enabled: enabled.difference(&self.run_scoped.difference(&named)),
            markdown: path.is_some_and(markdown::is_markdown),
            record: false,
            shared: None,
        }
    }

    /// What runs on each record of the JSON Lines corpus at `path` (a text
    /// with no name when `None`): as [`Linter::file_rules`], with `record`
    /// set, and the rules of [`Scope::Run`] on by default.
    pub fn record_rules(&self, path: Option<&Path>) -> FileRules {
        let (enabled, _) = self.rules_at(path);
        FileRules {
            enabled,
            markdown: path.is_some_and(markdown::is_markdown),
            record: true,
            shared: None,
        }
    }

    /// The rules enabled at `path` by the selection and the `[[per-file]]`
    /// entries, and those of them that the applying selection names themselves.
    fn rules_at(&self, path: Option<&Path>) -> (RuleSet, RuleSet) {
        let mut enabled = self.enabled.clone();
        let mut named = self.named.clone();
        let Some(path) = path else {
            return (enabled, named);
        };
        if !self.per_file.is_empty() {
            let absolute = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
            for entry in self
                .per_file
                .iter()
                .filter(|entry| entry.glob.is_match(&absolute) || entry.glob.is_match(path))
            {
                if let Some(select) = &entry.select {
                    enabled = select.clone();
                    named = entry.named.clone();
                }
                enabled = enabled.difference(&entry.ignore);
            }
        }
        (enabled, named)
    }

    /// Whether a rule that learns from the whole run ([`Scope::Run`]) runs
    /// with `file`: the run must count units across its documents first
    /// (see [`Linter::shared_units`]).
    pub fn learns_from_run(&self, file: &FileRules) -> bool {
        self.metas
            .iter()
            .enumerate()
            .any(|(index, meta)| meta.scope == Scope::Run && file.enabled.contains(RuleId(index)))
    }

    /// The hashes of the units of `text` that the rules of [`Scope::Run`]
    /// enabled in `file` count across the documents of a run, sorted and
    /// each once; add them to a [`SharedCounts`] with
    /// [`SharedCounts::add_document`]. The text is seen as the rules see it
    /// when they check it (Markdown code and suppression comments hidden).
    pub fn shared_units(&self, text: &str, file: &FileRules) -> Vec<u64> {
        let mut units = Vec::new();
        if !self.learns_from_run(file) {
            return units;
        }
        let masked = MaskedText::new(text, file.markdown);
        let document = Document::new(&masked.seen)
            .with_markdown(file.markdown)
            .with_record(file.record);
        for (index, rule) in self.rules.iter().enumerate() {
            if self.metas[index].scope == Scope::Run && file.enabled.contains(RuleId(index)) {
                rule.shared_units(&document, &mut units);
            }
        }
        units.sort_unstable();
        units.dedup();
        units
    }

    /// Counts `texts` as the documents of one run, each with the rules of
    /// `file`: the table that [`FileRules::shared`] hands the rules of
    /// [`Scope::Run`] when they check each of them.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use copydesk::{Linter, Selection};
    ///
    /// let linter = Linter::new(&Selection::default())?;
    /// let chrome = "Listen to the Valley Briefing podcast every weekday morning on your way to work";
    /// let texts: Vec<String> = ["harbour", "library", "orchard", "bridge", "market"]
    ///     .iter()
    ///     .map(|topic| {
    ///         format!(
    ///             "The {topic} reopened on Friday after a long winter of repairs, and the \
    ///              council expects more visitors than ever this spring.\n{chrome}\n"
    ///         )
    ///     })
    ///     .collect();
    /// let mut rules = linter.record_rules(None);
    /// rules.shared = Some(Arc::new(linter.count_shared(texts.iter().map(String::as_str), &rules)));
    /// let found = linter.lint_file(&texts[0], &rules);
    /// assert_eq!(found.len(), 1);
    /// assert_eq!(found[0].rule, "shared-boilerplate");
    /// // Without the counts, a text on its own has no run to learn from.
    /// assert!(linter.lint(&texts[0]).is_empty());
    /// # Ok::<(), copydesk::Error>(())
    /// ```
    pub fn count_shared<'t>(
        &self,
        texts: impl IntoIterator<Item = &'t str>,
        file: &FileRules,
    ) -> SharedCounts {
        let mut counts = SharedCounts::new();
        for text in texts {
            counts.add_document(&self.shared_units(text, file));
        }
        counts.finish();
        counts
    }

    /// Every diagnostic for `text`, sorted by position, then rule name.
    pub fn lint(&self, text: &str) -> Vec<Diagnostic> {
        self.lint_path(text, None)
    }

    /// Every diagnostic for `text`, the contents of the file at `path` (which
    /// decides the `[[per-file]]` overrides), sorted by position, then rule.
    ///
    /// In a Markdown file (`.md`, `.markdown`), code, HTML, link targets and
    /// front matter are hidden from the rules (see [`crate::markdown`]).
    /// Suppression comments drop what they cover, and unused ones are
    /// reported. No echoes: a diagnostic that lies wholly inside text another
    /// rule deletes (a repeated copy, leftover script) is dropped, so a
    /// problem in a repeated passage is reported once, where it first occurs.
    pub fn lint_path(&self, text: &str, path: Option<&Path>) -> Vec<Diagnostic> {
        self.lint_file(text, &self.file_rules(path))
    }

    /// Every diagnostic for `text`, with the rules of one file resolved by
    /// [`Linter::file_rules`].
    pub fn lint_file(&self, text: &str, file: &FileRules) -> Vec<Diagnostic> {
        self.lint_file_unless(text, file, &|| false)
            .unwrap_or_default()
    }

    /// [`Linter::lint_file`] that gives up, returning `None`, as soon as
    /// `cancelled` says so; it is asked between one rule and the next. The
    /// language server lints on a worker thread this way, so that a newer
    /// version of a document stops the lint of an older one.
    pub fn lint_file_unless(
        &self,
        text: &str,
        file: &FileRules,
        cancelled: &dyn Fn() -> bool,
    ) -> Option<Vec<Diagnostic>> {
        let enabled = &file.enabled;
        let MaskedText {
            seen,
            mut suppressions,
            structure,
            hidden,
        } = MaskedText::new(text, file.markdown);
        let document = Document::new(&seen)
            .with_markdown(file.markdown)
            .with_record(file.record)
            .with_shared_counts(file.shared.as_deref());
        let mut diagnostics = Vec::new();
        // Where nothing is hidden or suppressed, the echoes inside repeated
        // copies go as each rule finishes (see `EarlyEchoes`), so that the
        // findings of a text repeated many times are never all held at once.
        let mut early_echoes =
            (hidden.is_empty() && suppressions.is_empty()).then(EarlyEchoes::default);
        // `repeated-passage` first, so that the echoes of every other rule
        // can go early; the order of the rules changes nothing else (their
        // findings are sorted at the end).
        let copies_first = self.id(crate::rules::repeated_passage::META.name.as_ref());
        let order = copies_first
            .into_iter()
            .map(|id| id.0)
            .chain((0..self.rules.len()).filter(|&index| Some(RuleId(index)) != copies_first));
        for index in order {
            let rule = &self.rules[index];
            if enabled.contains(RuleId(index)) {
                if cancelled() {
                    return None;
                }
                let from = diagnostics.len();
                rule.check(&document, &mut diagnostics);
                if let Some(early_echoes) = &mut early_echoes {
                    early_echoes.after_rule(rule.meta(), &mut diagnostics, from);
                }
            }
        }
        let first_pack_rule = self.rules.len();
        if enabled.any_from(RuleId(first_pack_rule)) {
            if cancelled() {
                return None;
            }
            let from = diagnostics.len();
            self.packs.check(
                &document,
                &|index| enabled.contains(RuleId(first_pack_rule + index)),
                &mut diagnostics,
            );
            if let Some(early_echoes) = &mut early_echoes {
                early_echoes.after_packs(&mut diagnostics, from);
            }
        }
        if !hidden.is_empty() {
            diagnostics.retain(|diagnostic| {
                let mut edits = diagnostic.fix.iter().flat_map(|fix| fix.edits.iter());
                !markdown::touches(&hidden, diagnostic.span.start, diagnostic.span.end)
                    && !edits.any(|edit| markdown::touches(&hidden, edit.start, edit.end))
            });
            // A fix that takes a link's bracket leaves its hidden target
            // behind as text: the finding stays, without the fix.
            let brackets = markdown::link_brackets(text, &hidden);
            if !brackets.is_empty() {
                for diagnostic in &mut diagnostics {
                    let breaks_link =
                        diagnostic
                            .fix
                            .iter()
                            .flat_map(|fix| fix.edits.iter())
                            .any(|edit| {
                                let first = brackets.partition_point(|&at| at < edit.start);
                                brackets.get(first).is_some_and(|&at| at < edit.end)
                            });
                    if breaks_link {
                        diagnostic.fix = None;
                    }
                }
            }
        }

        suppression::apply(&mut suppressions, &mut diagnostics, |name| self.meta(name));
        let unused_suppression_runs = self
            .id(unused_suppression::META.name.as_ref())
            .is_some_and(|id| enabled.contains(id));
        if unused_suppression_runs {
            for unused in suppressions.iter().filter(|suppression| !suppression.used) {
                let names_running_rule = unused.names.is_empty()
                    || unused.names.iter().any(|name| {
                        self.metas.iter().enumerate().any(|(index, meta)| {
                            meta.is_named_by(name) && enabled.contains(RuleId(index))
                        })
                    });
                if names_running_rule {
                    diagnostics.push(unused_suppression::diagnostic(text, unused, &structure));
                }
            }
        }

        drop_echoes(&mut diagnostics);
        for diagnostic in &mut diagnostics {
            if let Some(&severity) = self.severities.get(diagnostic.rule.as_ref()) {
                diagnostic.severity = severity;
            }
        }
        diagnostics.sort_by(|a, b| {
            (a.span.start, a.span.end, &a.rule).cmp(&(b.span.start, b.span.end, &b.rule))
        });
        Some(diagnostics)
    }

    /// The metadata of the rule called `name`.
    pub fn meta(&self, name: &str) -> Option<&RuleMeta> {
        self.metas.iter().find(|meta| meta.name == name)
    }

    /// The id of the rule called `name`.
    pub fn id(&self, name: &str) -> Option<RuleId> {
        self.metas
            .iter()
            .position(|meta| meta.name == name)
            .map(RuleId)
    }

    /// Applies every fix allowed at `level`, re-linting after each pass until
    /// nothing changes; returns the fixed text and what remains.
    pub fn fix(&self, text: &str, level: Applicability) -> Result<FixOutcome, Error> {
        self.fix_path(text, None, level)
    }

    /// [`Linter::fix`] for the contents of the file at `path`.
    pub fn fix_path(
        &self,
        text: &str,
        path: Option<&Path>,
        level: Applicability,
    ) -> Result<FixOutcome, Error> {
        self.fix_file(text, &self.file_rules(path), level)
    }

    /// [`Linter::fix`], with the rules of one file resolved by
    /// [`Linter::file_rules`]. Given an owned `String`, the text is fixed
    /// in place rather than copied.
    pub fn fix_file(
        &self,
        text: impl Into<String>,
        file: &FileRules,
        level: Applicability,
    ) -> Result<FixOutcome, Error> {
        let lint = |current: &str| self.lint_file(current, file);
        if file.markdown {
            // No pass may change a line of code, or turn prose into code.
            fix_loop::fix_until_stable_keeping(text, level, lint, |before, after| {
                markdown::code_pieces(before) == markdown::code_pieces(after)
            })
        } else {
            fix_loop::fix_until_stable(text, level, lint)
        }
    }
}

/// A text as the rules see it, and what was hidden from them.
struct MaskedText<'t> {
    /// The text with the hidden ranges blanked out (offsets unchanged).
    seen: Cow<'t, str>,
    /// The suppression comments, outside code.
    suppressions: Vec<suppression::Suppression>,
    /// Each Markdown block that is not prose, on its own.
    structure: Vec<Range<usize>>,
    /// What is hidden, sorted and disjoint.
    hidden: Vec<Range<usize>>,
}

impl<'t> MaskedText<'t> {
    /// Rules see only the prose: suppression comments (directives, not
    /// text) and, in Markdown, code, HTML and link targets are blanked out
    /// (offsets unchanged), and what touches them is dropped. In Markdown,
    /// a suppression comment inside code or front matter is an example or
    /// data, not a directive.
    fn new(text: &'t str, is_markdown: bool) -> Self {
        let code = if is_markdown {
            markdown::code_ranges(text)
        } else {
            Vec::new()
        };
        let suppressions = suppression::parse_outside(text, &code);
        // Each Markdown block on its own, for fixes that must stay out of
        // every block but their own.
        let structure = if is_markdown {
            markdown::non_prose_blocks(text)
        } else {
            Vec::new()
        };
        let mut hidden = structure.clone();
        if !suppressions.is_empty() {
            hidden.extend(suppression::comment_ranges(text));
        }
        let hidden = markdown::sorted_disjoint(hidden);
        let seen = if hidden.is_empty() {
            Cow::Borrowed(text)
        } else {
            Cow::Owned(markdown::mask(text, &hidden))
        };
        Self {
            seen,
            suppressions,
            structure,
            hidden,
        }
    }
}

/// The rules of [`Scope::Run`] among `metas`.
fn run_scoped(metas: &[RuleMeta]) -> RuleSet {
    let mut set = RuleSet::default();
    for (index, meta) in metas.iter().enumerate() {
        if meta.scope == Scope::Run {
            set.insert(RuleId(index));
        }
    }
    set
}

/// The rules that `names` name themselves, not by their category.
fn named_themselves(names: &[Named], metas: &[RuleMeta]) -> RuleSet {
    let mut set = RuleSet::default();
    for (index, meta) in metas.iter().enumerate() {
        if names.iter().any(|named| meta.name == named.name) {
            set.insert(RuleId(index));
        }
    }
    set
}

/// "valid rules: …; categories: …", for error help.
fn known_names(metas: &[RuleMeta]) -> String {
    let rules: Vec<&str> = metas.iter().map(|meta| meta.name.as_ref()).collect();
    format!("valid rules: {}", rules.join(", "))
}

/// The rules that `names` (rules or categories) stand for.
fn resolve(settings: &Settings, names: &[Named], metas: &[RuleMeta]) -> Result<RuleSet, Error> {
    let mut resolved = RuleSet::default();
    for named in names {
        let mut found = false;
        for (index, meta) in metas.iter().enumerate() {
            if meta.is_named_by(&named.name) {
                resolved.insert(RuleId(index));
                found = true;
            }
        }
        let is_category = Category::from_name(&named.name).is_some();
        if !found && !is_category {
            let categories: BTreeSet<&str> = Category::ALL
                .iter()
                .map(|category| category.as_str())
                .chain(metas.iter().map(|meta| meta.category.as_ref()))
                .collect();
            let rules: Vec<&str> = metas.iter().map(|meta| meta.name.as_ref()).collect();
            let categories = categories.into_iter().collect::<Vec<_>>().join(", ");
            return Err(match &named.span {
                Some(span) => settings.error(
                    Some(span.clone()),
                    format!("unknown rule or category \"{}\"", named.name),
                    format!(
                        "valid rules: {}\nvalid categories: {categories}",
                        rules.join(", ")
                    ),
                ),
                None => Error::UnknownSelector {
                    name: named.name.clone(),
                    rules: rules.join(", "),
                    categories,
                },
            });
        }
    }
    Ok(resolved)
}

/// A rule option error, pointed at the offending key of the configuration.
fn option_error(settings: &Settings, error: Error) -> Error {
    let Error::RuleOption { rule, key, message } = &error else {
        return error;
    };
    let Some(table) = settings.rules.get(rule).and_then(|rule| rule.span.clone()) else {
        return error;
    };
    let text = settings
        .source
        .as_ref()
        .map_or("", |(_, text)| text.as_str());
    let span = key
        .as_ref()
        .and_then(|key| {
            text.get(table.clone())?
                .find(key.as_str())
                .map(|offset| table.start + offset..table.start + offset + key.len())
        })
        .unwrap_or(table);
    settings.error(
        Some(span),
        format!("rule \"{rule}\": {message}"),
        "see `copydesk rule NAME` for the rule's options",
    )
}

/// The copies that `repeated-passage` deletes, for dropping the echoes
/// inside them as each later rule finishes rather than all at the end
/// ([`drop_echoes`] still runs then, and gives the same result: this only
/// drops early what it would drop).
///
/// A diagnostic of another rule that lies wholly inside a copy's span is
/// an echo unless the copy's deletion yields: only to a deletion of another
/// rule that it contains and that contains it, which then holds the
/// diagnostic too, unless it is of the diagnostic's own rule. So a rule's
/// findings inside a copy that any of its own deletions overlaps are all
/// left for the end, and so is everything when suppression comments or
/// hidden Markdown could change what the end sees. (A deletion that
/// yields in turn to a third one that holds all but a separator of the
/// copy could in theory keep a finding on that separator; the outputs of
/// every test set and corpus were compared byte for byte with and without
/// this, and are the same.)
#[derive(Default)]
struct EarlyEchoes {
    /// The copies: each diagnostic's span and its deleted span, sorted.
    copies: Vec<(Span, Span)>,
}

impl EarlyEchoes {
    /// Takes in the diagnostics from index `from` on, which `rule` added.
    fn after_rule(&mut self, rule: &RuleMeta, diagnostics: &mut Vec<Diagnostic>, from: usize) {
        if rule.name == crate::rules::repeated_passage::META.name {
            self.copies = diagnostics[from..]
                .iter()
                .filter_map(|diagnostic| Some((diagnostic.span, deleted_span(diagnostic)?)))
                .collect();
            self.copies.sort_unstable();
        } else {
            self.drop_inside_copies(diagnostics, from, |_| true);
        }
    }

    /// Takes in the diagnostics from index `from` on, which the pack rules
    /// added (several rules: each is kept apart).
    fn after_packs(&mut self, diagnostics: &mut Vec<Diagnostic>, from: usize) {
        let rules: BTreeSet<String> = diagnostics[from..]
            .iter()
            .map(|diagnostic| diagnostic.rule.to_string())
            .collect();
        for rule in rules {
            self.drop_inside_copies(diagnostics, from, |diagnostic| {
                diagnostic.rule == rule.as_str()
            });
        }
    }

    /// Drops the diagnostics from index `from` on that `of_rule` takes
    /// (all of one rule) and that lie inside a copy none of their rule's
    /// deletions overlaps.
    fn drop_inside_copies(
        &self,
        diagnostics: &mut Vec<Diagnostic>,
        from: usize,
        of_rule: impl Fn(&Diagnostic) -> bool,
    ) {
        if self.copies.is_empty() {
            return;
        }
        let mut contested = vec![false; self.copies.len()];
        for diagnostic in diagnostics[from..]
            .iter()
            .filter(|diagnostic| of_rule(diagnostic))
        {
            let Some(deleted) = deleted_span(diagnostic) else {
                continue;
            };
            let first = self
                .copies
                .partition_point(|(_, copy)| copy.end <= deleted.start);
            for (index, (_, copy)) in self.copies.iter().enumerate().skip(first) {
                if copy.start >= deleted.end {
                    break;
                }
                contested[index] = true;
            }
        }
        let copies = &self.copies;
        let is_echo = |diagnostic: &Diagnostic| {
            let at = copies.partition_point(|(span, _)| span.start <= diagnostic.span.start);
            at.checked_sub(1)
                .is_some_and(|index| copies[index].0.contains(diagnostic.span) && !contested[index])
        };
        let mut position = 0;
        diagnostics.retain(|diagnostic| {
            let keep = position < from || !(of_rule(diagnostic) && is_echo(diagnostic));
            position += 1;
            keep
        });
    }
}

/// The span a diagnostic's fix deletes outright, when the fix is one deletion
/// that covers the whole diagnostic.
fn deleted_span(diagnostic: &Diagnostic) -> Option<Span> {
    match diagnostic.fix.as_ref()?.edits.as_slice() {
        [edit] if edit.replacement.is_empty() && edit.span().contains(diagnostic.span) => {
            Some(edit.span())
        }
        _ => None,
    }
}

/// Removes diagnostics that lie wholly inside text that other rules delete.
///
/// Deleted text is taken as a whole: a diagnostic across the seam between two
/// deleted copies side by side ("… don" | "t …") lies inside deleted text too.
/// For each rule, the deletions of every other rule are merged once into
/// sorted, disjoint spans, and each diagnostic is checked with one binary
/// search.
///
/// Two rules that delete the same text (`boilerplate` and
/// `shared-boilerplate` on one chrome line) would each lie inside the
/// other's deletion; the one reported is the one that deletes more, or, for
/// deletions of one length, the rule whose name sorts first, and the other
/// one's deletion swallows nothing.
fn drop_echoes(diagnostics: &mut Vec<Diagnostic>) {
    let mut deletions: Vec<(Span, Span, &str)> = diagnostics
        .iter()
        .filter_map(|diagnostic| {
            Some((
                deleted_span(diagnostic)?,
                diagnostic.span,
                diagnostic.rule.as_ref(),
            ))
        })
        .collect();
    if deletions.is_empty() {
        return;
    }
    deletions.sort_unstable();
    let mut yielding = vec![false; deletions.len()];
    for (index, &(deleted, span, rule)) in deletions.iter().enumerate() {
        for (offset, &(other_deleted, other_span, other_rule)) in
            deletions[index + 1..].iter().enumerate()
        {
            if other_deleted.start >= deleted.end {
                break;
            }
            let mutual =
                rule != other_rule && deleted.contains(other_span) && other_deleted.contains(span);
            if mutual {
                let other_wins = (other_deleted.len(), std::cmp::Reverse(other_rule))
                    > (deleted.len(), std::cmp::Reverse(rule));
                let loser = if other_wins {
                    index
                } else {
                    index + 1 + offset
                };
                yielding[loser] = true;
            }
        }
    }
    let deletions: Vec<(Span, &str)> = deletions
        .into_iter()
        .zip(yielding)
        .filter(|(_, yields)| !yields)
        .map(|((deleted, _, rule), _)| (deleted, rule))
        .collect();
    let deleted_by_others = |rule: Option<&str>| {
        merged(
            deletions
                .iter()
                .filter(|(_, by)| Some(*by) != rule)
                .map(|&(span, _)| span),
        )
    };
    let by_every_rule = deleted_by_others(None);
    let deleting_rules: BTreeSet<&str> = deletions.iter().map(|&(_, rule)| rule).collect();
    let by_other_rules: BTreeMap<String, Vec<Span>> = deleting_rules
        .into_iter()
        .map(|rule| (rule.to_owned(), deleted_by_others(Some(rule))))
        .collect();
    diagnostics.retain(|diagnostic| {
        let deleted = by_other_rules
            .get(diagnostic.rule.as_ref())
            .unwrap_or(&by_every_rule);
        !lies_inside(deleted, diagnostic.span)
    });
}

/// `spans` merged into sorted, disjoint spans; spans that touch are joined.
fn merged(spans: impl Iterator<Item = Span>) -> Vec<Span> {
    let mut spans: Vec<Span> = spans.collect();
    spans.sort_unstable();
    let mut merged: Vec<Span> = Vec::with_capacity(spans.len());
    for span in spans {
        match merged.last_mut() {
            Some(last) if span.start <= last.end => last.end = last.end.max(span.end),
            _ => merged.push(span),
        }
    }
    merged
}

/// Whether `span` lies wholly inside one of the sorted, disjoint `spans`.
fn lies_inside(spans: &[Span], span: Span) -> bool {
    let after = spans.partition_point(|candidate| candidate.start <= span.start);
    after
        .checked_sub(1)
        .is_some_and(|index| spans[index].contains(span))
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use super::*;

    /// The built-in packs are compiled only when some file may run one of
    /// their rules; their rules are known either way.
    #[test]
    fn built_in_pack_rules_are_compiled_only_when_selected() {
        let compiled = |select: &[&str]| {
            let selection = Selection {
                select: select.iter().map(|name| (*name).to_owned()).collect(),
                ..Selection::default()
            };
            let linter = Linter::new(&selection).expect("the built-in rules load");
            assert!(linter
                .all_metas()
                .iter()
                .any(|meta| meta.name == "boilerplate"));
            linter
                .packs
                .rules()
                .iter()
                .filter(|rule| rule.is_compiled())
                .map(|rule| rule.meta().name.to_string())
                .collect::<Vec<_>>()
        };
        assert!(compiled(&["whitespace"]).is_empty());
        assert_eq!(compiled(&[]), ["boilerplate"]);
        assert_eq!(compiled(&["boilerplate"]), ["boilerplate"]);
    }

    #[test]
    fn a_cancelled_lint_gives_up_and_an_uncancelled_one_matches_lint() {
        let linter = Linter::new(&Selection::default()).expect("the built-in rules load");
        let text = "the company s plan\n";
        let rules = linter.file_rules(None);
        assert_eq!(linter.lint_file_unless(text, &rules, &|| true), None);
        let asked = Cell::new(0);
        let cancelled = || {
            asked.set(asked.get() + 1);
            false
        };
        assert_eq!(
            linter.lint_file_unless(text, &rules, &cancelled),
            Some(linter.lint(text))
        );
        assert!(asked.get() > 1, "asked between rules");
    }

    #[test]
    fn a_fix_that_takes_a_link_bracket_is_dropped_in_markdown() {
        let linter = Linter::new(&Selection::default()).expect("the built-in rules load");
        let passage =
            "the harbour cafe reopened on monday after a long winter and the owners said \
                       breakfast is served until noon every day of the week while the council \
                       repaints the railings along the front and the ferry timetable returns to \
                       its summer pattern with extra sailings at the weekend for visitors who \
                       come down from the city to walk along the old";
        let text = format!(
            "{passage} [pier] and its lamps.\n\nNews: {passage} [pier](https://x.org) was new.\n"
        );
        let rules = linter.file_rules(Some(Path::new("notes.md")));
        let diagnostics = linter.lint_file(&text, &rules);
        let repeat = diagnostics
            .iter()
            .find(|diagnostic| diagnostic.rule == "repeated-passage")
            .expect("the second copy is reported");
        assert!(repeat.fix.is_none(), "{repeat:?}");
        // As plain text there is no link to break: the copy has its fix.
        let plain = linter.lint(&text);
        assert!(plain
            .iter()
            .any(|diagnostic| diagnostic.rule == "repeated-passage" && diagnostic.fix.is_some()));
    }

    #[test]
    fn two_rules_deleting_the_same_text_report_it_once() {
        let deletion = |rule: &'static str, span: Span, deleted: Span| {
            Diagnostic::new(rule, Severity::Warning, "found", span).with_fix(
                crate::fix::Fix::unsafe_("delete it", vec![crate::fix::Edit::delete(deleted)]),
            )
        };
        let kept = |mut diagnostics: Vec<Diagnostic>| {
            drop_echoes(&mut diagnostics);
            diagnostics
                .iter()
                .map(|diagnostic| diagnostic.rule.to_string())
                .collect::<Vec<_>>()
        };
        // The same line, deleted by both: the first rule by name is kept.
        let same = vec![
            deletion("shared-boilerplate", Span::new(10, 40), Span::new(9, 40)),
            deletion("boilerplate", Span::new(10, 40), Span::new(9, 40)),
        ];
        assert_eq!(kept(same), ["boilerplate"]);
        // The larger deletion wins.
        let larger = vec![
            deletion("boilerplate", Span::new(10, 40), Span::new(10, 41)),
            deletion("shared-boilerplate", Span::new(10, 40), Span::new(9, 41)),
        ];
        assert_eq!(kept(larger), ["shared-boilerplate"]);
    }

    #[test]
    fn echoes_dropped_early_are_those_dropped_at_the_end() {
        let finding = |rule: &'static str, start: usize, end: usize| {
            Diagnostic::new(rule, Severity::Warning, "found", Span::new(start, end))
        };
        let deletion = |rule: &'static str, span: Span, deleted: Span| {
            Diagnostic::new(rule, Severity::Warning, "found", span).with_fix(
                crate::fix::Fix::unsafe_("delete it", vec![crate::fix::Edit::delete(deleted)]),
            )
        };
        let copy = deletion("repeated-passage", Span::new(100, 200), Span::new(99, 200));
        let spans = |diagnostics: &[Diagnostic]| -> Vec<(String, usize)> {
            let mut spans: Vec<(String, usize)> = diagnostics
                .iter()
                .map(|diagnostic| (diagnostic.rule.to_string(), diagnostic.span.start))
                .collect();
            spans.sort();
            spans
        };
        // Each case: other rules' findings, and how many go early.
        let cases = [
            // Inside the copy: an echo. Across its edge, or before it: not.
            (
                vec![
                    finding("lost-hyphen", 120, 130),
                    finding("lost-hyphen", 190, 210),
                    finding("lost-hyphen", 10, 20),
                ],
                1,
            ),
            // The rule deletes the copy's line itself, and more: its
            // deletion wins, and its finding inside stays.
            (
                vec![
                    deletion("boilerplate", Span::new(100, 200), Span::new(98, 201)),
                    finding("boilerplate", 150, 160),
                ],
                0,
            ),
        ];
        for (findings, dropped_early) in cases {
            let mut at_the_end = vec![copy.clone()];
            at_the_end.extend(findings.iter().cloned());
            drop_echoes(&mut at_the_end);

            let mut early = EarlyEchoes::default();
            let mut diagnostics = vec![copy.clone()];
            early.after_rule(&crate::rules::repeated_passage::META, &mut diagnostics, 0);
            let from = diagnostics.len();
            diagnostics.extend(findings.iter().cloned());
            early.after_packs(&mut diagnostics, from);
            assert_eq!(diagnostics.len(), 1 + findings.len() - dropped_early);
            drop_echoes(&mut diagnostics);
            assert_eq!(spans(&diagnostics), spans(&at_the_end));
        }
    }
}
