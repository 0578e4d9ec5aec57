#!/usr/bin/env python3
"""Configures the project with -DBUILD_SHARED_LIBS=ON (configure only, through
CMake's file API) and checks what a packager who sets it gets: the core
library `cprules` still static, the shared libraries exporting the stable
APIs still built, and no two libraries with one file name.

Usage: shared_libs_test.py SOURCE_DIR CMAKE_COMMAND
"""
import json
import pathlib
import subprocess
import sys
import tempfile


def main() -> int:
    source, cmake = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory() as tmp:
        build = pathlib.Path(tmp)
        query = build / ".cmake/api/v1/query/codemodel-v2"
        query.parent.mkdir(parents=True)
        query.touch()
        configure = subprocess.run(
            [cmake, "-S", source, "-B", str(build), "-DBUILD_SHARED_LIBS=ON",
             "-DCPRULES_BUILD_TESTS=OFF", "-DCPRULES_BUILD_BENCHMARKS=OFF"],
            capture_output=True, text=True)
        if configure.returncode != 0:
            print(configure.stdout, configure.stderr, sep="\n")
            print("FAIL: configuring with BUILD_SHARED_LIBS=ON")
            return 1
        reply = build / ".cmake/api/v1/reply"
        index = json.loads(next(reply.glob("index-*.json")).read_text())
        codemodel = json.loads((reply / index["reply"]["codemodel-v2"]["jsonFile"]).read_text())
        targets = {}
        for ref in codemodel["configurations"][0]["targets"]:
            t = json.loads((reply / ref["jsonFile"]).read_text())
            targets[t["name"]] = t

    failures = []
    expected = {"cprules": ("STATIC_LIBRARY", "libcprules.a"),
                "cprules_shared": ("SHARED_LIBRARY", "libcprules.so"),
                "cprules_c": ("SHARED_LIBRARY", "libcprules_c.so"),
                "cprules_c_static": ("STATIC_LIBRARY", "libcprules_c.a")}
    for name, (kind, file) in expected.items():
        t = targets.get(name)
        if t is None:
            failures.append(f"no target {name}")
            continue
        if t["type"] != kind or t.get("nameOnDisk") != file:
            failures.append(f"{name}: {t['type']} {t.get('nameOnDisk')}, expected {kind} {file}")
    # Libraries are installed side by side: two with one file name overwrite each other.
    written = {}
    for name, t in targets.items():
        if t["type"] not in ("STATIC_LIBRARY", "SHARED_LIBRARY"):
            continue
        file = t["nameOnDisk"]
        if file in written:
            failures.append(f"{name} and {written[file]} are both {file}")
        written[file] = name
    for f in failures:
        print("FAIL:", f)
    if not failures:
        print(f"ok: {len(targets)} targets; " + ", ".join(f"{n} {targets[n]['type']} {targets[n]['nameOnDisk']}" for n in expected))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
