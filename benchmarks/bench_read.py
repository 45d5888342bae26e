"""Reading returned forms: formgen against pypdf and PyMuPDF, in one run.

Makes N returned copies of the bundled form (50 distinct fills by PyMuPDF,
as a MuPDF-based reader saves them, copied round), then measures

1. the per-form read time (median over a sample): formgen's ``read_file``
   (reading, identifying, mapping and checking), pypdf's ``get_fields()``
   and PyMuPDF's widget reading;
2. the whole batch to XLSX with ``read_many`` on ``--jobs`` processes:
   wall time and peak memory (this process and its workers).

    .venv/bin/python benchmarks/bench_read.py [--files 1000] [--jobs 2]
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import resource
import os
import shutil
import subprocess
import sys
import statistics
import tempfile
import time
from pathlib import Path

import formgen
from formgen.office.exporters import to_xlsx
from formgen.readers.batch import read_many
from formgen.readers.core import FormSet, read_file

FIRST = ["Şükrü", "Małgorzata", "Zoë", "Daan", "Fatima", "Jan", "Ayşe", "Piotr", "Emma", "Youssef"]
LAST = ["Yılmaz", "Wiśniewska", "d’Hondt", "de Vries", "El Amrani", "Jansen", "Kowalski", "Bakker"]


def student_values(form, rnd: random.Random, i: int) -> dict:
    """What student ``i`` fills in: a name, a begeleider, about half the
    wishes ticked, each with a level."""
    values = {"naam_deelnemer": f"{rnd.choice(FIRST)} {rnd.choice(LAST)} {i}",
              "begeleider_roc": f"{rnd.choice(FIRST)} {rnd.choice(LAST)}"}
    for f in form.all_fields():
        if f.type == "checkbox" and rnd.random() < 0.5:
            values[f.id] = True
            values[f.id.replace("_wens", "_niveau")] = rnd.choice(["Bg", "G", "Bk"])
    return values


def make_returned(form, outdir: Path, n: int, distinct: int = 50) -> list[Path]:
    import pymupdf

    blank = outdir / "blank.pdf"
    blank.write_bytes(formgen.render_pdf(form))
    rnd = random.Random(1)
    originals = []
    for i in range(distinct):
        values = student_values(form, rnd, i)
        doc = pymupdf.open(blank)
        for page in doc:
            for w in page.widgets():
                want = values.get(w.field_name)
                if want is None:
                    continue
                if w.field_type == pymupdf.PDF_WIDGET_TYPE_RADIOBUTTON:
                    if w.on_state() != want:
                        continue
                    w.field_value = w.on_state()
                elif w.field_type == pymupdf.PDF_WIDGET_TYPE_CHECKBOX:
                    w.field_value = w.on_state()
                else:
                    w.field_value = want
                w.update()
        path = outdir / f"orig-{i:03}.pdf"
        doc.save(path)
        doc.close()
        originals.append(path)
    files = []
    for i in range(n):
        path = outdir / "returned" / f"{i:05}.pdf"
        path.parent.mkdir(exist_ok=True)
        os.link(originals[i % distinct], path)   # same bytes, no disk for 10,000 copies
        files.append(path)
    return files


def make_students(form, folder: Path, n: int) -> None:
    """``n`` returns of ``n`` different students (names, wishes and levels at
    random), written by formgen's prefill: the class a memory test reads.
    Hard-linked copies of a few fills would make every file a duplicate of
    hundreds of others, each flagged with a cell comment (about 8 KB of
    workbook a comment) - not a class."""
    from formgen.render.pdf_prefill import PdfTemplate

    template = PdfTemplate(form)
    rnd = random.Random(2)
    folder.mkdir()
    for i in range(n):
        (folder / f"{i:06}.pdf").write_bytes(template.fill(student_values(form, rnd, i)))


def median_ms(fn, files) -> float:
    times = []
    for f in files:
        t = time.perf_counter()
        fn(f)
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def interleaved_ms(fns, files, rounds: int = 3) -> list[float]:
    """Median ms per file of each function, run in turns on each file so that
    load on the machine hits them alike."""
    times = [[] for _ in fns]
    for _ in range(rounds):
        for f in files:
            for i, fn in enumerate(fns):
                t = time.perf_counter()
                fn(f)
                times[i].append((time.perf_counter() - t) * 1000)
    return [statistics.median(ts) for ts in times]


def pypdf_field_count(path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(path).get_fields() or {})


def pymupdf_widgets(path):
    import pymupdf

    doc = pymupdf.open(path)
    values = {w.field_name: w.field_value for page in doc for w in page.widgets()}
    doc.close()
    return values


def pikepdf_fields(path):
    import pikepdf

    with pikepdf.open(path) as pdf:
        out = {}
        stack = list(pdf.Root.AcroForm.Fields)
        while stack:
            f = stack.pop()
            if "/Kids" in f and "/T" not in f.Kids[0]:
                out[str(f.T)] = f.get("/V")
            elif "/Kids" in f:
                stack += list(f.Kids)
            else:
                out[str(f.get("/T"))] = f.get("/V")
        return out


def peak_memory_mb(folder: Path, jobs: int) -> float:
    """Peak RSS of a fresh process that reads every file in ``folder`` to XLSX:
    its own high-water mark plus its largest worker's (an upper bound of the
    two together, with one worker)."""
    code = (
        "import resource, sys\n"
        "from formgen.readers.batch import read_many\n"
        "from formgen.readers.core import FormSet\n"
        "from formgen.office.exporters import to_xlsx\n"
        "forms = FormSet.load()\n"
        f"rs = read_many([{str(folder)!r}], forms, jobs={jobs})\n"
        "to_xlsx(rs, forms)\n"
        # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent across exec
        "own = int([l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1])\n"
        "print(own + resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return int(out.stdout.split()[-1]) / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--sample", type=int, default=200)
    ap.add_argument("--memory", type=int, nargs=2, metavar=("SMALL", "LARGE"), default=None,
                    help="also compare peak memory of reading SMALL and LARGE returns of "
                         "different students to XLSX (one worker)")
    args = ap.parse_args()
    from pypdf import PdfReader

    form = formgen.load_form()
    forms = FormSet.load()
    with tempfile.TemporaryDirectory() as tmp:
        files = make_returned(form, Path(tmp), args.files)
        sample = files[: args.sample]
        for f in sample[:5]:  # warm the file cache and imports
            read_file(f, forms), PdfReader(f).get_fields(), pymupdf_widgets(f)
        ours, pypdf_ms = interleaved_ms([lambda f: read_file(f, forms),
                                         lambda f: PdfReader(f).get_fields()], sample)
        mupdf_ms = median_ms(pymupdf_widgets, sample)
        pike_ms = median_ms(pikepdf_fields, sample)
        print(f"per-form read, median of {len(sample)} files:")
        print(f"  formgen read_file         {ours:7.2f} ms")
        print(f"  pypdf get_fields()        {pypdf_ms:7.2f} ms   formgen is {pypdf_ms / ours:.2f}x faster")
        print(f"  PyMuPDF widgets           {mupdf_ms:7.2f} ms   formgen is {mupdf_ms / ours:.2f}x faster")
        print(f"  pikepdf (qpdf, C++)       {pike_ms:7.2f} ms   formgen is {pike_ms / ours:.2f}x faster")
        t = time.perf_counter()
        responses = read_many([Path(tmp) / "returned"], forms, jobs=args.jobs)
        data = to_xlsx(responses, forms)
        wall = time.perf_counter() - t
        peak_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # includes PyMuPDF
        peak_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        statuses = {s: sum(r.status == s for r in responses) for s in ("ok", "warning", "rejected")}
        t = time.perf_counter()
        with multiprocessing.get_context("fork").Pool(args.jobs) as pool:
            pool.map(pypdf_field_count, files, chunksize=8)
        peer = time.perf_counter() - t
        print(f"{len(responses)} files -> XLSX ({len(data) / 1024:.0f} KB) on {args.jobs} processes: "
              f"{wall:.2f} s wall; peak RSS {peak_self:.0f} MB (main), {peak_children:.0f} MB "
              f"(largest worker); {statuses}")
        print(f"  peer: pypdf get_fields() of the same files on a Pool of {args.jobs}, no export: "
              f"{peer:.2f} s; formgen takes {wall / peer:.2f}x its time")
        if args.memory:
            small, large = args.memory
            sizes = {}
            for n in (small, large):
                folder = Path(tmp) / f"mem{n}"
                make_students(form, folder, n)
                sizes[n] = peak_memory_mb(folder, jobs=1)
                shutil.rmtree(folder)
            print(f"peak RSS reading to XLSX in one process: {small} files {sizes[small]:.0f} MB, "
                  f"{large} files {sizes[large]:.0f} MB, ratio {sizes[large] / sizes[small]:.2f}")


if __name__ == "__main__":
    main()
