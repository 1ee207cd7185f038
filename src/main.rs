//! The `copydesk` binary: turn the command line into a request, run it into
//! the sink the options choose, and map the summary to an exit code (0 clean,
//! 1 problems remain, 2 failed). The Python package builds these same
//! modules into its extension, for the `copydesk` command it installs.

mod cli;
mod commands;
mod console;

use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use clap::Parser;

use copydesk::baseline::Baseline;
use copydesk::check::{self, ConfigSource, FixMode, Overrides, Request, Summary};
use copydesk::corpus::{CorpusOptions, InputFormat};
use copydesk::output::{
    self, plural, DiffPrinter, FixedTextPrinter, OutputFormat, Sink, StatisticsPrinter, Style,
};
use copydesk::read::{read_limited, Contents, MAX_STREAM_LEN};
use copydesk::walk::Input;
use copydesk::{Applicability, Error};

use cli::{CheckArgs, Cli, Command, InputFormatArg, PackCommand};
use console::Console;

fn main() -> ExitCode {
    ExitCode::from(run_cli(std::env::args_os()))
}

/// Runs the command line `args` (the program's name first) and returns
/// its exit code. The Python package's `copydesk` command calls this too, with the
/// arguments it was given.
pub fn run_cli<I, T>(args: I) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let cli = Cli::parse_from(args);
    let result = match cli.command {
        Command::Check(args) => run_check(*args),
        Command::Rules => commands::print_rules().map(|()| 0),
        Command::Rule { name } => commands::print_rule(&name),
        Command::Pack(PackCommand::Test { files }) => commands::test_packs(&files),
        Command::Server => commands::serve(),
    };
    match result {
        Ok(code) => code,
        Err(report) => {
            eprintln!("{report:?}");
            2
        }
    }
}

fn run_check(args: CheckArgs) -> miette::Result<u8> {
    check_corpus_args(&args);
    let request = request_of(&args)?;
    if let Some(path) = &args.write_baseline {
        let mut baseline = Baseline::default();
        let Some(summary) = run(&request, &mut baseline, args.quiet, &mut false)? else {
            return Ok(0);
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
        return Ok(if summary.failed { 2 } else { 0 });
    }

    let mut sink = sink_for(&args, request.fix);
    let mut echoed = false;
    let result = run(&request, sink.as_mut(), args.quiet, &mut echoed);
    if fixes_stdin(&args, request.fix) && !echoed && !matches!(result, Ok(None)) {
        echo_stdin(&request)?;
    }
    let Some(summary) = result? else {
        return Ok(0);
    };
    if matches!(request.fix, FixMode::Write(_)) && !args.quiet && summary.fixes > 0 {
        let mut places = Vec::new();
        if summary.files_fixed > 0 {
            places.push(plural(summary.files_fixed, "file"));
        }
        if summary.records_fixed > 0 {
            places.push(plural(summary.records_fixed, "record"));
        }
        eprintln!(
            "fixed {} in {}",
            plural(summary.fixes, "problem"),
            places.join(" and ")
        );
    }
    let remaining = !args.exit_zero && summary.has_problems_at_least(args.fail_on.threshold());
    Ok(if summary.failed {
        2
    } else if remaining {
        1
    } else {
        0
    })
}

/// Exits with a usage error (code 2) when the corpus options do not fit together.
fn check_corpus_args(args: &CheckArgs) {
    let error = |message: String| {
        <Cli as clap::CommandFactory>::command()
            .error(clap::error::ErrorKind::ArgumentConflict, message)
            .exit()
    };
    if args.output.is_some() && args.diff {
        error("--output writes the corpus; --diff writes nothing: give one of them".to_owned());
    }
    let Some(field) = &args.add_field else {
        return;
    };
    if field == &args.text_field || field == &args.id_field {
        error(format!(
            "--add-field {field}: the summary field must not be the text field or the id field"
        ));
    }
    let stdin = args.paths.iter().any(|path| is_stdin(path));
    if !(args.fix || args.unsafe_fixes || stdin || args.output.is_some()) || args.diff {
        error(format!(
            "--add-field {field} writes records back: give --fix (files are rewritten), --output FILE, or read standard input (`-`: the records go to standard output); not with --diff"
        ));
    }
}

/// Runs `request` into `sink`, with errors, warnings and progress on
/// standard error; `None` when the output was closed early (`| head`).
/// `echoed` tells whether a fixed text reached the sink.
fn run(
    request: &Request,
    sink: &mut dyn Sink,
    quiet: bool,
    echoed: &mut bool,
) -> miette::Result<Option<Summary>> {
    let mut console = Console::new(sink, quiet);
    let result = check::run(request, &mut console);
    *echoed = console.printed_fixed_text();
    match result {
        Ok(summary) => Ok(Some(summary)),
        Err(Error::Output { source }) if source.kind() == io::ErrorKind::BrokenPipe => Ok(None),
        Err(error) => Err(error.into()),
    }
}

/// Whether a path on the command line stands for standard input.
fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// Whether `check --fix -` prints the fixed standard input on standard
/// output (as `check --add-field NAME -` prints its records).
fn fixes_stdin(args: &CheckArgs, mode: FixMode) -> bool {
    (matches!(mode, FixMode::Write(_)) || args.add_field.is_some())
        && args.output.is_none()
        && args.paths.iter().any(|path| is_stdin(path))
}

/// `check --fix -` as a filter: standard input that could not be fixed (a
/// binary or non-UTF-8 text, a run that failed) goes to standard output as
/// it came, byte for byte, so nothing is lost in a pipe.
fn echo_stdin(request: &Request) -> Result<(), Error> {
    let text = request.inputs.iter().find_map(|input| match input {
        Input::Text { bytes, .. } => Some(bytes),
        Input::Path(_) => None,
    });
    let Some(bytes) = text else {
        return Ok(());
    };
    let mut stdout = io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Err(error) if error.kind() != io::ErrorKind::BrokenPipe => Err(Error::output(error)),
        _ => Ok(()),
    }
}

/// The request the options of `check` make; standard input is read here,
/// up to [`MAX_STREAM_LEN`] bytes. Without `--fix`, reading stops after the
/// first block when that block is binary.
fn request_of(args: &CheckArgs) -> Result<Request, Error> {
    let mut inputs = Vec::with_capacity(args.paths.len());
    if args.paths.iter().any(|path| is_stdin(path)) {
        // A corpus is never binary as a whole (a compressed one looks so).
        let whole =
            args.fix || args.unsafe_fixes || args.input_format == Some(InputFormatArg::Jsonl);
        let contents =
            read_limited(io::stdin().lock(), MAX_STREAM_LEN, !whole, 0).map_err(|source| {
                Error::Io {
                    path: "-".into(),
                    action: "reading",
                    source,
                }
            })?;
        let bytes = match contents {
            Contents::Whole(bytes) | Contents::Binary(bytes) => bytes,
            Contents::TooLarge => {
                return Err(Error::TooLong {
                    path: "-".into(),
                    max: MAX_STREAM_LEN,
                })
            }
        };
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
        corpus: CorpusOptions {
            input_format: args.input_format.map(|format| match format {
                InputFormatArg::Text => InputFormat::Text,
                InputFormatArg::Jsonl => InputFormat::Jsonl,
            }),
            text_field: args.text_field.clone(),
            id_field: args.id_field.clone(),
            add_field: args.add_field.clone(),
            output: args.output.clone(),
        },
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
    if !fixes_stdin(args, mode) {
        return on_stdout;
    }
    // Standard output carries the text, fixed or echoed as it came
    // (`echo_stdin`): the diagnostics go to standard error either way.
    let on_stderr = || {
        output::printer(
            format,
            style(format, io::stderr().is_terminal(), false),
            BufWriter::new(io::stderr()),
        )
    };
    Box::new(FixedTextPrinter::new(stdout(), on_stderr(), on_stderr()))
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
