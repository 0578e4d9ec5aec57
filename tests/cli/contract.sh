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
finish
