# Every part of a bundled policy's rules has a test: changed one piece at a time
# (a number, a selector, a condition, a key), the policy's own tests fail
# (tests/tools/policy_mutants.py). The same for the engine's fixture policies
# against the engine's own cases.
source "$(dirname "$0")/lib.sh"
check="$src/tests/tools/policy_mutants.py"

# A policy whose one test checks a status but not the due date: the offset can
# change unnoticed, and so can the condition no other conference tests.
mkdir -p "$work/policies" "$work/tests/cases/policies/weak"
cp -r "$src/policies/calendars" "$work/policies/calendars"
cat > "$work/policies/weak.yaml" <<'YAML'
cprules: 1
id: weak
title: A policy with too few tests
partnership: weak
version: "1"
calendar: england-and-wales
sources: [{ file: weak.txt, title: Weak }]
rules:
  - id: icpc.timescale
    kind: deadline
    severity: violation
    summary: Initial conference within 15 working days of the strategy discussion
    due: { from: { event: strategy_discussion }, offset: +15wd }
    done: { event: conference, where: "event.kind == 'initial'" }
    source: { document: weak.txt, section: Timing, quote: "within 15 working days" }
YAML
cat > "$work/tests/cases/policies/weak/timing.yaml" <<'YAML'
policy: weak
tests:
  - name: a conference five days after the discussion is met
    as_of: 2025-03-01
    case:
      case_id: W-1
      children: [{ id: A }]
      events:
        - { type: strategy_discussion, date: 2025-01-06 }
        - { type: conference, id: icpc, kind: initial, date: 2025-01-13 }
    expect:
      - { rule: icpc.timescale, child: A, status: met }
YAML
run python3 "$check" "$cprules" "$work" weak
expect_eq "exit status with unnoticed changes" "$status" 1
expect_contains "the offset" "$out" "policies/weak.yaml:13: icpc.timescale: offset: 15 -> 16: passes every test"
expect_contains "the offset down" "$out" "policies/weak.yaml:13: icpc.timescale: offset: 15 -> 14: passes every test"
expect_contains "the condition" "$out" "policies/weak.yaml:14: icpc.timescale: where deleted: passes every test"
expect_contains "the count" "$out" "weak: 10 changes tried, 3 unnoticed"

# The bundled policies: every change is noticed.
run python3 "$check" "$cprules" "$src"
echo "$out"
expect_eq "exit status for the bundled policies" "$status" 0

# The engine's fixture policies, against the engine's cases (quorate-extended.yaml
# only extends quorate.yaml and has no rules of its own).
engine=()
for fixture in policy checks items more episodes episodes-last inclusive quorate edges reports-due; do engine+=("tests/fixtures/engine/$fixture.yaml=tests/cases/engine"); done
run python3 "$check" "$cprules" "$src" "${engine[@]}"
echo "$out"
expect_eq "exit status for the engine's fixtures" "$status" 0
finish
