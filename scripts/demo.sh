#!/usr/bin/env bash
# Sets everything up, builds the CLI and checks the bundled example case
# (contract section 1) against the City of York policy as of 2025-03-01.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release -j"$(nproc 2>/dev/null || echo 2)" --target cprules_cli >/dev/null
set +e
build/release/tools/cprules/cprules check --policy york --as-of 2025-03-01 examples/cases/contract-example.json
status=$?
set -e
# Exit 1 means the case has failures at violation level: that is a result, not an error.
[ "$status" -le 1 ]
