#!/usr/bin/env bash
# Pathological inputs: long runs of one character, deep nesting, a million
# short lines, one huge line, "the " repeated, suppression comments repeated.
# Each input is made at a few sizes and checked with `copydesk check` (every
# default rule, concise output to /dev/null); the table shows seconds per MB,
# so a cost that grows faster than the size shows as a growing s/MB. Run by
# hand, not in CI (issue 11):
#
#   tests/bench/pathological.sh [SIZES_MB...]      (default: 1 4 16)
#   TIMEOUT=60 tests/bench/pathological.sh 1 4     (seconds per run; default 120)
#   CASES="paren space" tests/bench/pathological.sh
#
# A run that takes longer than TIMEOUT prints ">TIMEOUT" and the larger sizes
# of that input are skipped. "one-line-50mb" is made once, at 50 MB.
set -euo pipefail

sizes=("${@:-1 4 16}")
read -r -a sizes <<< "${sizes[*]}"
timeout_seconds="${TIMEOUT:-120}"
source "$(dirname "$0")/setup.sh"

all_cases="paren brace angle amp quote space newline letter e-acute zero-width \
nested-parens nested-tags short-lines one-line the disable-comments \
suppressed-lines tandem-chain tandem-chain-flattened"
read -r -a cases <<< "${CASES:-$all_cases}"

# make CASE MB FILE: writes about MB megabytes (10^6 bytes) of the input.
make() {
    python3 - "$1" "$2" "$3" <<'PY'
import sys
case, mb, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
size = mb * 1_000_000
runs = {
    "paren": "(", "brace": "{", "angle": "<", "amp": "&", "quote": "'",
    "space": " ", "newline": "\n", "letter": "a", "e-acute": "\u00e9",
    "zero-width": "\u200b",
}
if case in runs:
    unit = runs[case]
    text = unit * (size // len(unit.encode()))
elif case == "nested-parens":
    text = "(" * (size // 2) + ")" * (size // 2)
elif case == "nested-tags":
    n = size // 7
    text = "<b>" * n + "</b>" * n
elif case == "short-lines":
    # a million lines at 4 MB: "word N\n" lines of a few bytes
    words = ["alpha", "beta", "gamma", "delta"]
    lines, written, i = [], 0, 0
    while written < size:
        line = f"{words[i % 4]}\n"
        lines.append(line)
        written += len(line)
        i += 1
    text = "".join(lines)
elif case == "one-line":
    sentence = "The council met on Tuesday and approved the library budget. "
    text = (sentence * (size // len(sentence) + 1))[:size]
elif case == "tandem-chain":
    # a paragraph twice and its end twice, over and over: one chain of
    # short copies of the text's first lines (quadratic before stop 43)
    paragraph = "The ferry will run from a temporary jetty on the far side while the new pier is built.\n\n"
    tail = "on the far side while the new pier is built.\n\n"
    unit = paragraph * 2 + tail * 2
    text = unit * (size // len(unit))
elif case == "tandem-chain-flattened":
    # the same on one line, lowercase and without punctuation
    paragraph = "the ferry will run from a temporary jetty on the far side while the new pier is built "
    tail = "on the far side while the new pier is built "
    unit = paragraph * 2 + tail * 2
    text = unit * (size // len(unit))
elif case == "the":
    text = "the " * (size // 4)
elif case == "disable-comments":
    unit = "<!-- copydesk-disable -->\n"
    text = unit * (size // len(unit))
elif case == "suppressed-lines":
    # a suppression comment before every line, each line with findings
    unit = "<!-- copydesk-disable-next-line lost-hyphen -->\nthe company s plan is the the best\n"
    text = unit * (size // len(unit))
else:
    sys.exit(f"unknown case {case}")
with open(path, "w", encoding="utf-8", newline="") as out:
    out.write(text)
PY
}

# run FILE: prints the wall time of `copydesk check FILE` in seconds, or
# "timeout".
run() {
    local start end status=0
    start=$(date +%s.%N)
    timeout "$timeout_seconds" "$binary" check --output-format concise "$1" > /dev/null 2>&1 || status=$?
    end=$(date +%s.%N)
    # 0: clean, 1: diagnostics; 124: timed out; anything else is a failure.
    case "$status" in
        0 | 1) awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }' ;;
        124) echo timeout ;;
        *) echo "failed($status)" ;;
    esac
}

row() {
    local case="$1" mb="$2" seconds="$3"
    if [[ "$seconds" =~ ^[0-9.]+$ ]]; then
        printf "%-22s %6s %10.2f %10.3f\n" "$case" "$mb" "$seconds" "$(awk -v s="$seconds" -v m="$mb" 'BEGIN { print s / m }')"
    else
        printf "%-22s %6s %10s %10s\n" "$case" "$mb" "$seconds" "-"
    fi
}

printf "%-22s %6s %10s %10s\n" "input" "MB" "seconds" "s/MB"
for case in "${cases[@]}"; do
    for mb in "${sizes[@]}"; do
        file="$work/$case-$mb.txt"
        make "$case" "$mb" "$file"
        seconds=$(run "$file")
        rm -f "$file"
        if [[ "$seconds" == timeout ]]; then
            row "$case" "$mb" ">$timeout_seconds"
            break
        fi
        row "$case" "$mb" "$seconds"
    done
done
if [[ -z "${CASES:-}" || " ${CASES} " == *" one-line-50mb "* ]]; then
    file="$work/one-line-50.txt"
    make one-line 50 "$file"
    seconds=$(run "$file")
    rm -f "$file"
    [[ "$seconds" == timeout ]] && seconds=">$timeout_seconds"
    row one-line-50mb 50 "$seconds"
fi
