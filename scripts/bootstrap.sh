#!/usr/bin/env bash
# Create .venv (once) and install mlpgui into it (editable) with its test tools and the static
# checkers (extras "test" and "dev"); re-install when pyproject.toml changes. Sourced by run.sh
# and test.sh; prints nothing when up to date.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.venv"
stamp="$venv/.mlpgui-installed"
python="${PYTHON:-python3}"

if [ ! -x "$venv/bin/python" ]; then
    echo "Setting up $venv (first run only)..." >&2
    "$python" -m venv "$venv"
fi
if [ ! -f "$stamp" ] || [ "$root/pyproject.toml" -nt "$stamp" ]; then
    echo "Installing mlpgui and its test tools into $venv..." >&2
    # -qq: errors only (build backends print notes about editable installs even with -q)
    "$venv/bin/python" -m pip install -qq --disable-pip-version-check --upgrade pip >&2
    "$venv/bin/python" -m pip install -qq --disable-pip-version-check -e "$root[test,dev]" >&2
    touch "$stamp"
fi
