#!/usr/bin/env bash
# Start mlpgui (sets up .venv on first use). Arguments go to the app: ./run.sh --help
set -euo pipefail
cd "$(dirname "$0")"
source scripts/bootstrap.sh
exec .venv/bin/python -m mlpgui "$@"
