#!/usr/bin/env bash
# docs/authoring.md: the guide's commands on the Northtown example print what the guide shows.
# The example's files are in tests/fixtures/tools/authoring (laid out as in the repository).
# Usage: bash tests/cli/authoring.sh <path-to-cprules> <source-dir>
set -euo pipefail

cprules=$1
source_dir=$2
guide="$source_dir/docs/authoring.md"
cd "$source_dir/tests/fixtures/tools/authoring"
failures=0
fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

# The output the guide shows after the first "$ COMMAND" line, up to the next command or the end of the block.
shown_output() {
    awk -v cmd="\$ $1" '
        found && (/^```/ || /^\$ /) { exit }
        found { print }
        $0 == cmd { found = 1 }
    ' "$guide"
}

# check COMMAND: the guide shows it, and every line it shows (but "...") is a line of its output
# (of the whole output, where the guide cuts it with "| head -N"; CSV's CRLF line ends read as LF).
check() {
    local command=$1 expected out status=0
    local run=${command%% | head -*}
    expected=$(shown_output "$command")
    [[ -n "$expected" ]] || { fail "docs/authoring.md does not show '\$ $command'"; return; }
    # shellcheck disable=SC2086 # the guide's commands are split on spaces, as a shell would
    out=$("$cprules" ${run#cprules } 2>&1) || status=$?
    out=${out//$'\r'/}
    while IFS= read -r line; do
        [[ "$line" == "..." ]] && continue
        grep -qxF -- "$line" <<<"$out" || fail "'$command' (exit $status) did not print the guide's line: $line"
    done <<<"$expected"
}

check "cprules date 2024-12-20 +15wd"
check "cprules date 2025-01-24 +6w"
check "cprules test tests/cases/policies/northtown"
check "cprules lint --strict policies/northtown.yaml"
check "cprules check --policy policies/northtown.yaml --as-of 2025-03-20 cases/nt-1.json"
check "cprules explain --policy policies/northtown.yaml --as-of 2025-03-20 --rule icpc.timescale cases/nt-1.json"
check "cprules explain --policy policies/northtown.yaml --as-of 2025-03-20 --rule core_group.frequency cases/nt-1.json"
check "cprules compare policies/northtown.yaml barnsley york | head -9"
check "cprules compare --format csv policies/northtown.yaml barnsley york | head -3"
check "cprules diff policies/northtown.yaml drafts/northtown-draft.yaml"
check "cprules diff policies/northtown.yaml york"
check "cprules lint --sources policies/sources drafts/northtown-draft.yaml"

if [[ $failures -gt 0 ]]; then
    echo "$failures authoring check(s) failed" >&2
    exit 1
fi
echo "authoring: all checks passed"
