//! The `copydesk` binary: parse the command line, call the library, print,
//! and map the outcome to an exit code (0 clean, 1 problems remain, 2 failed).

mod cli;

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;
use miette::{IntoDiagnostic, Report};

use copydesk::baseline::Baseline;
use copydesk::check::{
    check_all, ConfigSource, FileReport, FixMode, LinterResolver, Outcome, Overrides,
};
use copydesk::output::{self, OutputFormat, Style};
use copydesk::packs;
use copydesk::walk::{collect_inputs, Input};
use copydesk::{Applicability, Linter, RuleMeta};

use cli::{CheckArgs, Cli, Command, PackCommand};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check(args) => run_check(args),
        Command::Rules => print_rules().map(|()| ExitCode::SUCCESS),
        Command::Rule { name } => print_rule(&name),
        Command::Pack(PackCommand::Test { files }) => test_packs(&files),
    };
    match result {
        Ok(code) => code,
        Err(report) => {
            eprintln!("{report:?}");
            ExitCode::from(2)
        }
    }
}

/// Runs over at least this many files show a progress bar (on a terminal).
const PROGRESS_MIN_FILES: usize = 200;

fn run_check(args: CheckArgs) -> miette::Result<ExitCode> {
    let source = match (args.isolated, args.config) {
        (true, _) => ConfigSource::Isolated,
        (false, Some(path)) => ConfigSource::File(path),
        (false, None) => ConfigSource::Discover,
    };
    let mut resolver = LinterResolver::new(
        source,
        Overrides {
            select: args.select,
            ignore: args.ignore,
            packs: args.packs,
        },
    );
    let level = if args.unsafe_fixes {
        Applicability::Unsafe
    } else {
        Applicability::Safe
    };
    let mode = if args.diff {
        FixMode::Diff(level)
    } else if args.fix || args.unsafe_fixes {
        FixMode::Write(level)
    } else {
        FixMode::Report
    };

    let (inputs, walk_errors) = collect_inputs(&args.paths, args.stdin_filename.as_deref());
    let named: std::collections::BTreeSet<&std::path::Path> =
        args.paths.iter().map(|path| path.as_path()).collect();
    let mut failed = !walk_errors.is_empty();
    for error in walk_errors {
        eprintln!("{:?}", Report::new(error));
    }

    // Every configuration is read before any file is linted: a broken one
    // stops the run (exit 2) instead of failing file by file.
    let mut jobs = Vec::with_capacity(inputs.len());
    for input in inputs {
        let linter = resolver.linter_for(&input)?;
        // Files found by walking a folder honour `exclude`; files named on
        // the command line only with --force-exclude.
        if let Input::File(path) = &input {
            let named_here = named.contains(path.as_path());
            if linter.excludes(path) && (!named_here || args.force_exclude) {
                continue;
            }
        }
        jobs.push((input, linter));
    }
    if jobs.is_empty() && !failed {
        // Nothing to lint: still validate the settings of the current folder.
        resolver.linter_for(&Input::Stdin(None))?;
    }

    // Every rule the run's configurations know, for formats that list rules.
    let mut rules: Vec<RuleMeta> = Vec::new();
    for (_, linter) in &jobs {
        for meta in linter.all_metas() {
            if !rules.iter().any(|known| known.name == meta.name) {
                rules.push(meta.clone());
            }
        }
    }

    // A progress bar on a terminal when there are many files; never when
    // standard error is redirected, and never with --quiet.
    let progress = if io::stderr().is_terminal() && !args.quiet && jobs.len() >= PROGRESS_MIN_FILES
    {
        let bar = indicatif::ProgressBar::new(jobs.len() as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} files {elapsed}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    } else {
        indicatif::ProgressBar::hidden()
    };
    let outcomes = check_all(&jobs, mode, &|| progress.inc(1));
    progress.finish_and_clear();

    let mut reports: Vec<FileReport> = Vec::with_capacity(jobs.len());
    for outcome in outcomes {
        match outcome {
            Outcome::Checked(report) => reports.push(report),
            Outcome::Skipped { path, reason } if !args.quiet => {
                eprintln!("warning: {path}: {reason}")
            }
            Outcome::Skipped { .. } => {}
            Outcome::Failed(error) => {
                failed = true;
                eprintln!("{:?}", Report::new(error));
            }
        }
    }

    if let Some(path) = &args.baseline {
        Baseline::read(path)?.filter(&mut reports);
    }
    if let Some(path) = &args.write_baseline {
        let baseline = Baseline::of(&reports);
        baseline.write(path)?;
        if !args.quiet {
            let count = baseline.findings.len();
            eprintln!(
                "recorded {count} finding{} in {}",
                if count == 1 { "" } else { "s" },
                path.display()
            );
        }
        return Ok(if failed {
            ExitCode::from(2)
        } else {
            ExitCode::SUCCESS
        });
    }

    let printed = if args.statistics {
        print_statistics(&reports)
    } else {
        emit(mode, args.output_format, &reports, &rules, args.quiet)
    };
    match printed {
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => return Ok(ExitCode::SUCCESS),
        result => result.into_diagnostic()?,
    }

    if matches!(mode, FixMode::Write(_)) && !args.quiet {
        report_fixes(&reports);
    }
    let remaining = !args.exit_zero
        && reports
            .iter()
            .flat_map(|report| &report.diagnostics)
            .any(|diagnostic| args.fail_on.fails(diagnostic.severity));
    Ok(if failed {
        ExitCode::from(2)
    } else if remaining {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// `--statistics`: problems per rule, most frequent first, with the number
/// that `--fix` repairs.
fn print_statistics(reports: &[FileReport]) -> io::Result<()> {
    let mut counts: std::collections::BTreeMap<&str, (usize, usize)> =
        std::collections::BTreeMap::new();
    for diagnostic in reports.iter().flat_map(|report| &report.diagnostics) {
        let entry = counts.entry(diagnostic.rule.as_ref()).or_default();
        entry.0 += 1;
        let safe = diagnostic
            .fix
            .as_ref()
            .is_some_and(|fix| fix.applicability == Applicability::Safe);
        entry.1 += usize::from(safe);
    }
    let mut rows: Vec<(&str, (usize, usize))> = counts.into_iter().collect();
    rows.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(b.0)));
    let mut out = io::stdout().lock();
    for (rule, (count, fixable)) in rows {
        writeln!(out, "{count:>7}  {rule:<24} {fixable} fixable")?;
    }
    Ok(())
}

/// "12 problems in 3 files, 9 fixable with --fix", after `full` output.
fn summary(reports: &[FileReport]) -> Option<String> {
    let plural =
        |count: usize, word: &str| format!("{count} {word}{}", if count == 1 { "" } else { "s" });
    let problems: usize = reports.iter().map(|report| report.diagnostics.len()).sum();
    if problems == 0 {
        return None;
    }
    let files = reports
        .iter()
        .filter(|report| !report.diagnostics.is_empty())
        .count();
    let fixable = reports
        .iter()
        .flat_map(|report| &report.diagnostics)
        .filter(|diagnostic| {
            diagnostic
                .fix
                .as_ref()
                .is_some_and(|fix| fix.applicability == Applicability::Safe)
        })
        .count();
    Some(format!(
        "{} in {}, {fixable} fixable with --fix",
        plural(problems, "problem"),
        plural(files, "file")
    ))
}

/// Prints the diffs, the fixed standard input or the diagnostics on standard output.
fn emit(
    mode: FixMode,
    format: OutputFormat,
    reports: &[FileReport],
    rules: &[RuleMeta],
    quiet: bool,
) -> io::Result<()> {
    let mut stdout = io::stdout().lock();
    // With fixed text on standard output, diagnostics go to standard error.
    let fixed_stdin: Vec<&str> = reports
        .iter()
        .filter_map(|report| report.fixed_stdin.as_deref())
        .collect();
    if let FixMode::Diff(_) = mode {
        for report in reports {
            stdout.write_all(report.diff.as_deref().unwrap_or("").as_bytes())?;
        }
    } else if fixed_stdin.is_empty() {
        let color = io::stdout().is_terminal();
        print_diagnostics(format, reports, rules, color, &mut stdout)?;
        if format == OutputFormat::Full && !quiet {
            if let Some(summary) = summary(reports) {
                writeln!(stdout, "{summary}")?;
            }
        }
    } else {
        for text in fixed_stdin {
            stdout.write_all(text.as_bytes())?;
        }
        let color = io::stderr().is_terminal();
        print_diagnostics(format, reports, rules, color, &mut io::stderr().lock())?;
    }
    stdout.flush()
}

/// Prints diagnostics to `out`; colour only on a terminal and never with `NO_COLOR` set.
fn print_diagnostics(
    format: OutputFormat,
    reports: &[FileReport],
    rules: &[RuleMeta],
    terminal: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    let color = format == OutputFormat::Full && terminal && std::env::var_os("NO_COLOR").is_none();
    let style = Style {
        color,
        ..Style::default()
    };
    output::print(format, reports, rules, style, out)
}

/// Tells, on standard error, how many fixes were applied.
fn report_fixes(reports: &[FileReport]) {
    let files = reports
        .iter()
        .filter(|report| !report.fixed.is_empty())
        .count();
    let fixes: usize = reports
        .iter()
        .flat_map(|report| report.fixed.values())
        .sum();
    if fixes > 0 {
        let plural = |count: usize, word: &str| {
            format!("{count} {word}{}", if count == 1 { "" } else { "s" })
        };
        eprintln!(
            "fixed {} in {}",
            plural(fixes, "problem"),
            plural(files, "file")
        );
    }
}

/// The linter of the current folder's configuration: built-in rules, built-in
/// packs and the packs that copydesk.toml names.
fn current_linter() -> miette::Result<std::sync::Arc<Linter>> {
    Ok(
        LinterResolver::new(ConfigSource::Discover, Overrides::default())
            .linter_for(&Input::Stdin(None))?,
    )
}

fn print_rules() -> miette::Result<()> {
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

fn print_rule(name: &str) -> miette::Result<ExitCode> {
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
    let text = format!(
        "# {}\n\ncategory: {} · default severity: {} · fix: {} · defined in {}\n\n{}",
        meta.name,
        meta.category,
        meta.severity.as_str(),
        meta.fix.as_str(),
        meta.location,
        meta.doc().trim_end()
    );
    match writeln!(io::stdout().lock(), "{text}") {
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        result => result.into_diagnostic().map(|()| ExitCode::SUCCESS),
    }
}

/// `copydesk pack test FILE...`: every example of every rule of the packs.
fn test_packs(files: &[std::path::PathBuf]) -> miette::Result<ExitCode> {
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
    Ok(if failures == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
