#!/usr/bin/env bash
# `cprules compare --format html` rendered in headless Chromium: the page loads
# as a table with one header cell per policy. Needs `chromium` (scripts/setup.sh).
# Usage: bash tests/cli/compare_html.sh <path-to-cprules> <source-dir>
set -euo pipefail

cprules=$1
source_dir=$2
cd "$source_dir"
fixtures=tests/fixtures/tools/policies

if ! command -v chromium >/dev/null 2>&1; then
    echo "FAIL: chromium is not installed; it renders the HTML of 'cprules compare'. Run scripts/setup.sh (or apt-get install chromium)." >&2
    exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$cprules" compare --format html "$fixtures/alpha.yaml" "$fixtures/beta.yaml" "$fixtures/alpha-v2.yaml" >"$work/compare.html"

dom=$(timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
        --disable-sync --no-first-run --user-data-dir="$work/profile" --dump-dom "file://$work/compare.html" 2>/dev/null) || {
    echo "FAIL: chromium could not render $work/compare.html" >&2
    exit 1
}

failures=0
fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}
# One <table>, one policy header cell per policy, in order.
[[ $(grep -o '<table' <<<"$dom" | wc -l) -eq 1 ]] || fail "expected exactly one <table> in the rendered page"
headers=$(grep -o '<th scope="col" class="policy">[^<]*</th>' <<<"$dom" | sed -E 's/<[^>]+>//g' | tr '\n' '|')
[[ "$headers" == "alpha|beta|alpha (2)|" ]] || fail "policy header cells: '$headers' (expected alpha|beta|alpha (2)|)"
# Every row has a cell per policy (the area rows span the whole table).
rows=$(grep -c '<tr><th scope="row">' <<<"$dom" || true)
cells=$(grep -o '<td' <<<"$dom" | wc -l)
[[ $rows -eq 9 && $cells -eq $((rows * 3)) ]] || fail "rows $rows, cells $cells (expected 9 rows of 3 cells)"
grep -q '<td class="none">—</td>' <<<"$dom" || fail "no '—' cell for a rule a policy lacks"

if [[ $failures -gt 0 ]]; then
    exit 1
fi
echo "compare_html: all checks passed"
