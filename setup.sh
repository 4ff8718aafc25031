#!/usr/bin/env bash
# Set up incident-map in ./.venv with everything the tests need, on a fresh Debian machine.
# Idempotent: run it again after pulling. Headless Chromium (for the browser tests and PNG
# snapshots) comes from Debian's package when we can install it.
set -euo pipefail
cd "$(dirname "$0")"

python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[test]'
# An editable install leaves the sources uncompiled; where PYTHONDONTWRITEBYTECODE is set,
# every command would compile them again (~20 ms of each start-up).
.venv/bin/python -m compileall -q geo maps >/dev/null

if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing Debian's chromium for the browser tests" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "setup: chromium not found and cannot apt-get it here; browser tests will skip" >&2
  fi
fi
echo "setup: done (.venv ready)" >&2
