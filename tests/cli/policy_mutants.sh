# Every part of a bundled policy's rules has a test: changed one piece at a time
# (a number, a selector, a condition, a key), the policy's own tests fail
# (tests/tools/policy_mutants.py).
set -euo pipefail
python3 "$2/tests/tools/policy_mutants.py" "$1" "$2"
