//! The subcommands besides `check`: `rules`, `rule NAME`, `pack test` and `server`.

use std::io::{self, Write};

use miette::IntoDiagnostic;

use copydesk::check::{ConfigSource, LinterResolver, Overrides};
use copydesk::packs;
use copydesk::{Linter, RuleMeta};

/// The linter of the current folder's configuration: built-in rules, built-in
/// packs and the packs that copydesk.toml names.
fn current_linter() -> miette::Result<std::sync::Arc<Linter>> {
    Ok(LinterResolver::new(ConfigSource::Discover, Overrides::default()).linter_for(None)?)
}

/// `copydesk rules`: one line per rule, with a header.
pub fn print_rules() -> miette::Result<()> {
    let linter = current_linter()?;
    let metas = linter.all_metas();
    let width = metas
        .iter()
        .map(|meta| meta.name.len())
        .max()
        .unwrap_or(4)
        .max(4);
    let mut lines = vec![format!(
        "{:width$}  {:10}  {:8}  {:9}  summary",
        "rule", "category", "severity", "fix"
    )];
    for meta in metas {
        lines.push(format!(
            "{:width$}  {:10}  {:8}  {:9}  {}",
            meta.name,
            meta.category,
            meta.severity.as_str(),
            meta.fix.as_str(),
            meta.summary()
        ));
    }
    match writeln!(io::stdout().lock(), "{}", lines.join("\n")) {
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        result => result.into_diagnostic(),
    }
}

/// `copydesk rule NAME`: the rule's documentation.
pub fn print_rule(name: &str) -> miette::Result<u8> {
    let linter = current_linter()?;
    let Some(meta) = linter.meta(name) else {
        let names: Vec<&str> = linter
            .all_metas()
            .iter()
            .map(|meta: &RuleMeta| meta.name.as_ref())
            .collect();
        return Err(miette::miette!(
            code = "copydesk::unknown_rule",
            help = format!("valid rules: {}", names.join(", ")),
            "unknown rule \"{name}\""
        ));
    };
    let text = meta.page();
    match writeln!(io::stdout().lock(), "{text}") {
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => Ok(0),
        result => result.into_diagnostic().map(|()| 0),
    }
}

/// `copydesk pack test FILE...`: every example of every rule of the packs.
pub fn test_packs(files: &[std::path::PathBuf]) -> miette::Result<u8> {
    let mut taken = std::collections::BTreeSet::new();
    let mut failures = 0;
    let mut examples = 0;
    let mut out = io::stdout().lock();
    for file in files {
        let text = std::fs::read_to_string(file)
            .into_diagnostic()
            .map_err(|error| error.wrap_err(format!("cannot read pack {}", file.display())))?;
        let rules = packs::parse_pack(&file.display().to_string(), &text, &mut taken)?;
        examples += rules
            .iter()
            .map(|rule| rule.flag.len() + rule.pass.len())
            .sum::<usize>();
        for failure in packs::test_examples(rules)? {
            failures += 1;
            let expected = if failure.should_flag {
                "is not flagged"
            } else {
                "is flagged but must not be"
            };
            writeln!(
                out,
                "{}: rule {}: example {expected}: {:?}",
                file.display(),
                failure.rule,
                failure.example
            )
            .into_diagnostic()?;
        }
    }
    writeln!(out, "{} passed, {failures} failed", examples - failures).into_diagnostic()?;
    Ok(if failures == 0 { 0 } else { 1 })
}

/// `copydesk server`: exit code 0 after `shutdown` and `exit`, 1 after an
/// `exit` alone (as the protocol asks).
pub fn serve() -> miette::Result<u8> {
    let clean = copydesk::server::run()?;
    Ok(if clean { 0 } else { 1 })
}
