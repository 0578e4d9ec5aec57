# `cprules test` fails, with a readable difference, on wrong expectations.
source "$(dirname "$0")/lib.sh"
run "$cprules" test "$src/tests/fixtures/runner/wrong.yaml"
expect_eq "exit status" "$status" 1
expect_contains "summary" "$out" "0 passed, 5 failed"
expect_contains "actual shown" "$out" "{rule: icpc.timescale, child: A, subject: icpc, status: met, due: 2025-01-15, done: 2025-01-15}"
expect_contains "absent" "$out" "unexpected finding {rule: icpc.timescale"
expect_contains "errors" "$out" "expected input error facts.bad_date not reported"
expect_contains "diagnostics" "$out" "policy_text:8:11: error[policy.bad_value]: 'deadlin' is not a valid \`kind\`; did you mean 'deadline'?"
run "$cprules" test --junit "$work/junit.xml" "$src/tests/fixtures/runner/wrong.yaml"
expect_contains "clean load" "$out" "unexpected diagnostic policy_text"
expect_contains "junit" "$(cat "$work/junit.xml")" '<testsuites tests="5" failures="5">'

# A directory of tests: links that cannot be followed are failures named "cannot read", not a crash or a skip.
mkdir -p "$work/links"
cp "$src/tests/fixtures/runner/wrong.yaml" "$work/links/real.yaml"
ln -s "$work/links/loop.yaml" "$work/links/loop.yaml"
ln -s "$work/nowhere.yaml" "$work/links/dangling.yaml"
run "$cprules" test "$work/links"
expect_eq "links: exit" "$status" 1
expect_contains "links: looping" "$out$err" "$work/links/loop.yaml: cannot read"
expect_contains "links: dangling" "$out$err" "$work/links/dangling.yaml: cannot read"

# A key written twice in a test file fails the file, with where: yaml-cpp would read only the first.
run "$cprules" test "$src/tests/fixtures/runner/duplicate-key.yaml"
expect_eq "duplicate key: exit" "$status" 1
expect_contains "duplicate key: where and what" "$out$err" "duplicate-key.yaml:15:63: key 'status' appears twice in this mapping (first at line 15); only the first would be read"

# Tests that would check nothing, or less than they say, fail, each saying why; every test of a
# policy that does not load says why; JUnit stays valid XML; an unwritable JUnit path is an error.
run "$cprules" test --junit "$work/malformed.xml" "$src/tests/fixtures/runner/malformed.yaml"
expect_eq "malformed: exit" "$status" 1
expect_contains "malformed: summary" "$out" "0 passed, 8 failed"
expect_contains "malformed: misspelt key" "$out" "malformed.yaml:8:5: unknown key 'expcet' in a test; did you mean 'expect'?"
expect_contains "malformed: not a list" "$out" "malformed.yaml:13:13: \`expect\` is a list"
expect_contains "malformed: misspelt expect_absent key" "$out" "malformed.yaml:39:33: unknown key 'stauts' in an entry of \`expect_absent\`; did you mean 'status'?"
expect_contains "malformed: entry not a mapping" "$out" "malformed.yaml:44:9: an entry of \`expect\` is a mapping"
expect_contains "malformed: nothing to check" "$out" "the test checks nothing: give expect, expect_absent or expect_errors"
expect_contains "malformed: not loaded" "$out" "the case did not load, so it was not evaluated"
expect_eq "malformed: each test of an unloadable policy says why" "$(grep -c "policy 'nowhere.yaml' does not load" <<<"$out")" 2
python3 -c 'import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])' "$work/malformed.xml" || fail "malformed: JUnit is not well-formed XML"
expect_contains "malformed: JUnit message" "$(cat "$work/malformed.xml")" 'message="the test checks nothing'
run "$cprules" test --junit /nonexistent/dir/x.xml "$src/tests/fixtures/runner/malformed.yaml"
expect_eq "unwritable JUnit: exit" "$status" 2
expect_contains "unwritable JUnit: message" "$err" "cannot write '/nonexistent/dir/x.xml'"

# A file whose list of tests is empty checks nothing: it fails, not passes unseen in a folder.
mkdir -p "$work/empty"
printf 'policy: nowhere.yaml\ntests: []\n' > "$work/empty/empty.yaml"
run "$cprules" test "$work/empty"
expect_eq "empty tests: exit" "$status" 1
expect_contains "empty tests: message" "$out" "empty.yaml:2:8: \`tests\` is a list of tests, and this one is empty: the file checks nothing"

# A file of tests is one YAML document: a second one fails, not dropped unseen.
mkdir -p "$work/two"
printf 'policy: nowhere.yaml\ntests: []\n---\npolicy: york\n' > "$work/two/two.yaml"
run "$cprules" test "$work/two"
expect_eq "two documents: exit" "$status" 1
expect_contains "two documents: message" "$out" "two.yaml:4:1: not valid YAML: a second YAML document: a file of tests is one document"
finish
