#!/usr/bin/env python3
"""What is due next, and what is late or overdue, for one case: the C API from Python (ctypes).

Usage: next_due.py [--json] CASE.json [POLICY [AS_OF]]   (defaults: york, 2025-03-01)
The library is $CPRULES_C_LIBRARY (a path to libcprules_c.so), else libcprules_c found
by the dynamic loader.
"""
import ctypes
import ctypes.util
import json
import os
import sys


def load_library():
    path = os.environ.get("CPRULES_C_LIBRARY") or ctypes.util.find_library("cprules_c")
    if not path:
        sys.exit("next_due: set CPRULES_C_LIBRARY to the path of libcprules_c.so")
    lib = ctypes.CDLL(path)
    policy_p, result_p = ctypes.c_void_p, ctypes.c_void_p
    lib.cprules_last_error.restype = ctypes.c_char_p
    lib.cprules_policy_load.argtypes = [ctypes.c_char_p, ctypes.POINTER(policy_p)]
    lib.cprules_policy_free.argtypes = [policy_p]
    lib.cprules_check_json.argtypes = [policy_p, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p,
                                       ctypes.POINTER(result_p)]
    lib.cprules_result_json.argtypes = [result_p]
    lib.cprules_result_json.restype = ctypes.c_void_p  # read with its length: the JSON is UTF-8
    lib.cprules_result_json_length.argtypes = [result_p]
    lib.cprules_result_json_length.restype = ctypes.c_size_t
    lib.cprules_result_free.argtypes = [result_p]
    return lib


def check(lib, policy_name, case_json, as_of):
    """The contract section 2 JSON text for one case."""
    policy, result = ctypes.c_void_p(), ctypes.c_void_p()
    if lib.cprules_policy_load(policy_name.encode(), ctypes.byref(policy)) != 0:
        sys.exit("next_due: " + lib.cprules_last_error().decode("utf-8", "replace"))
    try:
        if lib.cprules_check_json(policy, case_json, len(case_json), as_of.encode(), ctypes.byref(result)) != 0:
            sys.exit("next_due: " + lib.cprules_last_error().decode("utf-8", "replace"))
        try:
            return ctypes.string_at(lib.cprules_result_json(result), lib.cprules_result_json_length(result)).decode()
        finally:
            lib.cprules_result_free(result)
    finally:
        lib.cprules_policy_free(policy)


def label(f):
    who = ", ".join(filter(None, ["child " + f["child"] if "child" in f else "", f.get("subject", "")]))
    rule = f["rule"] + ("/" + f["variant"] if f.get("variant") else "")
    return f"{rule} ({who})" if who else rule


def by_due(findings, statuses):
    return sorted((f for f in findings if f["status"] in statuses and "due" in f), key=lambda f: f["due"])


def main(args):
    as_json = bool(args) and args[0] == "--json"
    if as_json:
        args = args[1:]
    if not 1 <= len(args) <= 3:
        sys.exit("usage: next_due.py [--json] CASE.json [POLICY [AS_OF]]")
    with open(args[0], "rb") as f:
        case_json = f.read()
    policy_name = args[1] if len(args) > 1 else "york"
    as_of = args[2] if len(args) > 2 else "2025-03-01"

    text = check(load_library(), policy_name, case_json, as_of)
    if as_json:
        print(text)
        return 0
    result = json.loads(text)
    for e in result["errors"]:
        print(f"{e['code']}: {e['message']}", file=sys.stderr)
    policy = result.get("policy", {})
    print(f"{result['case_id']} as of {result['as_of']} ({policy.get('id', '')} {policy.get('version', '')})")
    nxt = by_due(result["findings"], {"pending"})
    print("Due next:" + ("" if nxt else " nothing"))
    for f in nxt:
        print(f"  {f['due']} {label(f)}")
    behind = by_due(result["findings"], {"late", "overdue"})
    print("Late or overdue:" + ("" if behind else " nothing"))
    for f in behind:
        how = "overdue" if f["status"] == "overdue" else f"late by {f['days_late']} day{'' if f['days_late'] == 1 else 's'}"
        print(f"  {f['due']} {label(f)}: {how}")
    return 1 if result["errors"] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
