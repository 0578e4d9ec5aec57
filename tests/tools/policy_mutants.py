#!/usr/bin/env python3
"""Every part of a bundled policy's rules has a test. Each policy is changed one
piece at a time, and its own tests (tests/cases/policies/NAME) must then fail:

- each number one up and one down (an offset, a count, a bound in a condition);
- each true made false and each false true;
- each `select:` made each of the other selectors;
- each item left out of a short list (`[health, police]`);
- each `==`, `!=`, `<`, `<=`, `>`, `>=`, `and`, `or` in a condition swapped
  for its opposite, and each `not` dropped;
- each key of a rule deleted (`where`, `applies_when`, `cancelled_by` ...).

A change that `cprules diff` finds makes no difference (deleting a key that
only restates the default) cannot be noticed and is skipped. Prints each change
no test notices, and exits 1 if there is one.

Usage: policy_mutants.py CPRULES SOURCE_DIR [POLICY ... | FILE=TESTS ...]
  POLICY: a bundled policy (policies/POLICY.yaml, tested by tests/cases/policies/POLICY);
          all of them when none is given.
  FILE=TESTS: any policy file and the folder of cases that tests it, both relative
          to SOURCE_DIR (tests/fixtures/engine/policy.yaml=tests/cases/engine).
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
PROSE = {"source", "note", "summary", "failure", "consequence", "title", "partnership", "version",
         "effective", "documents", "id", "variant", "extends", "calendar", "kind", "severity"}
SELECTORS = ["first", "last", "each", "first_of_episode", "last_of_episode"]
NUMBER = re.compile(r"(?<![\w.\-:])\d+(?![\d\-:])")
OPERATORS = [(r"==", "!="), (r"!=", "=="), (r"(?<![<>=!])<(?!=)", "<="), (r"<=", "<"),
             (r"(?<![<>=!\-])>(?!=)", ">="), (r">=", ">"), (r"\band\b", "or"), (r"\bor\b", "and"),
             (r"\bnot ", "")]


def mutants(text):
    """(start, end, replacement, rule, what) for each change to the policy's rules."""
    root = yaml.compose(text)
    rules = next((v for k, v in root.value if k.value == "rules"), None)
    assert rules is not None, "policy has no rules"
    out = []

    def scalar(node, rule, key):
        a, b = node.start_mark.index, node.end_mark.index
        value = node.value
        if value in ("true", "false"):
            out.append((a, b, "false" if value == "true" else "true", rule, f"{key}: {value} made the opposite"))
        elif key == "select" and value in SELECTORS:
            out.extend((a, b, other, rule, f"select: {value} -> {other}") for other in SELECTORS if other != value)
        else:
            for m in NUMBER.finditer(text[a:b]):
                n = int(m.group(0))
                out.extend((a + m.start(), a + m.end(), str(c), rule, f"{key}: {n} -> {c}") for c in (n + 1, n - 1) if c >= 0)
            if key in ("where", "applies_when", "require", "suspended_when", "avoid_when"):
                for pattern, opposite in OPERATORS:
                    for m in re.finditer(pattern, text[a:b]):
                        out.append((a + m.start(), a + m.end(), opposite, rule,
                                    f"{key}: '{m.group(0).strip()}' -> '{opposite.strip()}' at column {m.start() + 1} of {value!r}"))

    def walk(node, rule, key):
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if k.value in PROSE:
                    continue
                out.append((k.start_mark.index, v.end_mark.index, "", rule, f"{k.value} deleted"))
                walk(v, rule, k.value)
        elif isinstance(node, yaml.SequenceNode):
            items = node.value
            if node.flow_style and len(items) >= 2 and all(isinstance(i, yaml.ScalarNode) for i in items):
                for j, item in enumerate(items):
                    a, b = (item.start_mark.index, items[j + 1].start_mark.index) if j + 1 < len(items) \
                        else (items[j - 1].end_mark.index, item.end_mark.index)
                    out.append((a, b, "", rule, f"{key}: {item.value} left out"))
            for v in items:
                walk(v, rule, key)
        else:
            scalar(node, rule, key)

    for rule in rules.value:
        fields = {k.value: v.value for k, v in rule.value if isinstance(v, yaml.ScalarNode)}
        name = fields.get("id", "?") + (f" ({fields['variant']})" if "variant" in fields else "")
        walk(rule, name, "")
    return out


def run(cprules, env, *args):
    return subprocess.run([cprules, *args], env=env, capture_output=True, text=True)


def check(cprules, src, target):
    """The changes to a policy that its tests do not notice (None if they fail unchanged), and how many were tried.
    `target`: a bundled policy's name, or FILE=TESTS."""
    rel_policy, rel_tests = target.split("=", 1) if "=" in target else \
        (os.path.join("policies", target + ".yaml"), os.path.join("tests", "cases", "policies", target))
    name = os.path.basename(rel_policy)[:-len(".yaml")]
    text = open(os.path.join(src, rel_policy)).read()
    with tempfile.TemporaryDirectory() as work:
        # Tests name their policy by name or by a relative path: copy both trees.
        shutil.copytree(os.path.join(src, "policies"), os.path.join(work, "policies"))
        shutil.copytree(os.path.join(src, "tests"), os.path.join(work, "tests"))
        env = dict(os.environ, CPRULES_DATA_DIR=os.path.join(work, "policies"))
        policy = os.path.join(work, rel_policy)
        original = os.path.join(work, name + ".original.yaml")
        shutil.copy(policy, original)
        tests = os.path.join(work, rel_tests)
        if run(cprules, env, "test", "--quiet", tests).returncode != 0:
            return None, 0
        survivors, tried = [], 0
        for start, end, replacement, rule, what in mutants(text):
            with open(policy, "w") as f:
                f.write(text[:start] + replacement + text[end:])
            if run(cprules, env, "test", "--quiet", tests).returncode != 0:
                tried += 1
                continue
            if "no differences" in run(cprules, env, "diff", original, policy).stdout:
                continue  # restates a default: nothing could notice it
            tried += 1
            survivors.append(f"{rel_policy}:{text.count(chr(10), 0, start) + 1}: {rule}: {what}: passes every test")
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
            print(f"  {name}: nothing was changed")
        for s in survivors:
            failed = True
            print("  " + s)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
