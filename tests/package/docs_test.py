#!/usr/bin/env python3
"""Compiles and runs the C++ and C programs in docs/api.md and checks what they print.

Each ```cpp or ```c block with a `main` is a program; the next unlabelled ```
block after it is what it prints, line by line. In an expected line, " ... "
stands for any text (the line must start with what comes before it and end
with what comes after).

Usage: docs_test.py DOC CXX CC INCLUDE_DIR LIBCPRULES_A LIBCPRULES_C_SO
"""
import os
import re
import subprocess
import sys
import tempfile

FENCE = re.compile(r"^```(\w*)\n(.*?)^```\n", re.S | re.M)


def programs(text):
    blocks = [(m.group(1), m.group(2)) for m in FENCE.finditer(text)]
    for i, (lang, body) in enumerate(blocks):
        if lang in ("cpp", "c") and re.search(r"\bint main\(", body):
            expected = next((b for l, b in blocks[i + 1:] if l == ""), None)
            yield lang, body, expected


def matches(want, got):
    parts = want.split(" ... ")
    if len(parts) == 1:
        return want == got
    if not (got.startswith(parts[0]) and got.endswith(parts[-1])):
        return False
    at = len(parts[0])
    for middle in parts[1:-1]:
        at = got.find(middle, at)
        if at < 0:
            return False
        at += len(middle)
    return at <= len(got) - len(parts[-1])


def main(doc, cxx, cc, include_dir, static_lib, c_lib):
    with open(doc, encoding="utf-8") as f:
        found = list(programs(f.read()))
    if not found:
        sys.exit(f"docs_test: no programs in {doc}")
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        for n, (lang, body, expected) in enumerate(found):
            src = os.path.join(tmp, f"snippet{n}.{lang}")
            exe = os.path.join(tmp, f"snippet{n}")
            with open(src, "w", encoding="utf-8") as f:
                f.write(body)
            if lang == "cpp":
                cmd = [cxx, "-std=c++20", "-Wall", "-Wextra", "-Wpedantic", "-Werror", "-I", include_dir, src, static_lib,
                       "-lyaml-cpp", "-lfmt", "-lsimdjson", "-pthread", "-o", exe]
            else:
                cmd = [cc, "-std=c99", "-pedantic", "-Wall", "-Wextra", "-Werror", "-I", include_dir, src, c_lib,
                       "-Wl,-rpath," + os.path.dirname(c_lib), "-o", exe]
            build = subprocess.run(cmd, capture_output=True, text=True, check=False)
            if build.returncode != 0:
                print(f"FAIL: {lang} program {n} does not compile:\n{build.stderr}", file=sys.stderr)
                failures += 1
                continue
            run = subprocess.run([exe], capture_output=True, text=True, check=False)
            got = run.stdout.splitlines()
            want = (expected or "").splitlines()
            if run.returncode != 0 or len(got) != len(want) or not all(matches(w, g) for w, g in zip(want, got)):
                print(f"FAIL: {lang} program {n} exited {run.returncode} and printed:\n{run.stdout}{run.stderr}"
                      f"expected:\n{expected}", file=sys.stderr)
                failures += 1
            else:
                print(f"{lang} program {n}: ok")
    return 1 if failures else 0


if __name__ == "__main__":
    if len(sys.argv) != 7:
        sys.exit(__doc__)
    sys.exit(main(*sys.argv[1:]))
