#!/usr/bin/env bash
# `cprules diff`: the semantic difference of two policies, rule by rule.
# Usage: bash tests/cli/diff.sh <path-to-cprules> <source-dir>
source "$(dirname "$0")/lib.sh"
cd "$src"
fixtures=tests/fixtures/tools/policies
run() { capture "$cprules" diff "$@"; }

# Two versions of one policy: one line per changed aspect, exit 1.
run "$fixtures/alpha.yaml" "$fixtures/alpha-v2.yaml"
[[ $status -eq 1 ]] || fail "diff alpha alpha-v2: exit $status (expected 1): $err"
expected="A: alpha 1 ($fixtures/alpha.yaml)
B: alpha 2 ($fixtures/alpha-v2.yaml)
metadata: version: 1 → 2
only in A: core_group.frequency: each core group by 1 month after the previous one; for plans started by a conference where event.kind == 'initial'
only in B: visits.frequency: each visit where event.seen_alone by 10 working days after the previous one, the first of these counted from the start of the plan; for plans started by a conference where event.kind == 'initial'
icpc.timescale: anchor: the last strategy discussion → the first strategy discussion where event.s47_initiated
icpc.timescale: summary: \"Initial conference held within 15 working days of the last strategy discussion\" → \"Initial conference held within 15 working days of the strategy discussion that started the Section 47 enquiry\"
reports.to_chair (initial): offset: 3 working days before → 2 working days before
reports.to_chair (initial): summary: \"Reports reach the chair at least 3 working days before an initial conference\" → \"Reports reach the chair at least 2 working days before an initial conference\"
quorum: police now required
quorum: summary: \"Conference quorate with social care, health and one other agency\" → \"Conference quorate with social care, health, the police and one other agency\"
review.first: severity: violation → advice
exclusion.grounds: source quote changed
10 differences in 7 rules"
[[ "$out" == "$expected" ]] || fail "diff alpha alpha-v2:"$'\n'"$out"$'\n'"expected:"$'\n'"$expected"

# The other way round: the same changes, reversed.
run "$fixtures/alpha-v2.yaml" "$fixtures/alpha.yaml"
[[ $status -eq 1 ]] || fail "diff alpha-v2 alpha: exit $status"
grep -qxF "quorum: police no longer required" <<<"$out" || fail "diff alpha-v2 alpha: no 'police no longer required' in:"$'\n'"$out"
grep -qxF "reports.to_chair (initial): offset: 2 working days before → 3 working days before" <<<"$out" || fail "diff alpha-v2 alpha: reversed offset"

# A policy against itself: no differences, exit 0.
run "$fixtures/alpha.yaml" "$fixtures/alpha.yaml"
[[ $status -eq 0 ]] || fail "diff alpha alpha: exit $status"
[[ "$(tail -n 1 <<<"$out")" == "no differences" ]] || fail "diff alpha alpha: '$out'"

# Two partnerships: metadata header, rules only in one, changed kinds and sets.
run "$fixtures/alpha.yaml" "$fixtures/beta.yaml"
[[ $status -eq 1 ]] || fail "diff alpha beta: exit $status"
for line in "only in B: minutes.circulated: minutes circulated by 20 working days after the conference" \
            "icpc.timescale: anchor: the last strategy discussion → the first strategy discussion" \
            "quorum: police now required" \
            "quorum: others with contact: 1 other agency with direct contact with each child → none" \
            "quorum: source quote changed"; do
    grep -qxF -- "$line" <<<"$out" || fail "diff alpha beta: no line '$line' in:"$'\n'"$out"
done
grep -q '^metadata: id: alpha → beta; title: ' <<<"$out" || fail "diff alpha beta: metadata header"

# Markdown and JSON carry the same differences.
run --format markdown "$fixtures/alpha.yaml" "$fixtures/alpha-v2.yaml"
[[ $status -eq 1 ]] || fail "diff --format markdown: exit $status"
grep -qxF -- "- \`quorum\`: police now required" <<<"$out" || fail "diff --format markdown: quorum line in:"$'\n'"$out"
grep -qxF -- "## Only in A" <<<"$out" || fail "diff --format markdown: no 'Only in A' section"
run --format json "$fixtures/alpha.yaml" "$fixtures/alpha-v2.yaml"
[[ $status -eq 1 ]] || fail "diff --format json: exit $status"
python3 - "$out" <<'PY' || fail "diff --format json: content"
import json, sys
d = json.loads(sys.argv[1])
assert d["differences"] == 10 and d["rules"] == 7, (d["differences"], d["rules"])
assert d["calendar"] == [], d["calendar"]
assert d["metadata"] == [{"field": "version", "a": "1", "b": "2"}], d["metadata"]
assert [r["rule"] for r in d["only_in_a"]] == ["core_group.frequency"], d["only_in_a"]
assert [r["rule"] for r in d["only_in_b"]] == ["visits.frequency"], d["only_in_b"]
changed = {(c["rule"], c.get("variant", ""), c["aspect"]): c for c in d["changed"]}
assert set(changed) == {("icpc.timescale", "", "anchor"), ("reports.to_chair", "initial", "offset"), ("quorum", "", "required"),
                        ("review.first", "", "severity"), ("exclusion.grounds", "", "source quote"), ("icpc.timescale", "", "summary"),
                        ("reports.to_chair", "initial", "summary"), ("quorum", "", "summary")}, set(changed)
c = changed[("reports.to_chair", "initial", "offset")]
assert (c["a"], c["b"]) == ("3 working days before", "2 working days before"), c
assert changed[("quorum", "", "required")]["text"] == "quorum: police now required"
PY

# What changes a finding's words or the working days is a difference too: a rule's summary, a check's
# failure, its source's document and section, its note, and the calendar (by name or by its closures).
mkdir -p "$work/words"
python3 - "$fixtures/alpha.yaml" "$work/words/b.yaml" <<'PY'
import sys
s = open(sys.argv[1]).read()
s = s.replace("section: Timing of the initial conference", "section: Timing", 1)
s = s.replace('version: "1"\n', 'version: "1"\ncalendar: example-local\n', 1)
open(sys.argv[2], "w").write(s)
PY
cp "$fixtures/alpha.yaml" "$work/words/a.yaml"
run "$work/words/a.yaml" "$work/words/b.yaml"
[[ $status -eq 1 ]] || fail "diff words and calendar: exit $status"
for line in 'icpc.timescale: source section: "Timing of the initial conference" → "Timing"' \
            "calendar: england-and-wales → example-local" \
            "calendar: 2 working days of A are closed in B: 2025-12-24 Christmas Eve office closure, 2025-12-29 Office closure between Christmas and New Year"; do
    grep -qxF "$line" <<<"$out" || fail "diff words and calendar: no line '$line' in:"$'\n'"$out"
done

# A policy that does not load: exit 2 with its errors.
run "$fixtures/alpha.yaml" "$fixtures/draft-broken.yaml"
[[ $status -eq 2 ]] || fail "diff with a broken policy: exit $status (expected 2)"
[[ "$err" == *"error[policy.duplicate_id]"* ]] || fail "diff with a broken policy: errors not shown: $err"

# Bundled policies, where present.
if [[ -f policies/york.yaml ]]; then
    run york york
    [[ $status -eq 0 && "$(tail -n 1 <<<"$out")" == "no differences" ]] || fail "diff york york: $status '$out'"
fi
if [[ -f policies/york.yaml && -f policies/barnsley.yaml ]]; then
    run barnsley york
    [[ $status -eq 1 ]] || fail "diff barnsley york: exit $status (expected 1)"
fi

# An id both policies have, split into variants differently, lines up as one
# rule: contract section 3, "Rules that exist in more than one partnership share
# an id, so that findings and policy diffs line up". Not "only in" either side.
if [[ -f policies/bolton.yaml && -f policies/stockport.yaml ]]; then
    run bolton stockport
    for line in "icpc.timescale: in A as icpc.timescale: " "icpc.timescale: in B as icpc.timescale (no_s47): " "icpc.timescale: in B as icpc.timescale (s47): "; do
        grep -qF -- "$line" <<<"$out" || fail "diff bolton stockport: no line starting '$line' in:"$'\n'"$out"
    done
    if grep -q "^only in [AB]: icpc.timescale" <<<"$out"; then fail "diff bolton stockport: icpc.timescale reported as only in one policy"; fi
    run --format json bolton stockport
    python3 - "$out" <<'PY' || fail "diff --format json bolton stockport: split"
import json, sys
d = json.loads(sys.argv[1])
split = {s["rule"]: s for s in d["split"]}
icpc = split["icpc.timescale"]
assert [r.get("variant") for r in icpc["a"]] == [None], icpc
assert sorted(r["variant"] for r in icpc["b"]) == ["no_s47", "s47"], icpc
assert not any(r["rule"] == "icpc.timescale" for r in d["only_in_a"] + d["only_in_b"]), "icpc.timescale in only_in"
assert d["differences"] >= sum(len(s["a"]) + len(s["b"]) for s in d["split"])
PY
    run --format markdown bolton stockport
    grep -qxF -- "## Split into variants differently" <<<"$out" || fail "diff --format markdown bolton stockport: no split section"
fi

# Which sittings take a deferred decision (`decided_when`) is an aspect of the rule.
grep -v '^    decided_when: ' policies/stockport.yaml > "$work/stockport.yaml"
run policies/stockport.yaml "$work/stockport.yaml"
[[ $status -eq 1 ]] || fail "diff stockport without decided_when: exit $status"
line="deferral.reconvene: decided at: a sitting where not (event.quorate == false) or has(event.exceptional_reason) → any sitting that decides"
grep -qxF -- "$line" <<<"$out" || fail "diff stockport without decided_when: no line '$line' in:"$'\n'"$out"

# Agencies a quorum does not expect (`not_expected`) are an aspect of the rule, and compare says them.
grep -v '^    not_expected: ' policies/york.yaml > "$work/york.yaml"
run policies/york.yaml "$work/york.yaml"
[[ $status -eq 1 ]] || fail "diff york without not_expected: exit $status"
grep -qxF -- "quorum (review): police now expected" <<<"$out" || fail "diff york without not_expected: no 'police now expected' line in:"$'\n'"$out"
capture "$cprules" compare york
grep -qF -- "police not expected to attend: if absent, the exception does not ask for them" <<<"$out" || fail "compare york: quorum (review) without not_expected in:"$'\n'"$out"

finish
