#!/usr/bin/env bash
# The training run of profile-guided optimisation (cmake/pgo.cmake): the
# instrumented `cprules check` over generated cases, with every bundled policy
# in JSON Lines (the batch job) and York in each other format.
# Usage: pgo-train.sh <instrumented cprules> <source dir> <work dir> [python3]
set -euo pipefail
cli=$1 source=$2 work=$3 python=${4:-python3}
# Cases like the benchmark's, but not the same ones: another seed.
"$python" "$source/bench/generate_cases.py" 3000 7 > "$work/cases.jsonl"
head -n 300 "$work/cases.jsonl" > "$work/few.jsonl"
# Exit 1 is a result (findings at violation level), not a failure; anything
# else fails the build, with what the command said.
run() {
  local status=0
  "$cli" check --as-of 2025-06-01 "$@" > /dev/null 2> "$work/train.log" || status=$?
  if [ "$status" -gt 1 ]; then cat "$work/train.log" >&2; exit "$status"; fi
}
for policy in bolton stockport barnsley north-yorkshire york; do
  run --policy "$policy" --format jsonl "$work/cases.jsonl"
done
for format in json csv markdown text; do
  run --policy york --format "$format" "$work/few.jsonl"
done
