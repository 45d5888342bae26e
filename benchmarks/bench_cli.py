"""Whole-process time of the commands users type: the import cost they feel.

    .venv/bin/python benchmarks/bench_cli.py [--rounds 10]

Runs ``formgen --help``, ``formgen validate`` and ``formgen build`` (into a
temporary folder) as new processes and prints the median wall time, next
to ``python -c pass`` as the floor of any Python command on this machine.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def median_s(cmd: list[str], rounds: int, before=None) -> float:
    times = []
    for _ in range(rounds):
        if before:
            before()
        t = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=10)
    args = ap.parse_args()
    exe = shutil.which("formgen") or str(Path(sys.executable).with_name("formgen"))
    out = Path(tempfile.mkdtemp())
    rows = [
        ("python -c pass", [sys.executable, "-c", "pass"], None),
        ("formgen --help", [exe, "--help"], None),
        ("formgen validate", [exe, "validate"], None),
        ("formgen build", [exe, "build", "-o", str(out), "--force"], None),
    ]
    for label, cmd, before in rows:
        print(f"{label:20} {median_s(cmd, args.rounds, before) * 1000:7.0f} ms")
    shutil.rmtree(out)


if __name__ == "__main__":
    main()
