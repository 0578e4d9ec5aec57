#!/usr/bin/env bash
# `cprules explain`: the anchor and why, the days stepped over with their names,
# the due date, what satisfied it, the status and the source, in text and JSON.
# Usage: bash tests/cli/explain.sh <path-to-cprules> <source-dir>
source "$(dirname "$0")/lib.sh"
cd "$src"
fixtures=tests/fixtures/tools
policy=$fixtures/policies/alpha.yaml
case_file=$fixtures/cases/christmas.json
run() { capture "$cprules" explain "$@"; }
expect_line() {  # expect_line TEXT WHAT: a line of $out is exactly TEXT
    grep -qxF -- "$1" <<<"$out" || fail "$2: no line '$1' in:"$'\n'"$out"
}

# Strategy discussions on 2024-12-10 and 2024-12-20; the rule counts 15 working
# days from the last one: Christmas Day, Boxing Day and New Year's Day are stepped over.
run --policy "$policy" --as-of 2025-03-01 --rule icpc.timescale "$case_file"
[[ $status -eq 0 ]] || fail "explain icpc.timescale: exit $status: $err"
expect_line "icpc.timescale — child A — icpc: met (violation)" text
expect_line "  anchor    the last of 2 strategy discussions (2024-12-20)" text
expect_line "            the rule counts from the last one on or before conference icpc (2025-01-14), which satisfied it" text
expect_line "  counting  15 working days after 2024-12-20 (+15wd): the anchor day itself never counts; weekends and bank holidays are stepped over" text
expect_line "  skipped   11 non-working days:" text
expect_line "              2024-12-25 Christmas Day (Wednesday)" text
expect_line "              2024-12-26 Boxing Day (Thursday)" text
expect_line "              2025-01-01 New Year's Day (Wednesday)" text
expect_line "              2024-12-21 Saturday" text
expect_line "  due       2025-01-15 (Wednesday)" text
expect_line "  done      2025-01-14: conference icpc, the first conference where event.kind == 'initial' on or after the anchor" text
expect_line "  status    met: done on or before the due date (as of 2025-03-01)" text
expect_line "            \"within 15 working days of the last strategy discussion\"" text

# The same as JSON.
run --policy "$policy" --as-of 2025-03-01 --rule icpc.timescale --format json "$case_file"
[[ $status -eq 0 ]] || fail "explain --format json: exit $status: $err"
python3 - "$out" <<'PY' || fail "explain --format json: content"
import json, sys
doc = json.loads(sys.argv[1])
assert doc["case_id"] == "XMAS-1" and doc["rule"] == "icpc.timescale", doc
[f] = doc["findings"]
assert f["due"] == "2025-01-15" and f["done"] == "2025-01-14" and f["status"] == "met", f
assert f["anchor"]["date"] == "2024-12-20" and f["anchor"]["matched"] == 2, f["anchor"]
assert f["anchor"]["words"] == "the last of 2 strategy discussions (2024-12-20)", f["anchor"]
assert f["offset"] == {"value": "+15wd", "words": "15 working days after"}, f["offset"]
stepped = {s["date"]: s["reason"] for s in f["stepped_over"]}
assert len(stepped) == 11, stepped
assert stepped["2024-12-25"] == "Christmas Day" and stepped["2024-12-26"] == "Boxing Day", stepped
assert stepped["2025-01-01"] == "New Year's Day" and stepped["2024-12-21"] == "Saturday", stepped
assert f["source"]["quote"] == "within 15 working days of the last strategy discussion", f["source"]
PY

# Reports: one finding per report, counted back from the conference.
run --policy "$policy" --as-of 2025-03-01 --rule reports.to_chair "$case_file"
expect_line "reports.to_chair (initial) — icpc report 1: late (violation)" reports
expect_line "  done      2025-01-13: report 1 (education), report to the chair" reports
expect_line "  due       2025-01-09 (Thursday)" reports
expect_line "  status    late: done 4 days after the due date (as of 2025-03-01)" reports

# A recurring rule counts from the conference that started the plan.
run --policy "$policy" --as-of 2025-03-01 --rule review.first "$case_file"
expect_line "  anchor    the conference that started the plan: conference icpc (2025-01-14)" review.first
expect_line "  due       2025-04-14 (Monday)" review.first
expect_line "  status    pending: not done yet, and the due date has not passed (as of 2025-03-01)" review.first

# A constraint: its detail, the facts it looked at, its source.
run --policy "$policy" --as-of 2025-03-01 --rule quorum "$case_file"
expect_line "quorum — icpc: breached (violation)" quorum
expect_line "  facts     professionals present: social care (SW), health (HV)" quorum
expect_line "  status    breached: child A: 0 of 1 other agencies with direct contact present; no exceptional reason recorded (as of 2025-03-01)" quorum
expect_line "  source    alpha.txt — Quoracy" quorum

# A rule with no findings in the case says so; an unknown rule is an error.
run --policy "$policy" --as-of 2025-03-01 --rule core_group.frequency "$case_file"
[[ $status -eq 0 && "$out" == *"No findings for core_group.frequency in this case"* ]] || fail "explain core_group.frequency: $status '$out'"
run --policy "$policy" --as-of 2025-03-01 --rule icpc.timescal "$case_file"
[[ $status -eq 2 && "$err" == *"has no rule 'icpc.timescal'; did you mean 'icpc.timescale'?"* ]] || fail "explain unknown rule: $status '$err'"
run --policy "$policy" --as-of 2025-03-01 "$case_file"
[[ $status -eq 2 ]] || fail "explain without --rule: exit $status"

# A waived finding names the event whose exceptional reason waives it: here the
# pre-birth conference that set a later review date, not the late review itself.
run --policy york --as-of 2025-10-10 --rule review.after_pre_birth $fixtures/cases/pre-birth-waiver.yaml
[[ $status -eq 0 ]] || fail "explain a waived finding: exit $status: $err"
expect_line "review.after_pre_birth — child B — rcpc1: waived (violation)" waived
expect_line "  due       2025-09-18 (Thursday)" waived
expect_line "  status    waived: it would fail, but conference pb records an exceptional reason the policy allows: \"Review to wait until the mother leaves the mother-and-baby unit\" (as of 2025-10-10)" waived

# A child's date of birth from its birth event (no date_of_birth recorded) says where it came from.
run --policy york --as-of 2025-09-20 --rule visits.frequency $fixtures/cases/birth-event.yaml
[[ $status -eq 0 ]] || fail "explain a birth event: exit $status: $err"
expect_line "  anchor    the child's date of birth (2025-08-18, the date of its birth event)" birth_event
expect_line "  due       2025-09-15 (Monday)" birth_event

# A deadline ended after its due day (`cancel_until: due`) names the event that ended it,
# not "no conference recorded": a conference was recorded, after the plan ended.
run --policy tests/fixtures/engine/policy.yaml --as-of 2025-06-01 --rule transfer_in.timescale $fixtures/cases/ended-after-due.yaml
[[ $status -eq 0 ]] || fail "explain a late cancellation: exit $status: $err"
expect_line "transfer_in.timescale — child A — transfer_in_notified@2025-01-06: overdue (violation)" ended_late
expect_line "  due       2025-01-27 (Monday)" ended_late
expect_line "  done      not done: the plan ending of 2025-01-28 ended it after the due date (a plan ending cancels it only on or before the due day); nothing recorded after it counts" ended_late
expect_line "  status    overdue: not done by the due date, and ended 1 day after it: missed before it ended (as of 2025-06-01)" ended_late
run --policy tests/fixtures/engine/policy.yaml --as-of 2025-06-01 --rule transfer_in.timescale --format json $fixtures/cases/ended-after-due.yaml
python3 - "$out" <<'PY' || fail "explain --format json: a late cancellation"
import json, sys
[f] = json.loads(sys.argv[1])["findings"]
assert f["status"] == "overdue" and f["ended_by"] == "plan_ended@2025-01-28" and "done" not in f, f
PY

# The same for a conference deadline: a deferred review's reconvening, missed, then the child moved away.
run --policy tests/fixtures/engine/policy.yaml --as-of 2025-06-01 --rule deferral.reconvene $fixtures/cases/reconvene-ended-after-due.yaml
[[ $status -eq 0 ]] || fail "explain a conference deadline's late cancellation: exit $status: $err"
expect_line "deferral.reconvene (review) — r1: overdue (violation)" reconvene_ended_late
expect_line "  due       2025-02-24 (Monday)" reconvene_ended_late
expect_line "  done      not done: the plan ending of 2025-02-25 ended it after the due date (a plan ending where event.reason == 'moved_area' cancels it only on or before the due day); nothing recorded after it counts" reconvene_ended_late
expect_line "  status    overdue: not done by the due date, and ended 1 day after it: missed before it ended (as of 2025-06-01)" reconvene_ended_late
run --policy tests/fixtures/engine/policy.yaml --as-of 2025-06-01 --rule deferral.reconvene --format json $fixtures/cases/reconvene-ended-after-due.yaml
python3 - "$out" <<'PY' || fail "explain --format json: a conference deadline's late cancellation"
import json, sys
[f] = json.loads(sys.argv[1])["findings"]
assert f["status"] == "overdue" and f["ended_by"] == "plan_ended@2025-02-25" and "done" not in f, f
PY

# A deferment timed to the sitting that decides (`done: decided`): deferred twice, decided at the third sitting.
run --policy tests/fixtures/engine/more.yaml --as-of 2025-06-01 --rule deferral.decided $fixtures/cases/deferred-twice.yaml
expect_line "deferral.decided — d1: late (violation)" deferred_twice
expect_line "  done      2025-02-14: decided at conference d3" deferred_twice

# A review due while the child was looked after, none held during the spell (resume_after):
# counted from the spell's last day, which explain names.
run --policy york --as-of 2026-12-01 --rule review.subsequent $fixtures/cases/looked-after-spell.yaml
[[ $status -eq 0 ]] || fail "explain a resumed review: exit $status: $err"
expect_line "review.subsequent — child A — rcpc1: overdue (violation)" resumed
expect_line "  anchor    the last day of a suspension (child.looked_after held to 2026-02-28)" resumed
expect_line "            one fell due on a day the rule was suspended, and none was held before the suspension ended: it is owed 6 months after the suspension's last day" resumed
expect_line "  due       2026-08-28 (Friday)" resumed
run --policy york --as-of 2026-12-01 --rule review.subsequent --format json $fixtures/cases/looked-after-spell.yaml
python3 - "$out" <<'PY' || fail "explain --format json: a resumed review"
import json, sys
[f] = json.loads(sys.argv[1])["findings"]
assert f["anchor"]["what"] == "suspension" and f["anchor"]["date"] == "2026-02-28" and f["offset"]["value"] == "+6m", f
PY

# Looked after with no end recorded: nothing is owed, and explain says why that can be.
run --policy york --as-of 2026-02-01 --rule review.first $fixtures/cases/looked-after-open.yaml
[[ $status -eq 0 && "$out" == *"or what fell due came while child.looked_after held, and that has no end recorded while the plan lasts."* ]] ||
    fail "explain a suspended review: $status '$out'"

# select: last: a discussion on the conference's own day is still one of those counted ("the last of 2").
run --policy tests/fixtures/engine/policy.yaml --as-of 2025-03-01 --rule icpc.timescale --format json $fixtures/cases/same-day.yaml
python3 - "$out" <<'PY' || fail "explain: an anchor on the conference's day is counted"
import json, sys
[f] = json.loads(sys.argv[1])["findings"]
assert f["anchor"]["matched"] == 2 and f["anchor"]["date"] == "2025-01-10", f["anchor"]
PY

# Candidates giving the same due date: the first listed is the one named.
run --policy york --as-of 2025-03-20 --rule review.after_pre_birth $fixtures/cases/tie.yaml
expect_line "            the earliest of: 3 months after the start of the plan; 1 month after the child's date of birth: candidate 1 gave the earliest due date" tie
expect_line "  due       2025-04-10 (Thursday)" tie

# A recurring rule looks for its occurrences within one plan: advice in a later plan
# does not satisfy an earlier one that ended unadvised.
run --policy york --as-of 2026-01-05 --rule plan.duration_escalation $fixtures/cases/two-plans.yaml
expect_line "plan.duration_escalation — child A — icpc1: overdue (violation)" two_plans
expect_line "  due       2023-05-10 (Wednesday)" two_plans
expect_line "  done      not done: no later head of service advice recorded while this plan lasted" two_plans
expect_line "  done      2025-05-01: the head of service advice of 2025-05-01" two_plans

# select: first_of_episode: the anchor is the first discussion of the second enquiry.
run --policy stockport --as-of 2024-07-31 --rule icpc.timescale $fixtures/cases/two-enquiries.yaml
[[ $status -eq 0 ]] || fail "explain an episode anchor: exit $status: $err"
expect_line "icpc.timescale (s47) — child A — icpc: met (violation)" episode
expect_line "  anchor    the strategy discussion where event.s47_initiated and not child.has_plan of 2024-06-03" episode
expect_line "            the first strategy discussion where event.s47_initiated and not child.has_plan since the previous obligation was done or cancelled; later ones do not restart the clock" episode

# select: last_of_episode: the second enquiry is counted from the last of its two discussions.
run --policy york --as-of 2024-07-31 --rule icpc.timescale $fixtures/cases/two-enquiries-two-discussions.yaml
[[ $status -eq 0 ]] || fail "explain a last-of-episode anchor: exit $status: $err"
expect_line "icpc.timescale — child A — icpc2: late (violation)" last_episode
expect_line "  anchor    the last of 2 strategy discussions where not child.has_plan in this episode (2024-06-10)" last_episode
expect_line "            the last strategy discussion where not child.has_plan since the previous obligation was done or cancelled, on or before conference icpc2 (2024-07-03), which satisfied it" last_episode
expect_line "  due       2024-07-01 (Monday)" last_episode

# A plan ended at the first review with an exceptional reason and no reasons: waived, and the rule says why.
run --policy york --as-of 2025-06-01 --rule plan.discontinuation $fixtures/cases/first-review-waived.json
[[ $status -eq 0 ]] || fail "explain a waived first review: exit $status: $err"
expect_line "plan.discontinuation — rcpc1: waived (violation)" first_review
expect_line "  rule      a plan ended at the first review needs recorded reasons (or an exceptional reason, which waives it)" first_review

# A rule counting its anchor day as day 1 says so.
run --policy tests/fixtures/engine/inclusive.yaml --as-of 2025-03-01 --rule icpc.timescale $case_file
[[ $status -eq 0 ]] || fail "explain counting: inclusive: exit $status: $err"
expect_line "  counting  15 working days from and including 2024-12-20 (+15wd inclusive): the anchor day counts as day 1; weekends and bank holidays are stepped over" inclusive
expect_line "  due       2025-01-14 (Tuesday)" inclusive

# Reports owed before a review still to come: anchored on the review, and what is missing.
run --policy york --as-of 2025-03-01 --rule reports.required examples/cases/contract-example.json
[[ $status -eq 0 ]] || fail "explain reports.required: exit $status: $err"
expect_line "  anchor    conference rcpc1 (2025-04-24)" reports_required
expect_line "  done      not yet: no report from social_care, health, police, education" reports_required
# JSON names the report of each finding about one, as check does.
run --policy york --as-of 2025-03-01 --rule reports.to_chair --format json examples/cases/contract-example.json
python3 - "$out" <<'PY' || fail "explain --format json: report index"
import json, sys
doc = json.loads(sys.argv[1])
reports = [f.get("report") for f in doc["findings"]]
assert None not in reports and len(set(zip([f["subject"] for f in doc["findings"]], reports))) == len(reports), reports
PY
# An input error names the case, as check's do.
capture "$cprules" explain --policy york --as-of 2025-03-01 --rule icpc.timescale - <<<'{"case_id":"X9","children":[{"id":"A"}],"events":[{"type":"visit","date":"2025-02-30"}]}'
expect_contains "explain: input error names the case" "$err" "<stdin>: case X9: error[facts.bad_date]"

# With a bundled policy that has icpc.timescale, the same case explains without error.
for name in york bolton; do
    [[ -f "policies/$name.yaml" ]] || continue
    run --policy "$name" --as-of 2025-03-01 --rule icpc.timescale "$case_file"
    [[ $status -eq 0 && "$out" == *"  due       "* ]] || fail "explain --policy $name: $status '$out' '$err'"
done

# A due date counted from an order's expiry names the order by the day it was made, and its expiry.
cat > "$work/epo.json" <<'JSON'
{"case_id":"E1","children":[{"id":"A","date_of_birth":"2016-03-02"}],"events":[{"type":"emergency_protection_order","date":"2025-01-10","expires":"2025-01-18"},{"type":"conference","id":"icpc","kind":"initial","date":"2025-01-16"}]}
JSON
run --policy york --as-of 2025-03-01 --rule emergency_protection.conference "$work/epo.json"
expect_line "  anchor    the emergency protection order where not child.has_plan of 2025-01-10, which expires 2025-01-18" "expiry anchor"
expect_line "  due       2025-01-17 (Friday)" "expiry anchor: due"
expect_line "  done      2025-01-16: conference icpc, the first conference where (event.kind in ['initial', 'pre_birth', 'transfer_in'] and not (event.decision == 'adjourned')) or (event.kind == 'review' and event.decision == 'plan') on or after the day the emergency protection order was made" "expiry anchor: done"

# Hours from a conference at a time, a report on a bare date: whole days (contract section 5), so
# summer time beginning in between does not move the due day (48 exact hours before
# 2025-03-31T00:30 is 2025-03-28T23:30); one reported at a time is exact.
cat > "$work/hours.json" <<'JSON'
{"case_id":"H1","children":[{"id":"A","date_of_birth":"2016-03-02"}],"events":[{"type":"conference","id":"icpc","kind":"initial","date":"2025-03-31T00:30","reports":[{"agency":"health","to_parents":"2025-03-29"},{"agency":"police","to_parents":"2025-03-28T23:31"}]}]}
JSON
run --policy stockport --as-of 2025-11-01 --rule reports.to_parents "$work/hours.json"
expect_line "  counting  48 hours before 2025-03-31T00:30 (-48h): whole days, as what was done is a bare date" "hours, done on a bare date"
expect_line "  due       2025-03-29 (Saturday)" "hours, done on a bare date: due"
expect_line "  counting  48 hours before 2025-03-31T00:30 (-48h): exact, on date-times" "hours, done at a time"
expect_line "  due       2025-03-28T23:30" "hours, done at a time: due"
[[ "$out" != *"recomputing"* ]] || fail "hours: explain recomputes another due date:"$'\n'"$out"

# No cases at all: nothing to explain, and it is said (exit 0, as for check).
: > "$work/empty.jsonl"
run --policy york --as-of 2025-03-01 --rule icpc.timescale "$work/empty.jsonl"
expect_eq "empty input exit" "$status" 0
expect_contains "empty input is said" "$err" "cprules explain: no cases in the input"

finish
