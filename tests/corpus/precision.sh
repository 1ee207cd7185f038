#!/usr/bin/env bash
# False positives on clean text: runs the default rules over each genre folder
# of a clean corpus and prints the number of diagnostics per genre and rule.
# Clean, well-edited prose should give zero.
#
#   tests/corpus/make-clean-corpus.sh /tmp/clean-corpus    # once
#   tests/corpus/precision.sh /tmp/clean-corpus [copydesk options...]
set -euo pipefail
corpus="${1:?usage: precision.sh CORPUS_DIR [copydesk check options]}"
shift
root="$(cd "$(dirname "$0")/../.." && pwd)"
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
binary="$root/target/release/copydesk"
for genre in "$corpus"/*/; do
    words=$(cat "$genre"* | wc -w)
    report=$("$binary" check --output-format concise "$@" "$genre" 2>/dev/null || true)
    count=$(printf '%s' "$report" | grep -c . || true)
    rules=$(printf '%s\n' "$report" | awk 'NF { print $2 }' | sort | uniq -c | awk '{ printf "%s=%s ", $2, $1 }')
    printf '%-12s %9d words  %5d diagnostics  %s\n' "$(basename "$genre")" "$words" "$count" "$rules"
done
