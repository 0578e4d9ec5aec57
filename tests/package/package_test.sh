#!/usr/bin/env bash
# Installs the build to a temporary prefix and uses it from outside: the
# layout, the exported symbols, the installed CLI and its data, and outside
# projects built with find_package(cprules) and with pkg-config, each run on
# the contract example and compared with the CLI (examples/run_example.sh).
# Usage: package_test.sh BUILD_DIR SOURCE_DIR C_COMPILER CXX_COMPILER
set -euo pipefail
build=$1 source=$2 cc=$3 cxx=$4
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix
case_file=$source/examples/cases/contract-example.json
failures=0
fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}
step() { echo "== $*"; }

step "cmake --install $build --prefix <tmp>"
if ! cmake --install "$build" --prefix "$prefix" >"$tmp/install.log" 2>&1; then
    cat "$tmp/install.log" >&2
    echo "FAIL: cmake --install (is everything built? cmake --build $build)" >&2
    exit 1
fi
libdir=$(dirname "$(find "$prefix" -name libcprules_c.so -print -quit)")

step "layout"
for f in bin/cprules include/cprules/cprules.h include/cprules/cprules.hpp include/cprules/date.hpp \
         include/cprules/diagnostic.hpp share/cprules/policies/york.yaml \
         share/cprules/policies/calendars/england-and-wales.yaml share/cprules/tests/cases/policies/york; do
    [[ -e $prefix/$f ]] || fail "not installed: $f"
done
for f in libcprules.a libcprules.so libcprules.so.0.1 libcprules_c.so libcprules_c.so.1 libcprules_c.a \
         cmake/cprules/cprulesConfig.cmake cmake/cprules/cprulesConfigVersion.cmake \
         pkgconfig/cprules.pc pkgconfig/cprules-c.pc; do
    [[ -e $libdir/$f ]] || fail "not installed: ${libdir#"$prefix"/}/$f"
done
if grep -rl '#include "' "$prefix/include/cprules" >/dev/null; then fail "an installed header includes a private header"; fi
# The C library's ABI is stable (SONAME 1); the C++ library's holds within a minor release.
for pair in libcprules_c.so:libcprules_c.so.1 libcprules.so:libcprules.so.0.1; do
    soname=$(objdump -p "$libdir/${pair%%:*}" | awk '$1 == "SONAME" {print $2}')
    [[ $soname == "${pair#*:}" ]] || fail "${pair%%:*}: SONAME '$soname', not '${pair#*:}'"
done

step "exported symbols"
if nm -D --defined-only "$libdir/libcprules_c.so" | awk '{print $3}' | grep -v '^cprules_' | grep .; then
    fail "libcprules_c.so exports more than cprules_*"
fi
if nm -DC --defined-only "$libdir/libcprules.so" | grep -v 'cprules::v1::' | grep .; then
    fail "libcprules.so exports more than cprules::v1"
fi

step "installed headers compile on their own"
for h in cprules.hpp date.hpp diagnostic.hpp; do
    echo "#include <cprules/$h>" | "$cxx" -std=c++20 -Wall -Wextra -Wpedantic -Werror -fsyntax-only -I"$prefix/include" -x c++ - ||
        fail "<cprules/$h> does not compile alone"
done

step "installed CLI finds the installed data next to itself (the prefix differs from the configured one)"
unset CPRULES_DATA_DIR
listed=$("$prefix/bin/cprules" list)
grep -q york <<<"$listed" || fail "cprules list does not list york"
grep -qF "Policies are read from $(cd "$prefix" && pwd -P)/share/cprules/policies" <<<"$listed" ||
    fail "the installed CLI does not read the installed policies: $(tail -1 <<<"$listed")"
export CPRULES_DATA_DIR=$prefix/share/cprules/policies
installed=$(cd "$tmp" && "$prefix/bin/cprules" test -q | tail -1) || true
in_tree=$("$build/tools/cprules/cprules" test -q "$source/tests/cases/policies" | tail -1) || true
[[ $installed == *passed* && $installed == "$in_tree" ]] ||
    fail "installed 'cprules test' says '$installed', the build tree '$in_tree'"

run() {  # run_example.sh with the installed CLI; the C++ consumer is the reference text
    bash "$source/examples/run_example.sh" "$prefix/bin/cprules" "$case_file" "$tmp/consumer/next_due_cpp" "$@" >/dev/null ||
        fail "$* does not print what the CLI prints"
}

step "find_package(cprules) consumer"
if cmake -S "$source/tests/package/consumer" -B "$tmp/consumer" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_TYPE=Release \
        -DCMAKE_C_COMPILER="$cc" -DCMAKE_CXX_COMPILER="$cxx" -DCPRULES_EXAMPLES_DIR="$source/examples" >"$tmp/consumer.log" 2>&1 &&
   cmake --build "$tmp/consumer" -j2 >>"$tmp/consumer.log" 2>&1; then
    for exe in next_due_cpp next_due_cpp_shared next_due_c next_due_c_static; do run "$tmp/consumer/$exe"; done
    # ldd's output is captured first: `ldd | grep -q` fails under pipefail when grep stops reading early.
    linked=$(ldd "$tmp/consumer/next_due_c")
    grep -qF "$libdir/libcprules_c.so" <<<"$linked" || fail "next_due_c is not linked to the installed libcprules_c.so"
    linked=$(ldd "$tmp/consumer/next_due_c_static")
    grep -q cprules <<<"$linked" && fail "next_due_c_static is linked to a shared cprules"
    linked=$(ldd "$tmp/consumer/next_due_cpp_shared")
    grep -qF "$libdir/libcprules.so" <<<"$linked" || fail "next_due_cpp_shared is not linked to libcprules.so"
else
    cat "$tmp/consumer.log" >&2
    fail "the find_package(cprules) consumer does not build"
fi

step "pkg-config consumers"
export PKG_CONFIG_PATH=$libdir/pkgconfig
mkdir -p "$tmp/pc"
strict_c=(-std=c99 -Wall -Wextra -pedantic -Werror)
# Shared (the default), C and C++.
if "$cc" "${strict_c[@]}" "$source/examples/c/next_due.c" $(pkg-config --cflags --libs cprules-c) -Wl,-rpath,"$libdir" -o "$tmp/pc/c"; then
    run "$tmp/pc/c"
else fail "pkg-config cprules-c: does not build"; fi
if "$cxx" -std=c++20 -Wall -Wextra -Wpedantic -Werror "$source/examples/cpp/next_due.cpp" $(pkg-config --cflags --libs cprules) \
        -Wl,-rpath,"$libdir" -o "$tmp/pc/cpp"; then
    run "$tmp/pc/cpp"
else fail "pkg-config cprules: does not build"; fi
# Static cprules (its dependencies shared), linked by the C compiler: Libs.private must bring the C++ runtime.
static_libs=$(pkg-config --static --libs cprules-c | sed 's/-lcprules_c\b/-Wl,-Bstatic -lcprules_c -Wl,-Bdynamic/')
if "$cc" "${strict_c[@]}" "$source/examples/c/next_due.c" $(pkg-config --cflags cprules-c) $static_libs -o "$tmp/pc/c_static"; then
    run "$tmp/pc/c_static"
else fail "pkg-config --static cprules-c: does not build"; fi

if [[ $failures -gt 0 ]]; then
    echo "$failures failure(s)" >&2
    exit 1
fi
echo "package: all checks passed"
