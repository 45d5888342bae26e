"""Reading scanned paper returns: accuracy and speed on seeded synthetic scans.

A class of N students (a class list with name and supervisor) gets the
prefilled print pack; each student fills in their copy on paper
(tests/scangen.py: ticks, crosses, scribbles, light strokes, boxes filled
in to cancel them), and every page goes through its own scanner. Three
sets, the same students and marks:

- ``main``: 200-300 dpi, grey or colour, JPEG q40-90 or lossless, rotation
  up to 4 degrees, scale 3 %, shift 5 mm, blur, noise, copier tone, dark
  borders, 10 % of pages upside down; the stack saved as image-only PDFs,
  multi-page TIFFs and JPEG photos, pages of a copy in one file;
- ``150dpi``: the same at 150 dpi;
- ``1bit``: the same as 1-bit (black and white) scans at 200-300 dpi.

Each set is read as the office reads it (``read_many`` on ``--jobs``
processes, then reconciled with the class list) and scored against the
truth of every field: right, flagged for a person, wrong and not flagged;
and every copy grouped right (its id, its three pages). The speed is the
whole read per page, against a peer measured in the same run: decoding
the same pages and their QR codes only (the least any scan reader does).

    .venv/bin/python benchmarks/bench_scan.py [--copies 100] [--jobs 2] [--sets main,150dpi,1bit]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

import scangen  # noqa: E402
import formgen  # noqa: E402
from formgen.office.planning import reconcile  # noqa: E402
from formgen.prefill import plan, read_class_list  # noqa: E402
from formgen.readers.batch import expand, read_many  # noqa: E402
from formgen.readers.core import FormSet, sniff  # noqa: E402
from formgen.render.pdf_print import render_print_pack  # noqa: E402

SUPERVISORS = ["M. de Boer", "A. Yıldız", "K. Nowak", "J. Peeters"]


def class_list(path: Path, n: int) -> Path:
    rows = ["Naam deelnemer;Begeleider ROC;studentnummer"]
    for i in range(n):
        rows.append(f"{scangen.NAMES[i % len(scangen.NAMES)]} {i:03d};"
                    f"{SUPERVISORS[i % len(SUPERVISORS)]};{100000 + i}")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def effects_for(name: str):
    if name == "150dpi":
        return lambda r: scangen.random_effects(r, dpi=(150,))
    if name == "1bit":
        return lambda r: scangen.random_effects(r, colours=("bw",))
    return scangen.random_effects


def make_set(form, pdf: bytes, copies, students, name: str, outdir: Path, seed: int) -> int:
    rng = random.Random(seed)
    fx = effects_for(name)
    pages = 0
    for n, (c, st) in enumerate(zip(copies, students)):
        scanned = scangen.scan_copy(pdf, form, st, fx, rng, first=4 * n, pages=3)
        pages += len(scanned)
        kind = ("pdf", "tiff", "jpeg")[n % 3]
        if kind == "jpeg" and name != "1bit":
            for k, page in enumerate(scanned):
                scangen.save([page], outdir / f"IMG_{n:03d}_{k}.jpg", "jpeg")
        else:
            kind = "pdf" if kind == "jpeg" else kind
            scangen.save(scanned, outdir / f"stapel-{n:03d}.{'tif' if kind == 'tiff' else kind}",
                         kind)
    return pages


def score(responses, copies, students, form) -> dict:
    truth = {c.copy_id: (c, st) for c, st in zip(copies, students)}
    s = {"fields": 0, "right": 0, "flagged": 0, "wrong": 0, "boxes": 0, "boxes_right": 0,
         "copies_right": 0, "records": len(responses), "why": {}}
    for r in responses:
        if r.copy_id not in truth:
            continue
        c, st = truth[r.copy_id]
        if len(r.pages) == 3 and not any(p.code in ("page_missing", "scan_twice")
                                         for p in r.problems):
            s["copies_right"] += 1
        for ff in form.all_fields():
            want = st.truth.get(ff.id, c.values.get(ff.id, ff.spec.empty()))
            got = r.values.get(ff.id)
            s["fields"] += 1
            box = ff.id in st.truth
            s["boxes"] += box
            if ff.id in r.review:
                s["flagged"] += 1        # left empty for a person to fill in
                s["why"][r.review[ff.id]] = s["why"].get(r.review[ff.id], 0) + 1
            elif got == want:
                s["right"] += 1
                s["boxes_right"] += box
            else:
                s["wrong"] += 1
    return s


def peer_seconds(files) -> float:
    """Decode every page and its QR code, nothing else (one process)."""
    from formgen.readers import scan
    import zxingcpp
    t = time.perf_counter()
    for f in files:
        data = f.read_bytes()
        kind = "pdf" if sniff(data[:4096]) == "pdf" else "image"
        for i in range(scan.page_total(data, kind)):
            zxingcpp.read_barcodes(scan.page_image(data, kind, i),
                                   formats=zxingcpp.BarcodeFormat.QRCode)
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--copies", type=int, default=100)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--sets", default="main,150dpi,1bit")
    ap.add_argument("--seed", type=int, default=2026)
    args = ap.parse_args()
    form = formgen.load_form()
    forms = FormSet([form])
    work = Path(tempfile.mkdtemp(prefix="bench-scan-"))
    klas = class_list(work / "klas.csv", args.copies)
    rows = read_class_list(klas)
    copies = plan(form, rows).copies
    t = time.perf_counter()
    pdf = render_print_pack(form, [(c.copy_id, c.values) for c in copies])
    print(f"print pack: {args.copies} copies, {len(pdf) / 1e6:.1f} MB, "
          f"{time.perf_counter() - t:.1f} s")
    rng = random.Random(args.seed)
    students = [scangen.student(form, rng, prefilled=set(c.values)) for c in copies]
    print(f"{'set':8} {'pages':>5} {'boxes right':>12} {'flagged':>8} {'wrong, unflagged':>17} "
          f"{'copies right':>13} {'s/page':>7} {'peer s/page':>12} {'ratio':>6}")
    for name in args.sets.split(","):
        d = work / name
        d.mkdir()
        t = time.perf_counter()
        pages = make_set(form, pdf, copies, students, name, d, args.seed)
        made = time.perf_counter() - t
        t = time.perf_counter()
        responses = read_many([d], forms, jobs=args.jobs)
        reconcile(responses, rows, form)
        took = time.perf_counter() - t
        peer = peer_seconds([e.path for e in expand([d])]) / args.jobs       # the peer's work, on every core
        s = score(responses, copies, students, form)
        print(f"{name:8} {pages:5d} {100 * s['boxes_right'] / s['boxes']:11.3f}% "
              f"{100 * s['flagged'] / s['fields']:7.2f}% {100 * s['wrong'] / s['fields']:16.3f}% "
              f"{s['copies_right']:6d}/{len(copies):<6d} {took / pages:7.3f} {peer / pages:12.3f} "
              f"{took / peer:6.2f}   (made in {made:.0f} s; {s['records']} records; flagged: "
              f"{s['why'] or 'none'})")


if __name__ == "__main__":
    main()
