# How `check` reads its inputs: JSON Lines streamed from files and from
# standard input (line numbers, blank lines, CRLF, no final line break, a line
# longer than the read buffer; files through a mapped window, and one cut short
# while it is read), and single documents (JSON, pretty JSON, YAML).
source "$(dirname "$0")/lib.sh"
policy="$src/tests/fixtures/engine/policy.yaml"
good() { echo "{\"case_id\":\"$1\",\"children\":[{\"id\":\"A\"}],\"events\":[{\"type\":\"strategy_discussion\",\"date\":\"2024-12-20\"},{\"type\":\"conference\",\"id\":\"icpc\",\"kind\":\"initial\",\"date\":\"2025-01-15\",\"decision_circulated\":\"2025-01-16\"}]}"; }
bad='{"case_id":"BAD","children":[{"id":"A"}],"events":[{"type":"visit","date":"2025-02-30"}]}'
ids() { python3 -c 'import json,sys; print(" ".join(json.loads(l)["case_id"] for l in sys.stdin if l.strip()))'; }

# Blank lines are not cases; line numbers count them; CRLF and a missing final line break are fine.
{ good C1; echo; printf '%s\r\n' "$(good C2)"; echo "   "; echo "$bad"; printf '%s' "$(good C3)"; } > "$work/mixed.jsonl"
run "$cprules" check --policy "$policy" --as-of 2025-03-01 --format jsonl "$work/mixed.jsonl"
expect_eq "file: exit" "$status" 2
expect_eq "file: cases in order" "$(ids <<<"$out")" "C1 C2 BAD C3"
expect_contains "file: the bad case's line" "$err" "mixed.jsonl:5: case BAD: error[facts.bad_date]"
expect_contains "file: origin in the output" "$out" '"origin":"'"$work"'/mixed.jsonl:5"'
run "$cprules" check --policy "$policy" --as-of 2025-03-01 --format jsonl - < "$work/mixed.jsonl"
expect_eq "stdin: cases in order" "$(ids <<<"$out")" "C1 C2 BAD C3"
expect_contains "stdin: the bad case's line" "$err" "<stdin>:5: case BAD: error[facts.bad_date]"
# A batch that starts with blank lines still numbers from the top.
{ echo; echo; good C1; echo "$bad"; } > "$work/leading.jsonl"
run "$cprules" check --policy "$policy" --as-of 2025-03-01 --format jsonl - < "$work/leading.jsonl"
expect_contains "stdin: leading blank lines counted" "$err" "<stdin>:4: case BAD"

# A line longer than the 1 MiB read buffer: the buffer grows, the case is whole.
python3 - "$work/long.jsonl" <<'PY'
import json, sys
case = json.loads('{"case_id":"LONG","children":[{"id":"A"}],"events":[{"type":"strategy_discussion","date":"2024-12-20"}]}')
case["padding"] = "x" * 3_000_000
with open(sys.argv[1], "w") as f:
    f.write('{"case_id":"S1","children":[{"id":"A"}],"events":[]}\n' + json.dumps(case) + '\n{"case_id":"S2","children":[{"id":"A"}],"events":[]}\n')
PY
run "$cprules" check --policy "$policy" --as-of 2025-03-01 --format jsonl "$work/long.jsonl"
expect_eq "long line: cases" "$(ids <<<"$out")" "S1 LONG S2"
run "$cprules" check --policy "$policy" --as-of 2025-03-01 --format jsonl - < "$work/long.jsonl"
expect_eq "long line from stdin: cases" "$(ids <<<"$out")" "S1 LONG S2"

# One case on standard input: a single line, pretty-printed JSON, or YAML. Its origin is <stdin>.
echo "$bad" > "$work/one.json"
run "$cprules" check --policy "$policy" --as-of 2025-03-01 --format jsonl - < "$work/one.json"
expect_contains "one line: origin" "$err" "<stdin>: case BAD: error[facts.bad_date]"
good P1 | python3 -m json.tool > "$work/pretty.json"
run "$cprules" check --policy "$policy" --as-of 2025-03-01 --format jsonl - < "$work/pretty.json"
expect_eq "pretty JSON: one case" "$(ids <<<"$out")" "P1"
expect_eq "pretty JSON: exit" "$status" 0
good Y1 | python3 -c 'import json,sys,yaml; print(yaml.safe_dump(json.load(sys.stdin)))' > "$work/case.yaml"
run "$cprules" check --policy "$policy" --as-of 2025-03-01 --format jsonl - < "$work/case.yaml"
expect_eq "YAML: one case" "$(ids <<<"$out")" "Y1"
expect_eq "YAML: exit" "$status" 0
# A YAML case that does not parse: where, by line and column, as a policy's errors are.
printf 'case_id: Y2\nchildren:\n  - id: A\n   bad: [\nevents: []\n' > "$work/broken.yaml"
run "$cprules" check --policy "$policy" --as-of 2025-03-01 --format jsonl "$work/broken.yaml"
expect_eq "broken YAML: exit" "$status" 2
expect_contains "broken YAML: file, line and column" "$err" "broken.yaml:4:"
expect_contains "broken YAML: the reason" "$err" ": error[facts.bad_yaml]: not valid YAML:"
# A directory: links that cannot be followed (to nothing, to themselves) are reported as
# unreadable, never dropped and never fatal; the readable cases are still evaluated.
mkdir -p "$work/dir"
good D1 > "$work/dir/a.json"
good D2 > "$work/target.json"
ln -s "$work/target.json" "$work/dir/b.json"
ln -s "$work/dir/c.json" "$work/dir/c.json"
ln -s "$work/nowhere.jsonl" "$work/dir/d.jsonl"
run "$cprules" check --policy "$policy" --as-of 2025-03-01 --format jsonl "$work/dir"
expect_eq "directory with bad links: exit" "$status" 2
expect_eq "directory with bad links: the readable cases" "$(ids <<<"$out")" "D1 D2"
expect_contains "directory: a looping link is reported" "$err" "cannot read '$work/dir/c.json'"
expect_contains "directory: a dangling link is reported" "$err" "cannot read '$work/dir/d.jsonl'"

# A JSON Lines file is read through a 2 MiB window mapped into memory: lines that run past
# the window, once and more than once, are read whole, as from standard input.
python3 - "$work/huge.jsonl" <<'PY'
import json, sys
with open(sys.argv[1], "w") as f:
    f.write('{"case_id":"S1","children":[{"id":"A"}],"events":[]}\n')
    for n, size in (("PAST", 3_000_000), ("LONGER", 5_000_000)):
        case = {"case_id": n, "children": [{"id": "A"}], "events": []}
        case["padding"] = "x" * size
        f.write(json.dumps(case) + "\n")
    f.write('{"case_id":"S2","children":[{"id":"A"}],"events":[]}')
PY
run "$cprules" check --policy "$policy" --as-of 2025-03-01 --format jsonl "$work/huge.jsonl"
expect_eq "mapped file: cases" "$(ids <<<"$out")" "S1 PAST LONGER S2"
expect_eq "mapped file: exit" "$status" 0
mapped=$out
run "$cprules" check --policy "$policy" --as-of 2025-03-01 --format jsonl - < "$work/huge.jsonl"
expect_eq "mapped file: the same as from standard input" "$out" "$mapped"

# A file cut short while it is read: the cases before the cut are evaluated, the file is
# reported as unreadable (exit 2), and the read of its lost pages is not fatal (SIGBUS).
# `check` blocks writing its first 256 KiB of output into the pipe, a few cases in, until
# the reader, having cut the file, takes the rest.
python3 "$src/bench/generate_cases.py" 200 | python3 -c '
import json, sys
for line in sys.stdin:
    case = json.loads(line)
    case["case_id"] = "K" + case["case_id"]
    case["padding"] = "x" * 100_000
    print(json.dumps(case))' > "$work/cut.jsonl"
set +e
"$cprules" check --policy york --as-of 2025-03-01 --format jsonl "$work/cut.jsonl" 2>"$work/cut.err" |
  { head -c 1000 >/dev/null; truncate -s 0 "$work/cut.jsonl"; cat > "$work/cut.out"; }
status=${PIPESTATUS[0]}
set -e
expect_eq "cut short: exit" "$status" 2
expect_contains "cut short: reported" "$(cat "$work/cut.err")" "cannot read '$work/cut.jsonl'"
evaluated=$(grep -c '"case_id":"K' "$work/cut.out" || true)
if [ "$evaluated" -lt 1 ] || [ "$evaluated" -ge 200 ]; then fail "cut short: $evaluated of 200 cases written, want some and not all"; fi
finish
