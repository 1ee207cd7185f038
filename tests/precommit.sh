#!/usr/bin/env bash
# The pre-commit hooks, for real: installs the `pre-commit` package from PyPI
# into a virtual environment, makes a git repository whose
# .pre-commit-config.yaml points at this checkout (at its current commit),
# commits a damaged file and checks that the `copydesk` hook fails with the
# diagnostics, then that `copydesk-fix` repairs the file and the commit passes.
# Run by .ci/run; needs git, python3 and network access to PyPI and crates.io.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
rev="$(git -C "$root" rev-parse HEAD)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check pre-commit
export PATH="$work/venv/bin:$PATH"
export PRE_COMMIT_HOME="$work/cache"

project="$work/project"
git init --quiet "$project"
cd "$project"
git config user.email "ci@copydesk.invalid"
git config user.name "copydesk CI"
git config commit.gpgsign false

write_config() {
    cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $root
    rev: $rev
    hooks:
      - id: $1
YAML
}

fail() { echo "pre-commit test failed: $*" >&2; exit 1; }

printf 'the museum s director said they don t plan to reopen\n' > article.txt
write_config copydesk
git add .pre-commit-config.yaml article.txt
pre-commit install --install-hooks > /dev/null

# The check hook fails the commit and prints the diagnostics.
if git commit --quiet -m "damaged" > "$work/out.txt" 2>&1; then
    cat "$work/out.txt"; fail "the copydesk hook let a damaged file through"
fi
grep -q 'lost-apostrophe \[\*\] apostrophe lost: "museum s"' "$work/out.txt" || { cat "$work/out.txt"; fail "no diagnostics in the hook output"; }

# The fix hook repairs the file (and fails once, as pre-commit does when files change).
write_config copydesk-fix
git add .pre-commit-config.yaml
pre-commit install --install-hooks > /dev/null
git commit --quiet -m "fix" > "$work/out.txt" 2>&1 && fail "the fix hook must report that it changed files"
grep -q "the museum's director said they don't plan to reopen" article.txt || { cat article.txt; fail "article.txt was not repaired"; }
git add article.txt
git commit --quiet -m "repaired" > "$work/out.txt" 2>&1 || { cat "$work/out.txt"; fail "the repaired file does not pass"; }
echo "pre-commit: 1 passed, 0 failed"
