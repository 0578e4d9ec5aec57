# Shared by tests/cli/*.sh: $1 is the cprules binary, $2 the source directory.
set -euo pipefail
cprules="$1"
src="$2"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
expect_eq() { # expect_eq WHAT GOT WANT
  if [ "$2" != "$3" ]; then fail "$1: got '$2', want '$3'"; fi
}
expect_contains() { # expect_contains WHAT TEXT NEEDLE
  if ! grep -qF -- "$3" <<<"$2"; then fail "$1: '$3' not found in:"$'\n'"$2"; fi
}
capture() { # capture CMD...: sets out, err, status
  set +e
  out=$("$@" 2>"$work/stderr")
  status=$?
  set -e
  err=$(cat "$work/stderr")
}
run() { capture "$@"; }  # scripts about one subcommand redefine it: run() { capture "$cprules" diff "$@"; }
finish() {
  if [ "$failures" -gt 0 ]; then echo "$failures check(s) failed" >&2; exit 1; fi
  echo "all checks passed"
}
