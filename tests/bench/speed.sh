#!/usr/bin/env bash
# copydesk against `wc -w` and typos on the same two ~20 MB files, timed in
# one run so that the ratios are fair on a shared, noisy machine:
#
#   clean    real clean prose: the clean corpus (tests/corpus/make-clean-corpus.sh),
#            technical manuals first, concatenated to 20 MB
#   scraped  the example article (fixtures/_example) repeated to 20 MB
#   flat     the clean file flattened as scrapers flatten text (lowercase,
#            every character but letters and digits a space): where
#            lost-hyphen and lost-apostrophe fix nearly every paragraph
#
# For each file it prints the best of three wall times (and user+system CPU)
# of `wc -w`, `copydesk check` with all default rules (one thread, JSON to
# /dev/null), `copydesk check --diff`, `copydesk check --fix` (on a copy)
# and `typos`, the ratio of each to `wc -w`, and copydesk's peak memory as a
# multiple of the input. Run by hand, not in CI:
#
#   tests/bench/speed.sh [--rules] [CLEAN_CORPUS_DIR]     (default /tmp/clean-corpus)
#
# With --rules it then times every rule alone (`--select RULE`) on both
# files, to show where the time and the memory of `check` go. Each row's
# "own" column subtracts the run of `unused-suppression` alone, which reads
# the file, builds the linter and prints, and finds nothing in these files.
#
# typos comes from PyPI (the `typos` wheel ships the binary) into a virtual
# environment under ${XDG_CACHE_HOME:-~/.cache}/copydesk-bench.
set -euo pipefail

per_rule=false
if [ "${1:-}" = "--rules" ]; then
    per_rule=true
    shift
fi
corpus="${1:-/tmp/clean-corpus}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
if [ ! -d "$corpus" ]; then
    echo "no clean corpus at $corpus: run tests/corpus/make-clean-corpus.sh $corpus first" >&2
    exit 2
fi
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
binary="${COPYDESK_BINARY:-$root/target/release/copydesk}"

cache="${XDG_CACHE_HOME:-$HOME/.cache}/copydesk-bench"
if [ ! -x "$cache/venv/bin/typos" ]; then
    python3 -m venv "$cache/venv"
    "$cache/venv/bin/pip" install --quiet typos
fi
typos="$cache/venv/bin/typos"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
target_bytes=20000000

# Clean prose: whole files, technical manuals first, up to 20 MB; each file
# once (the manuals twice would make a text that repeats itself).
{ find "$corpus/technical" -name '*.txt' -print0
  find "$corpus" -name '*.txt' -not -path "$corpus/technical/*" -print0; } 2>/dev/null |
    xargs -0 cat 2>/dev/null | head -c "$target_bytes" > "$work/clean.txt" || true
# Cut at the last line break so no character is split.
python3 - "$work/clean.txt" <<'PY'
import sys
path = sys.argv[1]
data = open(path, "rb").read()
open(path, "wb").write(data[: data.rfind(b"\n") + 1])
PY
python3 - "$work/clean.txt" "$work/flat.txt" <<'PY'
import re, sys
with open(sys.argv[1], encoding="utf-8") as clean, open(sys.argv[2], "w", encoding="utf-8") as flat:
    for line in clean:
        flat.write(" ".join(re.findall(r"[^\W_]+", line.lower())) + "\n")
PY
example="$root/fixtures/_example/scraped-article.txt"
while [ ! -f "$work/scraped.txt" ] || [ "$(stat -c %s "$work/scraped.txt")" -lt "$target_bytes" ]; do
    cat "$example" "$example" "$example" "$example" "$example" "$example" "$example" "$example" >> "$work/scraped.txt"
done

threads=()
if "$binary" check --help | grep -q -- '--threads'; then
    threads=(--threads 1)
fi

# best_of NAME COMMAND...: the best of three runs, as "wall cpu peak_kb".
best_of() {
    local best_wall="" best_cpu="" best_peak=""
    for _ in 1 2 3; do
        /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@" > /dev/null 2>&1 || true
        read -r wall user system peak < <(tail -n 1 "$work/time")
        local cpu
        cpu=$(awk -v u="$user" -v s="$system" 'BEGIN { printf "%.2f", u + s }')
        if [ -z "$best_wall" ] || awk -v a="$wall" -v b="$best_wall" 'BEGIN { exit !(a < b) }'; then
            best_wall=$wall best_cpu=$cpu best_peak=$peak
        fi
    done
    echo "$best_wall $best_cpu $best_peak"
}

for name in clean scraped flat; do
    input="$work/$name.txt"
    size=$(stat -c %s "$input")
    cat "$input" > /dev/null   # warm the page cache
    echo "== $name: $size bytes, $(wc -w < "$input") words"
    printf '%-28s %8s %8s %9s %8s %10s\n' tool wall cpu "x wc -w" MB/s "peak/input"
    read -r wc_wall _ _ < <(best_of wc -w "$input")
    row() {
        local label="$1" wall="$2" cpu="$3" peak="$4"
        awk -v l="$label" -v w="$wall" -v c="$cpu" -v p="$peak" -v base="$wc_wall" -v b="$size" \
            'BEGIN { printf "%-28s %7.2fs %7.2fs %8.1fx %8.0f %9.2fx\n", l, w, c, (base > 0 ? w / base : 0), (w > 0 ? b / w / 1e6 : 0), p * 1024 / b }'
    }
    read -r wall cpu peak < <(best_of wc -w "$input")
    row "wc -w" "$wall" "$cpu" "$peak"
    read -r wall cpu peak < <(best_of "$binary" check "${threads[@]}" --output-format json "$input")
    row "copydesk check" "$wall" "$cpu" "$peak"
    read -r wall cpu peak < <(best_of "$binary" check "${threads[@]}" --diff "$input")
    row "copydesk check --diff" "$wall" "$cpu" "$peak"
    # --fix rewrites its input: every run fixes a fresh copy, and the time of
    # the copy alone is subtracted.
    read -r wall cpu peak < <(best_of bash -c 'cp "$1" "$2" && shift 2 && exec "$@"' _ \
        "$input" "$work/fix.txt" "$binary" check "${threads[@]}" --fix --output-format json "$work/fix.txt")
    copy_wall=$(best_of cp "$input" "$work/copy.txt" | cut -d' ' -f1)
    wall=$(awk -v w="$wall" -v c="$copy_wall" 'BEGIN { printf "%.2f", w - c }')
    row "copydesk check --fix" "$wall" "$cpu" "$peak"
    read -r wall cpu peak < <(best_of "$typos" "$input")
    row "typos" "$wall" "$cpu" "$peak"
done

if $per_rule; then
    rules=$("$binary" rules | awk 'NR > 1 { print $1 }')
    for name in clean scraped flat; do
        input="$work/$name.txt"
        size=$(stat -c %s "$input")
        echo "== $name, one rule at a time"
        printf '%-22s %8s %8s %10s\n' rule wall own "peak/input"
        read -r floor _ _ < <(best_of "$binary" check "${threads[@]}" --isolated \
            --select unused-suppression --output-format json "$input")
        for rule in $rules; do
            read -r wall _ peak < <(best_of "$binary" check "${threads[@]}" --isolated \
                --select "$rule" --output-format json "$input")
            awk -v r="$rule" -v w="$wall" -v f="$floor" -v p="$peak" -v b="$size" \
                'BEGIN { printf "%-22s %7.2fs %7.2fs %9.2fx\n", r, w, w - f, p * 1024 / b }'
        done
    done
fi
