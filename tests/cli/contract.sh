# Contract section 2: `check --format json` on the contract's example case.
source "$(dirname "$0")/lib.sh"
run "$cprules" check --policy york --as-of 2025-03-01 --format json "$src/examples/cases/contract-example.json"
expect_eq "exit status (the example has failures)" "$status" 1
python3 "$src/tests/tools/check_findings_shape.py" <<<"$out" || fail "the JSON does not have the contract's shape"
# The same case chooses its policy by its partnership field, and gives the same findings.
run "$cprules" check --as-of 2025-03-01 --format json "$src/examples/cases/contract-example.json"
python3 "$src/tests/tools/check_findings_shape.py" <<<"$out" >/dev/null || fail "partnership field did not choose york"
# Deterministic: byte-identical output on a second run.
first=$("$cprules" check --policy york --as-of 2025-03-01 --format jsonl "$src/examples/cases/contract-example.json" || true)
second=$("$cprules" check --policy york --as-of 2025-03-01 --format jsonl "$src/examples/cases/contract-example.json" || true)
expect_eq "deterministic output" "$first" "$second"

# What the JSON writer puts in each field: times at midnight and with seconds, days late
# by hours, errors without a pointer or with a line, the subject of each finding.
fixture="$src/tests/fixtures/engine/policy.yaml"
case_j='{"case_id":"J","children":[{"id":"A"}],"events":[{"type":"conference","id":"icpc","kind":"initial","date":"2025-01-27T00:00","reports":[{"agency":"health","to_parents":"2025-01-25T00:00"},{"agency":"police","to_parents":"2025-01-25T00:00:30"}]}]}'
run "$cprules" check --policy "$fixture" --as-of 2025-03-01 --format jsonl - <<<"$case_j"
expect_contains "json: a midnight due keeps its time" "$out" '"report":0,"status":"met","due":"2025-01-25T00:00","done":"2025-01-25T00:00"'
expect_contains "json: a done time with seconds shows them; late by hours is 0 days late" "$out" '"done":"2025-01-25T00:00:30","days_late":0,'
if grep -qF '"origin"' <<<"$out"; then fail "json: an origin is written for one document on stdin: $out"; fi
run "$cprules" check --policy "$fixture" --as-of 2025-03-01 --format jsonl - <<<'not json'
expect_contains "json: an error with no pointer and no line has an empty pointer" "$out" '"errors":[{"code":"facts.not_an_object","pointer":"","message":'
run "$cprules" check --policy "$fixture" --as-of 2025-03-01 --format jsonl - <<<']'
expect_contains "json: an error on line 1 has its line" "$out" '"code":"facts.bad_yaml","line":1,'
# Subjects 64 events apart (the writer caches subject text by event index modulo 64).
many=$(python3 -c 'import json; print(json.dumps({"case_id":"M","children":[{"id":"A"}],"events":[{"type":"conference","id":"c%d" % i,"kind":"review","date":"2025-01-%02dT%02d:00" % (1 + i // 24, i % 24)} for i in range(66)]}))')
run "$cprules" check --policy "$fixture" --as-of 2025-03-01 --format jsonl - <<<"$many"
expect_eq "json: each finding names its own conference" "$(python3 -c 'import json,sys; fs=json.load(sys.stdin)["findings"]; print(sorted({f["subject"] for f in fs}) == sorted("c%d" % i for i in range(66)))' <<<"$out")" "True"
# A subject with no id is written as type@date.
run "$cprules" check --policy "$fixture" --as-of 2025-03-01 --format jsonl - <<<'{"case_id":"R","children":[{"id":"A"}],"events":[{"type":"strategy_discussion","date":"2025-01-06","recommended_conference":true},{"type":"conference_requested","date":"2025-01-09"}]}'
expect_contains "json: a subject with no id is its type and date" "$out" '"subject":"conference_requested@2025-01-09"'
finish
