# Sourced by the benchmark scripts beside it: builds the release binary and
# sets `root` (the repository), `binary`, `example` (the example article)
# and `work` (a temporary folder, removed on exit). `COPYDESK_BINARY`
# runs another build instead, to compare two commits.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
binary="${COPYDESK_BINARY:-$root/target/release/copydesk}"
example="$root/fixtures/_example/scraped-article.txt"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
