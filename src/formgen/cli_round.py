"""``formgen round``: one form sent to one class, read over weeks, checked
by a person, summed up. A thin layer over :mod:`formgen.round`."""

from __future__ import annotations

import json
import sys

import click

from .errors import FormgenError
from .i18n import OFFICE, lang_key


def _words(lang: str) -> dict:
    return OFFICE["round"][lang_key(lang)]


def _open(folder):
    from .cli_support import _speak
    from .round.store import Store
    from .round.views import load_form
    store = Store(folder)
    lang = _speak(load_form(store).language)
    return store, lang


@click.group("round")
def round_group():
    """A round: one form sent to one class, read as returns arrive.

    \b
    formgen round init DIR --expect klaslijst.csv   make the round
    formgen round add DIR retour/                    read new returns (again and again)
    formgen round status DIR                         what is in, to check, missing
    formgen round review DIR                         check doubtful answers in the browser
    formgen round export DIR -o overzicht.xlsx       the workbook, decisions applied
    formgen round report DIR -o overzicht.pdf        the overview for the team

    The round's folder holds one file (formgen-round.sqlite) with the form,
    the class list, every return as read, the scans' crops and every
    decision; back it up as you would any document.
    """


@round_group.command("init")
@click.argument("folder", type=click.Path(file_okay=False))
@click.option("--content", type=click.Path(exists=True, dir_okay=False),
              help="Content file of the form. Default: the bundled wensenformulier.")
@click.option("--expect", type=click.Path(dir_okay=False),
              help="Class list (.csv or .xlsx) of the students who should return the form.")
def init_cmd(folder, content, expect):
    """Make a round in FOLDER (copies the form and the class list into it)."""
    from .cli_support import _must_exist, _speak
    from .round import ops
    from .round.views import load_classlist, load_form
    from .content import bundled_path
    from .content import load_form as load_content
    from pathlib import Path

    from .round.store import STORE_NAME
    if (Path(folder) / STORE_NAME).is_file():      # said in the words of the round that is there
        _open(folder)[0].close()
        raise FormgenError.said("round_exists", where=str(folder))
    _speak(load_content(content or bundled_path()).language)   # its errors in the form's words
    _must_exist([], expect)
    store = ops.init(folder, content, expect)
    with store:
        form = load_form(store)
        lang = _speak(form.language)
        table = load_classlist(store)
    w = _words(lang)
    extra = w["with_classlist"].format(name=table.path, n=len(table.rows)) if table else ""
    click.echo(w["created"].format(dir=folder, form=form.title, classlist=extra))


@round_group.command("add")
@click.argument("folder", type=click.Path(file_okay=False, exists=True))
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="Worker processes.")
@click.option("--timeout", default=10.0, show_default=True, type=click.FloatRange(min=0.1),
              help="Seconds one file (or one page of a scan) may take.")
@click.option("--scan-timeout", default=60.0, show_default=True, type=click.FloatRange(min=0.1),
              help="Seconds all the pages of one scanned file may take together.")
@click.option("--max-size", default=25.0, show_default=True, type=click.FloatRange(min=0.01),
              help="Refuse files larger than this many MB.")
@click.option("--follow-links", is_flag=True,
              help="Follow links that lead out of the folders given.")
def add_cmd(folder, paths, jobs, timeout, scan_timeout, max_size, follow_links):
    """Read the new returns under PATHS into the round in FOLDER.

    A file the round holds already (the same bytes) is not read again;
    every entry gets a line: new, already in the round, refused (why) or
    skipped. Each file is kept as soon as it is read, so an interrupted
    run loses nothing; run it again to finish.
    """
    from .cli_support import _must_exist
    from .office.exporters import status_word
    from .round import ops
    _must_exist(paths)
    store, lang = _open(folder)
    w = _words(lang)
    show = sys.stderr.isatty()
    from .readers.entries import expand
    entries = expand(paths, follow_links)          # walked once: counted, then read
    with store, click.progressbar(length=len(entries), label=w["imported"], file=sys.stderr,
                                  hidden=not show) as bar:
        result = ops.add(store, entries, follow_links=follow_links,
                         max_bytes=int(max_size * 1024 * 1024), jobs=jobs, timeout=timeout,
                         scan_timeout=scan_timeout, progress=lambda _: bar.update(1))
    for entry in result.entries:
        if entry.outcome == "known":
            click.echo(f"  {entry.name}: {w['known'].format(name=entry.known_as)}")
        elif entry.outcome == "new":
            resp = entry.response
            word = f"{w['imported']} ({resp.scan_total} "\
                f"{w['pages'] if resp.scan_total != 1 else w['page']})" if resp.status == "scan" \
                else status_word(resp, lang)
            tail = f": {'; '.join(resp.messages(lang))}" if resp.problems else ""
            click.echo(f"  {entry.name}: {word}{tail}")
        else:
            click.echo(f"  {entry.name}: {w[entry.outcome]}: "
                       f"{'; '.join(entry.response.messages(lang))}")
    click.echo(w["added"].format(new=result.count("new"), known=result.count("known"),
                                 refused=result.count("refused"),
                                 skipped=result.count("skipped")))
    _say_status(folder, lang)


def _say_status(folder, lang) -> dict:
    from .round import ops
    from .round.store import Store
    from .round.views import load
    with Store(folder) as store:
        data = ops.status(load(store))
    click.echo(_counts(data, _words(lang)))
    return data


def _counts(data: dict, w: dict) -> str:
    """The status's one line: returned, to check (fields), refused, replaced."""
    c = data["counts"]
    return w["status"].format(returned=c["imported"] + c["to_check"], to_check=c["to_check"],
                              fields=sum(len(r["open"]) for r in data["returns"]),
                              refused=c["refused"], replaced=c["replaced"])


@round_group.command("status")
@click.argument("folder", type=click.Path(file_okay=False, exists=True))
@click.option("--json", "as_json", is_flag=True, help="Print the status as JSON.")
def status_cmd(folder, as_json):
    """What the round holds: returned, to check, refused, and who is missing."""
    from .round import ops
    from .round.views import load
    store, lang = _open(folder)
    with store:
        view = load(store)
        data = ops.status(view)
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    w = _words(lang)
    index = view.form.field_index
    for r in data["returns"]:
        if r["state"] == "imported":
            continue
        why = ", ".join(index[f].label if f in index else f for f in r["open"]) if r["open"] \
            else "; ".join(r["problems"])
        click.echo(f"  {r['id']}  {w[r['state']]:<16} {r['student'] or '-'}  "
                   f"({', '.join(r['files'])}){': ' + why if why else ''}")
    click.echo(_counts(data, w))
    if data["missing"]:
        click.echo(w["missing"].format(n=len(data["missing"]), names=", ".join(data["missing"])))
    else:
        click.echo(w["nobody_missing"])


@round_group.command("decide")
@click.argument("folder", type=click.Path(file_okay=False, exists=True))
@click.argument("return_id")
@click.argument("field")
@click.argument("value", required=False, default="")
def decide_cmd(folder, return_id, field, value):
    """Decide FIELD of return RETURN_ID (see 'round status'): VALUE as you
    would write it (an option's label, ja/nee, a date); empty clears it.

    \b
    A key field (the student's name) with a name or number from the class
    list ties the return to that student. FIELD _return takes accepted
    (every open answer as read) or refused.
    """
    from .round import ops
    store, lang = _open(folder)
    with store:
        entry = ops.decide(store, return_id, field, value)
    click.echo(_words(lang)["decided"].format(field=field, value=entry["value"],
                                             user=entry["user"]))


@round_group.command("export")
@click.argument("folder", type=click.Path(file_okay=False, exists=True))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="File to write: .xlsx, .csv or .json.")
@click.option("--force", is_flag=True, help="Overwrite the file if it exists.")
def export_cmd(folder, output, force):
    """Write the round's answers, with every decision, to a workbook, CSV or JSON."""
    from pathlib import Path

    from .cli_support import _usage
    from .office.exporters import FORMATS
    from .round import ops
    fmt = Path(output).suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise _usage("usage_format", name=repr(output))
    _write_view(folder, output, force, lambda view, lang: ops.export(view, fmt, lang))


@round_group.command("report")
@click.argument("folder", type=click.Path(file_okay=False, exists=True))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="The PDF to write, e.g. overzicht.pdf.")
@click.option("--force", is_flag=True, help="Overwrite the PDF if it exists.")
def report_cmd(folder, output, force):
    """Write the A4 overview of the round; answers still to check are not counted."""
    from .round import ops
    _write_view(folder, output, force, lambda view, lang: ops.report(view))


def _write_view(folder, output, force: bool, make) -> None:
    """Write ``make(view, language)`` of the round in ``folder`` to ``output``
    (never over a file that exists without ``force``) and say so."""
    from .fileio import refuse_existing, write_atomic
    from .i18n import say
    from .round.views import load
    store, lang = _open(folder)
    if not force:
        refuse_existing(output)
    with store:
        data = make(load(store), lang)
    write_atomic(output, data, force=force)
    click.echo(say("wrote", lang, path=output))


@round_group.command("forget")
@click.argument("folder", type=click.Path(file_okay=False, exists=True))
@click.option("--student", required=True, help="The student's name or number.")
def forget_cmd(folder, student):
    """Remove one student from the round: returns, scans, decisions and
    class-list row, with no byte of them left in the folder (AVG/GDPR)."""
    from .round import ops
    store, lang = _open(folder)
    with store:
        done = ops.forget(store, student)
    w = _words(lang)
    if not (done.returns or done.row):
        click.echo(w["forgot_none"].format(name=student))
    else:
        click.echo(w["forgot"].format(name=student, returns=done.returns, pages=done.pages,
                                      decisions=done.decisions))


@round_group.command("review")
@click.argument("folder", type=click.Path(file_okay=False, exists=True))
@click.option("--port", type=click.IntRange(0, 65535), default=0,
              help="Port on 127.0.0.1. Default: a free one.")
@click.option("--no-browser", is_flag=True, help="Do not open the browser; print the address.")
def review_cmd(folder, port, no_browser):
    """Check the doubtful answers in the browser (on this computer only).

    The page lists the returns to check, most doubtful first, with the
    scan of each answer; a choice is saved at once. Stop with Ctrl+C.
    """
    store, lang = _open(folder)
    store.close()
    try:
        from .round.web import serve
    except ImportError:
        raise FormgenError.said("round_web_extra") from None
    serve(folder, port, open_browser=not no_browser,
          say=lambda url: click.echo(_words(lang)["serving"].format(url=url)))
