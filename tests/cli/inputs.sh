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
# A JSON Lines batch on standard input whose first case is cut short is still a batch:
# the bad line is one case, the others are evaluated.
{ good C1 | head -c 60; echo; good C2; good C3; } > "$work/badfirst.jsonl"
run "$cprules" check --policy "$policy" --as-of 2025-03-01 --format jsonl - < "$work/badfirst.jsonl"
expect_eq "stdin, first line cut short: a case out for each line" "$(ids <<<"$out")" " C2 C3"
expect_contains "stdin, first line cut short: reported by line" "$err" "<stdin>:1:59: error[facts.bad_json]: not valid JSON: this string is not closed"
# A line's column counts from the start of the line, white space before the case included.
printf '    {"case_id": oops}\n' > "$work/indented.jsonl"
run "$cprules" check --policy "$policy" --as-of 2025-03-01 --format jsonl "$work/indented.jsonl"
expect_contains "indented line: the column in the file" "$err" "indented.jsonl:1:17: error[facts.bad_json]"
# Nothing but blank lines on standard input is no case, as for an empty file (exit 0).
printf '\n  \n' > "$work/blank.jsonl"
run "$cprules" check --policy "$policy" --as-of 2025-03-01 --format jsonl - < "$work/blank.jsonl"
expect_eq "blank stdin: exit" "$status" 0
expect_contains "blank stdin: said" "$err" "no cases in the input"
# A YAML file holds one case: a second document is an error, not dropped unseen.
printf 'case_id: Y4\nchildren: [{id: A}]\nevents: []\n---\ncase_id: Y5\nchildren: [{id: A}]\nevents: []\n' > "$work/two.yaml"
run "$cprules" check --policy "$policy" --as-of 2025-03-01 --format jsonl "$work/two.yaml"
expect_eq "two YAML documents: exit" "$status" 2
expect_contains "two YAML documents: where" "$err" "two.yaml:5:1: error[facts.bad_yaml]: not valid YAML: a second YAML document"
printf 'case_id: Y4\nchildren: [{id: A}]\nevents: []\n---\n' > "$work/trailing.yaml"
run "$cprules" check --policy "$policy" --as-of 2025-03-01 --format jsonl "$work/trailing.yaml"
expect_eq "an empty document after the case: nothing lost" "$status" 0
# A case chooses among the bundled policies only, never a file; the batch goes on.
{ good W1 | sed 's/"case_id"/"partnership":"\/dev\/zero","case_id"/'; good W2 | sed 's/"case_id"/"partnership":"yrok","case_id"/'; good W3 | sed 's/"case_id"/"partnership":"york","case_id"/'; } > "$work/partners.jsonl"
run "$cprules" check --as-of 2025-03-01 --format jsonl "$work/partners.jsonl"
expect_eq "partnership: exit" "$status" 2
expect_contains "partnership: a path is no bundled policy" "$err" "partners.jsonl:1: case W1: error[facts.unknown_partnership]: no bundled policy for partnership '/dev/zero' (bundled: "
expect_contains "partnership: a misspelt name" "$err" "partners.jsonl:2: case W2: error[facts.unknown_partnership]: no bundled policy for partnership 'yrok'; did you mean 'york'?"
expect_contains "partnership: the others evaluated" "$err" "3 cases: 1 evaluated, 2 with input errors"

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
# A link to a directory is followed (its cases are read); one to a directory above it
# would be walked for ever, and is reported instead. Extensions are read in any case.
mkdir -p "$work/elsewhere" "$work/dir/sub"
good D3 > "$work/elsewhere/e.JSON"
ln -s "$work/elsewhere" "$work/dir/linked"
ln -s "$work/dir" "$work/dir/sub/up"
run "$cprules" check --policy "$policy" --as-of 2025-03-01 --format jsonl "$work/dir"
expect_eq "directory with bad links: exit" "$status" 2
# Every input is a case out: the unreadable ones too, each with its input error and origin.
expect_eq "directory with bad links: a case out for each input" "$(ids <<<"$out")" "D1 D2   D3 "
expect_eq "directory with bad links: the readable cases" "$(grep -c '"findings":\[{' <<<"$out")" 3
expect_contains "directory: a linked directory is read" "$out" '"case_id":"D3"'
expect_contains "directory: a looping link is reported" "$err" "$work/dir/c.json: error[facts.unreadable]: cannot read the input: Too many levels of symbolic links"
expect_contains "directory: a dangling link is reported" "$err" "$work/dir/d.jsonl: error[facts.unreadable]: cannot read the input: No such file or directory"
expect_contains "directory: a link to a directory above it is reported" "$err" "$work/dir/sub/up: error[facts.unreadable]: cannot read the input: a link to a directory that contains it: not followed"
expect_contains "directory: the origin of an unreadable input" "$out" '"origin":"'"$work"'/dir/d.jsonl"'
expect_contains "directory: counted" "$err" "6 cases: 3 evaluated, 3 with input errors"
run "$cprules" check --policy "$policy" --as-of 2025-03-01 --format jsonl "$work/elsewhere/e.JSON" "$work/nothing-here.json"
expect_contains "a missing file is one case with an input error" "$err" "2 cases: 1 evaluated, 1 with input errors"
printf 'case_id: Y3\nchildren: [{id: A}]\nevents: []\n' > "$work/upper.YAML"
run "$cprules" check --policy "$policy" --as-of 2025-03-01 --format jsonl "$work/upper.YAML"
expect_eq "a .YAML file is read as YAML" "$(ids <<<"$out")" "Y3"

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
expect_contains "cut short: reported" "$(cat "$work/cut.err")" "error[facts.unreadable]: cannot read the input: the file could not be read to its end"
evaluated=$(grep -c '"case_id":"K' "$work/cut.out" || true)
if [ "$evaluated" -lt 1 ] || [ "$evaluated" -ge 200 ]; then fail "cut short: $evaluated of 200 cases written, want some and not all"; fi
finish
