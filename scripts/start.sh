#!/usr/bin/env bash
# Set up (if needed) and open commandcenter; the first start builds the demo district.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/commandcenter "$@"
