"""From 1,000 returns to a plan: read them (2 workers), make the planning
workbook and the PDF report, and time each step and the whole.

    .venv/bin/python benchmarks/bench_plan.py [--files 1000] [--jobs 2]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import formgen
from formgen.readers.batch import read_many
from formgen.readers.core import FormSet
from formgen.office.report import render_report
from formgen.office.workbook import to_xlsx

from bench_read import make_returned


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    form = formgen.load_form()
    forms = FormSet.load()
    with tempfile.TemporaryDirectory() as tmp:
        make_returned(form, Path(tmp), args.files)
        t0 = time.perf_counter()
        responses = read_many([Path(tmp) / "returned"], forms, jobs=args.jobs)
        t1 = time.perf_counter()
        workbook = to_xlsx(responses, forms)
        t2 = time.perf_counter()
        report = render_report(responses, form)
        t3 = time.perf_counter()
    print(f"{len(responses)} returns: read {t1 - t0:.2f} s, workbook {t2 - t1:.2f} s "
          f"({len(workbook) / 1024:.0f} KB), report {t3 - t2:.2f} s ({len(report) / 1024:.0f} KB); "
          f"all {t3 - t0:.2f} s on {args.jobs} workers")


if __name__ == "__main__":
    main()
