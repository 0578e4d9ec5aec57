#!/usr/bin/env bash
# `cprules date` (contract section 4): outputs and exit codes.
# Usage: bash tests/cli/date.sh <path-to-cprules> <source-dir>
set -euo pipefail

cprules=$1
source_dir=$2
failures=0

fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

# expect_ok EXPECTED_STDOUT ARGS...: exit 0, stdout exactly EXPECTED_STDOUT, stderr empty.
expect_ok() {
    local expected=$1
    shift
    local out err status=0
    err=$(mktemp)
    out=$("$cprules" date "$@" 2>"$err") || status=$?
    if [[ $status -ne 0 ]]; then
        fail "cprules date $* exited $status (expected 0): $(cat "$err")"
    elif [[ "$out" != "$expected" ]]; then
        fail "cprules date $* printed '$out', expected '$expected'"
    elif [[ -s "$err" ]]; then
        fail "cprules date $* wrote to stderr: $(cat "$err")"
    fi
    rm -f "$err"
}

# expect_error STDERR_SUBSTRING ARGS...: exit 2, nothing on stdout, one line on stderr containing the text.
expect_error() {
    local expected=$1
    shift
    local out err status=0
    err=$(mktemp)
    out=$("$cprules" date "$@" 2>"$err") || status=$?
    if [[ $status -ne 2 ]]; then
        fail "cprules date $* exited $status (expected 2)"
    elif [[ -n "$out" ]]; then
        fail "cprules date $* printed '$out' on stdout (expected nothing)"
    elif ! grep -qF -- "$expected" "$err"; then
        fail "cprules date $* stderr '$(cat "$err")' does not contain '$expected'"
    elif [[ $(wc -l <"$err") -ne 1 ]]; then
        fail "cprules date $* wrote $(wc -l <"$err") lines to stderr (expected 1): $(cat "$err")"
    fi
    rm -f "$err"
}

# The examples of contract sections 4 and 5.
expect_ok 2025-01-27 2025-01-06 +15wd
expect_ok 2025-07-30 2025-04-30 +3m
expect_ok 2025-02-28 2025-01-31 +1m
expect_ok 2025-04-07 2025-01-27 +10w
expect_ok 2025-07-02 2025-09-10 -70d
expect_ok 2025-01-08 2025-01-06 +48h
# --inclusive: DATE is day 1 (a rule's `counting: inclusive`): Monday 6 January 2025 + 15wd is Friday 24,
# a Saturday anchor starts on the Monday, going back the anchor is day 1, and days and weeks end a day sooner.
expect_ok 2025-01-24 2025-01-06 +15wd --inclusive
expect_ok 2025-01-24 2025-01-04 +15wd --inclusive
expect_ok 2025-01-14 2024-12-20 +15wd --inclusive
expect_ok 2025-01-03 2025-01-06 -2wd --inclusive
expect_ok 2025-01-06 2025-01-06 +1d --inclusive
expect_ok 2025-01-19 2025-01-06 +2w --inclusive
expect_error "--inclusive counts days (wd, d, w), not months or hours" 2025-01-06 +3m --inclusive
expect_ok 2025-01-29T10:00 2025-01-27T10:00 +48h
expect_ok 2025-01-25T22:00 2025-01-27T10:00 -36h

# Negative working-day offsets are positionals, not options.
expect_ok 2025-01-23 2025-01-27 -2wd
expect_ok 2024-12-31 2025-01-02 -1wd
expect_ok 2025-01-23 -- 2025-01-27 -2wd

# Bank holidays, substitute days and one-off days.
expect_ok 2021-12-29 2021-12-24 +1wd
expect_ok 2022-09-20 2022-09-16 +1wd
expect_ok 2023-05-09 2023-05-05 +1wd

# --between: working days after A up to and including B; negative if B < A.
expect_ok 15 --between 2025-01-06 2025-01-27
expect_ok -15 --between 2025-01-27 2025-01-06
expect_ok 0 --between 2025-01-06 2025-01-06
expect_ok -1 --between 2025-01-12 2025-01-10
# --between --inclusive: A is day 1 when it is a working day, so that `date --inclusive A +Nwd` gives B back.
expect_ok 16 --between --inclusive 2025-01-06 2025-01-27
expect_ok -2 --between --inclusive 2025-01-27 2025-01-24
expect_ok 1 --between --inclusive 2025-01-06 2025-01-06
expect_ok 15 --between --inclusive 2025-01-04 2025-01-24
expect_ok 0 --between --inclusive 2025-01-04 2025-01-04
expect_ok -1 --between --inclusive 2025-01-12 2025-01-10

# --calendar: a bundled name, or a file (the example local calendar adds two closure days).
expect_ok 2025-12-29 2025-12-22 +3wd
expect_ok 2025-12-29 --calendar england-and-wales 2025-12-22 +3wd
expect_ok 2025-12-31 --calendar example-local 2025-12-22 +3wd
expect_ok 2025-12-31 --calendar "$source_dir/policies/calendars/example-local.yaml" 2025-12-22 +3wd
expect_ok 2025-12-31 2025-12-22 +3wd --calendar "$source_dir/policies/calendars/example-local.yaml"
expect_ok 3 --between 2025-12-22 2025-12-31 --calendar example-local

# Errors: exit 2 and one clear line on stderr.
expect_error "1900-06-01 is outside the calendar england-and-wales (1995-01-01 to 2035-12-31)" 1900-06-01 +1wd
expect_error "outside" 2035-12-28 +2wd
expect_error "1 day after 2035-12-31 is 2036-01-01, outside the calendar" 2035-12-31 +1d
expect_error "2019-12-31 is outside the calendar example-local (2020-01-01 to 2030-12-31)" \
    --calendar example-local 2019-12-31 +1wd
expect_error "'+15x' is not an offset: unknown unit 'x'" 2025-01-06 +15x
expect_error "'15' is not an offset: the unit is missing" 2025-01-06 15
expect_error "'2025-02-30' is not a date: February 2025 has 28 days" 2025-02-30 +1wd
expect_error "'06/01/2025' is not a date: expected YYYY-MM-DD" 06/01/2025 +1wd
expect_error "'2025-13-01' is not a date: there is no month 13" --between 2025-01-06 2025-13-01
expect_error "1900-01-01 is outside the calendar" --between 1900-01-01 2025-01-01
expect_error "expected a date and an offset" 2025-01-06
expect_error "expected two dates" --between 2025-01-06
expect_error "no calendar named 'atlantis'" --calendar atlantis 2025-01-06 +1wd

# --explain: the answer first, then the days stepped over.
explained=$("$cprules" date --explain 2021-12-24 +1wd)
[[ $(head -n 1 <<<"$explained") == 2021-12-29 ]] || fail "--explain: first line is not the answer: $explained"
grep -qF "2021-12-27  Christmas Day (substitute day)" <<<"$explained" || fail "--explain: no substitute day: $explained"
grep -qF "2021-12-25  Saturday" <<<"$explained" || fail "--explain: no Saturday: $explained"

if [[ $failures -gt 0 ]]; then
    echo "$failures check(s) of cprules date failed" >&2
    exit 1
fi
echo "cprules date: all checks passed"
