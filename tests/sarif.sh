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

"$work/venv/bin/python" - "$schema" "$work/report.sarif" <<'PY'
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1]))
report = json.load(open(sys.argv[2]))
jsonschema.Draft4Validator.check_schema(schema)
errors = sorted(jsonschema.Draft4Validator(schema).iter_errors(report), key=lambda e: list(e.path))
for error in errors[:20]:
    print("invalid:", "/".join(map(str, error.path)), error.message, file=sys.stderr)
results = len(report["runs"][0]["results"])
if errors or results == 0:
    print(f"sarif: 0 passed, 1 failed ({len(errors)} schema errors, {results} results)")
    sys.exit(1)
print(f"sarif: {results} results valid against SARIF 2.1.0")
print("sarif: 1 passed, 0 failed")
PY
