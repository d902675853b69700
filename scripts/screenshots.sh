#!/usr/bin/env bash
# Take the README's screenshots of the real window on a virtual X screen (needs xvfb-run;
# see NOTES in the README for the Debian packages). Arguments: scene names (default: all).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh
exec xvfb-run -a -s "-screen 0 1400x950x24" env QT_QPA_PLATFORM=xcb \
    .venv/bin/python scripts/take_screenshots.py "$@"
