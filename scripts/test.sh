#!/usr/bin/env bash
# Set up (if needed) and run the whole test suite, including the layer contracts.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/lint-imports
QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest -p no:cacheprovider "$@"
