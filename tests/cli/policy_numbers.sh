# Every number in a bundled policy has a test: changed by one up or down, the
# policy's own tests fail (tests/tools/policy_numbers.py).
set -euo pipefail
python3 "$2/tests/tools/policy_numbers.py" "$1" "$2"
