# A policy with a misspelt key and a bad type: every problem, each with file:line:column, exit 2.
source "$(dirname "$0")/lib.sh"
sed -e 's/^    severity: violation$/    severty: violation/' -e '0,/others_with_contact: 1/s//others_with_contact: many/' \
  "$src/tests/fixtures/engine/policy.yaml" > "$work/draft.yaml"
echo '{"case_id":"x","children":[{"id":"A"}],"events":[]}' > "$work/case.json"
run "$cprules" check --policy "$work/draft.yaml" "$work/case.json"
expect_eq "exit status" "$status" 2
expect_contains "misspelt key" "$err" "draft.yaml:20:5: error[policy.unknown_key]: unknown key 'severty' in a rule of kind deadline; did you mean 'severity'?"
expect_contains "bad type" "$err" "error[policy.bad_type]: \`others_with_contact\` must be a whole number from 0 to 13, not 'many'"
expect_eq "every misspelling reported" "$(grep -c "unknown key 'severty'" <<<"$err")" "$(grep -c "^    severty:" "$work/draft.yaml")"

# A policy file holds one policy: a second YAML document is an error, not dropped unseen.
{ cat "$src/tests/fixtures/engine/policy.yaml"; printf -- '---\nrules: []\n'; } > "$work/two.yaml"
lines=$(wc -l < "$src/tests/fixtures/engine/policy.yaml")
run "$cprules" lint "$work/two.yaml"
expect_eq "two documents: exit" "$status" 2
expect_contains "two documents: where" "$out$err" "two.yaml:$((lines + 2)):1: error[policy.bad_yaml]: a second YAML document: a policy file holds one policy"
finish
