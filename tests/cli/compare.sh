#!/usr/bin/env bash
# `cprules compare`: one table, a row per (rule id, variant) grouped by area, a column per policy.
# Usage: bash tests/cli/compare.sh <path-to-cprules> <source-dir>
source "$(dirname "$0")/lib.sh"
cd "$src"
fixtures=tests/fixtures/tools/policies
run() { capture "$cprules" compare "$@"; }

# Markdown (the default): the whole table.
run "$fixtures/alpha.yaml" "$fixtures/beta.yaml"
[[ $status -eq 0 ]] || fail "compare: exit $status: $err"
expected="| Rule | alpha | beta |
|---|---|---|
| **icpc** | | |
| \`icpc.timescale\` | 15 working days after the last strategy discussion; done by the first conference where event.kind == 'initial' | 15 working days after the first strategy discussion; done by the first conference where event.kind == 'initial' |
| **reports** | | |
| \`reports.to_chair (initial)\` | each report to the chair by 3 working days before the conference; only when conference.kind == 'initial' | — |
| **quorum** | | |
| \`quorum\` | social care and health present, plus 1 other agency with direct contact with each child; exception with a recorded reason | social care, health and police present; a required agency with no contact with the children may be missing, with a recorded reason |
| **minutes** | | |
| \`minutes.circulated\` | — | minutes circulated by 20 working days after the conference (advice) |
| **review** | | |
| \`review.first\` | the first conference where event.kind == 'review' by 3 months after the start of the plan; for plans started by a conference where event.kind == 'initial' | — |
| **core_group** | | |
| \`core_group.frequency\` | each core group by 1 month after the previous one; for plans started by a conference where event.kind == 'initial' | — |
| **exclusion** | | |
| \`exclusion.grounds\` | grounds: violence; decided by chair | — |
| **attendance** | | |
| \`attendance.child\` | — | present at each conference: child or advocate; only when child.age_years >= 12 (advice) |"
[[ "$out" == "$expected" ]] || fail "compare markdown:"$'\n'"$out"$'\n'"expected:"$'\n'"$expected"

# CSV: a header with one column per policy (two versions of one policy get distinct names), a row per rule.
run --format csv "$fixtures/alpha.yaml" "$fixtures/beta.yaml" "$fixtures/alpha-v2.yaml"
[[ $status -eq 0 ]] || fail "compare --format csv: exit $status"
out=${out//$'\r'/}
[[ "$(head -n 1 <<<"$out")" == "area,rule,variant,alpha,beta,alpha (2)" ]] || fail "compare csv header: $(head -n 1 <<<"$out")"
[[ $(wc -l <<<"$out") -eq 10 ]] || fail "compare csv: expected 9 rows and a header:"$'\n'"$out"
grep -qxF "minutes,minutes.circulated,,—,minutes circulated by 20 working days after the conference (advice),—" <<<"$out" || fail "compare csv: minutes row"
grep -qxF "core_group,core_group.frequency,,each core group by 1 month after the previous one; for plans started by a conference where event.kind == 'initial',—,—" <<<"$out" || fail "compare csv: core_group row"
grep -qF 'quorum,quorum,,"social care and health present, plus 1 other agency' <<<"$out" || fail "compare csv: quoted quorum cell"

# JSON: policies, and rows with a cell (or null) per column.
run --format json "$fixtures/alpha.yaml" "$fixtures/beta.yaml"
[[ $status -eq 0 ]] || fail "compare --format json: exit $status"
python3 - "$out" <<'PY' || fail "compare --format json: content"
import json, sys
d = json.loads(sys.argv[1])
assert [p["column"] for p in d["policies"]] == ["alpha", "beta"], d["policies"]
rows = [(r["area"], r["rule"], r.get("variant", "")) for r in d["rows"]]
assert rows == [("icpc", "icpc.timescale", ""), ("reports", "reports.to_chair", "initial"), ("quorum", "quorum", ""),
                ("minutes", "minutes.circulated", ""), ("review", "review.first", ""), ("core_group", "core_group.frequency", ""),
                ("exclusion", "exclusion.grounds", ""), ("attendance", "attendance.child", "")], rows
q = d["rows"][2]["cells"]
assert q["beta"]["kind"] == "quorum" and q["beta"]["severity"] == "violation", q
assert d["rows"][3]["cells"]["alpha"] is None and d["rows"][3]["cells"]["beta"]["severity"] == "advice", d["rows"][3]
PY

# HTML: one self-contained page (no scripts, nothing fetched), one header cell per policy.
run --format html "$fixtures/alpha.yaml" "$fixtures/beta.yaml"
[[ $status -eq 0 ]] || fail "compare --format html: exit $status"
[[ $(grep -o '<th scope="col" class="policy">' <<<"$out" | wc -l) -eq 2 ]] || fail "compare html: policy header cells"
! grep -qiE '<script|<link|src=|https?://' <<<"$out" || fail "compare html: not self-contained"

# Column names are unique. One policy file given twice, by any name, is a usage error (exit 2, nothing on
# stdout); two files of one id and version are told apart by version, then by file.
for twice in "york york" "$fixtures/alpha.yaml ./$fixtures/alpha.yaml"; do
    run --format json $twice
    [[ $status -eq 2 && -z "$out" && "$err" == *"is given twice"* ]] || fail "compare $twice: $status '$err'"$'\n'"$out"
done
mkdir -p "$work/copy1" "$work/copy2"
cp "$fixtures/alpha.yaml" "$work/copy1/alpha.yaml"
cp "$fixtures/alpha.yaml" "$work/copy2/alpha.yaml"
run --format json "$fixtures/alpha.yaml" "$work/copy1/alpha.yaml" "$work/copy2/alpha.yaml"
[[ $status -eq 0 ]] || fail "compare of copies: exit $status: $err"
python3 - "$out" "$work/copy2/alpha.yaml" <<'PY' || fail "compare of copies: column names"$'\n'"$out"
import json, sys
d = json.loads(sys.argv[1], object_pairs_hook=lambda pairs: pairs)  # keeps repeated keys
columns = [dict(p)["column"] for p in dict(d)["policies"]]
assert columns == ["alpha", "alpha (1)", sys.argv[2]], columns
for row in dict(d)["rows"]:
    assert [k for k, _ in dict(row)["cells"]] == columns, row
PY

# A policy that does not load: exit 2.
run "$fixtures/alpha.yaml" "$fixtures/bad-yaml.yaml"
[[ $status -eq 2 && "$err" == *"error[policy.bad_yaml]"* ]] || fail "compare with a broken policy: $status '$err'"

# All bundled policies at once, where present: a column each.
bundled=()
for name in bolton stockport barnsley north-yorkshire york; do
    [[ -f "policies/$name.yaml" ]] && bundled+=("$name")
done
if [[ ${#bundled[@]} -gt 0 ]]; then
    run --format csv "${bundled[@]}"
    [[ $status -eq 0 ]] || fail "compare ${bundled[*]}: exit $status: $err"
    header=$(head -n 1 <<<"${out//$'\r'/}")
    [[ "$header" == "area,rule,variant,$(IFS=,; echo "${bundled[*]}")" ]] || fail "compare bundled: header '$header'"
fi

finish
