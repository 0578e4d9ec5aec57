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
# batch_of_300 MALFORMED BAD_DATE DAY: JSON Lines of 300 cases on stdout, line
# MALFORMED cut off, line BAD_DATE dated 2025-02-30, the others with a strategy
# discussion on 2024-12-DAY (DAY "spread": 1 to 20 by line) and an initial conference.
batch_of_300() {
  local i d
  for i in $(seq 1 300); do
    if [ "$i" = "$1" ]; then echo "{\"case_id\": \"C-$i\", \"children\": ["
    elif [ "$i" = "$2" ]; then echo "{\"case_id\":\"C-$i\",\"children\":[{\"id\":\"A\"}],\"events\":[{\"type\":\"strategy_discussion\",\"date\":\"2025-02-30\"}]}"
    else
      if [ "$3" = spread ]; then d=$(( (i % 20) + 1 )); else d=$3; fi
      printf '{"case_id":"C-%s","children":[{"id":"A"}],"events":[{"type":"strategy_discussion","date":"2024-12-%02d"},{"type":"conference","id":"icpc","kind":"initial","date":"2025-01-15","decision_circulated":"2025-01-16"}]}\n' "$i" "$d"
    fi
  done
}
run() { capture "$@"; }  # scripts about one subcommand redefine it: run() { capture "$cprules" diff "$@"; }
finish() {
  if [ "$failures" -gt 0 ]; then echo "$failures check(s) failed" >&2; exit 1; fi
  echo "all checks passed"
}
