#!/usr/bin/env bash
# The Python package's tests (called by .ci/run): builds the package from
# source into a fresh virtual environment and runs pytest over python/tests.
#
# - The wheel is built by maturin with cargo's dev profile into the
#   workspace's target/ folder, so the crates `cargo test` built are reused.
# - pip's downloads are cached (PIP_CACHE_DIR, default ~/.cache/pip).
# - The Spark test needs a Java runtime: Debian's openjdk-17-jre-headless is
#   installed when `java` is missing and apt-get can run; otherwise it is
#   skipped and says so.
# - COPYDESK_BIN is the command line the results are compared with (default:
#   target/debug/copydesk, brought up to date here: a stale binary would
#   fail the comparisons).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
target=${CARGO_TARGET_DIR:-$root/target}
venv=${COPYDESK_VENV:-$target/python-venv}
export PIP_CACHE_DIR=${PIP_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/pip}
export PIP_DISABLE_PIP_VERSION_CHECK=1

python=${PYTHON:-python3}
if ! command -v "$python" > /dev/null; then
    echo "error: $python is not installed; the Python package needs CPython 3.9 or newer" >&2
    exit 2
fi

echo "--- python: fresh virtual environment in $venv"
rm -rf "$venv"
"$python" -m venv "$venv"
"$venv/bin/pip" install --quiet \
    "maturin>=1.5,<2" "pytest>=8" "datatrove>=0.4" "regex" "orjson" "pyarrow>=14" "pandas>=2.2,<3" "pyspark>=3.5"

if ! command -v java > /dev/null && command -v apt-get > /dev/null && [ "$(id -u)" = 0 ]; then
    echo "--- python: installing a Java runtime for the Spark test"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless > /dev/null) \
        || echo "warning: could not install Java; the Spark test will be skipped" >&2
fi

echo "--- python: building the copydesk wheel from source (dev profile)"
wheels=$(mktemp -d)
trap 'rm -rf "$wheels"' EXIT
"$venv/bin/maturin" build --quiet --profile dev --manifest-path python/Cargo.toml \
    --interpreter "$venv/bin/python" --out "$wheels"
"$venv/bin/pip" install --quiet "$wheels"/copydesk-*.whl

if [ -z "${COPYDESK_BIN:-}" ]; then
    cargo build --quiet --bin copydesk
    export COPYDESK_BIN=$target/debug/copydesk
fi

echo "--- python: pytest"
cd "$root/python/tests"
PATH="$venv/bin:$PATH" "$venv/bin/python" -m pytest -q -p no:cacheprovider "$@"
