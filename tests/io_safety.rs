//! Nothing lost, nothing injected (issue 11): filters echo what they cannot
//! fix, endless and huge inputs end in a skip or a clear error, `--fix`
//! keeps owners, modes and links and refuses what it must not write, diffs
//! apply with `patch`, and each file is linted once with the real cause of
//! any failure.

use std::fs;
use std::io::Write;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use predicates::prelude::*;

use crate::common::{copydesk, json_of, write, DAMAGED};

const REPAIRED: &str = "the museum's director said they don't plan to reopen\n";

/// The longest any of these runs may take: each must end by itself, fast.
const DEADLINE: Duration = Duration::from_secs(20);

/// `copydesk ARGS` as a child process, with standard input from `stdin`.
fn spawn(args: &[&str], stdin: Stdio) -> Child {
    spawn_in(Path::new("."), args, stdin)
}

/// `copydesk ARGS` run in `folder`, with standard input from `stdin`.
fn spawn_in(folder: &Path, args: &[&str], stdin: Stdio) -> Child {
    Command::new(assert_cmd::cargo::cargo_bin("copydesk"))
        .current_dir(folder)
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(stdin)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("copydesk starts")
}

/// Waits for `child`, killing it and failing the test past [`DEADLINE`].
fn finish(mut child: Child) -> Output {
    let start = Instant::now();
    while child.try_wait().expect("wait for copydesk").is_none() {
        if start.elapsed() > DEADLINE {
            child.kill().ok();
            panic!("copydesk did not end within {DEADLINE:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("copydesk output")
}

/// Standard error with miette's line wrapping undone, to match whole messages.
fn stderr_of(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr)
        .split_whitespace()
        .filter(|word| *word != "│")
        .collect::<Vec<_>>()
        .join(" ")
}

/// Asserts that the run ended with `code`, saying `message` on standard error.
fn assert_ends(output: &Output, code: i32, message: &str) {
    let stderr = stderr_of(output);
    assert_eq!(output.status.code(), Some(code), "{stderr}");
    assert!(
        stderr.contains(message),
        "expected {message:?} in: {stderr}"
    );
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().expect("mkfifo");
    assert!(status.success());
}

fn is_root() -> bool {
    let folder = tempfile::tempdir().unwrap();
    write(folder.path(), "probe", "");
    fs::metadata(folder.path().join("probe")).unwrap().uid() == 0
}

// Defect 2: a filter echoes what it cannot fix.

#[test]
fn fix_stdin_echoes_binary_and_invalid_utf8_input_byte_for_byte() {
    let cases: [(&[u8], i32, &str); 2] = [
        (b"a\0 don t\n", 0, "-: binary file"),
        (b"they don t know \xff\xfe what\r\n", 2, "not valid UTF-8"),
    ];
    for (input, code, message) in cases {
        copydesk()
            .args(["check", "--fix", "-"])
            .write_stdin(input)
            .assert()
            .code(code)
            .stdout(predicate::eq(input))
            .stderr(predicate::str::contains(message));
    }
}

#[test]
fn fix_stdin_echoes_the_text_when_the_configuration_is_broken() {
    let folder = tempfile::tempdir().unwrap();
    write(folder.path(), "bad.toml", "select = 3\n");
    copydesk()
        .args(["check", "--fix", "--config"])
        .arg(folder.path().join("bad.toml"))
        .arg("-")
        .write_stdin(DAMAGED)
        .assert()
        .code(2)
        .stdout(DAMAGED);
}

// Defect 3: endless and huge inputs end quickly.

#[test]
fn endless_devices_named_are_skipped_as_binary_without_reading_on() {
    for device in ["/dev/zero", "/dev/urandom"] {
        let output = finish(spawn(&["check", device], Stdio::null()));
        assert_ends(&output, 0, &format!("{device}: binary file"));
    }
}

#[test]
fn endless_binary_stdin_is_skipped_from_its_first_block() {
    let zeros = fs::File::open("/dev/zero").unwrap();
    let output = finish(spawn(&["check", "-"], Stdio::from(zeros)));
    assert_ends(&output, 0, "-: binary file");
}

#[test]
fn endless_or_oversized_configuration_baseline_and_pack_are_refused() {
    let folder = tempfile::tempdir().unwrap();
    let pack = folder.path().join("huge.toml");
    fs::File::create(&pack).unwrap().set_len(11 << 20).unwrap();
    let cases = [
        ("--config", "/dev/zero", "configuration file"),
        ("--baseline", "/dev/zero", "baseline"),
        ("--pack", pack.to_str().unwrap(), "rule pack"),
    ];
    for (option, path, what) in cases {
        let output = finish(spawn(&["check", option, path, "-"], Stdio::null()));
        let message = format!("larger than 10 MiB, the most copydesk reads from a {what}");
        assert_ends(&output, 2, &message);
    }
}

#[test]
fn sparse_file_larger_than_the_cap_is_skipped_from_its_first_block() {
    // 5 GiB of holes: more than copydesk lints, and binary from the first
    // block on. Reading it whole would take gigabytes of memory.
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("sparse.txt");
    fs::File::create(&path).unwrap().set_len(5 << 30).unwrap();
    let output = finish(spawn(&["check", path.to_str().unwrap()], Stdio::null()));
    assert_ends(&output, 0, "sparse.txt: binary file");
}

#[test]
fn sparse_text_file_larger_than_the_cap_is_refused_unread() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("huge.txt");
    let mut file = fs::File::create(&path).unwrap();
    file.write_all(DAMAGED.repeat(200).as_bytes()).unwrap();
    file.set_len(5 << 30).unwrap();
    let output = finish(spawn(&["check", path.to_str().unwrap()], Stdio::null()));
    assert_ends(
        &output,
        2,
        "5368709120 bytes is more than copydesk lints in one file",
    );
}

#[test]
fn fifo_found_in_a_folder_is_skipped_with_a_warning() {
    let folder = tempfile::tempdir().unwrap();
    write(folder.path(), "a.txt", DAMAGED);
    mkfifo(&folder.path().join("pipe.txt"));
    let output = finish(spawn(
        &[
            "check",
            "--output-format",
            "concise",
            folder.path().to_str().unwrap(),
        ],
        Stdio::null(),
    ));
    assert_ends(&output, 1, "pipe.txt: a FIFO, not a regular file: skipped");
    assert!(String::from_utf8_lossy(&output.stdout).contains("a.txt"));
}

#[test]
fn named_fifo_is_read_to_its_end() {
    let folder = tempfile::tempdir().unwrap();
    let fifo = folder.path().join("pipe");
    mkfifo(&fifo);
    let child = spawn(
        &["check", "--output-format", "json", fifo.to_str().unwrap()],
        Stdio::null(),
    );
    // Opening for writing waits for copydesk to open it for reading.
    let writer = std::thread::spawn(move || {
        let mut pipe = fs::OpenOptions::new().write(true).open(&fifo).unwrap();
        pipe.write_all(DAMAGED.as_bytes()).unwrap();
    });
    let output = finish(child);
    writer.join().unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr_of(&output));
    assert_eq!(json_of(&output.stdout).len(), 2);
}

// Defect 4: --fix keeps owner, group, mode and links, and refuses what it must not write.

#[test]
fn fix_refuses_a_named_fifo_and_leaves_it_a_fifo() {
    use std::os::unix::fs::FileTypeExt;
    let folder = tempfile::tempdir().unwrap();
    let fifo = folder.path().join("pipe.txt");
    mkfifo(&fifo);
    let output = finish(spawn(
        &["check", "--fix", fifo.to_str().unwrap()],
        Stdio::null(),
    ));
    assert_ends(
        &output,
        2,
        "a FIFO, not a regular file; not fixed, file left untouched",
    );
    assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
}

#[test]
fn fix_refuses_a_read_only_file_and_leaves_it_unchanged() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("a.txt");
    fs::write(&path, DAMAGED).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
    let output = finish(spawn(
        &["check", "--fix", path.to_str().unwrap()],
        Stdio::null(),
    ));
    assert_ends(&output, 2, "read-only file; not fixed, file left untouched");
    assert_eq!(fs::read_to_string(&path).unwrap(), DAMAGED);
    assert_eq!(fs::metadata(&path).unwrap().mode() & 0o777, 0o444);
    assert_eq!(fs::read_dir(folder.path()).unwrap().count(), 1);
}

#[test]
fn fix_keeps_the_owner_group_and_mode_of_another_user_s_file() {
    if !is_root() {
        eprintln!("skipped: only root can give a file to another user");
        return;
    }
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("a.txt");
    fs::write(&path, DAMAGED).unwrap();
    std::os::unix::fs::chown(&path, Some(1234), Some(1234)).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
    copydesk()
        .args(["check", "--fix"])
        .arg(&path)
        .assert()
        .code(0);
    let metadata = fs::metadata(&path).unwrap();
    assert_eq!(fs::read_to_string(&path).unwrap(), REPAIRED);
    assert_eq!((metadata.uid(), metadata.gid()), (1234, 1234));
    assert_eq!(metadata.mode() & 0o777, 0o640);
    assert_eq!(fs::read_dir(folder.path()).unwrap().count(), 1);
}

#[test]
fn fix_keeps_hard_links_and_both_names_see_the_fix() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("a.txt");
    let other = folder.path().join("b.txt");
    fs::write(&path, DAMAGED).unwrap();
    fs::hard_link(&path, &other).unwrap();
    let inode = fs::metadata(&path).unwrap().ino();
    copydesk()
        .args(["check", "--fix"])
        .arg(&path)
        .assert()
        .code(0);
    assert_eq!(fs::read_to_string(&path).unwrap(), REPAIRED);
    assert_eq!(fs::read_to_string(&other).unwrap(), REPAIRED);
    let metadata = fs::metadata(&path).unwrap();
    assert_eq!((metadata.nlink(), metadata.ino()), (2, inode));
    assert_eq!(fs::read_dir(folder.path()).unwrap().count(), 2);
}

// Defect 9: --diff applies with patch, bare CRs and all.

#[test]
fn diff_applies_with_patch_on_bare_crs_crlf_and_no_final_newline() {
    let texts = [
        "the museum s director\rsaid they don t plan\rto reopen\n",
        "they don t know\r\nand they don t care\r\n",
        "intro\nthe museum s director said they don t plan to reopen",
        "a\rb\rc\n\nthe museum s director\r",
        "one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nthey don t\r\nnine\nten\r",
        "they don t know\r",
    ];
    for (index, text) in texts.iter().enumerate() {
        let folder = tempfile::tempdir().unwrap();
        let name = "a.txt";
        write(folder.path(), name, text);
        let diff = copydesk()
            .current_dir(folder.path())
            .args(["check", "--diff", name])
            .assert()
            .get_output()
            .stdout
            .clone();
        assert!(!diff.is_empty(), "text {index} has fixes");
        copydesk()
            .current_dir(folder.path())
            .args(["check", "--fix", name])
            .assert()
            .code(0);
        let fixed = fs::read(folder.path().join(name)).unwrap();
        write(folder.path(), name, text);
        let patched = Command::new("patch")
            .current_dir(folder.path())
            .args(["-p1", "--batch", "--quiet", "--no-backup-if-mismatch"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .and_then(|mut child| {
                child.stdin.take().unwrap().write_all(&diff)?;
                child.wait_with_output()
            })
            .expect("patch runs");
        assert!(
            patched.status.success(),
            "patch rejects the diff of text {index}:\n{}\n{}",
            String::from_utf8_lossy(&diff),
            String::from_utf8_lossy(&patched.stdout)
        );
        assert_eq!(
            fs::read(folder.path().join(name)).unwrap(),
            fixed,
            "text {index}"
        );
    }
}

// Defect 12: the real cause of a failure; each file linted once.

#[test]
fn symlink_loop_is_reported_as_a_loop_not_a_missing_file() {
    let folder = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink("b.txt", folder.path().join("a.txt")).unwrap();
    std::os::unix::fs::symlink("a.txt", folder.path().join("b.txt")).unwrap();
    copydesk()
        .current_dir(folder.path())
        .args(["check", "a.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("symbolic links"))
        .stderr(predicate::str::contains("no such file").not());
}

#[test]
fn path_through_a_file_is_reported_as_not_a_directory() {
    let folder = tempfile::tempdir().unwrap();
    write(folder.path(), "a.txt", DAMAGED);
    let output = finish(spawn_in(
        folder.path(),
        &["check", "a.txt/b.txt"],
        Stdio::null(),
    ));
    assert_ends(
        &output,
        2,
        "a.txt/b.txt: reading failed ╰─▶ Not a directory",
    );
    assert!(!stderr_of(&output).contains("no such file"));
}

#[test]
fn permission_denied_path_is_reported_as_permission_denied() {
    let setpriv = Path::new("/usr/bin/setpriv");
    if !is_root() || !setpriv.exists() {
        eprintln!("skipped: needs root and setpriv to run as another user");
        return;
    }
    let as_user = || {
        let mut command = Command::new(setpriv);
        command
            .args(["--reuid=1234", "--regid=1234", "--clear-groups"])
            .arg(assert_cmd::cargo::cargo_bin("copydesk"))
            .env("NO_COLOR", "1");
        command
    };
    if !as_user()
        .arg("--version")
        .output()
        .is_ok_and(|run| run.status.success())
    {
        eprintln!("skipped: user 1234 may not run the binary where it was built");
        return;
    }
    // A folder that is root's and 0700: user 1234 may not search it.
    let folder = tempfile::tempdir().unwrap();
    write(folder.path(), "a.txt", DAMAGED);
    fs::set_permissions(folder.path(), fs::Permissions::from_mode(0o700)).unwrap();
    let path = folder.path().join("a.txt");
    let output = as_user()
        .args(["check", path.to_str().unwrap()])
        .output()
        .expect("setpriv runs");
    assert_ends(&output, 2, "a.txt: reading failed ╰─▶ Permission denied");
    assert!(!stderr_of(&output).contains("no such file"));
}

#[test]
fn a_file_named_three_ways_is_linted_once_under_its_first_name() {
    let folder = tempfile::tempdir().unwrap();
    write(folder.path(), "a.txt", DAMAGED);
    std::os::unix::fs::symlink("a.txt", folder.path().join("link.txt")).unwrap();
    let args = ["check", "--output-format", "json", "./a.txt", "a.txt"];
    let more = ["link.txt", "./a.txt", "."];
    let output = finish(spawn_in(
        folder.path(),
        &[&args[..], &more].concat(),
        Stdio::null(),
    ));
    assert_eq!(output.status.code(), Some(1), "{}", stderr_of(&output));
    let diagnostics = json_of(&output.stdout);
    assert_eq!(diagnostics.len(), 2);
    let paths: Vec<&str> = diagnostics
        .iter()
        .filter_map(|diagnostic| diagnostic["path"].as_str())
        .collect();
    assert_eq!(paths, ["./a.txt", "./a.txt"]);
}

#[test]
fn a_file_named_twice_is_fixed_once() {
    let folder = tempfile::tempdir().unwrap();
    write(folder.path(), "a.txt", DAMAGED);
    copydesk()
        .current_dir(folder.path())
        .args(["check", "--fix", "a.txt", "a.txt", "--threads", "2"])
        .assert()
        .code(0)
        .stderr(predicate::str::contains("fixed 2 problems in 1 file"));
    assert_eq!(
        fs::read_to_string(folder.path().join("a.txt")).unwrap(),
        REPAIRED
    );
}
