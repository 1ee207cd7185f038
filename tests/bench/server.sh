#!/usr/bin/env bash
# The language server on a large one-line page (issue 16): the example
# article (a 23 KB scraped line) repeated on one line to the given size,
# opened in `copydesk server`; prints how long a request made right after
# the open waits for its answer, how long the first diagnostics take, and
# how long the diagnostics of an edit take (two quick edits: the first
# lint is cancelled).
#
#   tests/bench/server.sh [MEGABYTES]      (default 5)
#   COPYDESK_BINARY=/tmp/old-copydesk tests/bench/server.sh 5
#                                           (another build, for a before/after)
set -euo pipefail

megabytes="${1:-5}"
if [ -n "${COPYDESK_BINARY:-}" ]; then
    binary="$COPYDESK_BINARY"
    example="$(cd "$(dirname "$0")/../.." && pwd)/fixtures/_example/scraped-article.txt"
else
    source "$(dirname "$0")/setup.sh"
fi
python3 - "$binary" "$example" "$megabytes" <<'PYTHON'
import json, subprocess, sys, time

binary, example, megabytes = sys.argv[1], sys.argv[2], float(sys.argv[3])
page = open(example, encoding="utf-8").read().strip()
text = page
while len(text.encode()) < megabytes * 1e6:
    text += " " + page
text += "\n"

server = subprocess.Popen([binary, "server"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)

def send(message):
    body = json.dumps(message).encode()
    server.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    server.stdin.flush()

def receive():
    length = None
    while True:
        line = server.stdout.readline().decode().strip()
        if not line:
            break
        name, value = line.split(": ")
        assert name == "Content-Length", line
        length = int(value)
    return json.loads(server.stdout.read(length))

def wait_for(test):
    while True:
        message = receive()
        if test(message):
            return message

uri = "file:///tmp/copydesk-bench/page.txt"
send({"jsonrpc": "2.0", "id": 1, "method": "initialize",
      "params": {"processId": None, "rootUri": None, "capabilities": {}}})
wait_for(lambda m: m.get("id") == 1)
send({"jsonrpc": "2.0", "method": "initialized", "params": {}})

start = time.monotonic()
send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
    "uri": uri, "languageId": "plaintext", "version": 1, "text": text}}})
send({"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover", "params": {
    "textDocument": {"uri": uri}, "position": {"line": 0, "character": 10}}})
published = []
def answered_or_published(message):
    if message.get("method") == "textDocument/publishDiagnostics" and message["params"]["uri"] == uri:
        published.append(message)
    return message.get("id") == 2
wait_for(answered_or_published)
answered = time.monotonic() - start
if not published:
    published.append(wait_for(lambda m: m.get("method") == "textDocument/publishDiagnostics"))
linted = time.monotonic() - start
count = len(published[0]["params"]["diagnostics"])
print(f"input: {len(text.encode())} bytes on one line")
print(f"request after open answered in  {answered:6.3f} s")
print(f"first diagnostics ({count}) after {linted:6.3f} s")

start = time.monotonic()
for version in (2, 3):
    send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
        "textDocument": {"uri": uri, "version": version},
        "contentChanges": [{"range": {"start": {"line": 0, "character": 0},
                                      "end": {"line": 0, "character": 1}}, "text": "T"}]}})
wait_for(lambda m: m.get("method") == "textDocument/publishDiagnostics"
         and m["params"].get("version") == 3)
print(f"diagnostics of an edit after    {time.monotonic() - start:6.3f} s (150 ms of it debounce)")

send({"jsonrpc": "2.0", "id": 3, "method": "shutdown", "params": None})
wait_for(lambda m: m.get("id") == 3)
send({"jsonrpc": "2.0", "method": "exit", "params": None})
sys.exit(server.wait())
PYTHON
