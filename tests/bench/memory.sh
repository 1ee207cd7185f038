#!/usr/bin/env bash
# Peak memory of a run over many files: `check --output-format json` over
# 100 and over 1,000 files of about 50 KB each (the example article repeated,
# each file with its own first line). Reports stream to the printer and are
# dropped once printed, so the two peaks should be about the same; a peak
# that grows tenfold means texts are kept until the end of the run.
#
#   tests/bench/memory.sh [COUNTS...]     (default: 100 1000)
set -euo pipefail

counts=("${@:-100 1000}")
read -r -a counts <<< "${counts[*]}"
source "$(dirname "$0")/setup.sh"

block="$work/block.txt"
for _ in 1 2 3 4 5 6 7 8 9 10; do cat "$example" >> "$block"; done
for count in "${counts[@]}"; do
    folder="$work/files-$count"
    mkdir -p "$folder"
    for ((index = 0; index < count; index++)); do
        file="$folder/$(printf '%05d' "$index").txt"
        printf 'Document %d of the memory benchmark.\n\n' "$index" > "$file"
        cat "$block" >> "$file"
    done
done

printf '%8s  %10s  %14s\n' files input peak-rss
for count in "${counts[@]}"; do
    folder="$work/files-$count"
    size="$(du -sh "$folder" | cut -f1)"
    # --output-format json prints every diagnostic; exit code 1 (problems found) is expected.
    peak="$(/usr/bin/time -f %M "$binary" check --output-format json "$folder" 2>&1 > /dev/null | tail -n 1 || true)"
    printf '%8d  %10s  %11s KB\n' "$count" "$size" "$peak"
done
