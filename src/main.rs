//! The `copydesk` binary: turn the command line into a request, run it into
//! the sink the options choose, and map the summary to an exit code (0 clean,
//! 1 problems remain, 2 failed).

mod cli;
mod commands;
mod console;

use std::io::{self, BufWriter, IsTerminal, Read};
use std::path::Path;
use std::process::ExitCode;

use clap::Parser;

use copydesk::baseline::Baseline;
use copydesk::check::{self, ConfigSource, FixMode, Overrides, Request, Summary};
use copydesk::output::{
    self, plural, DiffPrinter, FixedTextPrinter, OutputFormat, Sink, StatisticsPrinter, Style,
};
use copydesk::walk::Input;
use copydesk::{Applicability, Error};

use cli::{CheckArgs, Cli, Command, PackCommand};
use console::Console;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check(args) => run_check(args),
        Command::Rules => commands::print_rules().map(|()| ExitCode::SUCCESS),
        Command::Rule { name } => commands::print_rule(&name),
        Command::Pack(PackCommand::Test { files }) => commands::test_packs(&files),
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
    let request = request_of(&args)?;
    if let Some(path) = &args.write_baseline {
        let mut baseline = Baseline::default();
        let Some(summary) = run(&request, &mut baseline, args.quiet)? else {
            return Ok(ExitCode::SUCCESS);
        };
        baseline.write(path)?;
        if !args.quiet {
            let count = baseline.findings.len();
            eprintln!(
                "recorded {} in {}",
                plural(count, "finding"),
                path.display()
            );
        }
        return Ok(ExitCode::from(if summary.failed { 2 } else { 0 }));
    }

    let mut sink = sink_for(&args, request.fix);
    let Some(summary) = run(&request, sink.as_mut(), args.quiet)? else {
        return Ok(ExitCode::SUCCESS);
    };
    if matches!(request.fix, FixMode::Write(_)) && !args.quiet && summary.fixes > 0 {
        eprintln!(
            "fixed {} in {}",
            plural(summary.fixes, "problem"),
            plural(summary.files_fixed, "file")
        );
    }
    let remaining = !args.exit_zero && summary.has_problems_at_least(args.fail_on.threshold());
    Ok(ExitCode::from(if summary.failed {
        2
    } else if remaining {
        1
    } else {
        0
    }))
}

/// Runs `request` into `sink`, with errors, warnings and progress on
/// standard error; `None` when the output was closed early (`| head`).
fn run(request: &Request, sink: &mut dyn Sink, quiet: bool) -> miette::Result<Option<Summary>> {
    match check::run(request, &mut Console::new(sink, quiet)) {
        Ok(summary) => Ok(Some(summary)),
        Err(Error::Output { source }) if source.kind() == io::ErrorKind::BrokenPipe => Ok(None),
        Err(error) => Err(error.into()),
    }
}

/// Whether a path on the command line stands for standard input.
fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// The request the options of `check` make; standard input is read here.
fn request_of(args: &CheckArgs) -> Result<Request, Error> {
    let mut inputs = Vec::with_capacity(args.paths.len());
    if args.paths.iter().any(|path| is_stdin(path)) {
        let mut bytes = Vec::new();
        io::stdin()
            .lock()
            .read_to_end(&mut bytes)
            .map_err(|source| Error::Io {
                path: "-".into(),
                action: "reading",
                source,
            })?;
        inputs.push(Input::Text {
            name: args.stdin_filename.clone(),
            bytes,
        });
    }
    inputs.extend(
        args.paths
            .iter()
            .filter(|path| !is_stdin(path))
            .map(|path| Input::Path(path.clone())),
    );
    let level = if args.unsafe_fixes {
        Applicability::Unsafe
    } else {
        Applicability::Safe
    };
    Ok(Request {
        inputs,
        config: match (args.isolated, &args.config) {
            (true, _) => ConfigSource::Isolated,
            (false, Some(path)) => ConfigSource::File(path.clone()),
            (false, None) => ConfigSource::Discover,
        },
        overrides: Overrides {
            select: args.select.clone(),
            ignore: args.ignore.clone(),
            packs: args.packs.clone(),
        },
        fix: if args.diff {
            FixMode::Diff(level)
        } else if args.fix || args.unsafe_fixes {
            FixMode::Write(level)
        } else {
            FixMode::Report
        },
        force_exclude: args.force_exclude,
        threads: args.threads.map(usize::from),
        baseline: args.baseline.clone(),
    })
}

/// The sink that prints the run: statistics, diffs, or diagnostics in the
/// chosen format; with `check --fix -`, the fixed text on standard output
/// and the diagnostics on standard error.
fn sink_for(args: &CheckArgs, mode: FixMode) -> Box<dyn Sink> {
    let stdout = || BufWriter::new(io::stdout());
    if args.statistics {
        return Box::new(StatisticsPrinter::new(stdout()));
    }
    if let FixMode::Diff(_) = mode {
        return Box::new(DiffPrinter::new(stdout()));
    }
    let format = args.output_format.0;
    let on_stdout = output::printer(
        format,
        style(format, io::stdout().is_terminal(), !args.quiet),
        stdout(),
    );
    let fixes_stdin =
        matches!(mode, FixMode::Write(_)) && args.paths.iter().any(|path| is_stdin(path));
    if !fixes_stdin {
        return on_stdout;
    }
    let on_stderr = output::printer(
        format,
        style(format, io::stderr().is_terminal(), false),
        BufWriter::new(io::stderr()),
    );
    Box::new(FixedTextPrinter::new(stdout(), on_stderr, on_stdout))
}

/// How `format` prints to a terminal or not: colour only in `full` on a
/// terminal and never with `NO_COLOR` set; the closing count only in `full`.
fn style(format: OutputFormat, terminal: bool, summary: bool) -> Style {
    let full = format == OutputFormat::Full;
    Style {
        color: full && terminal && std::env::var_os("NO_COLOR").is_none(),
        summary: full && summary,
        ..Style::default()
    }
}
