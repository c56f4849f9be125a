#!/usr/bin/env bash
# Install what the test suite needs, then run all of it.
# Usage: bash tests/run.sh [pytest args]
set -euo pipefail
cd "$(dirname "$0")/.."

# Browser tests drive Debian's Chromium; CJK fonts make the screenshots readable;
# Node runs the page script's unit tests (tests/js, through tests/test_js.py).
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v node >/dev/null 2>&1 || need+=(nodejs)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || need+=(fonts-noto-cjk)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  elif command -v sudo >/dev/null 2>&1; then
    sudo apt-get update -qq
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "tests/run.sh: please install ${need[*]} (Debian packages) for the browser and script tests" >&2
  fi
fi

# mapgen and the test extras, in .venv (or the active virtual environment).
python=$(bash tools/setup.sh test,geodata | tail -1)

# The run starts hundreds of Python processes (two workers, and every `mapgen` a test runs);
# with PYTHONDONTWRITEBYTECODE set, each would compile mapgen and the test modules anew.
unset PYTHONDONTWRITEBYTECODE

set +e
# Two workers (pytest-xdist), a test file to each in turn, so a file's shared pages and builds
# stay in one process; much of the run waits on Chromium and on child processes. The files go
# out in collection order, the slowest first (tests/conftest.py, SLOWEST_FILES).
"$python" -m pytest -n 2 --dist loadfile --no-loadscope-reorder "$@"
status=$?
set -e
if [ "$status" = 5 ]; then
  echo "tests/run.sh: pytest collected no tests" >&2
  exit 0
fi
exit "$status"
