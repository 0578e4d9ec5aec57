#!/usr/bin/env python3
"""Reads `cprules check --format json` output for the contract's example case
on stdin and checks it has exactly the shape of contract section 2."""
import json
import sys

doc = json.load(sys.stdin)
problems = []


def need(cond, what):
    if not cond:
        problems.append(what)


STATUSES = {"met", "pending", "late", "overdue", "breached", "waived"}
need(set(doc) >= {"case_id", "policy", "as_of", "findings", "summary", "errors"}, f"top-level keys: {sorted(doc)}")
need(doc["case_id"] == "C-1042", "case_id")
need(doc["policy"]["id"] == "york" and {"id", "version", "title"} <= set(doc["policy"]), "policy")
need(doc["as_of"] == "2025-03-01", "as_of")
need(set(doc["summary"]) == STATUSES, "summary keys")
need(doc["errors"] == [], "errors")
counts = {s: 0 for s in STATUSES}
for f in doc["findings"]:
    need({"rule", "status", "severity", "message", "source"} <= set(f), f"finding keys {sorted(f)}")
    need(f["status"] in STATUSES, f"status {f['status']}")
    need(f["severity"] in {"violation", "advice"}, f"severity {f['severity']}")
    need(set(f["source"]) == {"document", "section", "quote"} and all(f["source"].values()), f"source of {f['rule']}")
    need(("days_late" in f) == (f["status"] == "late"), f"days_late of {f['rule']}")
    if f["status"] in {"pending", "overdue"}:
        need("due" in f and "done" not in f, f"due/done of {f['rule']}")
    counts[f["status"]] += 1
need(counts == doc["summary"], f"summary {doc['summary']} does not count the findings {counts}")
icpc = [f for f in doc["findings"] if f["rule"] == "icpc.timescale" and f.get("child") == "A"]
need(len(icpc) == 1, "one icpc.timescale finding for child A")
if icpc:
    f = icpc[0]
    need((f["status"], f["due"], f["done"], f["subject"]) == ("met", "2025-01-27", "2025-01-27", "icpc"), f"icpc.timescale: {f}")
    need(f["message"] == "Initial conference held within 15 working days of the strategy discussion", f"message: {f['message']}")
    need(f["source"]["document"] == "york.txt", "source document")
for p in problems:
    print("FAIL:", p)
print(f"{len(doc['findings'])} findings checked; {len(problems)} problems")
sys.exit(1 if problems else 0)
