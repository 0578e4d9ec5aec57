# The JSON Schemas in docs/schema describe the bundled policies and all case facts.
set -euo pipefail
python3 "$2/tests/tools/check_schemas.py" "$2"
