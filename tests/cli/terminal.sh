# What `check` does only on a terminal: the text table in colour, and a
# progress line on standard error for long batches. The terminal is a
# pseudo-terminal from util-linux's `script`, which copies what the command
# writes to it onto its own standard output.
source "$(dirname "$0")/lib.sh"
example="$src/examples/cases/contract-example.json"
esc=$'\033['

on_terminal() { # on_terminal SHELL-COMMAND: what the command wrote to the terminal
  script --quiet --return --command "$1" /dev/null </dev/null
}

# Colour: each status coloured when standard output is a terminal, as the
# contract example's statuses (met green, overdue red); none through a pipe or
# with NO_COLOR set.
shown=$(on_terminal "'$cprules' check --policy york --as-of 2025-03-01 '$example'" || true)
expect_contains "terminal: met in green" "$shown" "${esc}32mmet"
expect_contains "terminal: overdue violation in red" "$shown" "${esc}31moverdue"
expect_contains "terminal: the summary still there" "$shown" "Summary: 11 met, 5 pending, 1 late, 4 overdue, 3 breached, 0 waived"
shown=$(on_terminal "NO_COLOR=1 '$cprules' check --policy york --as-of 2025-03-01 '$example'" || true)
expect_contains "NO_COLOR: the table" "$shown" "Summary: 11 met"
if grep -qF "$esc" <<<"$shown"; then fail "NO_COLOR: colour codes written"; fi
run "$cprules" check --policy york --as-of 2025-03-01 "$example"
expect_contains "pipe: the table" "$out" "Summary: 11 met"
if grep -qF "$esc" <<<"$out"; then fail "pipe: colour codes written"; fi

# Progress: with standard error a terminal, a line every 10,000 cases, written
# over itself (a carriage return before each), ended by a line break; the
# findings (to a file here) are not touched by it.
policy="$src/tests/fixtures/engine/policy.yaml"
batch_of_300 0 0 20 > "$work/300.jsonl"
head -n 1 "$work/300.jsonl" > "$work/one.jsonl"
awk '{ for (i = 0; i < 25000; i++) print }' "$work/one.jsonl" > "$work/many.jsonl"
progress=$(on_terminal "'$cprules' check --policy '$policy' --as-of 2025-03-01 --format jsonl '$work/many.jsonl' > '$work/out.jsonl'" || true)
expect_contains "progress at 10,000" "$progress" $'\r10000 cases ('
expect_contains "progress at 20,000" "$progress" $'\r20000 cases ('
# (grep would read a line break in its pattern as two patterns; the terminal writes "\n" as "\r\n")
[[ "$progress" == *$'/s)\r\n25000 cases: 25000 evaluated'* ]] || fail "progress not ended by a line break before the summary: $progress"
if grep -qF "30000 cases (" <<<"$progress"; then fail "progress counts cases that are not there"; fi
expect_eq "findings unaffected by progress" "$(wc -l < "$work/out.jsonl")" 25000
# Not on a terminal: no progress line.
run "$cprules" check --policy "$policy" --as-of 2025-03-01 --format jsonl "$work/many.jsonl"
expect_contains "pipe: the summary" "$err" "25000 cases: 25000 evaluated"
if grep -qF "cases (" <<<"$err"; then fail "pipe: progress line written: $err"; fi
# A short batch on a terminal: no progress line.
progress=$(on_terminal "'$cprules' check --policy '$policy' --as-of 2025-03-01 --format jsonl '$work/300.jsonl' > /dev/null" || true)
expect_contains "short batch: the summary" "$progress" "300 cases: 300 evaluated"
if grep -qF "cases (" <<<"$progress"; then fail "short batch: progress line written"; fi

finish
