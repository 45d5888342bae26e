"""Paper as people really fill it: silently wrong, flagged, per condition and per habit.

Each condition (tests/scangen.py: EVERYDAY clean, phone, letterpress, ink
bleed, shadow; HARSH dirty rollers, bad photocopy, folds; the wear modelled
by augraphy) gets ``--copies`` copies. How students mark (``--mix``):

- ``students`` (default): each student keeps to one way of marking over
  their copy, as people do: in a class of twenty (scangen.HANDS), fourteen
  tick or cross with a pen and six have a habit each (bubble, scribble,
  dot, pencil, a cross over the edges, a ring round the box), dealt out in
  a shuffled order over all conditions, so that 40 copies hold every habit
  twice. Anyone may strike out or white out a tick (0/1/2 times: 70/25/5 %)
  or highlight rows (one in ten).
- ``marks``: every student switches habit from box to box, ``--share`` of
  their ticks drawn with a habit chosen anew each time, and 6 % of the
  boxes they leave struck out or whited out: harsher than any class.

Even copies are the print pack, odd ones the fillable form printed blank by a
student (PDFium renders it as a printer driver would). Every copy is one
PDF; the folder is read as the office reads it (``read_many`` on
``--jobs`` processes) and each box field scored against the truth: right
(read, equal), flagged (left to a person), silently wrong (read, not equal).

    .venv/bin/python benchmarks/bench_paper.py [--copies 8] [--conditions clean,phone] [--jobs 2]
        [--mix students|marks] [--share 0.3] [--seed 2026] [--show-wrong]
        [--plain]   # every student a plain pen: the 2 % target
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

import scangen  # noqa: E402
import formgen  # noqa: E402
from formgen.readers.batch import read_many  # noqa: E402
from formgen.readers.core import FormSet  # noqa: E402
from formgen.render.pdf import render_pdf  # noqa: E402
from formgen.render.pdf_print import numbered_ids, render_print_pack  # noqa: E402


def make(form, condition: str, copies: int, outdir: Path, seed: int, plain: bool = False,
         share: float = 0.3, hands=None):
    """Scan ``copies`` copies under ``condition`` into ``outdir``: the truth
    per file name, and the pages made. ``hands``: each copy's student's way
    of marking (``--mix students``); None: habits box by box."""
    rng = random.Random(f"{seed}-{condition}")
    ids = numbered_ids(copies, condition[:6])
    pack = render_print_pack(form, [(i, {}) for i in ids], duplex=False)
    blank = render_pdf(form)
    fx, degrade = scangen.conditions(condition)
    pages = scangen.layout_of(form).pages
    truths, made = {}, 0
    for n in range(copies):
        if plain:
            st = scangen.habit_student(form, rng, habits=())
        elif hands is not None:
            st = scangen.hand_student(form, rng, hands[n])
        else:
            st = scangen.habit_student(form, rng, share=share)
        if n % 2 == 0:
            scanned = scangen.scan_copy(pack, form, st, fx, rng, first=pages * n, pages=pages,
                                        degrade=degrade)
        else:
            scanned = scangen.scan_copy(blank, form, st, fx, rng, first=0, pages=pages,
                                        degrade=degrade)
        name = f"{condition}-{n:03d}.pdf"
        scangen.save(scanned, outdir / name, "pdf")
        truths[name] = st
        made += len(scanned)
    # the truth beside the folder of scans (not in it: the folder is read),
    # for a person looking into a result
    (outdir.parent / f"{outdir.name}-truth.json").write_text(json.dumps(
        {name: {"truth": st.truth, "habits": st.habits, "marks": st.marks}
         for name, st in truths.items()}, indent=1, default=str), encoding="utf-8")
    return truths, made


def score(responses, truths: dict, tally: dict, habits: dict, hands: dict) -> None:
    """Add each box field of each read copy to ``tally`` (and per habit of
    the field, and per hand of the student)."""
    for r in responses:
        st = truths.get(Path(r.file.split("#")[0]).name)
        if st is None:
            tally["lost"] += 1
            continue
        for field_id, want in st.truth.items():
            habit = st.habits.get(field_id, "pen")
            for t in (tally, habits[habit], hands[st.hand]):
                t["fields"] += 1
                if field_id in r.review:
                    t["flagged"] += 1
                    t["why:" + r.review[field_id]] += 1
                elif r.values.get(field_id) == want:
                    t["right"] += 1
                else:
                    t["wrong"] += 1
                    if t is tally:
                        t["wrong_list"].append((r.file, field_id, want, r.values.get(field_id)))


def new_tally():
    return defaultdict(int, wrong_list=[])


def line(name: str, t, extra: str = "") -> str:
    n = max(1, t["fields"])
    return (f"| {name} | {t['fields']} | {100 * t['right'] / n:.2f} % | "
            f"{100 * t['flagged'] / n:.2f} % | {100 * t['wrong'] / n:.3f} % ({t['wrong']}) |{extra}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--copies", type=int, default=8, help="copies per condition")
    ap.add_argument("--conditions", default=",".join(scangen.EVERYDAY + scangen.HARSH))
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--show-wrong", action="store_true")
    ap.add_argument("--plain", action="store_true",
                    help="every student a plain pen (ticks and crosses, the printed correction "
                         "rule now and then), no habits")
    ap.add_argument("--mix", choices=("students", "marks"), default="students",
                    help="students: each keeps to one way of marking (default); marks: "
                         "habits change from box to box")
    ap.add_argument("--share", type=float, default=0.3,
                    help="with --mix marks: the share of a student's ticks drawn with a habit "
                         "(default 0.3)")
    args = ap.parse_args()
    conditions = args.conditions.split(",")
    deck = list(scangen.HANDS)
    random.Random(f"{args.seed}-hands").shuffle(deck)
    form = formgen.load_form()
    forms = FormSet([form])
    work = Path(tempfile.mkdtemp(prefix="bench-paper-"))
    print(f"(scans in {work})", file=sys.stderr)
    habits = {group: defaultdict(new_tally) for group in ("everyday", "harsh")}
    hands = {group: defaultdict(new_tally) for group in ("everyday", "harsh")}
    print("| condition | box fields | right | flagged | silently wrong | s/page | copies read |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for c, condition in enumerate(conditions):
        d = work / condition
        d.mkdir()
        dealt = [deck[(c * args.copies + n) % len(deck)] for n in range(args.copies)] \
            if args.mix == "students" else None
        truths, pages = make(form, condition, args.copies, d, args.seed, args.plain,
                             args.share, dealt)
        t = time.perf_counter()
        responses = read_many([d], forms, jobs=args.jobs)
        took = time.perf_counter() - t
        tally = new_tally()
        group = "harsh" if condition in scangen.HARSH else "everyday"
        score(responses, truths, tally, habits[group], hands[group])
        read = sum(1 for r in responses if r.source == "scan" and len(r.pages) == 3)
        print(line(condition, tally, f" {took / pages:.3f} | {read}/{args.copies} |"),
              flush=True)
        if args.show_wrong:
            for w in tally["wrong_list"]:
                print("   wrong:", *w)
            print("   flagged:", {k[4:]: v for k, v in tally.items() if k.startswith("why:")})
            for r in responses:
                if r.status not in ("ok", "warning") or len(r.pages) != 3:
                    print("   ", r.file, r.status, r.pages, r.messages())
    for group, per in hands.items():
        if not per or args.plain:
            continue
        print(f"\n| student's hand ({group}) | box fields | right | flagged | silently wrong |")
        print("|---|---:|---:|---:|---:|")
        for hand in sorted(per):
            print(line(hand, per[hand]))
    for group, per in habits.items():
        if not per:
            continue
        print(f"\n| habit of the field ({group}) | box fields | right | flagged | silently wrong |")
        print("|---|---:|---:|---:|---:|")
        for habit in sorted(per):
            why = {k[4:]: v for k, v in per[habit].items() if k.startswith("why:")}
            print(line(habit, per[habit], f" {why}" if args.show_wrong else ""))


if __name__ == "__main__":
    main()
