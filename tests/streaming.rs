//! `check::run` as a library call: reports stream to a sink in input order,
//! whatever the number of threads, and texts in memory are inputs like files.

use std::io;

use copydesk::check::{
    self, ConfigSource, FileReport, FixMode, Output, Overrides, Request, Summary,
};
use copydesk::output::{RunInfo, Sink};
use copydesk::walk::Input;
use copydesk::{Applicability, Error};

use crate::common::{write, DAMAGED};

/// Records the order of everything a sink is told.
#[derive(Default)]
struct Recorder {
    events: Vec<String>,
}

impl Sink for Recorder {
    fn begin(&mut self, run: &RunInfo) -> io::Result<()> {
        self.events.push(format!("begin {}", run.files));
        Ok(())
    }

    fn file(&mut self, report: &FileReport) -> io::Result<()> {
        self.events.push(format!(
            "{} {}",
            report.path.rsplit('/').next().unwrap_or_default(),
            report.diagnostics.len()
        ));
        Ok(())
    }

    fn error(&mut self, error: Error) -> io::Result<()> {
        self.events.push(format!("error {error}"));
        Ok(())
    }

    fn finish(&mut self, summary: &Summary) -> io::Result<()> {
        self.events
            .push(format!("finish {}", summary.files_checked));
        Ok(())
    }
}

#[test]
fn reports_reach_the_sink_in_input_order_with_two_threads() {
    let folder = tempfile::tempdir().expect("temporary folder");
    // Files of very different sizes, so later ones often finish first.
    let count = 300;
    for index in 0..count {
        let words = if index % 7 == 0 { 4000 } else { 1 };
        let text = format!("{}{DAMAGED}", "plain words here. ".repeat(words));
        write(folder.path(), &format!("{index:04}.txt"), text);
    }
    let request = Request {
        inputs: vec![Input::Path(folder.path().to_path_buf())],
        config: ConfigSource::Isolated,
        overrides: Overrides {
            select: vec!["lost-apostrophe".to_owned()],
            ..Overrides::default()
        },
        threads: Some(2),
        ..Request::default()
    };
    let mut recorder = Recorder::default();
    let summary = check::run(&request, &mut recorder).expect("the run succeeds");

    let mut expected = vec![format!("begin {count}")];
    expected.extend((0..count).map(|index| format!("{index:04}.txt 2")));
    expected.push(format!("finish {count}"));
    assert_eq!(recorder.events, expected);
    assert_eq!(summary.problems(), 2 * count);
    assert!(!summary.failed);
}

#[test]
fn one_thread_and_many_threads_give_the_same_reports() {
    let folder = tempfile::tempdir().expect("temporary folder");
    for index in 0..40 {
        write(
            folder.path(),
            &format!("{index:02}.txt"),
            DAMAGED.repeat(index),
        );
    }
    let reports_with = |threads| {
        let request = Request {
            inputs: vec![Input::Path(folder.path().to_path_buf())],
            config: ConfigSource::Isolated,
            threads: Some(threads),
            ..Request::default()
        };
        let mut reports: Vec<FileReport> = Vec::new();
        check::run(&request, &mut reports).expect("the run succeeds");
        reports
    };
    assert_eq!(reports_with(1), reports_with(4));
}

#[test]
fn a_text_comes_first_and_is_fixed_in_memory_and_missing_paths_are_errors() {
    let request = Request {
        inputs: vec![
            Input::Path("/no/such/copydesk/path".into()),
            Input::Text {
                name: None,
                bytes: DAMAGED.as_bytes().to_vec(),
            },
        ],
        config: ConfigSource::Isolated,
        fix: FixMode::Write(Applicability::Safe),
        ..Request::default()
    };
    let mut recorder = Recorder::default();
    let summary = check::run(&request, &mut recorder).expect("the run goes on");
    assert!(summary.failed);
    assert_eq!(summary.fixes, 2);
    assert_eq!(
        recorder.events[0],
        "error /no/such/copydesk/path: no such file or folder"
    );
    assert_eq!(recorder.events[1..], ["begin 1", "- 0", "finish 1"]);

    let mut reports: Vec<FileReport> = Vec::new();
    check::run(&request, &mut reports).expect("the run goes on");
    assert_eq!(reports[0].output, Output::FixedText);
    assert_eq!(
        reports[0].text,
        "the museum's director said they don't plan to reopen\n"
    );
}
