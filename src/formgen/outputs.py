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


def build_print(form, outdir=DEFAULT_OUTDIR, copies: int = 1, classlist=None,
                name_column: str | None = None, ignore_unknown: bool = False,
                duplex: bool = True, force: bool = False, batch: str | None = None,
                progress=None) -> Path:
    """Write the print pack ``<form-id>-print.pdf`` (``<form-id>-<class
    list>-print.pdf`` with a class list) into ``outdir``: ``copies``
    numbered copies, or one copy per class-list row with its values printed
    and its own id (the id a prefilled PDF of that row has, so that reading
    a scan with ``--expect`` finds the row again)."""
    from .render.pdf_print import numbered_ids, render_print_pack
    outdir = Path(outdir)
    if classlist is not None:
        from .prefill import plan
        rows = plan(form, classlist, name_column, ignore_unknown).copies
        pack = [(c.copy_id, c.values) for c in rows]
        stem = Path(classlist.path).stem if getattr(classlist, "path", None) else "klas"
        target = outdir / f"{form.id}-{stem}-print.pdf"
    else:
        pack = [(copy_id, {}) for copy_id in numbered_ids(copies, batch)]
        target = outdir / f"{form.id}-print.pdf"
    if not force:
        refuse_existing(target)
    return write_atomic(target, render_print_pack(form, pack, duplex=duplex, progress=progress),
                        force=force)
