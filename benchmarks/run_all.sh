#!/usr/bin/env bash
# Run every benchmark once, in the project's .venv (make it with scripts/test.sh),
# with the peers installed here: PyPDFForm and pikepdf are benchmark-only.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
$PY -m pip install -q PyPDFForm pikepdf
$PY benchmarks/bench_build.py
$PY benchmarks/bench_prefill.py
$PY benchmarks/bench_read.py --files 1000 --jobs 2 --memory 1000 10000
$PY benchmarks/bench_plan.py --files 1000 --jobs 2
$PY benchmarks/bench_cli.py
$PY benchmarks/bench_commands.py --rounds 3
$PY benchmarks/bench_scan.py --copies 100 --jobs 2
