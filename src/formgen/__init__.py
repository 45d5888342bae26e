"""formgen: forms people fill on paper, in any PDF reader or in Word,
read back as data.

    >>> import formgen
    >>> form = formgen.load_form()              # the bundled wensenformulier
    >>> pdf = formgen.render_pdf(form)          # bytes of a fillable PDF

Heavy modules load on first use, so ``import formgen`` stays cheap.
"""

from .errors import (ContentError, ExportError, FormgenError, OutputExistsError, ReadError,
                     RenderError)

__version__ = "0.1.0"

__all__ = [
    "ContentError", "ExportError", "FormgenError", "OutputExistsError", "ReadError",
    "RenderError", "load_form", "loads_form", "render_pdf", "render_print_pack", "build",
    "schema_json",
    "read", "read_many", "export", "overview", "reconcile", "summarize",
]


def load_form(path=None):
    """Load a content file (the bundled form when ``path`` is None); see
    :func:`formgen.content.load_form`."""
    from .content import load_form as _load
    return _load(path)


def loads_form(text, name="<string>", base=None, files=None):
    """Load a form from YAML text; the files it names (a logo) from ``files``
    (name -> bytes) or the folder ``base``. See
    :func:`formgen.content.loads_form`."""
    from .content import loads_form as _loads
    return _loads(text, name, base, files)


def render_pdf(form, values=None, locked=()):
    """The fillable PDF of ``form`` as bytes; ``values`` prefills fields by id."""
    from .render.pdf import render_pdf as _render
    return _render(form, values=values, locked=locked)


def render_print_pack(form, copies=1, classlist=None, duplex=True):
    """The print pack of ``form`` as PDF bytes: ``copies`` numbered copies, or
    one per row of ``classlist`` (a path or :class:`formgen.prefill.ClassList`)
    with its values printed; see :mod:`formgen.render.pdf_print`."""
    from .render.pdf_print import numbered_ids
    from .render.pdf_print import render_print_pack as _pack
    if classlist is not None:
        from .prefill import plan, read_class_list
        if not hasattr(classlist, "rows"):
            classlist = read_class_list(classlist)
        pack = [(c.copy_id, c.values) for c in plan(form, classlist).copies]
    else:
        pack = [(copy_id, {}) for copy_id in numbered_ids(copies)]
    return _pack(form, pack, duplex=duplex)


def build(form, outdir, formats=("pdf",), force=False):
    """Write ``<form-id>.<format>`` for each format into ``outdir``; returns the paths."""
    from .outputs import build as _build
    return _build(form, outdir, formats=formats, force=force)


def read(path, content=None, max_bytes=None):
    """Read one returned file into a :class:`formgen.readers.core.Response`.

    ``content``: content files or folders of the forms to expect (default:
    the bundled ones). Never raises for a bad file: it comes back
    ``rejected`` with its reason in ``problems``. A scan comes back with
    status ``scan`` and its pages read (``scan_pages``); :func:`read_many`
    groups scanned pages into one record per copy.
    """
    from .readers.core import DEFAULT_MAX_BYTES, FormSet, read_file
    return read_file(path, FormSet.load(content), max_bytes or DEFAULT_MAX_BYTES)


def read_many(paths, content=None, **options):
    """Read files and folders of returned forms; see :func:`formgen.readers.batch.read_many`."""
    from .readers.batch import read_many as _many
    return _many(paths, content=content, **options)


def export(responses, fmt="json", content=None, language=None, delimiter=None, ids=False,
           missing=None):
    """Responses as bytes of ``json``, ``csv`` or ``xlsx``, with the options
    ``formgen read`` gives them (see :mod:`formgen.office.exporters` and
    :func:`formgen.office.returns.export_options`): ``language`` of the words
    (default: the forms'), CSV's ``delimiter`` and id headers (``ids``), the
    class-list rows without a return (``missing``, after :func:`reconcile`)."""
    from .office.exporters import FORMATS
    from .office.returns import export_options
    from .readers.core import FormSet
    forms = FormSet.load(content)
    return FORMATS[fmt][1](responses, forms, **export_options(
        fmt, language or forms.language, delimiter=delimiter, ids=ids, missing=missing))


def summarize(responses, files=None, missing=None):
    """The summary ``formgen read`` prints: counts per status, records beside
    ``files`` read, replaced returns and, after :func:`reconcile`, the
    ``missing`` rows; see :class:`formgen.office.returns.Summary` (its
    ``lines(language)`` and ``exit_code``)."""
    from .office.returns import summarize as _summarize
    return _summarize(responses, len(responses) if files is None else files, missing)


def overview(responses, form, missing=(), reconciled=None):
    """Per item and column, what the counted returns say: an
    :class:`formgen.office.planning.Overview` (the workbook, the report and tests use it);
    ``reconciled``: whether the returns were reconciled with a class list."""
    from .office.planning import overview as _overview
    return _overview(responses, form, missing, reconciled)


def reconcile(responses, classlist, form=None, content=None):
    """Tie returns to a class list (path or :class:`formgen.prefill.ClassList`):
    who did not return, who returned twice, who is not on the list; by
    ``form``, or else by the form most returns are of (as ``formgen read
    --expect`` does; None when there is none). See
    :func:`formgen.office.planning.reconcile`."""
    from .office.planning import reconcile as _reconcile
    from .office.returns import reconcile_batch
    from .prefill import ClassList, read_class_list
    from .readers.core import FormSet
    if not isinstance(classlist, ClassList):
        classlist = read_class_list(classlist)
    if form is None:
        return reconcile_batch(responses, FormSet.load(content), classlist)
    return _reconcile(responses, classlist, form)


def schema_json():
    """The JSON Schema of content files, as text."""
    from .content import schema_json as _schema
    return _schema()
