"""What a batch of returns is and says, decided once for the CLI and the API.

:func:`main_form` picks the form a batch is of (the one most of its returns
are of), :func:`reconcile_batch` ties the batch to a class list by that
form, :func:`export_options` turns what a user asked for into the options
of one export format, and :func:`summarize` counts the batch into the
summary a person reads after ``read``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .. import i18n
from .planning import COUNTED

STATUSES = ("ok", "warning", "rejected", "skipped")


def main_form(responses, forms, counted_only: bool = False):
    """The form most returns of the batch are of (of the counted ones, with
    ``counted_only``); without any, the first form expected, or None."""
    met = Counter(r.form_id for r in responses
                  if r.form_id and (not counted_only or r.status in COUNTED))
    if met:
        return forms.get(met.most_common(1)[0][0])
    return None if counted_only or not forms.forms else forms.forms[0]


def reconcile_batch(responses, forms, classlist):
    """Tie the returns to ``classlist`` by the batch's main form: a
    :class:`formgen.office.planning.Reconciliation`, or None without a form."""
    from .planning import reconcile
    form = main_form(responses, forms)
    return None if form is None else reconcile(responses, classlist, form)


def export_options(fmt: str, language: str, *, delimiter: str | None = None,
                   ids: bool = False, missing=None) -> dict:
    """The options of one export format: CSV takes a separator and id
    headers; JSON and the workbook take the class-list rows without a return
    (``missing``: None when the batch was not reconciled)."""
    options: dict = {"language": language}
    if fmt == "csv":
        options.update(delimiter=delimiter, ids=ids)
    else:
        options["missing"] = missing
    return options


@dataclass
class Summary:
    """A batch counted: per status, records beside files, replaced returns,
    class-list rows without a return, and the returns that need a word."""

    files: int
    records: int
    counts: dict[str, int]
    replaced: int = 0
    missing: list = field(default_factory=list)
    reconciled: bool = False
    notes: list = field(default_factory=list)      # responses that are not ok

    @property
    def exit_code(self) -> int:
        """0 when nothing was rejected, else 1."""
        return 1 if self.counts["rejected"] else 0

    def lines(self, language: str, output: str | None = None, forms=None) -> list[str]:
        """What a person reads after the batch, in ``language``; a copy read
        from paper named as on the review sheet (its student or number, its
        pages by file), its form found in ``forms``."""
        from .exporters import status_word
        say = i18n.say
        records = "" if self.records == self.files else say("records", language, n=self.records)
        noun = say("file" if self.files == 1 else "files", language)
        out = [say("summary", language, files=self.files, noun=noun, records=records,
                   **self.counts)
               + (say("summary_wrote", language, path=output) if output else "")]
        if self.reconciled:
            out.append(say("classlist_summary", language, missing=len(self.missing),
                           replaced=self.replaced))
            out += [say("missing_row", language, row=c.line, name=c.stem) for c in self.missing]
        out += [f"  {status_word(r, language)}: {_where(r, forms, language)}: "
                f"{'; '.join(r.messages(language))}" for r in self.notes]
        return out


def _where(resp, forms, language: str) -> str:
    """How a person finds a return: its file; a copy read from paper by its
    student (or number) and its pages per file, as the review sheet names
    it (``exemplaar 7 · stapel.pdf: pagina's 7-9``)."""
    if resp.source != "scan" or not resp.pages or forms is None:
        return resp.file
    from .review import WORDS, copy_title
    form = forms.get(resp.form_id, resp.form_version) if forms is not None else None
    return copy_title(resp, form, WORDS[i18n.lang_key(language)])


def summarize(responses, files: int, missing=None) -> Summary:
    """Count a batch read from ``files`` entries; ``missing``: the class-list
    rows without a return when it was reconciled, else None."""
    return Summary(files=files, records=len(responses),
                   counts={s: sum(r.status == s for r in responses) for s in STATUSES},
                   replaced=sum(r.superseded_by is not None for r in responses),
                   missing=list(missing or []), reconciled=missing is not None,
                   notes=[r for r in responses if r.status != "ok"])
