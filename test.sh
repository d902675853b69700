#!/usr/bin/env bash
# The project's checks (sets up .venv on first use); Qt runs offscreen unless QT_QPA_PLATFORM
# says otherwise. Stops at the first failure.
#
#   ./test.sh                  ruff check, ruff format --check, import-linter contracts, mypy,
#                              then the whole pytest suite (what CI runs: .ci/run)
#   ./test.sh -k trainer ...   pytest alone with these arguments (the static checks, which
#                              cover the whole tree, are skipped)
#   ./test.sh --no-checks      the whole pytest suite without the static checks
#   ./test.sh --checks-only    the static checks without pytest
set -euo pipefail
cd "$(dirname "$0")"
source scripts/bootstrap.sh
export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"

checks=yes
tests=yes
case "${1:-}" in
    --no-checks) checks=no; shift ;;
    --checks-only) tests=no; shift ;;
    "") ;;
    *) checks=no ;;
esac

step() {
    echo "== $*" >&2
    "$@"
}

if [ "$checks" = yes ]; then
    step .venv/bin/ruff check --quiet .
    step .venv/bin/ruff format --check --quiet .
    step .venv/bin/lint-imports --no-cache --no-logo
    step .venv/bin/mypy
fi
if [ "$tests" = yes ]; then
    echo "== pytest $*" >&2
    exec .venv/bin/python -m pytest "$@"
fi
