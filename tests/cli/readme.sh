# The README's console example is what `cprules check` prints (lines other than "...").
source "$(dirname "$0")/lib.sh"
cd "$src"
block=$(sed -n '/^```console$/,/^```$/p' README.md | sed '1d;$d')
command=$(head -n1 <<<"$block" | sed 's/^\$ cprules //')
run "$cprules" $command
expect_eq "exit status (failures found)" "$status" 1
while IFS= read -r line; do
  [ "$line" = "  ..." ] && continue
  grep -qxF -- "$line" <<<"$out" || fail "README line not in the output: $line"
done < <(tail -n +2 <<<"$block")
finish
