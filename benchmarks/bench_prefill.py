"""Prefill copies of the bundled form: formgen against pypdf and PyPDFForm.

Each copy gets a student's name and begeleider, a ticked wish and a level,
and, as ``formgen build --prefill`` gives every copy, its own id and
class-list columns (in the hidden field and in its three QR codes).
formgen fills its template (laid out once); pypdf updates one reused
writer (``update_page_form_field_values``) and writes it; PyPDFForm runs
``PdfWrapper(...).fill(...)`` per copy, on fewer copies (it is slow) and
is compared per copy.

    .venv/bin/python benchmarks/bench_prefill.py [--copies 1000] [--pypdfform-copies 50]
"""

from __future__ import annotations

import argparse
import io
import statistics
import time

import formgen
from formgen.names import copy_text
from formgen.render.pdf_prefill import PdfTemplate

NAMES = ["Şükrü Yılmaz", "Małgorzata Wiśniewska", "Zoë d’Hondt", "Daan de Vries"]


def values(i: int) -> dict:
    return {"naam_deelnemer": f"{NAMES[i % 4]} {i}", "begeleider_roc": "Jan Jansen",
            "wp1_1_wens": True, "wp1_1_niveau": "G"}


def per_copy(fn, n: int) -> tuple[float, float]:
    times = []
    for i in range(n):
        t = time.perf_counter()
        fn(i)
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000, sum(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--copies", type=int, default=1000)
    ap.add_argument("--pypdfform-copies", type=int, default=50)
    args = ap.parse_args()
    form = formgen.load_form()
    blank = formgen.render_pdf(form)

    t = time.perf_counter()
    template = PdfTemplate(form)
    setup = time.perf_counter() - t
    ours, ours_total = per_copy(
        lambda i: template.fill(values(i), copy=copy_text(f"k{i:011x}", {"studentnummer": str(i)})),
        args.copies)

    from pypdf import PdfReader, PdfWriter
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(blank)))

    def pypdf_fill(i):
        v = values(i)
        writer.update_page_form_field_values(
            None, {"naam_deelnemer": v["naam_deelnemer"], "begeleider_roc": v["begeleider_roc"],
                   "wp1_1_wens": "/Yes", "wp1_1_niveau": "/G",
                   "formgen_copy": copy_text(f"k{i:011x}", {"studentnummer": str(i)})},
            auto_regenerate=False)
        writer.write(io.BytesIO())

    pypdf_ms, pypdf_total = per_copy(pypdf_fill, args.copies)

    from PyPDFForm import PdfWrapper

    def pypdfform_fill(i):
        v = values(i)
        PdfWrapper(blank).fill({"naam_deelnemer": v["naam_deelnemer"],
                                "begeleider_roc": v["begeleider_roc"],
                                "wp1_1_wens": True, "wp1_1_niveau": 1}).read()

    pff_ms, _ = per_copy(pypdfform_fill, args.pypdfform_copies)
    print(f"template (one layout): {setup * 1000:.0f} ms")
    print(f"{'per copy, median':30}{'ms':>9}{'1,000 copies':>14}")
    print(f"{'formgen':30}{ours:9.3f}{ours_total / args.copies * 1000:13.2f}s")
    print(f"{'pypdf (writer reused)':30}{pypdf_ms:9.3f}{pypdf_total / args.copies * 1000:13.2f}s")
    print(f"{'PyPDFForm':30}{pff_ms:9.3f}{pff_ms:13.2f}s (from {args.pypdfform_copies} copies)")
    print(f"formgen is {pypdf_ms / ours:.0f}x faster than pypdf and {pff_ms / ours:.0f}x faster "
          "than PyPDFForm per copy (in one process; bench_commands.py times the whole command)")


if __name__ == "__main__":
    main()
