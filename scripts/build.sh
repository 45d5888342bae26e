#!/usr/bin/env bash
# Set up formgen in a virtual environment (.venv) and build the bundled form
# into ./formgen-out. Safe to run again. Debian's and Ubuntu's Python refuse a
# bare `pip install` (externally managed), hence the venv; python3-venv is
# installed first when the machine lacks it (needs root or sudo).
#   bash scripts/build.sh              # the bundled form, as PDF
#   bash scripts/build.sh --format all # PDF and Word; any `formgen build` options
set -euo pipefail
cd "$(dirname "$0")/.."

if ! python3 -c "import ensurepip, venv" 2>/dev/null; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing Debian package python3-venv"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq python3-venv >/dev/null
fi
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q ".[scan,round]"   # scans and photos read too; the review page runs
.venv/bin/formgen build --force "$@"
echo "formgen is in .venv: run .venv/bin/formgen --help, or '. .venv/bin/activate' first"
