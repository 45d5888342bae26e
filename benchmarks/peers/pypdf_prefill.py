"""Peer of `formgen build --prefill`: pypdf fills one reused writer per
class-list row and writes a file per student, as a script would: the
student's name, and the hidden field where formgen keeps a copy's id and
its other class-list columns (the same values formgen writes; pypdf does
not redraw the QR codes, which formgen does for every copy).

    python pypdf_prefill.py BLANK.pdf KLASLIJST.csv OUTDIR
"""

import csv
import json
import secrets
import sys
from pathlib import Path

from pypdf import PdfReader, PdfWriter


def main(blank: str, classlist: str, outdir: str) -> None:
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    writer = PdfWriter(clone_from=PdfReader(blank))
    with open(classlist, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter=";"))
    for n, row in enumerate(rows):
        copy = json.dumps({"copy": "k" + secrets.token_hex(6)[:11],
                           "extra": {"studentnummer": row["studentnummer"]}},
                          ensure_ascii=False, separators=(",", ":"))
        writer.update_page_form_field_values(
            None, {"naam_deelnemer": row["Naam deelnemer"], "formgen_copy": copy},
            auto_regenerate=False)
        with open(out / f"{n:04d}.pdf", "wb") as fh:
            writer.write(fh)


if __name__ == "__main__":
    main(*sys.argv[1:4])
