#!/usr/bin/env bash
# Corpus mode at scale (issue 14): a JSON Lines corpus of scraped-looking
# documents, MEGABYTES of text in all (default 1000), linted with one thread
# and with two; prints wall time, documents and MB of text per second, the
# speed-up of two threads, and peak memory. For comparison it also times one
# plain file of the same material (20 MB) with one thread: the issue asks the
# corpus rate to be within 2x of it. Run by hand, on an otherwise idle
# machine, not in CI:
#
#   tests/bench/corpus-scaling.sh [MEGABYTES]
#
# Documents are built from the repository's fixture texts (damaged and clean
# prose alike): slices of several fixtures each, a quarter with their end
# repeated (infinite scroll), and each of 50 "sites" adding its own footer
# line, so that every default rule, shared-boilerplate included, has work.
set -euo pipefail
source "$(dirname "$0")/setup.sh"
megabytes="${1:-1000}"

python3 - "$root/fixtures" "$work" "$megabytes" <<'EOF'
import json, pathlib, random, sys
fixtures, work, megabytes = pathlib.Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
texts = [p.read_text(encoding="utf-8", errors="replace").split()
         for p in sorted(fixtures.rglob("*.txt")) if "unsafe-fixed" not in p.name]
texts = [words for words in texts if len(words) >= 20]
random.seed(14)
footers = [f"Copyright Site {n} Media Group, all rights reserved; read our terms of use and privacy notice."
           for n in range(50)]
total = index = sampled = 0
sample = []
with open(f"{work}/corpus.jsonl", "w", encoding="utf-8") as corpus:
    while total < megabytes * 1_000_000:
        words = []
        for _ in range(random.randrange(2, 6)):
            source = random.choice(texts)
            start = random.randrange(len(source))
            words += source[start:start + random.randrange(50, 400)]
        if index % 4 == 0:
            words += words[-random.randrange(15, 60):]
        text = " ".join(words) + "\n" + random.choice(footers)
        corpus.write(json.dumps({"id": f"doc-{index}", "url": f"https://example.org/{index}",
                                 "text": text}) + "\n")
        if sampled < 20_000_000:
            sample.append(text + "\n\n")
            sampled += len(text) + 2
        total += len(text.encode())
        index += 1
open(f"{work}/plain.txt", "w", encoding="utf-8").write("".join(sample))
print(f"{index} documents, {total / 1e6:.0f} MB of text", file=sys.stderr)
EOF
documents=$(wc -l < "$work/corpus.jsonl")
text_mb=$(python3 -c "print($megabytes)")
plain_mb=$(stat -c %s "$work/plain.txt" | awk '{print $1 / 1e6}')
# The plain file holds the first documents of the corpus, each ending in a blank line.
plain_documents=$(grep -c "^$" "$work/plain.txt")

# run NAME THREADS MEGABYTES DOCUMENTS ARGS...: prints one row, leaves the
# seconds in $seconds.
run() {
    local name="$1" threads="$2" mb="$3" documents="$4"
    shift 4
    /usr/bin/time -o "$work/time" -f "%e %M" "$binary" check --isolated --threads "$threads" \
        --output-format json "$@" > /dev/null 2> /dev/null || true
    local kilobytes
    read -r seconds kilobytes < <(tail -1 "$work/time")
    awk -v n="$name" -v t="$threads" -v s="$seconds" -v k="$kilobytes" -v m="$mb" -v d="$documents" \
        'BEGIN { printf "%-26s %d thread%s %8.1f s %8.0f docs/s %6.1f MB/s %6.0f MB peak\n", n, t, (t > 1 ? "s" : " "), s, d / s, m / s, k / 1024 }'
}

run "plain file (<= 20 MB)" 1 "$plain_mb" "$plain_documents" "$work/plain.txt"
plain_rate=$(awk -v s="$seconds" -v m="$plain_mb" 'BEGIN { print m / s }')
run "corpus.jsonl" 1 "$text_mb" "$documents" "$work/corpus.jsonl"
one=$seconds
run "corpus.jsonl" 2 "$text_mb" "$documents" "$work/corpus.jsonl"
two=$seconds
awk -v one="$one" -v two="$two" -v mb="$text_mb" -v plain="$plain_rate" 'BEGIN {
    printf "two threads: %.2fx faster; corpus rate (1 thread) / plain-file rate: %.2f\n", one / two, (mb / one) / plain }'
