#!/usr/bin/env bash
# Set up (if needed) and run the whole test suite, including the layer contracts.
set -euo pipefail
cd "$(dirname "$0")/.."
# PYTHON and VENV as for scripts/setup.sh: the same suite on another interpreter.
VENV=${VENV:-.venv}
VENV=$VENV bash scripts/setup.sh
"$VENV/bin/lint-imports"
QT_QPA_PLATFORM=offscreen "$VENV/bin/python" -m pytest -p no:cacheprovider "$@"
