#!/usr/bin/env python3
"""Validates the bundled policies against docs/schema/policy.schema.json and
every case (examples/cases, and each test case's `case:`) against
docs/schema/case-facts.schema.json, and checks both schemas reject mistakes."""
import glob
import json
import os
import sys

import jsonschema
import yaml

src = sys.argv[1]


class Loader(yaml.SafeLoader):
    """Keeps dates as strings, as the JSON the schemas describe would have them."""


Loader.yaml_implicit_resolvers = {k: [r for r in v if r[0] != "tag:yaml.org,2002:timestamp"]
                                  for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def load_yaml(path):
    with open(path) as f:
        return yaml.load(f, Loader=Loader)


def validator(name):
    with open(os.path.join(src, "docs", "schema", name)) as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


failures = []
policy_v = validator("policy.schema.json")
case_v = validator("case-facts.schema.json")

policies = sorted(glob.glob(os.path.join(src, "policies", "*.yaml"))) + sorted(glob.glob(os.path.join(src, "tests", "fixtures", "engine", "*.yaml")))
for path in policies:
    for e in policy_v.iter_errors(load_yaml(path)):
        failures.append(f"{path}: {list(e.path)}: {e.message}")

cases = 0
for path in sorted(glob.glob(os.path.join(src, "examples", "cases", "*.json"))):
    with open(path) as f:
        for e in case_v.iter_errors(json.load(f)):
            failures.append(f"{path}: {list(e.path)}: {e.message}")
    cases += 1
for path in sorted(glob.glob(os.path.join(src, "tests", "cases", "**", "*.yaml"), recursive=True)):
    doc = load_yaml(path)
    for t in doc.get("tests", [doc]):
        if "case" not in t or t.get("expect_errors"):
            continue  # cases that are meant to be malformed
        for e in case_v.iter_errors(t["case"]):
            failures.append(f"{path}: {t.get('name')}: {list(e.path)}: {e.message}")
        cases += 1

# The schemas must reject what cprules rejects.
bad_policy = load_yaml(policies[0])
bad_policy["rules"][0]["severty"] = bad_policy["rules"][0].pop("severity")
if policy_v.is_valid(bad_policy):
    failures.append("policy schema accepts a misspelt rule key")
# A policy needs its metadata and rules unless it extends another, which has them.
if policy_v.is_valid({"id": "x", "title": "X", "partnership": "X", "version": "1", "sources": []}):
    failures.append("policy schema accepts a policy without rules")
if not policy_v.is_valid({"extends": "york", "id": "york-draft"}):
    failures.append("policy schema rejects a policy that extends another and changes only its id")
if case_v.is_valid({"case_id": "x", "children": [{"id": "A"}], "events": [{"type": "strategy_discussion", "date": "06/01/2025"}]}):
    failures.append("case schema accepts a malformed date")
if case_v.is_valid({"case_id": "x", "children": [], "events": [{"type": "conference", "date": "2025-01-06"}]}):
    failures.append("case schema accepts a conference without id and kind")
if case_v.is_valid({"case_id": "x", "children": [], "events": [{"type": "conference", "id": "", "kind": "initial", "date": "2025-01-06"}]}):
    failures.append("case schema accepts a conference whose id is empty")
if not case_v.is_valid({"case_id": "x", "children": [], "events": [{"type": "visit", "id": "", "date": "2025-01-06"}]}):
    failures.append("case schema rejects an empty id on an event that is not a conference (cprules ignores it)")

for f in failures:
    print("FAIL:", f)
print(f"{len(policies)} policies and {cases} cases checked against the schemas; {len(failures)} problems")
sys.exit(1 if failures else 0)
