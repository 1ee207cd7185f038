//! The `copydesk` binary: parse the command line, call the library, print,
//! and map the outcome to an exit code (0 clean, 1 problems remain, 2 failed).

mod cli;

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;
use miette::{IntoDiagnostic, Report};

use copydesk::check::{check_all, FileReport, FixMode, Outcome};
use copydesk::output::{self, OutputFormat, Style};
use copydesk::registry::builtin_metas;
use copydesk::walk::collect_inputs;
use copydesk::{Applicability, Linter, Selection};

use cli::{CheckArgs, Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check(args) => run_check(args),
        Command::Rules => print_rules().map(|()| ExitCode::SUCCESS),
        Command::Rule { name } => print_rule(&name),
    };
    match result {
        Ok(code) => code,
        Err(report) => {
            eprintln!("{report:?}");
            ExitCode::from(2)
        }
    }
}

fn run_check(args: CheckArgs) -> miette::Result<ExitCode> {
    let selection = Selection {
        select: args.select,
        ignore: args.ignore,
    };
    let linter = Linter::new(&selection)?;
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

    let (inputs, walk_errors) = collect_inputs(&args.paths);
    let mut failed = !walk_errors.is_empty();
    for error in walk_errors {
        eprintln!("{:?}", Report::new(error));
    }

    let mut reports: Vec<FileReport> = Vec::with_capacity(inputs.len());
    for outcome in check_all(&linter, &inputs, mode) {
        match outcome {
            Outcome::Checked(report) => reports.push(report),
            Outcome::Skipped { path, reason } => eprintln!("warning: {path}: {reason}"),
            Outcome::Failed(error) => {
                failed = true;
                eprintln!("{:?}", Report::new(error));
            }
        }
    }

    match emit(mode, args.output_format, &reports) {
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => return Ok(ExitCode::SUCCESS),
        result => result.into_diagnostic()?,
    }

    if let FixMode::Write(_) = mode {
        report_fixes(&reports);
    }
    let remaining = reports.iter().any(|report| !report.diagnostics.is_empty());
    Ok(if failed {
        ExitCode::from(2)
    } else if remaining {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Prints the diffs, the fixed standard input or the diagnostics on standard output.
fn emit(mode: FixMode, format: OutputFormat, reports: &[FileReport]) -> io::Result<()> {
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
        print_diagnostics(format, reports, color, &mut stdout)?;
    } else {
        for text in fixed_stdin {
            stdout.write_all(text.as_bytes())?;
        }
        let color = io::stderr().is_terminal();
        print_diagnostics(format, reports, color, &mut io::stderr().lock())?;
    }
    stdout.flush()
}

/// Prints diagnostics to `out`; colour only on a terminal and never with `NO_COLOR` set.
fn print_diagnostics(
    format: OutputFormat,
    reports: &[FileReport],
    terminal: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    let color = format == OutputFormat::Full && terminal && std::env::var_os("NO_COLOR").is_none();
    let style = Style {
        color,
        ..Style::default()
    };
    output::print(format, reports, style, out)
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

fn print_rules() -> miette::Result<()> {
    let metas = builtin_metas();
    let width = metas
        .iter()
        .map(|meta| meta.name.len())
        .max()
        .unwrap_or(4)
        .max(4);
    let mut out = io::stdout().lock();
    let mut lines = vec![format!(
        "{:width$}  {:10}  {:8}  {:9}  summary",
        "rule", "category", "severity", "fix"
    )];
    for meta in &metas {
        lines.push(format!(
            "{:width$}  {:10}  {:8}  {:9}  {}",
            meta.name,
            meta.category.as_str(),
            meta.severity.as_str(),
            meta.fix.as_str(),
            meta.summary()
        ));
    }
    match writeln!(out, "{}", lines.join("\n")) {
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        result => result.into_diagnostic(),
    }
}

fn print_rule(name: &str) -> miette::Result<ExitCode> {
    let Some(meta) = builtin_metas().into_iter().find(|meta| meta.name == name) else {
        let names: Vec<&str> = builtin_metas().iter().map(|meta| meta.name).collect();
        return Err(miette::miette!(
            code = "copydesk::unknown_rule",
            help = format!("valid rules: {}", names.join(", ")),
            "unknown rule \"{name}\""
        ));
    };
    let mut out = io::stdout().lock();
    writeln!(
        out,
        "# {}\n\ncategory: {} · default severity: {} · fix: {}\n\n{}",
        meta.name,
        meta.category.as_str(),
        meta.severity.as_str(),
        meta.fix.as_str(),
        meta.doc().trim_end()
    )
    .into_diagnostic()?;
    Ok(ExitCode::SUCCESS)
}
