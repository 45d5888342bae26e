"""The ``formgen`` command: a thin layer over the library.

Exit codes: 0 success, 1 the input or the work failed (a message says
where, what and how to fix), 2 a usage error. Set ``FORMGEN_DEBUG=1`` to see
the traceback of an unexpected error.
"""

from __future__ import annotations

import errno
import os
import sys

# The command line loads no pydantic plugins: looking for them (package
# metadata of every installed distribution) costs a tenth of a cold start.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

import click  # noqa: E402

from .cli_support import (_first_language, _language, _must_exist, _quietly, _speak,  # noqa: E402,F401
                          _usage, _usage_error)
from .errors import FormgenError  # noqa: E402
from .i18n import say  # noqa: E402

CONTENT_HELP = "Content file (.yaml). Default: the bundled wensenformulier."


class _Group(click.Group):
    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except FormgenError as e:
            # an error with its words in i18n is said in the command's language;
            # one without (a content file's, for its author) in English, whole
            lang = _language(ctx) if e.saying else "en"
            _quietly(click.echo, f"{say('error', lang)}: {e.text(lang)}", err=True)
            ctx.exit(e.exit_code)
        except click.UsageError as e:
            _usage_error(ctx, e)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except BrokenPipeError:  # output piped into `head` and friends
            sys.stdout = open(os.devnull, "w")
            ctx.exit(0)
        except KeyboardInterrupt as e:
            number = getattr(e, "signal", 2)
            lang = _language(ctx)
            _quietly(click.echo, say("interrupted", lang) if number == 2
                     else say("stopped", lang, number=number), err=True)
            ctx.exit(128 + number)
        except OSError as e:
            if e.errno not in _CANNOT_WRITE:
                _unexpected(ctx, e)
            # a full disk, or a terminal or pipe gone, under standard output
            lang = _language(ctx)
            where = e.filename if e.filename else say("standard_output", lang)
            sys.stdout = open(os.devnull, "w")
            _quietly(click.echo, f"{say('error', lang)}: " + FormgenError.said(
                "cannot_write_out", where=str(where), reason=e.strerror or e,
                errno=e.errno).text(lang), err=True)
            ctx.exit(1)
        except Exception as e:  # noqa: BLE001 - last line of defence: no tracebacks for users
            _unexpected(ctx, e)


#: What writing to standard output raises when it cannot take more.
_CANNOT_WRITE = {errno.ENOSPC, errno.EIO, errno.EPIPE, errno.EFBIG,
                 getattr(errno, "EDQUOT", errno.ENOSPC)}


def _unexpected(ctx, e: Exception):
    if os.environ.get("FORMGEN_DEBUG"):
        raise e
    _quietly(click.echo, f"Error: unexpected {type(e).__name__}: {e}\n"
             "  This is a bug in formgen; run again with FORMGEN_DEBUG=1 and "
             "report the traceback.", err=True)
    ctx.exit(1)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="formgen-forms")
def main():
    """Build fillable forms (PDF, Word) and print packs from a content file,
    and read them back (filled files and scans of paper copies).

    \b
    formgen build                 build the bundled form into ./formgen-out
    formgen validate FORM.yaml    check a content file
    formgen schema > form.schema.json
    formgen build --prefill klas.csv -o klas-4a
    formgen build --print --prefill klas.csv     one PDF for the printer
    formgen read returned/ --expect klas.csv -o wensen.xlsx
    formgen read scans/ --expect klas.csv -o wensen.xlsx --review controle.pdf
    formgen report returned/ --expect klas.csv -o overzicht.pdf
    """


class _WithFieldTypes(click.Command):
    """A command whose help ends with the field types, from the registry
    (imported only when the help is shown, so ``--help`` stays quick)."""

    def format_help_text(self, ctx, formatter):
        super().format_help_text(ctx, formatter)
        from .fields import REGISTRY
        with formatter.section("Field types"):
            formatter.write_dl([(tag, cls.model_fields["type"].description)
                                for tag, cls in REGISTRY.items()])


@main.command(cls=_WithFieldTypes)
@click.argument("content", required=False, type=click.Path(dir_okay=False))
@click.option("--fields", "show_fields", is_flag=True,
              help="Also list every field: id, type and label (the names a class list "
                   "and the exports use).")
def validate(content, show_fields):
    """Check a content file and print a one-line summary.

    Exit 0 when the file describes a valid form (then 'formgen build' works),
    1 with every problem found, each naming the file and line, the place,
    the problem and the fix.
    """
    from .content import load_form
    form = load_form(content)
    form.pages                    # what fits a page is known once pages are laid out
    click.echo(f"ok: {form.summary()}")
    if show_fields:
        for ff in form.all_fields():
            click.echo(f"  {ff.id:<24} {ff.type:<9} {ff.label}")


@main.command(cls=_WithFieldTypes)
def schema():
    """Print the JSON Schema of content files (for editor autocompletion)."""
    from .content import schema_json
    click.echo(schema_json())


@main.command()
@click.argument("content", required=False, type=click.Path(dir_okay=False))
@click.option("-o", "--outdir", default=None, type=click.Path(file_okay=False),
              help="Folder to write into. Default: ./formgen-out")
@click.option("--format", "fmt", default="pdf", show_default=True,
              type=click.Choice(["pdf", "docx", "all"]), help="What to build.")
@click.option("--force", is_flag=True, help="Overwrite files that exist already.")
@click.option("--prefill", "classlist", type=click.Path(dir_okay=False),
              help="Class list (.csv or .xlsx): one prefilled form per row. Columns are "
                   "matched to field labels or ids.")
@click.option("--name-column", help="Class-list column to name the files after. "
                                    "Default: the form's key field (the student's name).")
@click.option("--lock", is_flag=True, help="Make the prefilled fields read-only.")
@click.option("--ignore-unknown", is_flag=True,
              help="Skip class-list columns that match no field instead of stopping.")
@click.option("--print", "print_pack", is_flag=True,
              help="Write one PDF for the printer instead: numbered copies (--copies) or one "
                   "copy per class-list row (--prefill), each page with its copy's id in its "
                   "QR code, ready to be filled with a pen and scanned.")
@click.option("--copies", type=click.IntRange(1, 2000), default=None,
              help="With --print: how many numbered copies. Default: 1.")
@click.option("--simplex", is_flag=True,
              help="With --print: for single-sided printing (no empty page to start every "
                   "copy on a new sheet).")
def build(content, outdir, fmt, force, classlist, name_column, lock, ignore_unknown,
          print_pack, copies, simplex):
    """Build the fillable form(s) for CONTENT.

    Writes <form-id>.pdf (and/or <form-id>.docx) into OUTDIR; with
    --prefill, one <student name>.pdf per class-list row instead. With
    --print, one print pack <form-id>-print.pdf. The class list is checked
    whole before anything is written. An existing file is never overwritten
    unless --force is given.
    """
    from .content import load_form
    from .outputs import DEFAULT_OUTDIR, FORMATS
    from .outputs import build as _build
    form = load_form(content)
    lang = _speak(form.language)
    formats = list(FORMATS) if fmt == "all" else [fmt]
    outdir = outdir or DEFAULT_OUTDIR
    if print_pack:
        if fmt != "pdf" or lock:
            raise _usage("usage_print_pdf")
        if copies and classlist:
            raise _usage("usage_copies_prefill")
        from .outputs import build_print
        from .prefill import plan, read_class_list
        rows = read_class_list(classlist) if classlist else None
        if rows is not None:
            _say_columns(plan(form, rows, name_column, ignore_unknown).taken, form.language)
        n = len(rows.rows) if rows else copies or 1
        with click.progressbar(length=n, label=say("progress_drawing", lang), file=sys.stderr,
                               hidden=not sys.stderr.isatty()) as bar:
            path = build_print(form, outdir, copies=copies or 1, classlist=rows,
                               name_column=name_column, ignore_unknown=ignore_unknown,
                               duplex=not simplex, force=force,
                               progress=lambda _: bar.update(1))
        click.echo(say("wrote_copies", lang, path=path, n=n,
                       copies=say("copy" if n == 1 else "copies", lang)))
        return
    if copies or simplex:
        raise _usage("usage_with_print")
    if classlist is None:
        if name_column or lock or ignore_unknown:
            raise _usage("usage_with_prefill")
        for path in _build(form, outdir, formats=formats, force=force):
            click.echo(say("wrote", lang, path=path))
        return
    from .prefill import plan, prefill, read_class_list
    rows = read_class_list(classlist)
    the_plan = plan(form, rows, name_column, ignore_unknown)
    _say_columns(the_plan.taken, form.language)
    total = len(the_plan.copies) * len(formats)
    with click.progressbar(length=total, label=say("progress_writing", lang), file=sys.stderr,
                           hidden=not sys.stderr.isatty()) as bar:
        written, warnings = prefill(form, rows, outdir, formats, name_column=name_column,
                                    lock=lock, force=force, ignore_unknown=ignore_unknown,
                                    progress=lambda _: bar.update(1))
    for w in warnings:
        click.echo(f"{say('warning', lang)}: {w}", err=True)
    click.echo(say("wrote_prefilled", lang, files=len(written), students=len(rows.rows),
                   folder=outdir))


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="File to write (.json, .csv or .xlsx). Default: JSON on standard output.")
@click.option("--format", "fmt", type=click.Choice(["json", "csv", "xlsx"]),
              help="Output format. Default: from the extension of --output, else json.")
@click.option("--content", "content", multiple=True, type=click.Path(exists=True),
              help="Content file or folder of the forms to expect (repeatable). "
                   "Default: the bundled forms.")
@click.option("--delimiter", default=None,
              help="CSV field separator. Default: ';' for a Dutch form (as Dutch Excel "
                   "reads it), else ','.")
@click.option("--ids", is_flag=True, help="CSV headers are field ids instead of labels.")
@click.option("--expect", "expect", type=click.Path(dir_okay=False),
              help="Class list (.csv or .xlsx) to reconcile with: who did not return, who "
                   "returned twice (the newest counts), who is not on the list.")
@click.option("--max-size", default=25.0, show_default=True, type=click.FloatRange(min=0.01),
              help="Refuse files larger than this many MB.")
@click.option("--lang", type=click.Choice(["nl", "en"]),
              help="Language of what the command says and writes (problems, summary, "
                   "errors, CSV words). Default: the form's.")
@click.option("-j", "--jobs", type=click.IntRange(min=1),
              help="Worker processes. Default: one per core.")
@click.option("--timeout", default=10.0, show_default=True, type=click.FloatRange(min=0.1),
              help="Seconds one file (or one page of a scan) may take; a file that takes "
                   "longer is stopped and reported.")
@click.option("--scan-timeout", default=60.0, show_default=True,
              type=click.FloatRange(min=0.1),
              help="Seconds all the pages of one scanned file may take together; the pages "
                   "read by then count, and the report says which were not read.")
@click.option("--review", "review", type=click.Path(dir_okay=False),
              help="Also write a review sheet (.pdf) of the copies read from paper that a "
                   "person must check: the scanned boxes and handwriting, with what was read.")
@click.option("--follow-links", is_flag=True,
              help="Follow links that lead out of the folders given (they are reported, "
                   "not read, by default).")
@click.option("--force", is_flag=True, help="Overwrite --output (and --review) if it exists.")
def read(paths, output, fmt, content, delimiter, ids, expect, max_size, lang, jobs, timeout,
         scan_timeout, review, follow_links, force):
    """Read returned forms (PDF, Word, OpenDocument files, scans and photos
    of paper copies, or folders of them) into one table.

    Every entry under the folders gets a record: ok, warning (imported, but
    look at it), rejected (with the reason: also a link that loops, dangles
    or leads out of the folder, a folder that cannot be opened) or skipped
    (not a return at all: lock files, system and hidden files, pipes and
    devices). Files are recognised by
    their content, not their name. A scanned stack gives one record per
    copy (its pages are found by their QR codes); answers a person must
    check are listed under "review" and marked in the workbook. A summary
    goes to standard error.

    \b
    Exit codes: 0 nothing was rejected, 1 at least one file was rejected
    (the others are still in the output), 2 usage error.
    """
    from pathlib import Path

    from .fileio import refuse_existing, write_atomic
    from .office.exporters import FORMATS
    from .office.returns import export_options, summarize
    from .readers.batch import expand, read_many
    from .readers.core import FormSet

    if fmt is None:
        suffix = Path(output).suffix.lower().lstrip(".") if output else "json"
        if suffix not in FORMATS:
            raise _usage("usage_format", name=repr(output))
        fmt = suffix
    if delimiter is not None and len(delimiter) != 1:
        raise _usage("usage_delimiter")
    if fmt == "xlsx" and not output and sys.stdout.isatty():
        raise _usage("usage_xlsx_terminal")
    if review and Path(review).suffix.lower() != ".pdf":
        raise _usage("usage_review_pdf")
    _speak(lang)
    forms = FormSet.load(list(content) or None)
    lang = _speak(lang or forms.language)
    _must_exist(paths, expect)
    if output and not force:
        refuse_existing(output)
    if review and not force:
        refuse_existing(review)
    files = expand(paths, follow_links)
    show = sys.stderr.isatty()
    with click.progressbar(length=len(files), label=say("progress_reading", lang), file=sys.stderr,
                           hidden=not show) as bar:
        responses = read_many(files, forms, max_bytes=int(max_size * 1024 * 1024), jobs=jobs,
                              timeout=timeout, scan_timeout=scan_timeout,
                              progress=lambda _: bar.update(1))
    missing = _reconcile(responses, forms, expect) if expect else None
    data = FORMATS[fmt][1](responses, forms, **export_options(
        fmt, lang, delimiter=delimiter, ids=ids, missing=missing))
    if review:
        from .office.review import needs_review, render_review
        write_atomic(review, render_review(responses, forms, lang), force=force)
        click.echo(say("review_written", lang, n=len(needs_review(responses)), path=review),
                   err=True)
    if output:
        write_atomic(output, data, force=force)
    elif fmt == "xlsx":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        click.echo(data.decode("utf-8"), nl=False)
    summary = summarize(responses, len(files), missing)
    for line in summary.lines(lang, output, forms):
        click.echo(line, err=True)
    click.get_current_context().exit(summary.exit_code)


def _reconcile(responses, forms, expect):
    """Reconcile the returns with the class list (by the batch's main form);
    the class-list rows without a return."""
    from .office.returns import reconcile_batch
    from .prefill import read_class_list
    result = reconcile_batch(responses, forms, read_class_list(expect))
    if result is None:
        return []
    _say_columns(result.taken, result.form.language)
    return result.missing


def _say_columns(taken, language: str) -> None:
    """Say how a class list's columns were read, where a school system named
    them otherwise than the form."""
    from .i18n import columns_taken
    for line in columns_taken(taken, language):
        click.echo(line, err=True)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="The PDF to write, e.g. overzicht.pdf.")
@click.option("--content", "content", multiple=True, type=click.Path(exists=True),
              help="Content file or folder of the forms to expect. Default: the bundled forms.")
@click.option("--expect", type=click.Path(dir_okay=False),
              help="Class list to reconcile with (the report counts who did not return).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="Worker processes.")
@click.option("--follow-links", is_flag=True,
              help="Follow links that lead out of the folders given (they are reported, "
                   "not read, by default).")
@click.option("--force", is_flag=True, help="Overwrite the PDF if it exists.")
def report(paths, output, content, expect, jobs, follow_links, force):
    """Write an A4 overview of returned forms for a team meeting.

    Per section the counts of every item (who wants what, at which level)
    and a chart, with the number of returns counted, missing and refused.
    """
    from .fileio import refuse_existing, write_atomic
    from .readers.batch import expand, read_many
    from .readers.core import FormSet
    from .office.report import render_report
    from .office.returns import main_form

    forms = FormSet.load(list(content) or None)
    lang = _speak(forms.language)
    _must_exist(paths, expect)
    if not force:
        refuse_existing(output)
    files = expand(paths, follow_links)
    with click.progressbar(length=len(files), label=say("progress_reading", lang),
                           file=sys.stderr,
                           hidden=not sys.stderr.isatty()) as bar:
        responses = read_many(files, forms, jobs=jobs, progress=lambda _: bar.update(1))
    missing = _reconcile(responses, forms, expect) if expect else []
    form = main_form(responses, forms, counted_only=True)
    if form is None:
        raise FormgenError.said("no_returns", where=", ".join(paths))
    write_atomic(output, render_report(responses, form, missing, reconciled=bool(expect)),
                 force=force)
    click.echo(say("wrote", lang, path=output))


from .cli_round import round_group  # noqa: E402 - the subcommands need main's helpers

main.add_command(round_group)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
