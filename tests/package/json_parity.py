#!/usr/bin/env python3
"""The C API's JSON (evaluation::to_json) against the CLI's (report::append_json).

Every case in the bundled policies' test cases (tests/cases/policies/*/*.yaml)
is converted to one line of JSON; the cases are grouped by policy and as-of
date into JSON Lines batches; each batch goes through
`cprules check --policy P --as-of D --format jsonl` and through
cprules_check_jsonl, and the outputs must be identical byte for byte (less the
"origin" of cases with input errors, which names the file for the CLI and the
line for the C API). Each batch also carries cases with input errors (a line
that is not JSON, an impossible date), which the two must write alike too.

Usage: json_parity.py CPRULES LIBCPRULES_C CASES_DIR
"""
import collections
import ctypes
import glob
import json
import os
import re
import subprocess
import sys
import tempfile

import yaml  # python3-yaml (scripts/setup.sh)


class Loader(yaml.SafeLoader):
    """YAML without timestamps: dates stay the strings the case facts use."""


Loader.yaml_implicit_resolvers = {
    first: [r for r in resolvers if r[0] != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

ORIGIN = re.compile(r',"origin":"(?:[^"\\]|\\.)*"')
BAD = ['{"case_id":"BAD-JSON",', '{"case_id":"BAD-DATE","children":[{"id":"A"}],"events":[{"type":"visit","date":"2025-02-30"}]}']


def batches(cases_dir):
    groups = collections.defaultdict(list)
    for path in sorted(glob.glob(os.path.join(cases_dir, "*", "*.yaml"))):
        with open(path, encoding="utf-8") as f:
            doc = yaml.load(f, Loader=Loader)
        if not isinstance(doc, dict) or not isinstance(doc.get("tests"), list):
            continue
        policy = str(doc.get("policy", ""))
        if "/" in policy or policy.endswith(".yaml"):
            policy = os.path.join(os.path.dirname(path), policy)
        for test in doc["tests"]:
            if isinstance(test, dict) and "case" in test and "as_of" in test:
                groups[(policy, str(test["as_of"]))].append(json.dumps(test["case"], ensure_ascii=False))
    for lines in groups.values():
        lines.extend(BAD)
    return groups


def main(cli, library, cases_dir):
    lib = ctypes.CDLL(library)
    lib.cprules_last_error.restype = ctypes.c_char_p
    lib.cprules_policy_load.argtypes = [ctypes.c_char_p, ctypes.POINTER(ctypes.c_void_p)]
    lib.cprules_policy_free.argtypes = [ctypes.c_void_p]
    lib.cprules_check_jsonl.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p,
                                        ctypes.POINTER(ctypes.c_void_p)]
    lib.cprules_result_json.argtypes = [ctypes.c_void_p]
    lib.cprules_result_json.restype = ctypes.c_void_p
    lib.cprules_result_json_length.argtypes = [ctypes.c_void_p]
    lib.cprules_result_json_length.restype = ctypes.c_size_t
    lib.cprules_result_free.argtypes = [ctypes.c_void_p]

    groups = batches(cases_dir)
    if not groups:
        sys.exit(f"json_parity: no cases under {cases_dir}")
    cases = mismatches = 0
    policies = {}
    with tempfile.TemporaryDirectory() as tmp:
        for (policy, as_of), lines in sorted(groups.items()):
            text = ("\n".join(lines) + "\n").encode()
            path = os.path.join(tmp, "cases.jsonl")
            with open(path, "wb") as f:
                f.write(text)
            run = subprocess.run([cli, "check", "--policy", policy, "--as-of", as_of, "--format", "jsonl", path],
                                 stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, check=False)
            if run.returncode > 2 or not run.stdout:
                print(f"FAIL: cprules check --policy {policy} --as-of {as_of} exited {run.returncode}", file=sys.stderr)
                mismatches += 1
                continue
            if policy not in policies:
                handle = ctypes.c_void_p()
                if lib.cprules_policy_load(policy.encode(), ctypes.byref(handle)) != 0:
                    sys.exit(f"json_parity: {policy}: {lib.cprules_last_error().decode()}")
                policies[policy] = handle
            result = ctypes.c_void_p()
            if lib.cprules_check_jsonl(policies[policy], text, len(text), as_of.encode(), ctypes.byref(result)) != 0:
                sys.exit(f"json_parity: cprules_check_jsonl: {lib.cprules_last_error().decode()}")
            api = ctypes.string_at(lib.cprules_result_json(result), lib.cprules_result_json_length(result))
            lib.cprules_result_free(result)
            want = ORIGIN.sub("", run.stdout.decode()).splitlines()
            got = ORIGIN.sub("", api.decode()).splitlines()
            cases += len(lines)
            if len(want) != len(lines) or len(got) != len(lines):
                print(f"FAIL: {policy} as of {as_of}: {len(lines)} cases in, CLI {len(want)} out, C API {len(got)} out",
                      file=sys.stderr)
                mismatches += 1
                continue
            for w, g in zip(want, got):
                if w != g:
                    mismatches += 1
                    print(f"FAIL: {policy} as of {as_of}:\n  CLI:   {w}\n  C API: {g}", file=sys.stderr)
    for handle in policies.values():
        lib.cprules_policy_free(handle)
    print(f"{cases} cases in {len(groups)} batches, {mismatches} mismatches")
    return 1 if mismatches else 0


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    sys.exit(main(*sys.argv[1:]))
