#!/usr/bin/env bash
# Cost of rule packs: lint time on a 50 MB file with the built-in packs only,
# and with 20 extra packs of 500 phrases each (made-up phrases that rarely
# match, so the time is the scan, not the reporting). One run, same file.
#
#   tests/bench/packs.sh [MEGABYTES]      (default 50)
set -euo pipefail
megabytes="${1:-50}"
source "$(dirname "$0")/setup.sh"

python3 - "$work" "$megabytes" "$root/fixtures/lost-apostrophe/ok-clean-prose.txt" <<'PY'
import random, sys
work, megabytes, sample = sys.argv[1], int(sys.argv[2]), open(sys.argv[3]).read()
rng = random.Random(11)
syllables = ["ka", "lo", "mi", "ter", "san", "do", "vel", "ri", "po", "nu", "gra", "sho"]
word = lambda: "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4)))
for pack in range(20):
    with open(f"{work}/pack{pack}.toml", "w") as out:
        phrases = ", ".join(f'"{word()} {word()}"' for _ in range(500))
        out.write(f'[[rule]]\nname = "extra-{pack}"\ncategory = "style"\nseverity = "info"\n'
                  f'message = "extra phrase \\"{{match}}\\""\nphrases = [{phrases}]\n')
with open(f"{work}/input.txt", "w") as out:
    written = 0
    while written < megabytes * 1_000_000:
        out.write(sample)
        written += len(sample)
PY

extra=()
for pack in "$work"/pack*.toml; do extra+=(--pack "$pack"); done
measure() {
    local name="$1"; shift
    "$@" > /dev/null 2>&1 || true
    /usr/bin/time -f "%e %M" -o "$work/time" "$@" > /dev/null 2>&1 || true
    read -r seconds kilobytes < <(tail -n 1 "$work/time")
    awk -v n="$name" -v s="$seconds" -v k="$kilobytes" 'BEGIN { printf "%-44s %6.2f s  peak %7.1f MB\n", n, s, k / 1024 }'
}
measure "built-in packs (boilerplate)" "$binary" check --isolated --select boilerplate "$work/input.txt"
measure "built-in + 20 packs x 500 phrases" "$binary" check --isolated --select boilerplate,style "${extra[@]}" "$work/input.txt"
measure "all default rules" "$binary" check --isolated "$work/input.txt"
measure "all default rules + 20 packs x 500 phrases" "$binary" check --isolated "${extra[@]}" "$work/input.txt"
