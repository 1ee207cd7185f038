#!/usr/bin/env bash
# Compares copydesk with `wc -w` on the same large file: wall time and peak
# memory (maximum resident set size), in one run so the ratios are fair.
#
#   tests/bench/compare.sh [MEGABYTES]      (default 50)
#
# Builds the release binary, writes the example article repeated to the given
# size into a temporary folder, and prints one line per tool.
set -euo pipefail

megabytes="${1:-50}"
source "$(dirname "$0")/setup.sh"
input="$work/input.txt"
target_bytes=$((megabytes * 1000000))
while [ ! -f "$input" ] || [ "$(stat -c %s "$input")" -lt "$target_bytes" ]; do
    cat "$example" "$example" "$example" "$example" "$example" "$example" "$example" "$example" >> "$input"
done
size=$(stat -c %s "$input")
echo "input: $size bytes"

measure() {
    local name="$1"; shift
    # Warm the page cache, then measure.
    "$@" > /dev/null 2>&1 || true
    /usr/bin/time -f "%e %M" -o "$work/time" "$@" > /dev/null 2>&1 || true
    read -r seconds kilobytes < <(tail -n 1 "$work/time")
    awk -v n="$name" -v s="$seconds" -v k="$kilobytes" -v b="$size" \
        'BEGIN { printf "%-34s %7.2f s %8.1f MB/s  peak %7.1f MB (%.2fx input)\n", n, s, (s > 0 ? b / s / 1e6 : 0), k / 1024, k * 1024 / b }'
}

measure "wc -w" wc -w "$input"
measure "copydesk check (default rules)" "$binary" check --output-format concise "$input"
measure "copydesk check --fix --diff" "$binary" check --diff "$input"
