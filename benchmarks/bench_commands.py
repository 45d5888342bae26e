"""The commands users type, timed as whole processes beside their peers.

Each row runs formgen's command and its peer as new processes, in turns
(formgen, peer, formgen, ...) after one warm-up each, and prints the median
wall time of each and the median of the per-pair ratios (formgen / peer),
so a machine that drifts hits both alike. The peers are scripts in
``benchmarks/peers/`` (pypdf, PDFium and zxing-cpp doing the least the same
job needs), or the bare imports a command cannot do without.

    .venv/bin/python benchmarks/bench_commands.py [--rounds 5] [--only build,prefill,...]

Rows: build (against the imports of reportlab's canvas and AcroForm and of
pypdf), prefill of 1,000 (against pypdf filling one reused writer per
row), print pack of 30 numbered copies (against 30 blank forms built in
one process), read of 1 return and of 1,000 returns to XLSX, report of
1,000 (against pypdf's ``get_fields()`` on a pool of 2), ``round add`` of
1,000 returns into an empty round (against ``formgen read`` of the same
files to XLSX: the round must cost no more than reading), and read of a
scanned stack of 30 pages (against rendering each page and decoding its
QR code).
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PEERS = HERE / "peers"
PY = sys.executable
FORMGEN = str(Path(PY).with_name("formgen"))
NAMES = ["Şükrü Yılmaz", "Małgorzata Wiśniewska", "Zoë d’Hondt", "Daan de Vries"]


def run(cmd: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of ``cmd`` as a whole process (its children too)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def pair(ours: list[str], peer: list[str], rounds: int) -> dict:
    run(ours)
    run(peer)
    a, b = [], []
    for _ in range(rounds):
        a.append(run(ours))
        b.append(run(peer))
    return {"ours": statistics.median(w for w, _ in a), "peer": statistics.median(w for w, _ in b),
            "ours_cpu": statistics.median(c for _, c in a),
            "ratio": statistics.median(x[0] / y[0] for x, y in zip(a, b))}


def setup(d: Path, only: set[str]) -> dict:
    """The inputs: a class list of 1,000, the blank form, 1,000 returns
    (prefilled copies), one return, and a scanned stack of 10 copies."""
    paths = {"klas": d / "klas.csv", "blank": d / "blank", "returns": d / "returns"}
    rows = ["Naam deelnemer;studentnummer"] + [f"{NAMES[i % 4]} {i:04d};{100000 + i}"
                                              for i in range(1000)]
    paths["klas"].write_text("\n".join(rows) + "\n", encoding="utf-8")
    subprocess.run([FORMGEN, "build", "-o", str(paths["blank"])], check=True,
                   capture_output=True)
    paths["blank_pdf"] = next(paths["blank"].glob("*.pdf"))
    if only & {"read1", "read1000", "report", "roundadd"}:
        subprocess.run([FORMGEN, "build", "--prefill", str(paths["klas"]), "-o",
                        str(paths["returns"])], check=True, capture_output=True)
        paths["one"] = sorted(paths["returns"].glob("*.pdf"))[0]
    if "roundadd" in only:             # an empty round of the class, copied before each add
        paths["round0"] = d / "ronde0"
        subprocess.run([FORMGEN, "round", "init", str(paths["round0"]), "--expect",
                        str(paths["klas"])], check=True, capture_output=True)
    if "scan" in only:
        sys.path.insert(0, str(HERE.parent / "tests"))
        import scangen

        import formgen
        from formgen.render.pdf_print import numbered_ids, render_print_pack
        form = formgen.load_form()
        rng = random.Random(1)
        ids = numbered_ids(10, "bench1")
        pdf = render_print_pack(form, [(i, {}) for i in ids], duplex=False)
        pages = []
        for n in range(10):
            st = scangen.student(form, rng)
            pages += scangen.scan_copy(pdf, form, st, lambda r: scangen.random_effects(r), rng,
                                       first=3 * n, pages=3)
        paths["stack"] = d / "stapel.pdf"
        scangen.save(pages, paths["stack"], "pdf")
    return paths


def rows(p: dict, d: Path) -> dict[str, tuple[str, list[str], list[str]]]:
    out = str(d / "out")
    return {
        "build": ("formgen build (the bundled form)",
                  [FORMGEN, "build", "-o", out, "--force"],
                  [PY, "-c", "import reportlab.pdfgen.canvas, reportlab.pdfbase.acroform, pypdf"]),
        "prefill": ("formgen build --prefill (1,000 students)",
                    [FORMGEN, "build", "--prefill", str(p["klas"]), "-o", str(d / "pre"),
                     "--force"],
                    [PY, str(PEERS / "pypdf_prefill.py"), str(p["blank_pdf"]), str(p["klas"]),
                     str(d / "peer-pre")]),
        "print": ("formgen build --print --copies 30",
                  [FORMGEN, "build", "--print", "--copies", "30", "-o", out, "--force"],
                  [PY, str(PEERS / "build_blank.py"), "30"]),
        "read1": ("formgen read (1 return, JSON)",
                  [FORMGEN, "read", str(p.get("one", "")), "-o", str(d / "one.json"), "--force"],
                  [PY, str(PEERS / "pypdf_read.py"), str(p.get("one", ""))]),
        "read1000": ("formgen read (1,000 returns, XLSX)",
                     [FORMGEN, "read", str(p["returns"]), "-o", str(d / "all.xlsx"), "--force"],
                     [PY, str(PEERS / "pypdf_read.py"), str(p["returns"]), "--jobs", "2"]),
        "report": ("formgen report (1,000 returns)",
                   [FORMGEN, "report", str(p["returns"]), "-o", str(d / "r.pdf"), "--force"],
                   [PY, str(PEERS / "pypdf_read.py"), str(p["returns"]), "--jobs", "2"]),
        "roundadd": ("formgen round add (1,000 returns) vs read",
                     ["bash", "-c", f"rm -rf {d}/ronde && cp -r {p.get('round0', '')} {d}/ronde"
                      f" && {FORMGEN} round add {d}/ronde {p['returns']}"],
                     [FORMGEN, "read", str(p["returns"]), "-o", str(d / "all.xlsx"), "--force"]),
        "scan": ("formgen read (a scanned stack, 30 pages)",
                 [FORMGEN, "read", str(p.get("stack", "")), "-o", str(d / "scan.json"),
                  "--force"],
                 [PY, str(PEERS / "decode_scans.py"), str(p.get("stack", ""))]),
    }


def compiled() -> None:
    """formgen's modules as bytecode, as ``pip install`` of the wheel leaves
    them: an editable install under PYTHONDONTWRITEBYTECODE (set on some CI
    machines and containers) would compile every module in every process,
    a cost no installed copy has (about 0.05 s a start)."""
    import compileall

    import formgen
    compileall.compile_dir(Path(formgen.__file__).parent, quiet=1)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--only", default="build,prefill,print,read1,read1000,report,roundadd,scan")
    args = ap.parse_args()
    only = set(args.only.split(","))
    compiled()
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        p = setup(d, only)
        print(f"{'command':44}{'formgen':>10}{'peer':>10}{'ratio':>8}  (median s; ratio of pairs)")
        for key, (label, ours, peer) in rows(p, d).items():
            if key not in only:
                continue
            r = pair(ours, peer, args.rounds)
            print(f"{label:44}{r['ours']:10.3f}{r['peer']:10.3f}{r['ratio']:8.3f}", flush=True)


if __name__ == "__main__":
    main()
