#!/usr/bin/env python3
"""Writes N realistic, deterministic cases as JSON Lines (contract section 1).

Each case has 1-4 children and 15-40 events: strategy discussions, a Section
47 start, an initial conference with attendees, reports, an outcome and
sometimes an exclusion, core groups, visits and review conferences.

    python3 bench/generate_cases.py 100000 > /tmp/cases.jsonl

An optional second argument seeds the generator (default 20250301, the seed of
the figures in docs/performance.md); another seed gives other cases of the same
kind, as the build's profile-guided training run uses (cmake/pgo.cmake).
"""
import datetime
import json
import random
import sys

AGENCIES = ["social_care", "health", "police", "education", "early_years", "probation", "housing", "mental_health"]


def case(i, rng):
    start = datetime.date(2019, 1, 7) + datetime.timedelta(days=rng.randrange(0, 5 * 365))
    ids = [chr(ord("A") + k) for k in range(rng.randint(1, 4))]
    children = []
    for cid in ids:
        c = {"id": cid, "agencies_in_contact": rng.sample(AGENCIES, rng.randint(2, 5))}
        if rng.random() < 0.1:
            c["expected_date_of_delivery"] = (start + datetime.timedelta(days=rng.randint(90, 200))).isoformat()
        else:
            c["date_of_birth"] = (start - datetime.timedelta(days=rng.randint(200, 17 * 365))).isoformat()
        children.append(c)
    d = lambda offset: (start + datetime.timedelta(days=offset)).isoformat()
    events = [{"type": "strategy_discussion", "date": d(0), "s47_initiated": True, "recommended_conference": True}]
    if rng.random() < 0.3:
        events.append({"type": "strategy_discussion", "date": d(rng.randint(2, 6))})
    events.append({"type": "section47_started", "date": d(1)})
    events.append({"type": "conference_requested", "date": d(rng.randint(1, 3))})
    icpc_day = rng.randint(14, 26)
    attendees = [{"name": "Chair", "kind": "chair", "agency": "social_care"}]
    for k, agency in enumerate(rng.sample(AGENCIES, rng.randint(3, 7))):
        attendees.append({"name": f"P{k}", "kind": "professional", "agency": agency,
                          "direct_contact_with": rng.sample(ids, rng.randint(1, len(ids))),
                          "line_manager": f"M{rng.randint(0, 4)}",
                          "recommendation": "plan" if rng.random() < 0.7 else "no_plan"})
    attendees.append({"name": "Mother", "kind": "family"})
    reports = [{"agency": a["agency"], "to_chair": d(icpc_day - rng.randint(1, 5)), "to_parents": d(icpc_day - rng.randint(0, 4))}
               for a in [a for a in attendees if a["kind"] == "professional"][:rng.randint(2, 5)]]
    plan = rng.random() < 0.8
    conf = {"type": "conference", "id": "icpc", "kind": "initial", "date": d(icpc_day) + "T10:00",
            "attendees": attendees, "reports": reports,
            "outcome": {"decision": "plan" if plan else "no_plan", "decided_by": "vote",
                        "categories": rng.sample(["neglect", "emotional", "physical", "sexual"], rng.randint(1, 2)) if plan else []},
            "decision_circulated": d(icpc_day + rng.randint(0, 2)), "minutes_circulated": d(icpc_day + rng.randint(10, 25))}
    if rng.random() < 0.1:
        conf["exclusions"] = [{"person": "Father", "grounds": ["violence"], "evidence": True, "decided_by": "chair",
                               "notified_in_writing_on": d(icpc_day - 3)}]
    events.append(conf)
    day = icpc_day
    target = rng.randint(15, 40)
    review = 0
    while plan and len(events) < target:
        day += rng.randint(6, 16)
        r = rng.random()
        if r < 0.45:
            events.append({"type": "visit", "date": d(day), "seen_alone": rng.random() < 0.8})
        elif r < 0.8:
            events.append({"type": "core_group", "date": d(day)})
        elif day - icpc_day > 80:
            review += 1
            events.append({"type": "conference", "id": f"rcpc{review}", "kind": "review", "date": d(day),
                           "outcome": {"decision": "plan_continues"}, "decision_circulated": d(day + 1)})
    while len(events) < 15:
        day += rng.randint(3, 10)
        events.append({"type": "visit", "date": d(day), "seen_alone": True})
    return {"case_id": f"C-{i}", "partnership": "york", "children": children, "events": events}


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 20250301)
    out = sys.stdout
    for i in range(n):
        out.write(json.dumps(case(i, rng), separators=(",", ":")))
        out.write("\n")


if __name__ == "__main__":
    main()
