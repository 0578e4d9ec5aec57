#!/usr/bin/env python3
"""Every number in a bundled policy has a test: each number in a rule (an offset,
a count, a bound in a condition) is changed by one up and one down, and the
policy's own tests (tests/cases/policies/NAME) must then fail. Prints each
change that no test notices and exits 1 if there is one.

Usage: policy_numbers.py CPRULES SOURCE_DIR [POLICY ...]
"""
import concurrent.futures
import os
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

# Keys whose values are prose or names, not rule parameters.
PROSE = {"source", "note", "summary", "failure", "title", "partnership", "version", "effective",
         "documents", "id", "variant", "extends", "calendar"}
NUMBER = re.compile(r"(?<![\w.\-:])\d+(?![\d\-:])")


def numbers(text):
    """(start, end, rule id) of each number in the policy's rules."""
    root = yaml.compose(text)
    rules = next((v for k, v in root.value if k.value == "rules"), None)
    assert rules is not None, "policy has no rules"
    sites = []

    def walk(node, rule_id):
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if k.value not in PROSE:
                    walk(v, rule_id)
        elif isinstance(node, yaml.SequenceNode):
            for v in node.value:
                walk(v, rule_id)
        else:
            a = node.start_mark.index
            for m in NUMBER.finditer(text[a:node.end_mark.index]):
                sites.append((a + m.start(), a + m.end(), rule_id))

    for rule in rules.value:
        rule_id = next((v.value for k, v in rule.value if k.value == "id"), "?")
        walk(rule, rule_id)
    return sites


def tests_pass(cprules, work, name, text):
    with open(os.path.join(work, "policies", name + ".yaml"), "w") as f:
        f.write(text)
    env = dict(os.environ, CPRULES_DATA_DIR=os.path.join(work, "policies"))
    r = subprocess.run([cprules, "test", "--quiet", os.path.join(work, "tests", "cases", "policies", name)],
                       env=env, capture_output=True, text=True)
    return r.returncode == 0


def check(cprules, src, name):
    """The changes to policy NAME that its tests do not notice, and how many were tried."""
    text = open(os.path.join(src, "policies", name + ".yaml")).read()
    with tempfile.TemporaryDirectory() as work:
        # Tests name their policy by name or by a relative path: copy both trees.
        shutil.copytree(os.path.join(src, "policies"), os.path.join(work, "policies"))
        shutil.copytree(os.path.join(src, "tests", "cases"), os.path.join(work, "tests", "cases"))
        if not tests_pass(cprules, work, name, text):
            return None, 0
        survivors, tried = [], 0
        for start, end, rule_id in numbers(text):
            n = int(text[start:end])
            for changed in (n + 1, n - 1):
                if changed < 0:
                    continue
                tried += 1
                if tests_pass(cprules, work, name, text[:start] + str(changed) + text[end:]):
                    line = text.count("\n", 0, start) + 1
                    survivors.append(f"{name}.yaml:{line}: {rule_id}: {n} -> {changed} passes every test")
        return survivors, tried


def main():
    cprules, src = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    names = sys.argv[3:] or sorted(f[:-5] for f in os.listdir(os.path.join(src, "policies")) if f.endswith(".yaml"))
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        results = list(pool.map(lambda n: (n, check(cprules, src, n)), names))
    failed = False
    for name, (survivors, tried) in results:
        if survivors is None:
            failed = True
            print(f"{name}: its tests fail before any change")
            continue
        print(f"{name}: {tried} changes tried, {len(survivors)} unnoticed")
        if tried == 0:
            failed = True
            print(f"  {name}: no numbers were changed")
        for s in survivors:
            failed = True
            print("  " + s)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
