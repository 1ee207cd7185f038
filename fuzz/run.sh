#!/usr/bin/env bash
# Builds the cargo-fuzz targets and runs each one briefly from its seed corpus
# (fuzz/corpus/<target>/, copied to a temporary folder so that the run adds
# nothing to the repository). Exits non-zero as soon as a target crashes,
# panics, times out or runs out of memory; the input is left in
# fuzz/artifacts/<target>/. Used by .ci/run; by hand, give more seconds:
#
#   bash fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]     (default: 12, all)
#
# Needs the nightly toolchain (cargo +nightly); installs cargo-fuzz if missing.
set -euo pipefail
cd "$(dirname "$0")"

seconds="${1:-12}"
shift || true
targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
    targets=(lint fix config pack markdown)
fi

if ! cargo +nightly --version > /dev/null 2>&1; then
    echo "error: fuzzing needs the nightly toolchain (rustup toolchain install nightly)" >&2
    exit 2
fi
if ! cargo fuzz --version > /dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi

# No sanitizer: the code under test is safe Rust, and AddressSanitizer would
# halve the executions; debug assertions and overflow checks stay on.
cargo +nightly fuzz build --sanitizer none

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for target in "${targets[@]}"; do
    echo "fuzz target $target: ${seconds}s"
    mkdir -p "$work/$target"
    dictionary=()
    if [[ "$target" == lint || "$target" == fix || "$target" == markdown ]]; then
        dictionary=(-dict=dict/prose.dict)
    fi
    status=0
    cargo +nightly fuzz run --sanitizer none "$target" "$work/$target" "corpus/$target" -- \
        -max_total_time="$seconds" -max_len=4096 -timeout=20 -rss_limit_mb=2048 \
        -print_final_stats=1 "${dictionary[@]}" > "$work/$target.log" 2>&1 || status=$?
    grep -E "^(#[0-9]+ +DONE|stat::number_of_executed_units)" "$work/$target.log" || true
    if [[ "$status" -ne 0 ]]; then
        grep -v -E "^#[0-9]+ +(NEW|REDUCE|pulse|INITED)" "$work/$target.log" | tail -n 40 >&2
        echo "error: fuzz target $target failed; the input is in fuzz/artifacts/$target/" >&2
        exit 1
    fi
done
