//! `cargo bench`: lint throughput of the default rules on a large file.
//!
//! Builds two texts of about `COPYDESK_BENCH_MB` megabytes (default 50) —
//! the damaged example article repeated, and generated punctuated sentences
//! that never repeat (clean text, as far as the rules can tell) — lints each, and prints MB/s for counting whitespace-separated words (what
//! `wc -w` does), preparing the document (line index and words, the floor any
//! rule set pays) and the full default lint. Compare ratios within one run; absolute numbers vary with the
//! machine's load. `tests/bench/compare.sh` compares the binary with `wc -w`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use copydesk::{Document, Linter, Selection};

const DAMAGED: &str = include_str!("../../fixtures/_example/scraped-article.txt");

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

/// About `megabytes` MB of capitalised, punctuated sentences of made-up words
/// that never repeat a run of words: a deterministic linear congruential
/// generator picks from 20,000 syllable words.
fn generated_sentences(megabytes: usize) -> String {
    let syllables = [
        "ka", "lo", "mi", "ter", "san", "do", "vel", "ri", "po", "nu", "gra", "sho", "ble", "fen",
        "tu", "ar",
    ];
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move |bound: usize| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((state >> 33) as usize) % bound
    };
    let vocabulary: Vec<String> = (0..20_000)
        .map(|_| {
            (0..1 + next(3))
                .map(|_| syllables[next(syllables.len())])
                .collect()
        })
        .collect();
    let mut text = String::with_capacity(megabytes * 1_000_000 + 200);
    while text.len() < megabytes * 1_000_000 {
        let length = 8 + next(22);
        for index in 0..length {
            let word = &vocabulary[next(vocabulary.len())];
            if index == 0 {
                let mut chars = word.chars();
                text.extend(chars.next().map(|c| c.to_ascii_uppercase()));
                text.push_str(chars.as_str());
            } else {
                text.push(' ');
                text.push_str(word);
            }
        }
        text.push_str(".\n");
    }
    text
}

/// `sample` repeated to about `megabytes` MB.
fn repeated(sample: &str, megabytes: usize) -> String {
    let copies = (megabytes * 1_000_000).div_ceil(sample.len() + 1);
    let mut text = String::with_capacity(copies * (sample.len() + 1));
    for _ in 0..copies {
        text.push_str(sample);
        text.push('\n');
    }
    text
}

fn measure(name: &str, text: &str, linter: &Linter) {
    let size_mb = text.len() as f64 / 1e6;
    let count_words = fastest(|| {
        black_box(black_box(text).split_ascii_whitespace().count());
    });
    let document = fastest(|| {
        black_box(Document::new(black_box(text)));
    });
    let mut found = 0;
    let lint = fastest(|| {
        found = black_box(linter.lint(black_box(text))).len();
    });
    let rate = |time: Duration| size_mb / time.as_secs_f64();
    println!("{name}: {size_mb:.1} MB");
    println!(
        "  word count (split_ascii_whitespace): {:8.1} MB/s",
        rate(count_words)
    );
    println!(
        "  Document::new (line index, words):   {:8.1} MB/s",
        rate(document)
    );
    println!(
        "  default rules, lint:                 {:8.1} MB/s ({found} diagnostics)",
        rate(lint)
    );
    println!(
        "  lint time / word-count time:         {:8.2}",
        lint.as_secs_f64() / count_words.as_secs_f64()
    );
}

fn main() {
    let megabytes: usize = std::env::var("COPYDESK_BENCH_MB")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(50);
    let linter = match Linter::new(&Selection::default()) {
        Ok(linter) => linter,
        Err(error) => {
            eprintln!("cannot build the linter: {error}");
            std::process::exit(2);
        }
    };
    measure(
        "damaged (example article repeated)",
        &repeated(DAMAGED, megabytes),
        &linter,
    );
    measure(
        "clean (generated sentences, no repeats)",
        &generated_sentences(megabytes),
        &linter,
    );
}
