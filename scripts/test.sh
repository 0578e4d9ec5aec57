#!/usr/bin/env bash
# Sets everything up and runs every test: the optimised build's full suite
# (unit, CLI, policy cases, package and example tests), then the whole suite
# again under AddressSanitizer + UndefinedBehaviorSanitizer, and the thread
# tests under ThreadSanitizer.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
jobs=$(nproc 2>/dev/null || echo 2)

echo "== release build and tests"
cmake --preset release >/dev/null
cmake --build --preset release -j"$jobs"
ctest --preset release -j"$jobs"

echo "== AddressSanitizer + UndefinedBehaviorSanitizer build and tests"
cmake --preset asan >/dev/null
cmake --build --preset asan -j"$jobs"
ctest --preset asan -j"$jobs"

echo "== ThreadSanitizer: many threads sharing one policy (C++ and C APIs), and check --jobs"
cmake --preset tsan >/dev/null
cmake --build --preset tsan -j"$jobs" --target api_threads_test capi_test cprules_cli
ctest --preset tsan -R 'unit\.(api_threads|capi)_test|cli\.check_jobs'
