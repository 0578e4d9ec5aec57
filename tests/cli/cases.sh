# Every data-driven case: the engine's (tests/cases/engine) and each bundled policy's own.
source "$(dirname "$0")/lib.sh"
run "$cprules" test --quiet "$src/tests/cases"
echo "$out"
[ -n "$err" ] && echo "$err" >&2
expect_eq "exit status" "$status" 0
finish
