#!/usr/bin/env bash
# `cprules lint`: every problem in one run, sorted, with file:line:column; exit 0 / 1 (--strict) / 2.
# Usage: bash tests/cli/lint.sh <path-to-cprules> <source-dir>
source "$(dirname "$0")/lib.sh"
cd "$src"
fixtures=tests/fixtures/tools/policies
run() { capture "$cprules" lint "$@"; }
expect_status() {
    [[ $status -eq $1 ]] || fail "lint ${*:2}: exit $status, expected $1; output:"$'\n'"$out"$'\n'"$err"
}
expect_exact() {
    [[ "$out" == "$1" ]] || fail "lint $2: output differs; expected:"$'\n'"$1"$'\n'"got:"$'\n'"$out"
}

# A draft with a misspelt key, a duplicate rule id and a duplicate key: all of them, sorted, exit 2.
run "$fixtures/draft-broken.yaml"
expect_status 2 draft-broken
expect_exact "$fixtures/draft-broken.yaml:10:5: error[policy.missing_key]: a rule needs \`summary\`
$fixtures/draft-broken.yaml:13:5: error[policy.unknown_key]: unknown key 'sumary' in a rule of kind deadline; did you mean 'summary'?
$fixtures/draft-broken.yaml:31:9: error[policy.duplicate_id]: rule id 'quorum' is used twice (give each a distinct \`variant\`)
$fixtures/draft-broken.yaml:36:5: error[policy.duplicate_key]: key 'required' appears twice in this mapping (first at line 35); only the first would be read" draft-broken
[[ "$err" == "1 policy checked: 4 errors, 0 warnings" ]] || fail "lint draft-broken: summary line '$err'"

# A file that is not YAML: the YAML error with its position.
run "$fixtures/bad-yaml.yaml"
expect_status 2 bad-yaml
[[ "$out" =~ ^"$fixtures/bad-yaml.yaml:7:13: error[policy.bad_yaml]: " ]] || fail "lint bad-yaml: '$out'"

# A clean policy whose tests miss one rule: a warning, exit 0; --strict: exit 1.
run "$fixtures/alpha.yaml"
expect_status 0 alpha
expect_exact "$fixtures/alpha.yaml:61:5: warning[lint.no_test]: rule 'core_group.frequency' has no test case under tests/fixtures/tools/tests/cases/policies/alpha (no expectation names \`rule: core_group.frequency\`)" alpha
run --strict "$fixtures/alpha.yaml"
expect_status 1 --strict alpha

# Every warning lint adds, each at the line and column of what it is about.
run "$fixtures/gamma.yaml"
expect_status 0 gamma
codes=$(sed -E 's/^[^ ]+:([0-9]+):([0-9]+): warning\[([a-z_.]+)\].*/\1:\2 \3/' <<<"$out")
expect_codes="2:5 lint.no_tests
10:5 lint.unused_ground
33:14 lint.empty_quote
44:14 lint.long_quote
54:14 lint.quote_not_found"
[[ "$codes" == "$expect_codes" ]] || fail "lint gamma: warnings"$'\n'"$codes"$'\n'"expected"$'\n'"$expect_codes"
run --strict "$fixtures/gamma.yaml"
expect_status 1 --strict gamma

# Several policies in one run: sorted by file, errors win the exit status.
run "$fixtures/gamma.yaml" "$fixtures/alpha.yaml" "$fixtures/draft-broken.yaml"
expect_status 2 several
first_files=$(cut -d: -f1 <<<"$out" | uniq | tr '\n' ' ')
[[ "$first_files" == "$fixtures/alpha.yaml $fixtures/draft-broken.yaml $fixtures/gamma.yaml " ]] || fail "lint several: not sorted by file: $first_files"
[[ $(wc -l <<<"$out") -eq 10 ]] || fail "lint several: expected 10 problems, got $(wc -l <<<"$out")"

# An unknown policy name.
run no-such-policy
expect_status 2 no-such-policy
[[ "$out" == *"error[policy.not_found]: no bundled policy named 'no-such-policy'"* ]] || fail "lint no-such-policy: '$out'"

# The bundled policies, where present, load without errors.
for name in bolton stockport barnsley north-yorkshire york; do
    [[ -f "policies/$name.yaml" ]] || continue
    run "$name"
    [[ $status -ne 2 ]] || fail "lint $name: errors:"$'\n'"$out"
done

# A folder is not a policy, and --sources must be a folder: neither passes unsaid.
run policies/
expect_eq "lint a folder: exit" "$status" 2
expect_contains "lint a folder: message" "$out" "policies/: error[policy.not_a_file]: is a folder"
run --sources /nonexistent/seeds york
expect_eq "lint --sources missing: exit" "$status" 2
expect_contains "lint --sources missing: message" "$err" "--sources '/nonexistent/seeds' is not a folder"

# An error inside a condition is placed where it is: past the escapes of a quoted scalar
# (\" and '') and down the lines of a block scalar.
run tests/fixtures/lint/condition-positions.yaml
expect_eq "condition positions: exit" "$status" 2
expect_contains "double-quoted with escapes" "$out" "condition-positions.yaml:15:55: error[policy.unknown_field]: in \`applies_when\`: unknown field 'conference.decison'"
expect_contains "single-quoted with escapes" "$out" "condition-positions.yaml:23:55: error[policy.unknown_field]"
expect_contains "block scalar" "$out" "condition-positions.yaml:34:9: error[policy.unknown_field]: in \`where\`: unknown field 'event.kindd'"
expect_contains "escapes that give several bytes (\\u00e9)" "$out" "condition-positions.yaml:41:61: error[expr.syntax]: in \`where\`: unexpected '+'"

finish
