#!/usr/bin/env bash
# Install everything the tests need, then run them. Safe to run again.
#   - Debian packages: poppler-utils (pdftoppm renders pages), fonts-urw-base35
#     (the ZapfDingbats that poppler needs for checkbox glyphs other engines write),
#     nodejs + npm (pdf.js fills forms in Node), zbar-tools (reads the footer's QR codes),
#     ghostscript (the Linux print path: CUPS filters print PDFs through it),
#     libreoffice-writer-nogui (renders and re-saves the Word template),
#     libreoffice-calc-nogui (renders the workbook as a clerk opens it) and fonts-dejavu-core
#     (a font with the ☐/☒ glyphs for it), chromium (the review page's test drives it
#     through Playwright; no browser is downloaded).
#     Installed only when missing; needs root.
#     python3-venv where Python lacks it (fresh Debian and Ubuntu).
#   - .venv with formgen and its test extras (PyMuPDF, pypdfium2, pillow, pytest),
#     and augraphy (realistic print and scan wear) without its own OpenCV.
#   - tests/engines/node_modules: pdfjs-dist, pinned in package-lock.json.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
python3 -c "import ensurepip, venv" 2>/dev/null || need+=(python3-venv)
command -v pdftoppm >/dev/null || need+=(poppler-utils)
[ -e /usr/share/fonts/opentype/urw-base35/D050000L.otf ] || need+=(fonts-urw-base35)
command -v zbarimg >/dev/null || need+=(zbar-tools)
command -v gs >/dev/null || need+=(ghostscript)
command -v soffice >/dev/null || need+=(libreoffice-writer-nogui)
[ -e /usr/lib/libreoffice/program/libsclo.so ] || need+=(libreoffice-calc-nogui)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
command -v node >/dev/null || need+=(nodejs)
command -v npm >/dev/null || need+=(npm)
command -v chromium >/dev/null || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing Debian packages: ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q -e ".[test]"
# augraphy (print and scan wear for the paper tests) without its opencv-python:
# the headless OpenCV of the scan extra serves it
.venv/bin/python -m pip install -q --no-deps "augraphy==8.2.6"
(cd tests/engines && npm ci --no-audit --no-fund --loglevel=error >/dev/null)

set +e
# Two workers (CI has two cores), each taking whole test files, so a module's
# fixtures are built once: about 130 s where one process takes 190.
.venv/bin/python -m pytest -q -n "${FORMGEN_TEST_WORKERS:-2}" --dist worksteal "$@"
rc=$?
set -e
if [ "$rc" -eq 5 ]; then
  echo "pytest collected no tests"; exit 1
fi
exit "$rc"
