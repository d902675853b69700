#!/usr/bin/env bash
# Run the whole test suite (sets up .venv on first use). Qt runs offscreen unless
# QT_QPA_PLATFORM says otherwise. Arguments go to pytest: ./test.sh -k trainer
set -euo pipefail
cd "$(dirname "$0")"
source scripts/bootstrap.sh
export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
exec .venv/bin/python -m pytest "$@"
