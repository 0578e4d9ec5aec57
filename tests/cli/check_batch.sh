# A batch of 300 cases with one malformed line and one impossible date:
# 298 evaluated, both bad ones reported with their line numbers, exit 2,
# and every case (bad ones too) has a line in the output.
source "$(dirname "$0")/lib.sh"
policy="$src/tests/fixtures/engine/policy.yaml"
batch_of_300 100 200 20 > "$work/batch.jsonl"
run "$cprules" check --policy "$policy" --as-of 2025-03-01 --format jsonl "$work/batch.jsonl"
expect_eq "exit status" "$status" 2
expect_eq "cases out" "$(wc -l <<<"$out")" 300
expect_contains "line 100 reported" "$err" "batch.jsonl:100:35: error[facts.bad_json]: not valid JSON: expected a value, found the end of the text"
expect_contains "line 200 reported" "$err" "batch.jsonl:200: case C-200: error[facts.bad_date]: '2025-02-30' is not a date-time: February 2025 has 28 days (at /events/0/date)"
expect_contains "summary" "$err" "300 cases: 298 evaluated, 2 with input errors"
expect_eq "evaluated cases met icpc.timescale" "$(grep -c '"rule":"icpc.timescale","child":"A","subject":"icpc","status":"met","due":"2025-01-15"' <<<"$out")" 298
expect_contains "bad case keeps its id and error in the output" "$(sed -n 200p <<<"$out")" '"case_id":"C-200"'
expect_contains "bad case pointer in the output" "$(sed -n 200p <<<"$out")" '"pointer":"/events/0/date"'
expect_contains "malformed case: where in its line, in the output" "$(sed -n 100p <<<"$out")" \
  '"errors":[{"code":"facts.bad_json","pointer":"","line":1,"column":35,"message":"not valid JSON: expected a value'

# The same batch from standard input, and as a directory of files.
run "$cprules" check --policy "$policy" --as-of 2025-03-01 --format jsonl - < "$work/batch.jsonl"
expect_eq "stdin exit" "$status" 2
expect_eq "stdin cases out" "$(wc -l <<<"$out")" 300
expect_contains "stdin: line and column" "$err" "<stdin>:100:35: error[facts.bad_json]"
# One document on standard input, cut short: the end of its text is where its last line ends,
# with or without a line break after it (as for the same text in a file).
run "$cprules" check --policy "$policy" --as-of 2025-03-01 - < <(printf '{"case_id":"X",')
expect_contains "stdin without a final line break: the end is on line 1" "$err" "<stdin>:1:16: error[facts.bad_json]"
run "$cprules" check --policy "$policy" --as-of 2025-03-01 - < <(printf '{"case_id":"X",\n')
expect_contains "stdin with a final line break: the end is on line 2" "$err" "<stdin>:2:1: error[facts.bad_json]"
mkdir "$work/dir"
sed -n 1p "$work/batch.jsonl" > "$work/dir/a.json"
sed -n 200p "$work/batch.jsonl" > "$work/dir/b.json"
run "$cprules" check --policy "$policy" --as-of 2025-03-01 --format jsonl "$work/dir"
expect_eq "directory exit" "$status" 2
expect_contains "directory names the file" "$err" "b.json: case C-200: error[facts.bad_date]"
# A case file that does not parse: the line and column in the file.
printf '{\n  "case_id": "C-é",\n  "children": [{"id": "A"}]\n  "events": []\n}\n' > "$work/dir/c.json"
run "$cprules" check --policy "$policy" --as-of 2025-03-01 --format text "$work/dir/c.json"
expect_contains "a case file: its line and column" "$err" "c.json:4:3: error[facts.bad_json]: not valid JSON: expected ',' or '}', found '\"'"
expect_contains "text report: where in the case" "$out" "found '\"' (line 4, column 3)"

# --format json: one case prints its object (contract section 2); several print an
# array of their objects, in input order, so the output is always one JSON document.
run "$cprules" check --policy "$policy" --as-of 2025-03-01 --format json "$work/dir/a.json"
expect_eq "one case as json" "$(python3 -c 'import json,sys; d=json.load(sys.stdin); print(type(d).__name__, d["case_id"])' <<<"$out")" "dict C-1"
head -3 "$work/batch.jsonl" > "$work/three.jsonl"
run "$cprules" check --policy "$policy" --as-of 2025-03-01 --format json "$work/three.jsonl"
expect_eq "several cases as json" "$(python3 -c 'import json,sys; d=json.load(sys.stdin); print(type(d).__name__, [c["case_id"] for c in d])' <<<"$out")" "list ['C-1', 'C-2', 'C-3']"

# All good: exit 0; with a failure at violation level: exit 1; --fail-on never: 0.
sed -n 1p "$work/batch.jsonl" > "$work/good.json"
run "$cprules" check --policy "$policy" --as-of 2025-03-01 --format json "$work/good.json"
expect_eq "good case exit" "$status" 0
echo '{"case_id":"L","children":[{"id":"A"}],"events":[{"type":"strategy_discussion","date":"2024-12-20"},{"type":"conference","id":"icpc","kind":"initial","date":"2025-01-16"}]}' > "$work/late.json"
run "$cprules" check --policy "$policy" --as-of 2025-03-01 "$work/late.json"
expect_eq "late case exit" "$status" 1
run "$cprules" check --policy "$policy" --as-of 2025-03-01 --fail-on never "$work/late.json"
expect_eq "--fail-on never" "$status" 0
for f in csv markdown text jsonl json; do
  run "$cprules" check --policy "$policy" --as-of 2025-03-01 --format $f "$work/late.json"
  expect_contains "$f format" "$out" "2025-01-15"
done
# Markdown: ids are text, whatever they hold. Each table row has the header's 8 cells (a '|' in a
# child id escaped, and a backslash before it too), and a line break in a case id does not end the heading.
echo '{"case_id":"M\\|1\nX","children":[{"id":"A\\|b"}],"events":[{"type":"strategy_discussion","date":"2024-12-20"},{"type":"conference","id":"icpc","kind":"initial","date":"2025-01-16","children":["A\\|b"]}]}' > "$work/pipes.json"
run "$cprules" check --policy "$policy" --as-of 2025-03-01 --format markdown "$work/pipes.json"
python3 - "$out" <<'PY' || fail "markdown with '|', '\\' and a line break in ids:"$'\n'"$out"
import re, sys
lines = sys.argv[1].split("\n")
assert lines[0] == "## Case M\\\\\\|1 X" and lines[1] == "", lines[:2]
rows = [l for l in lines if l.startswith("|")]
cells = lambda l: len(re.findall(r"(?<!\\)(?:\\\\)*\|", l)) - 1  # unescaped '|'s, less one
assert len(rows) > 2 and all(cells(l) == 8 for l in rows), [l for l in rows if cells(l) != 8]
assert any("| A\\\\\\|b |" in l for l in rows), rows
PY
# Text: a line break in an id does not split the case's line or a finding's row.
run "$cprules" check --policy "$policy" --as-of 2025-03-01 --format text "$work/pipes.json"
expect_eq "text: the case line, with a line break in the id" "$(head -n 1 <<<"$out")" 'Case M\|1 X — policy engine-fixture 1 — as of 2025-03-01'
expect_eq "text: lines (the case, the header, 2 findings, the summary)" "$(wc -l <<<"$out")" 5
# CSV: cases out = cases in. A case with no finding to show (none at all, or none
# of the --status asked for) still has a row of its own: its id, policy and date.
printf '%s\n' '{"case_id":"EMPTY","children":[{"id":"A"}],"events":[]}' '{"case_id":"BAD","children":[{"id":"A"}],"events":[{"type":"visit","date":"2025-02-30"}]}' > "$work/csv.jsonl"
cat "$work/late.json" >> "$work/csv.jsonl"
run "$cprules" check --policy "$policy" --as-of 2025-03-01 --format csv "$work/csv.jsonl"
expect_eq "csv: exit with an input error" "$status" 2
for id in EMPTY BAD L; do
  grep -q "^$id," <<<"$out" || fail "csv: no row for case $id"
done
expect_contains "csv: a case with no findings" "$out" "EMPTY,engine-fixture,2025-03-01,,,,,,,,,,,,,"
run "$cprules" check --policy "$policy" --as-of 2025-03-01 --format csv --status waived "$work/late.json"
expect_eq "csv --status waived: header and the case's own row" "$out" "case_id,policy,as_of,rule,variant,child,subject,status,due,done,days_late,severity,message,document,section,quote
L,engine-fixture,2025-03-01,,,,,,,,,,,,,"

# --status prints only those findings; the summary still counts every finding.
run "$cprules" check --policy "$policy" --as-of 2025-03-01 --format jsonl --status late,overdue "$work/late.json"
expect_eq "--status exit" "$status" 1
expect_contains "--status keeps late" "$out" '"status":"late"'
if grep -q '"status":"met"' <<<"$out"; then fail "--status late,overdue printed a met finding"; fi
expect_contains "--status summary counts all" "$out" '"summary":{"met":'
run "$cprules" check --policy "$policy" --as-of 2025-03-01 --status finished "$work/late.json"
expect_eq "--status with an unknown status" "$status" 2
run "$cprules" check --policy "$policy" --as-of 2025-13-01 "$work/late.json"
expect_eq "bad --as-of" "$status" 2
run "$cprules" check --policy no-such-policy "$work/late.json"
expect_eq "unknown policy" "$status" 2
expect_contains "unknown policy message" "$err" "no bundled policy named 'no-such-policy'"

# A byte order mark at the start of a file or of standard input (Windows exporters
# write one) is not part of the first case: the output is as without it.
bom=$'\xEF\xBB\xBF'
printf '%s' "$bom" | cat - "$work/three.jsonl" > "$work/bom.jsonl"
run "$cprules" check --policy "$policy" --as-of 2025-03-01 --format jsonl "$work/three.jsonl"
plain="$out"
run "$cprules" check --policy "$policy" --as-of 2025-03-01 --format jsonl "$work/bom.jsonl"
expect_eq "JSON Lines with a byte order mark" "$out" "$plain"
expect_contains "JSON Lines with a byte order mark: all evaluated" "$err" "3 cases: 3 evaluated, 0 with input errors"
run "$cprules" check --policy "$policy" --as-of 2025-03-01 --format jsonl - < "$work/bom.jsonl"
expect_eq "standard input with a byte order mark" "$out" "$plain"
printf '%s' "$bom" | cat - "$work/good.json" > "$work/bom.json"
run "$cprules" check --policy "$policy" --as-of 2025-03-01 --format jsonl "$work/good.json"
plain="$out"
run "$cprules" check --policy "$policy" --as-of 2025-03-01 --format jsonl "$work/bom.json"
expect_eq "a JSON file with a byte order mark" "$out" "$plain"
expect_eq "a JSON file with a byte order mark: exit" "$status" 0

# No cases at all (an empty export): nothing failed, so exit 0, but it is said.
: > "$work/empty.jsonl"
run "$cprules" check --policy "$policy" --as-of 2025-03-01 "$work/empty.jsonl"
expect_eq "empty input exit" "$status" 0
expect_contains "empty input is said" "$err" "cprules check: no cases in the input"
mkdir "$work/empty-dir"
run "$cprules" check --policy "$policy" --as-of 2025-03-01 "$work/empty-dir"
expect_contains "empty directory is said" "$err" "cprules check: no cases in the input"
run "$cprules" check --policy "$policy" --as-of 2025-03-01 "$work/good.json"
if grep -q "no cases" <<<"$err"; then fail "a case was read but 'no cases' was said"; fi

# Output that cannot be written in full (a full disk) fails the run, whatever was found:
# exit 0 would say the report is there.
set +e
"$cprules" check --policy "$policy" --as-of 2025-03-01 --fail-on never "$work/good.json" > /dev/full 2>"$work/full.err"
status=$?
"$cprules" date 2025-01-06 +15wd > /dev/full 2>>"$work/full.err"
date_status=$?
set -e
expect_eq "output to a full disk: check's exit" "$status" 2
expect_eq "output to a full disk: date's exit" "$date_status" 2
expect_contains "output to a full disk: said" "$(cat "$work/full.err")" "cprules: the output could not be written in full"

# --as-of given empty (an unset variable in a script) is an error, not today.
run "$cprules" check --policy "$policy" --as-of "" "$work/good.json"
expect_eq "empty --as-of: exit" "$status" 2
expect_contains "empty --as-of: said" "$err" "cprules check: --as-of: '' is not a date"
run "$cprules" explain --policy "$policy" --as-of "" --rule icpc.timescale "$work/good.json"
expect_eq "explain, empty --as-of: exit" "$status" 2
finish
