#!/usr/bin/env bash
# Runs README.md's "First walkthrough" exactly as written (its ```sh blocks, in order) against a
# real `./causeway up --provider simulated`, as a new user would. Fails if any command fails or
# a state is not reached in time.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v jq >/dev/null || apt-get install -y -qq jq >/dev/null
command -v curl >/dev/null || apt-get install -y -qq curl >/dev/null

work="$(mktemp -d)"
# SIGTERM, not SIGINT: a background job of a non-interactive shell ignores SIGINT.
trap 'kill -TERM "$up_pid" 2>/dev/null || true; wait "$up_pid" 2>/dev/null || true; rm -rf "$work"' EXIT

# The walkthrough reads ./causeway-data/admin-token, so run from a scratch copy of that layout.
rm -rf causeway-data
./causeway up --provider simulated --simulated-delay 1s >"$work/up.log" 2>&1 &
up_pid=$!
for _ in $(seq 1 120); do
  curl -sf http://127.0.0.1:8001/status >/dev/null 2>&1 && break
  kill -0 "$up_pid" 2>/dev/null || { cat "$work/up.log"; echo "causeway up exited"; exit 1; }
  sleep 1
done
cat "$work/up.log"

# Extract the ```sh blocks of the walkthrough section.
awk '/^## First walkthrough/{on=1; next} /^## /{on=0} on' README.md |
  awk '/^```sh$/{inb=1; next} /^```$/{inb=0; next} inb' >"$work/walkthrough.sh"

echo "== running README walkthrough"
timeout 180 bash -euo pipefail -x "$work/walkthrough.sh" 2>&1 | tee "$work/out.log"

grep -q '"state": "ready"' "$work/out.log" || { echo "walkthrough never showed a ready state"; exit 1; }
grep -q '"store":"available"' "$work/out.log" || { echo "no request passed through the proxy"; exit 1; }
grep -q 'cidr_block' "$work/out.log" || { echo "bad-input example did not answer with invalid_parameters"; exit 1; }
echo "== stopping causeway up (clean shutdown expected within 30 s)"
kill -TERM "$up_pid"
for _ in $(seq 1 30); do kill -0 "$up_pid" 2>/dev/null || break; sleep 1; done
if kill -0 "$up_pid" 2>/dev/null; then echo "causeway up did not stop on SIGTERM"; exit 1; fi
tail -5 "$work/up.log"
echo "walkthrough: 1 passed, 0 failed"
