#!/usr/bin/env bash
# Set up AI Team Planner on a Debian machine: system packages, a virtual environment in
# .venv, and the package with its `aiteam` command.
#   bash scripts/setup.sh          what the planner needs (not xlwings: the "excel" extra)
#   bash scripts/setup.sh --test   also the test tools and xlwings, LibreOffice Calc (the
#                                  tests' spreadsheet engine) and poppler (sheet pictures)
set -euo pipefail
cd "$(dirname "$0")/.."

tests=0
[ "${1:-}" = "--test" ] && tests=1
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"

packages=()
command -v python3 >/dev/null 2>&1 || packages+=(python3)
python3 -c "import ensurepip, venv" >/dev/null 2>&1 || packages+=(python3-venv)
if [ "$tests" = 1 ]; then
  command -v soffice >/dev/null 2>&1 || packages+=(libreoffice-calc-nogui)
  command -v pdftoppm >/dev/null 2>&1 || packages+=(poppler-utils)
fi
if [ "${#packages[@]}" -gt 0 ]; then
  echo "setup: installing ${packages[*]} from Debian's packages"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
fi

python3 - <<'PY'
import sys
if sys.version_info < (3, 11):
    sys.exit(f"setup: AI Team Planner needs Python 3.11 or newer, this is {sys.version.split()[0]}")
PY

[ -x .venv/bin/python ] || python3 -m venv .venv
extra=""
[ "$tests" = 1 ] && extra="[test]"
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".${extra}"
echo "setup: ready (.venv/bin/aiteam)"
