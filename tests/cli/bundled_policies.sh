# The five bundled policies: listed with version and source, and lint-clean
# with --strict (quotes checked against the seeds when ../shared/seeds is there).
source "$(dirname "$0")/lib.sh"
run "$cprules" list
expect_eq "list exit" "$status" 0
for name in barnsley bolton north-yorkshire stockport york; do
  expect_contains "list $name" "$out" "$name.txt"
done
# Each policy's page (docs/policies/NAME.md) gives its number of rules as `cprules list` counts them.
for name in barnsley bolton north-yorkshire stockport york; do
  count=$(awk -v n="$name" '$1 == n { for (i = 3; i <= NF; ++i) if ($i ~ /\.txt$/) { print $(i - 1); exit } }' <<<"$out")
  while read -r said; do
    expect_eq "docs/policies/$name.md: '$said rules' (cprules list: $count)" "$said" "$count"
  done < <(grep -oE '\b[0-9]+ rules\b' "$src/docs/policies/$name.md" | cut -d' ' -f1)
done
sources=()
[ -d "$src/../shared/seeds" ] && sources=(--sources "$src/../shared/seeds")
run "$cprules" lint --strict "${sources[@]}" bolton stockport barnsley north-yorkshire york
expect_eq "lint --strict exit" "$status" 0
expect_eq "lint summary" "$err" "5 policies checked: 0 errors, 0 warnings"
finish
