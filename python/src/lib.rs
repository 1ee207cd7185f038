//! `copydesk._copydesk`: the Python face of the copydesk library.
//!
//! A thin translation layer, as the language server is: [`Linter`] wraps a
//! [`copydesk::Linter`] built once from the same settings the command line
//! reads (a configuration file, `select`, `ignore`, packs), and turns its
//! diagnostics into Python objects with both byte offsets (as the command
//! line's JSON has them) and character offsets (as Python strings index).
//! No rule or configuration logic lives here.
//!
//! The `copydesk` command of the wheel is the command line itself: the
//! binary's modules are built into the extension and run by [`main`].

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::types::{PyDict, PyList, PyString, PyTuple};
use rayon::prelude::*;

use copydesk::check::{settings_with, Overrides};
use copydesk::corpus::SharedCounts;
use copydesk::document::MAX_TEXT_LEN;
use copydesk::source::{LineColumnCursor, LineIndex};
use copydesk::{Applicability, FileRules};

/// The command line's modules (`main.rs` declares `cli`, `commands` and
/// `console` beside it), for [`main`]; its own `fn main` goes unused here.
#[allow(dead_code)]
#[path = "../../src/main.rs"]
mod command_line;

create_exception!(
    copydesk,
    CopydeskError,
    PyException,
    "A run of copydesk failed; the message is the command line's."
);
create_exception!(
    copydesk,
    ConfigError,
    CopydeskError,
    "A configuration, rule pack, selection or rule option is invalid."
);

/// The Python exception for `error`, carrying the report the command line
/// prints for it (without colour).
fn to_py_err(error: copydesk::Error) -> PyErr {
    use copydesk::Error;
    let report = render(&error);
    match error {
        Error::InvalidConfig(_)
        | Error::InvalidPack(_)
        | Error::RuleOption { .. }
        | Error::UnknownSelector { .. }
        | Error::Io { .. } => ConfigError::new_err(report),
        _ => CopydeskError::new_err(report),
    }
}

/// `error` as miette renders it for the command line on standard error
/// when that is not a terminal.
fn render(error: &copydesk::Error) -> String {
    struct Report<'a>(&'a copydesk::Error);
    impl fmt::Display for Report<'_> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            let handler = miette::MietteHandlerOpts::new().color(false).build();
            miette::ReportHandler::debug(&handler, self.0, f)
        }
    }
    Report(error).to_string().trim_end().to_owned()
}

/// Rule names or categories: a list, or one string of comma-separated names.
fn names(value: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<String>> {
    let Some(value) = value.filter(|value| !value.is_none()) else {
        return Ok(Vec::new());
    };
    let names: Vec<String> = match value.downcast::<PyString>() {
        Ok(text) => text.to_cow()?.split(',').map(str::to_owned).collect(),
        Err(_) => value.extract()?,
    };
    Ok(names
        .into_iter()
        .map(|name| name.trim().to_owned())
        .filter(|name| !name.is_empty())
        .collect())
}

/// One edit of a fix: replace `[start, end)` (bytes; `char_start`,
/// `char_end` in characters) with `replacement`.
#[pyclass(module = "copydesk", frozen, get_all)]
#[derive(Clone)]
struct Edit {
    start: usize,
    end: usize,
    char_start: usize,
    char_end: usize,
    replacement: String,
}

/// A repair: its applicability ("safe" or "unsafe"), message and edits.
#[pyclass(module = "copydesk", frozen, get_all)]
#[derive(Clone)]
struct Fix {
    applicability: &'static str,
    message: String,
    edits: Vec<Edit>,
}

/// A related place: "first occurrence here".
#[pyclass(module = "copydesk", frozen, get_all)]
#[derive(Clone)]
struct Label {
    span: (usize, usize),
    char_span: (usize, usize),
    message: String,
}

/// One problem found by one rule.
#[pyclass(module = "copydesk", frozen, get_all)]
#[derive(Clone)]
struct Diagnostic {
    rule: String,
    category: String,
    severity: &'static str,
    message: String,
    /// Byte offsets into the UTF-8 text, end exclusive.
    span: (usize, usize),
    /// Character (code point) offsets, end exclusive: `text[start:end]`.
    char_span: (usize, usize),
    /// ((line, column), (line, column)), 1-based, columns in characters.
    range: ((usize, usize), (usize, usize)),
    fix: Option<Fix>,
    related: Vec<Label>,
    help: Option<String>,
}

#[pymethods]
impl Diagnostic {
    /// The object `copydesk check --output-format json` prints for this
    /// diagnostic of the file `path`.
    #[pyo3(signature = (path = "-"))]
    fn to_dict<'py>(&self, py: Python<'py>, path: &str) -> PyResult<Bound<'py, PyDict>> {
        let span = |(start, end): (usize, usize)| -> PyResult<Bound<'py, PyDict>> {
            let dict = PyDict::new(py);
            dict.set_item("start", start)?;
            dict.set_item("end", end)?;
            Ok(dict)
        };
        let position = |(line, column): (usize, usize)| -> PyResult<Bound<'py, PyDict>> {
            let dict = PyDict::new(py);
            dict.set_item("line", line)?;
            dict.set_item("column", column)?;
            Ok(dict)
        };
        let dict = PyDict::new(py);
        dict.set_item("path", path)?;
        dict.set_item("rule", &self.rule)?;
        dict.set_item("severity", self.severity)?;
        dict.set_item("message", &self.message)?;
        dict.set_item("span", span(self.span)?)?;
        let range = PyDict::new(py);
        range.set_item("start", position(self.range.0)?)?;
        range.set_item("end", position(self.range.1)?)?;
        dict.set_item("range", range)?;
        match &self.fix {
            None => dict.set_item("fix", py.None())?,
            Some(fix) => {
                let edits = PyList::empty(py);
                for edit in &fix.edits {
                    let object = span((edit.start, edit.end))?;
                    object.set_item("replacement", &edit.replacement)?;
                    edits.append(object)?;
                }
                let object = PyDict::new(py);
                object.set_item("applicability", fix.applicability)?;
                object.set_item("message", &fix.message)?;
                object.set_item("edits", edits)?;
                dict.set_item("fix", object)?;
            }
        }
        let related = PyList::empty(py);
        for label in &self.related {
            let object = PyDict::new(py);
            object.set_item("span", span(label.span)?)?;
            object.set_item("message", &label.message)?;
            related.append(object)?;
        }
        dict.set_item("related", related)?;
        Ok(dict)
    }

    fn __repr__(&self) -> String {
        let ((line, column), _) = self.range;
        format!(
            "<Diagnostic {} at {line}:{column}: {}>",
            self.rule, self.message
        )
    }
}

/// A text after fixing.
#[pyclass(module = "copydesk", frozen, get_all)]
struct Fixed {
    /// The fixed text.
    text: String,
    /// Fixes applied, per rule.
    applied: BTreeMap<String, usize>,
    /// Diagnostics found in the text before fixing, per rule.
    found: BTreeMap<String, usize>,
    /// The diagnostics of the fixed text.
    remaining: Vec<Diagnostic>,
}

#[pymethods]
impl Fixed {
    /// Whether a fix changed the text.
    #[getter]
    fn changed(&self) -> bool {
        !self.applied.is_empty()
    }

    fn __repr__(&self) -> String {
        format!(
            "<Fixed: {} fixes applied, {} diagnostics remaining>",
            self.applied.values().sum::<usize>(),
            self.remaining.len()
        )
    }
}

/// Character offsets of byte offsets in one text, for offsets asked in any
/// order: each distinct offset is counted once, in one sweep over the text.
struct CharOffsets {
    /// Byte offsets, sorted, and the characters that start before each.
    table: Vec<(usize, usize)>,
}

impl CharOffsets {
    fn new(text: &str, offsets: impl Iterator<Item = usize>) -> Self {
        let mut wanted: Vec<usize> = offsets.map(|offset| offset.min(text.len())).collect();
        wanted.sort_unstable();
        wanted.dedup();
        let bytes = text.as_bytes();
        let mut table = Vec::with_capacity(wanted.len());
        let (mut at, mut chars) = (0, 0);
        for offset in wanted {
            chars += bytes[at..offset]
                .iter()
                .filter(|&&byte| byte & 0b1100_0000 != 0b1000_0000)
                .count();
            at = offset;
            table.push((offset, chars));
        }
        Self { table }
    }

    fn of(&self, offset: usize) -> usize {
        match self.table.binary_search_by_key(&offset, |&(byte, _)| byte) {
            Ok(index) => self.table[index].1,
            // Past the end of the text: clamped when the table was made.
            Err(index) => index
                .checked_sub(1)
                .and_then(|last| self.table.get(last))
                .map_or(0, |&(_, chars)| chars),
        }
    }
}

/// The Python form of `diagnostics`, which point into `text`.
fn convert(
    linter: &copydesk::Linter,
    text: &str,
    diagnostics: Vec<copydesk::Diagnostic>,
) -> Vec<Diagnostic> {
    let offsets = diagnostics.iter().flat_map(|diagnostic| {
        let edits = diagnostic.fix.iter().flat_map(|fix| fix.edits.iter());
        [diagnostic.span.start, diagnostic.span.end]
            .into_iter()
            .chain(edits.flat_map(|edit| [edit.start, edit.end]))
            .chain(
                diagnostic
                    .related
                    .iter()
                    .flat_map(|label| [label.span.start, label.span.end]),
            )
    });
    let chars = CharOffsets::new(text, offsets);
    let lines = LineIndex::new(text);
    let mut cursor = LineColumnCursor::new(text, &lines);
    diagnostics
        .into_iter()
        .map(|diagnostic| {
            let start = cursor.line_column(diagnostic.span.start);
            let end = cursor.line_column(diagnostic.span.end);
            let category = linter
                .meta(&diagnostic.rule)
                .map(|meta| meta.category.to_string())
                .unwrap_or_default();
            Diagnostic {
                category,
                severity: diagnostic.severity.as_str(),
                message: diagnostic.message,
                span: (diagnostic.span.start, diagnostic.span.end),
                char_span: (
                    chars.of(diagnostic.span.start),
                    chars.of(diagnostic.span.end),
                ),
                range: ((start.line, start.column), (end.line, end.column)),
                fix: diagnostic.fix.map(|fix| Fix {
                    applicability: fix.applicability.as_str(),
                    message: fix.message.into_owned(),
                    edits: fix
                        .edits
                        .into_iter()
                        .map(|edit| Edit {
                            char_start: chars.of(edit.start),
                            char_end: chars.of(edit.end),
                            start: edit.start,
                            end: edit.end,
                            replacement: edit.replacement,
                        })
                        .collect(),
                }),
                related: diagnostic
                    .related
                    .into_iter()
                    .map(|label| Label {
                        span: (label.span.start, label.span.end),
                        char_span: (chars.of(label.span.start), chars.of(label.span.end)),
                        message: label.message,
                    })
                    .collect(),
                help: diagnostic.help,
                rule: diagnostic.rule.into_owned(),
            }
        })
        .collect()
}

/// Counts `diagnostics` per rule.
fn per_rule(diagnostics: &[copydesk::Diagnostic]) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for diagnostic in diagnostics {
        *counts.entry(diagnostic.rule.to_string()).or_insert(0) += 1;
    }
    counts
}

/// The rules of one configuration, built once, ready to check and fix any
/// number of texts from any number of threads.
#[pyclass(module = "copydesk", frozen)]
struct Linter {
    inner: Arc<copydesk::Linter>,
    #[pyo3(get)]
    select: Vec<String>,
    #[pyo3(get)]
    ignore: Vec<String>,
    #[pyo3(get)]
    config: Option<PathBuf>,
    #[pyo3(get)]
    packs: Vec<PathBuf>,
}

impl Linter {
    /// What runs on a text named `path`. A text is linted as a record of a
    /// corpus (a document: no final newline needed) when `record` says so,
    /// and by default when it has no path; a text with a path is a file.
    fn file_rules(&self, path: Option<&Path>, record: Option<bool>) -> FileRules {
        if record.unwrap_or(path.is_none()) {
            self.inner.record_rules(path)
        } else {
            self.inner.file_rules(path)
        }
    }

    fn check_one(&self, text: &str, rules: &FileRules) -> Result<Vec<Diagnostic>, copydesk::Error> {
        check_size(text)?;
        let diagnostics = self.inner.lint_file(text, rules);
        Ok(convert(&self.inner, text, diagnostics))
    }

    /// `rules` with what recurs across `texts`, counted as the documents of
    /// one run (as `copydesk check` counts the records of a corpus), when a
    /// rule that learns from the run is enabled; texts too large to check
    /// are not counted (checking them fails).
    fn with_run_counts(&self, texts: &[PyBackedStr], mut rules: FileRules) -> FileRules {
        if self.inner.learns_from_run(&rules) {
            let units: Vec<Vec<u64>> = texts
                .par_iter()
                .map(|text| {
                    if text.len() > MAX_TEXT_LEN {
                        Vec::new()
                    } else {
                        self.inner.shared_units(text, &rules)
                    }
                })
                .collect();
            let mut counts = SharedCounts::new();
            for document in &units {
                counts.add_document(document);
            }
            counts.finish();
            rules.shared = Some(Arc::new(counts));
        }
        rules
    }

    fn fix_one(
        &self,
        text: &str,
        rules: &FileRules,
        level: Applicability,
    ) -> Result<FixedText, copydesk::Error> {
        check_size(text)?;
        let outcome = self.inner.fix_file(text, rules, level)?;
        let remaining = convert(&self.inner, &outcome.text, outcome.remaining);
        Ok(FixedText {
            found: per_rule(&outcome.found),
            text: outcome.text,
            applied: outcome.fixed,
            remaining,
        })
    }
}

/// [`Fixed`] before it becomes a Python object.
struct FixedText {
    text: String,
    applied: BTreeMap<String, usize>,
    found: BTreeMap<String, usize>,
    remaining: Vec<Diagnostic>,
}

impl From<FixedText> for Fixed {
    fn from(fixed: FixedText) -> Self {
        Fixed {
            text: fixed.text,
            applied: fixed.applied,
            found: fixed.found,
            remaining: fixed.remaining,
        }
    }
}

/// Refuses a text longer than copydesk indexes, as the command line does.
fn check_size(text: &str) -> Result<(), copydesk::Error> {
    if text.len() > MAX_TEXT_LEN {
        return Err(copydesk::Error::TooLarge {
            path: "-".into(),
            size: text.len(),
            max: MAX_TEXT_LEN,
        });
    }
    Ok(())
}

fn level(unsafe_fixes: bool) -> Applicability {
    if unsafe_fixes {
        Applicability::Unsafe
    } else {
        Applicability::Safe
    }
}

/// Every text of the iterable `texts`, borrowed from Python without a copy.
fn texts_of(texts: &Bound<'_, PyAny>) -> PyResult<Vec<PyBackedStr>> {
    if texts.is_instance_of::<PyString>() {
        return Err(pyo3::exceptions::PyTypeError::new_err(
            "texts must be an iterable of strings, not one string",
        ));
    }
    texts
        .try_iter()?
        .map(|text| text.and_then(|text| text.extract::<PyBackedStr>()))
        .collect()
}

#[pymethods]
impl Linter {
    #[new]
    #[pyo3(signature = (select = None, ignore = None, config = None, packs = Vec::new()))]
    fn new(
        py: Python<'_>,
        select: Option<&Bound<'_, PyAny>>,
        ignore: Option<&Bound<'_, PyAny>>,
        config: Option<PathBuf>,
        packs: Vec<PathBuf>,
    ) -> PyResult<Self> {
        let overrides = Overrides {
            select: names(select)?,
            ignore: names(ignore)?,
            packs,
        };
        let inner = py
            .allow_threads(|| {
                let settings = settings_with(config.as_deref(), &overrides)?;
                copydesk::Linter::from_settings(&settings)
            })
            .map_err(to_py_err)?;
        Ok(Self {
            inner: Arc::new(inner),
            select: overrides.select,
            ignore: overrides.ignore,
            config,
            packs: overrides.packs,
        })
    }

    /// Pickled by its settings: unpickling builds the linter again from them.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let this = slf.get();
        let optional = |names: &[String]| -> PyResult<PyObject> {
            Ok(if names.is_empty() {
                py.None()
            } else {
                names.into_pyobject(py)?.into_any().unbind()
            })
        };
        let arguments = (
            optional(&this.select)?,
            optional(&this.ignore)?,
            this.config.clone(),
            this.packs.clone(),
        );
        (slf.get_type(), arguments).into_pyobject(py)
    }

    /// The names of the rules that run (before any `[[per-file]]` override).
    #[getter]
    fn rules(&self) -> Vec<String> {
        self.inner
            .metas()
            .map(|meta| meta.name.to_string())
            .collect()
    }

    fn __repr__(&self) -> String {
        format!(
            "Linter(select={:?}, ignore={:?}, config={:?}, packs={:?})",
            self.select, self.ignore, self.config, self.packs
        )
    }

    #[pyo3(signature = (text, path = None, *, record = None))]
    fn check(
        &self,
        py: Python<'_>,
        text: PyBackedStr,
        path: Option<PathBuf>,
        record: Option<bool>,
    ) -> PyResult<Vec<Diagnostic>> {
        py.allow_threads(|| self.check_one(&text, &self.file_rules(path.as_deref(), record)))
            .map_err(to_py_err)
    }

    #[pyo3(signature = (text, r#unsafe = false, path = None, *, record = None))]
    fn fix(
        &self,
        py: Python<'_>,
        text: PyBackedStr,
        r#unsafe: bool,
        path: Option<PathBuf>,
        record: Option<bool>,
    ) -> PyResult<Fixed> {
        let rules = self.file_rules(path.as_deref(), record);
        py.allow_threads(|| self.fix_one(&text, &rules, level(r#unsafe)))
            .map(Fixed::from)
            .map_err(to_py_err)
    }

    #[pyo3(signature = (texts, path = None, *, record = None))]
    fn check_many(
        &self,
        py: Python<'_>,
        texts: &Bound<'_, PyAny>,
        path: Option<PathBuf>,
        record: Option<bool>,
    ) -> PyResult<Vec<Vec<Diagnostic>>> {
        let texts = texts_of(texts)?;
        let rules = self.file_rules(path.as_deref(), record);
        py.allow_threads(|| {
            let rules = self.with_run_counts(&texts, rules);
            texts
                .par_iter()
                .map(|text| self.check_one(text, &rules))
                .collect::<Result<Vec<_>, _>>()
        })
        .map_err(to_py_err)
    }

    #[pyo3(signature = (texts, r#unsafe = false, path = None, *, record = None))]
    fn fix_many(
        &self,
        py: Python<'_>,
        texts: &Bound<'_, PyAny>,
        r#unsafe: bool,
        path: Option<PathBuf>,
        record: Option<bool>,
    ) -> PyResult<Vec<Fixed>> {
        let texts = texts_of(texts)?;
        let rules = self.file_rules(path.as_deref(), record);
        let fixed = py
            .allow_threads(|| {
                let rules = self.with_run_counts(&texts, rules);
                texts
                    .par_iter()
                    .map(|text| self.fix_one(text, &rules, level(r#unsafe)))
                    .collect::<Result<Vec<_>, _>>()
            })
            .map_err(to_py_err)?;
        Ok(fixed.into_iter().map(Fixed::from).collect())
    }
}

/// Runs the command line with `argv` (the program's name first) and
/// returns its exit code.
#[pyfunction]
fn main(py: Python<'_>, argv: Vec<String>) -> u8 {
    py.allow_threads(|| command_line::run_cli(argv))
}

#[pymodule]
fn _copydesk(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Linter>()?;
    m.add_class::<Diagnostic>()?;
    m.add_class::<Fix>()?;
    m.add_class::<Edit>()?;
    m.add_class::<Label>()?;
    m.add_class::<Fixed>()?;
    m.add("CopydeskError", m.py().get_type::<CopydeskError>())?;
    m.add("ConfigError", m.py().get_type::<ConfigError>())?;
    m.add_function(wrap_pyfunction!(main, m)?)?;
    Ok(())
}
