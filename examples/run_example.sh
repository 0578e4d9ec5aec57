#!/usr/bin/env bash
# Runs one next_due example and checks it against the CLI and the C++ example.
# Usage: run_example.sh CPRULES CASE REFERENCE_EXAMPLE EXAMPLE_COMMAND...
#   - `EXAMPLE --json CASE` prints, byte for byte, what
#     `cprules check --policy york --as-of 2025-03-01 --format jsonl CASE` prints;
#   - `EXAMPLE CASE` prints the same text as the C++ example (REFERENCE_EXAMPLE).
# Fails when the example's interpreter or its packages are missing (scripts/setup.sh installs them).
set -euo pipefail
cprules=$1 case_file=$2 reference=$3
shift 3
if [[ $1 == *-NOTFOUND ]] || ! command -v "$1" >/dev/null; then
    echo "FAIL: ${1%-NOTFOUND} not found (run scripts/setup.sh)" >&2
    exit 1
fi
if [[ ${2:-} == *.js && ! -d "$(dirname "$2")/node_modules/koffi" ]]; then
    echo "FAIL: koffi is not installed (run scripts/setup.sh, or npm ci --prefix $(dirname "$2"))" >&2
    exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

status=0
"$cprules" check --policy york --as-of 2025-03-01 --format jsonl "$case_file" >"$tmp/cli.jsonl" || status=$?
if [[ $status -gt 1 ]]; then
    echo "FAIL: cprules check exited $status" >&2
    exit 1
fi
"$@" --json "$case_file" >"$tmp/example.jsonl"
if ! cmp -s "$tmp/cli.jsonl" "$tmp/example.jsonl"; then
    echo "FAIL: $* --json differs from cprules check --format jsonl:" >&2
    diff <(tr ',' '\n' <"$tmp/cli.jsonl") <(tr ',' '\n' <"$tmp/example.jsonl") >&2 || true
    exit 1
fi

# Text: exit 0 (no input errors), the same lines as the C++ example.
"$reference" "$case_file" >"$tmp/reference.txt"
"$@" "$case_file" >"$tmp/example.txt"
if ! diff -u "$tmp/reference.txt" "$tmp/example.txt" >&2; then
    echo "FAIL: $* prints other text than the C++ example" >&2
    exit 1
fi
grep -q '^Due next:' "$tmp/example.txt" && grep -q '^Late or overdue:' "$tmp/example.txt"
cat "$tmp/example.txt"
