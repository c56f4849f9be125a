#!/usr/bin/env bash
# Set up mapgen in a virtual environment (.venv in the project folder), so it works on a
# stock Debian/Ubuntu Python, which refuses `pip install` outside a virtual environment.
# Usage: bash tools/setup.sh [EXTRAS]     e.g. bash tools/setup.sh test,geodata
# Inside an active virtual environment ($VIRTUAL_ENV), that one is used instead.
set -euo pipefail
cd "$(dirname "$0")/.."
extras="${1:-}"

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else echo "tools/setup.sh: please run as root: $*" >&2; return 1
  fi
}

if [ -n "${VIRTUAL_ENV:-}" ]; then
  python="$VIRTUAL_ENV/bin/python"
else
  if [ ! -x .venv/bin/python ]; then
    if ! python3 -m venv .venv >/dev/null 2>&1; then
      # Debian and Ubuntu ship the venv module separately.
      rm -rf .venv
      as_root apt-get update -qq
      as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-venv >/dev/null
      python3 -m venv .venv
    fi
  fi
  python=.venv/bin/python
fi
# pip install -e takes a minute or more even when nothing changed (it resolves every requirement,
# and builds in isolation). Skip it when this checkout is already installed with these extras
# from this very pyproject.toml and every requirement is present and satisfied.
stamp="$("$python" -c 'import sys; print(sys.prefix)')/.mapgen-setup"
want="$(cat pyproject.toml | sha256sum | cut -c1-64) ${extras} $(pwd -P)"
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ] || ! "$python" tools/installed.py "$extras" 2>/dev/null; then
  "$python" -m pip install -q --disable-pip-version-check -e ".${extras:+[$extras]}"
  echo "$want" > "$stamp"
fi
echo "$python"
