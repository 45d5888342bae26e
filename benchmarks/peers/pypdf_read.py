"""Peer of `formgen read` and `formgen report`: pypdf's `get_fields()` of
every PDF given (files or folders), on a process pool of --jobs workers,
printed as JSON; no checks, no export format.

    python pypdf_read.py PATH... [--jobs 2]
"""

import argparse
import json
import multiprocessing
import sys
from pathlib import Path

from pypdf import PdfReader


def fields(path: str) -> dict:
    try:
        got = PdfReader(path).get_fields() or {}
    except Exception as e:  # noqa: BLE001 - a peer that goes on, as formgen does
        return {"file": path, "error": str(e)}
    return {"file": path, "values": {k: str(v.get("/V")) for k, v in got.items()}}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--jobs", type=int, default=1)
    args = ap.parse_args()
    files = []
    for p in map(Path, args.paths):
        files += sorted(str(f) for f in p.rglob("*.pdf")) if p.is_dir() else [str(p)]
    if args.jobs > 1 and len(files) > 1:
        with multiprocessing.Pool(args.jobs) as pool:
            out = pool.map(fields, files, chunksize=16)
    else:
        out = [fields(f) for f in files]
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
