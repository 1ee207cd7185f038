//! `cargo bench`: lint throughput of the default rules on a large file.
//!
//! Builds a text of about `COPYDESK_BENCH_MB` megabytes (default 50) by
//! repeating the example article, lints it, and prints MB/s for reading the
//! text, splitting it into words (the floor any rule set pays) and the full
//! default lint. Compare ratios within one run; absolute numbers vary with the
//! machine's load. `tests/bench/compare.sh` compares the binary with `wc -w`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use copydesk::{Document, Linter, Selection};

const EXAMPLE: &str = include_str!("../../fixtures/_example/scraped-article.txt");

/// Runs `work` three times and keeps the fastest.
fn fastest(mut work: impl FnMut()) -> Duration {
    (0..3)
        .map(|_| {
            let start = Instant::now();
            work();
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn main() {
    let megabytes: usize = std::env::var("COPYDESK_BENCH_MB")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(50);
    let copies = (megabytes * 1_000_000).div_ceil(EXAMPLE.len() + 1);
    let mut text = String::with_capacity(copies * (EXAMPLE.len() + 1));
    for _ in 0..copies {
        text.push_str(EXAMPLE);
        text.push('\n');
    }
    let size_mb = text.len() as f64 / 1e6;
    let linter = match Linter::new(&Selection::default()) {
        Ok(linter) => linter,
        Err(error) => {
            eprintln!("cannot build the linter: {error}");
            std::process::exit(2);
        }
    };

    let count_words = fastest(|| {
        black_box(text.split_ascii_whitespace().count());
    });
    let document = fastest(|| {
        black_box(Document::new(black_box(&text)));
    });
    let mut found = 0;
    let lint = fastest(|| {
        found = black_box(linter.lint(black_box(&text))).len();
    });

    let rate = |time: Duration| size_mb / time.as_secs_f64();
    println!("input: {size_mb:.1} MB ({copies} copies of the example article)");
    println!(
        "split_ascii_whitespace().count(): {:8.1} MB/s",
        rate(count_words)
    );
    println!(
        "Document::new (line index, words): {:8.1} MB/s",
        rate(document)
    );
    println!(
        "default rules, lint:               {:8.1} MB/s ({found} diagnostics)",
        rate(lint)
    );
    println!(
        "lint time / word-count time:       {:8.2}",
        lint.as_secs_f64() / count_words.as_secs_f64()
    );
}
