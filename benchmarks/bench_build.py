"""Build the bundled form in process: formgen vs a plain reportlab AcroForm.

The peer uses formgen's own layout (same pages, same tables) with the
widgets made by ``reportlab.pdfbase.acroform``, as a project that uses
reportlab's form API directly would. Both run in the same process, one
after the other, after one warm-up build each (fonts and caches loaded).

    .venv/bin/python benchmarks/bench_build.py [--rounds 15]
"""

from __future__ import annotations

import argparse
import statistics
import time

import formgen
from formgen.render.pdf import render_pdf


class ReportlabWriter:
    """The peer: widgets from reportlab's acroform module, default settings."""

    def __init__(self, form, values=None, locked=()):
        self.form = form

    def place(self, canv, ff, slot, rect, box=None):
        x0, y0, x1, y1 = rect
        af = canv.acroForm
        kw = dict(x=x0, y=y0, tooltip=ff.tooltip, borderWidth=0.5)
        kind = ff.spec.raw_kind
        if kind == "text":
            af.textfield(name=ff.id, width=x1 - x0, height=y1 - y0,
                         fieldFlags="multiline" if ff.spec.multiline else "", **kw)
        elif ff.type == "checkbox":
            af.checkbox(name=ff.id, size=x1 - x0, **kw)
        elif kind == "button":
            af.radio(name=ff.id, value=slot.option, size=x1 - x0, **kw)
        elif kind == "choice":
            af.choice(name=ff.id, options=[o.value for o in ff.spec.options],
                      value=ff.spec.options[0].value, fieldFlags="combo",
                      width=x1 - x0, height=y1 - y0, **kw)

    def outline(self, canv, rect, shape):
        pass

    def identity(self, canv):
        pass

    def finish(self, canv):
        pass


def interleaved(fns, rounds):
    """Median seconds and output size of each function, run in turns (ABAB...)
    so that load on the machine hits both alike."""
    for fn in fns:
        fn()  # warm-up
    times = [[] for _ in fns]
    sizes = [0] * len(fns)
    for _ in range(rounds):
        for i, fn in enumerate(fns):
            t = time.perf_counter()
            sizes[i] = len(fn())
            times[i].append(time.perf_counter() - t)
    return [(statistics.median(ts), size) for ts, size in zip(times, sizes)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=31)
    ap.add_argument("content", nargs="?", help="content file (default: the bundled form)")
    args = ap.parse_args()
    form = formgen.load_form(args.content)
    t0 = time.perf_counter()
    render_pdf(form)
    first = time.perf_counter() - t0
    (ours, our_size), (peer, peer_size) = interleaved(
        [lambda: render_pdf(form), lambda: render_pdf(form, writer_class=ReportlabWriter)],
        args.rounds)
    print(f"first build in a fresh process (fonts loaded, field font subset): {first * 1000:.0f} ms")
    print(f"{'':28}{'median ms':>10}{'size KB':>9}")
    print(f"{'formgen':28}{ours * 1000:10.1f}{our_size / 1024:9.1f}")
    print(f"{'reportlab acroform (peer)':28}{peer * 1000:10.1f}{peer_size / 1024:9.1f}")
    print(f"ratio formgen / peer: time {ours / peer:.2f}x, size {our_size / peer_size:.2f}x")


if __name__ == "__main__":
    main()
