# check --jobs N: cases checked on N threads give the same output, in input
# order, the same errors, counts and exit status as one thread, in every format.
source "$(dirname "$0")/lib.sh"
policy="$src/tests/fixtures/engine/policy.yaml"
# 300 cases (several batches), two bad ones, and a spread of findings.
batch_of_300 77 150 spread > "$work/batch.jsonl"
for format in jsonl json csv markdown text; do
  run "$cprules" check --policy "$policy" --as-of 2025-03-01 --format $format "$work/batch.jsonl"
  one_out=$out one_err=$err one_status=$status
  for jobs in 2 3 0; do
    run "$cprules" check --policy "$policy" --as-of 2025-03-01 --format $format --jobs $jobs "$work/batch.jsonl"
    expect_eq "$format --jobs $jobs: output as with one thread" "$(cksum <<<"$out")" "$(cksum <<<"$one_out")"
    expect_eq "$format --jobs $jobs: errors and summary as with one thread" "$err" "$one_err"
    expect_eq "$format --jobs $jobs: exit status" "$status" "$one_status"
  done
done
expect_eq "exit status with bad cases" "$one_status" 2
expect_contains "summary" "$one_err" "300 cases: 298 evaluated, 2 with input errors"
run "$cprules" check --policy "$policy" --as-of 2025-03-01 --format jsonl --jobs 2 "$work/batch.jsonl"
# In input order; the malformed line 77 has no case_id to show.
expect_eq "cases out, in input order" "$(python3 -c 'import json,sys; ids=[json.loads(l)["case_id"] for l in sys.stdin]; print(len(ids), ids == ["C-%d" % i if i != 77 else "" for i in range(1, 301)])' <<<"$out")" "300 True"
expect_contains "line 77 reported" "$err" "batch.jsonl:77:34: error[facts.bad_json]: not valid JSON: expected a value"
# Fewer cases than a batch, one case, none; and standard input.
head -5 "$work/batch.jsonl" > "$work/five.jsonl"
run "$cprules" check --policy "$policy" --as-of 2025-03-01 --format jsonl --jobs 4 "$work/five.jsonl"
expect_eq "five cases" "$(wc -l <<<"$out")" 5
head -1 "$work/batch.jsonl" > "$work/one.json"
run "$cprules" check --policy "$policy" --as-of 2025-03-01 --format json --jobs 2 "$work/one.json"
expect_eq "one case as json: an object" "$(head -c1 <<<"$out")" "{"
: > "$work/empty.jsonl"
run "$cprules" check --policy "$policy" --as-of 2025-03-01 --format json --jobs 2 "$work/empty.jsonl"
expect_eq "no cases as json" "$out" "[]"
run "$cprules" check --policy "$policy" --as-of 2025-03-01 --format jsonl --jobs 2 - < "$work/batch.jsonl"
expect_eq "stdin, two threads" "$(wc -l <<<"$out")" 300
# Each case chooses its policy by partnership, on every thread.
sed 's/"case_id"/"partnership":"york","case_id"/' "$work/five.jsonl" > "$work/york.jsonl"
run "$cprules" check --as-of 2025-03-01 --format jsonl --jobs 2 "$work/york.jsonl"
expect_eq "partnership chooses york" "$(grep -c '"policy":{"id":"york"' <<<"$out")" 5
run "$cprules" check --policy "$policy" --jobs 300 "$work/five.jsonl"
expect_eq "--jobs beyond 256" "$status" 2
finish
