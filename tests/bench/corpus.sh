#!/usr/bin/env bash
# Corpus mode (issue 14) against plain files of the same documents: a JSON
# Lines corpus of scraped-looking documents (slices of the example article,
# each from another starting point, some repeated, some clean sentences
# between), the same corpus gzip- and zstd-compressed, and a folder with one
# .txt file per document. For each it prints the wall time with one thread
# and with two, documents and MB per second, and peak memory. Run by hand,
# not in CI:
#
#   tests/bench/corpus.sh [MEGABYTES]      (default 100)
set -euo pipefail
source "$(dirname "$0")/setup.sh"
megabytes="${1:-100}"

python3 - "$example" "$work" "$megabytes" <<'EOF'
import gzip, json, os, random, sys
example, work, megabytes = sys.argv[1], sys.argv[2], int(sys.argv[3])
article = open(example, encoding="utf-8").read().split()
clean = ("The committee met on Tuesday. Its report is due in March. "
         "Nobody expects the figures to change much before then.").split(". ")
random.seed(14)
os.makedirs(f"{work}/files")
total, index = 0, 0
with open(f"{work}/corpus.jsonl", "w", encoding="utf-8") as corpus:
    while total < megabytes * 1_000_000:
        start = random.randrange(len(article))
        length = random.randrange(200, 1500)
        words = (article[start:] + article)[:length]
        if index % 4 == 0:
            words = words + words[: length // 2]  # infinite scroll
        text = " ".join(words) + ". " + ". ".join(random.sample(clean, 2))
        record = {"id": f"doc-{index}", "url": f"https://example.org/{index}",
                  "text": text, "meta": {"lang": "en", "score": index % 7 / 7}}
        line = json.dumps(record)
        corpus.write(line + "\n")
        with open(f"{work}/files/{index:07d}.txt", "w", encoding="utf-8") as file:
            file.write(text + "\n")
        total += len(text.encode())
        index += 1
print(f"{index} documents, {total / 1e6:.0f} MB of text", file=sys.stderr)
EOF
gzip -k -6 "$work/corpus.jsonl"
zstd -q -3 "$work/corpus.jsonl" -o "$work/corpus.jsonl.zst"
documents=$(wc -l < "$work/corpus.jsonl")
megabytes_of_text=$(du -sb "$work/files" | awk '{print $1 / 1e6}')

measure() {
    local name="$1" threads="$2"
    shift 2
    /usr/bin/time -o "$work/time" -f "%e %M" "$binary" check --isolated --threads "$threads" \
        --output-format json "$@" > /dev/null 2> /dev/null || true
    local seconds kilobytes
    # A failing exit status adds a line before the numbers.
    read -r seconds kilobytes < <(tail -1 "$work/time")
    awk -v n="$name" -v t="$threads" -v s="$seconds" -v k="$kilobytes" \
        -v d="$documents" -v m="$megabytes_of_text" \
        'BEGIN { printf "%-24s %d thread%s %7.1f s %8.0f docs/s %6.1f MB/s %6.0f MB peak\n", n, t, (t > 1 ? "s" : " "), s, d / s, m / s, k / 1024 }'
}

for threads in 1 2; do
    measure "files (one per doc)" "$threads" "$work/files"
    measure "corpus.jsonl" "$threads" "$work/corpus.jsonl"
    measure "corpus.jsonl.gz" "$threads" "$work/corpus.jsonl.gz"
    measure "corpus.jsonl.zst" "$threads" "$work/corpus.jsonl.zst"
done
cp "$work/corpus.jsonl.zst" "$work/fix.jsonl.zst"
measure "--fix corpus.jsonl.zst" 2 --fix "$work/fix.jsonl.zst"
