#!/usr/bin/env bash
# Validates copydesk's SARIF output against the official SARIF 2.1.0 JSON
# schema, taken from the npm registry (@microsoft/jest-sarif ships
# sarif-2.1.0-rtm.5.json), with Python's jsonschema. Run by .ci/run.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm pack --silent @microsoft/jest-sarif@1.0.0-beta.0 > /dev/null && tar xzf microsoft-jest-sarif-*.tgz)
schema="$work/package/lib/schemas/sarif-2.1.0-rtm.5.json"
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check jsonschema

cargo build --quiet --manifest-path "$root/Cargo.toml"
binary="$root/target/debug/copydesk"
# Every rule's fixtures at once: results with fixes, related locations, all levels.
(cd "$root" && "$binary" check --isolated --output-format sarif fixtures > "$work/report.sarif" || true)
# Records of a JSON Lines corpus: results on the record's line, record in properties.
printf '%s\n' '{"id": "a", "text": "the museum s director said they don t know"}' \
    '{"id": 2, "text": "Read more. The plan stands. Read more."}' > "$work/corpus.jsonl"
"$binary" check --isolated --output-format sarif "$work/corpus.jsonl" > "$work/corpus.sarif" || true

"$work/venv/bin/python" - "$schema" "$work/report.sarif" "$work/corpus.sarif" <<'PY'
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.Draft4Validator.check_schema(schema)
passed = failed = 0
for path in sys.argv[2:]:
    report = json.load(open(path))
    errors = sorted(jsonschema.Draft4Validator(schema).iter_errors(report), key=lambda e: list(e.path))
    for error in errors[:20]:
        print("invalid:", "/".join(map(str, error.path)), error.message, file=sys.stderr)
    results = len(report["runs"][0]["results"])
    if errors or results == 0:
        print(f"sarif: {path}: {len(errors)} schema errors, {results} results")
        failed += 1
    else:
        print(f"sarif: {results} results valid against SARIF 2.1.0")
        passed += 1
print(f"sarif: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
PY
