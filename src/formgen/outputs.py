"""Build output files from a form: one registry line per output format."""

from __future__ import annotations

from pathlib import Path

from .fileio import refuse_existing, write_atomic


def _pdf(form, values=None, locked=()):
    from .render.pdf import render_pdf
    return render_pdf(form, values=values, locked=locked)


def _docx(form, values=None, locked=()):
    from .render.docx import render_docx
    return render_docx(form, values=values, locked=locked)


#: format name -> (file extension, renderer(form, values, locked) -> bytes)
FORMATS = {
    "pdf": (".pdf", _pdf),
    "docx": (".docx", _docx),
}

#: Where ``formgen build`` writes when no ``-o`` is given.
DEFAULT_OUTDIR = "formgen-out"


def build(form, outdir=DEFAULT_OUTDIR, formats=("pdf",), force=False) -> list[Path]:
    """Write ``<form-id><ext>`` for each of ``formats`` into ``outdir``.

    Nothing is overwritten unless ``force``; every existing target is
    checked before the first file is written.
    """
    outdir = Path(outdir)
    targets = [(outdir / f"{form.id}{FORMATS[f][0]}", FORMATS[f][1]) for f in formats]
    if not force:
        for path, _ in targets:
            refuse_existing(path)
    return [write_atomic(path, render(form), force=force) for path, render in targets]
