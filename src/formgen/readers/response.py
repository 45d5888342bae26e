"""What one returned file said (a :class:`Response`, its :class:`Problem`
list), and the checks every return gets once its values are known
(:func:`check`): shared by the file readers and the scan reader, so
neither imports the other."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from .. import i18n
from ..names import row_field_id


@dataclass
class Problem:
    """One thing a clerk should know about a file: ``code`` indexes
    :data:`formgen.i18n.MESSAGES`, ``params`` fill its words."""

    code: str
    params: dict = field(default_factory=dict)
    field: str | None = None

    def text(self, language: str) -> str:
        text = i18n.message(self.code, language, **self.params)
        if "trace" in self.params and os.environ.get("FORMGEN_DEBUG"):
            text += f" [{self.params['trace']}]"
        return text


@dataclass
class Response:
    """What one returned file said, and what is wrong with it.

    ``status`` is ``ok`` (no problems), ``warning`` (imported, but a human
    should look), ``rejected`` (nothing imported; ``problems`` says why) or
    ``skipped`` (not a returned form at all, such as a Word lock file).
    ``values`` maps field ids to ``str`` (text), ``bool`` (checkbox) or the
    chosen option's value / ``None`` (choice).
    """

    file: str
    status: str = "ok"
    form_id: str | None = None
    form_version: str | None = None
    values: dict = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    language: str = "en"
    #: A prefilled copy's own id, and the class-list columns that came with it.
    copy_id: str | None = None
    extra: dict = field(default_factory=dict)
    #: Set by reconciling with a class list: the file that replaces this one.
    superseded_by: str | None = None
    #: ``file`` (a fillable PDF, Word or OpenDocument file) or ``scan`` (paper).
    source: str = "file"
    #: A scanned copy's pages (``stapel.pdf#4``), and the fields a person
    #: must check (field id -> reason: unsure, several, handwriting,
    #: missing_page), with the image of each (PNG bytes, not exported).
    pages: list = field(default_factory=list)
    review: dict = field(default_factory=dict)
    crops: dict = field(default_factory=dict)
    #: A scan file, before the batch groups its pages into copies
    #: (status ``scan``): its kind, page count and pages as read.
    scan_kind: str | None = None
    scan_total: int = 0
    scan_pages: list = field(default_factory=list)
    #: The file's path as the system gave it (``file`` is how it is shown:
    #: bytes that are not UTF-8 and control characters escaped).
    path: str | None = field(default=None, repr=False)
    #: In a round (:mod:`formgen.round`): the return's stable id, its file's
    #: time (when ``path`` is gone), the fields still to check (field id ->
    #: reason code) and what a person decided (field id -> value, user, time).
    id: str | None = None
    mtime: float | None = field(default=None, repr=False)
    open: dict = field(default_factory=dict)
    decided: dict = field(default_factory=dict)

    def messages(self, language: str | None = None) -> list[str]:
        return [p.text(language or self.language) for p in self.problems]

    def to_dict(self, language: str | None = None) -> dict:
        out = {"file": self.file, "status": self.status, "form_id": self.form_id,
               "form_version": self.form_version, "copy": self.copy_id, "extra": self.extra,
               "values": self.values, "problems": self.messages(language),
               "superseded_by": self.superseded_by, "source": self.source}
        if self.source == "scan":
            out["pages"] = list(self.pages)
            out["review"] = list(self.review)
        if self.id is not None:        # a round's return: its id, what is open, who decided
            out["id"] = self.id
            out["open"] = dict(self.open)
            out["decided"] = {k: dict(v) for k, v in self.decided.items()}
        return out

    def add(self, code: str, field_id: str | None = None, **params) -> None:
        problem = Problem(code, params, field_id)
        if problem in self.problems:          # one message per problem
            return
        self.problems.append(problem)
        if self.status == "ok":
            self.status = "warning"

    def reject(self, code: str, **params) -> "Response":
        self.problems.append(Problem(code, params))
        self.status = "rejected"
        self.values = {}
        return self

    def drop(self, code: str, fields=None) -> None:
        """Remove the problems of kind ``code`` (resolved; only those on
        ``fields`` when given), and say ok if none is left."""
        self.problems = [p for p in self.problems
                         if p.code != code or (fields is not None and p.field not in fields)]
        if self.status == "warning" and not self.problems:
            self.status = "ok"

    def skip(self, code: str, **params) -> "Response":
        """Not a return at all (a lock file, a system file): reported, not read."""
        self.problems.append(Problem(code, params))
        self.status = "skipped"
        return self


def check(form, resp: Response) -> None:
    """What only the whole return shows: nothing filled in, a required
    field empty, a column filled without its partner."""
    values = resp.values
    filled = {ff.id: ff.spec.is_filled(values.get(ff.id)) for ff in form.all_fields()}
    answers = [ff.id for ff in form.all_fields() if ff.item is not None] or \
        [ff.id for ff in form.all_fields() if ff.id not in form.key_fields]
    if answers and not any(filled[a] for a in answers):
        resp.add("blank")
    # A field that has a problem of its own (two choices ticked, say) gets no
    # second message for being empty because of it.
    flagged = {p.field for p in resp.problems if p.field} | set(resp.review)
    for ff in form.all_fields():
        if ff.spec.required and not filled[ff.id] and ff.id not in flagged:
            resp.add("required", ff.id, label=ff.label)
        ff.spec.check_return(ff, values, resp)
    if answers and not any(filled[a] for a in answers):
        return                       # a blank return: nothing to count
    for section in form.sections:
        bases = [form.item_id(item) for item in section.items]
        if not bases:
            continue                 # a section of free fields has no table to count
        for column in form.section_columns(section):
            column.check_column(column.label.rstrip("*").strip(),
                                [values.get(row_field_id(b, column.id)) for b in bases], resp)
    for section in form.sections:
        for item in section.items:
            base = form.item_id(item)
            for column in form.section_columns(section):
                if not column.together_with:
                    continue
                a = row_field_id(base, column.id)
                b = row_field_id(base, column.together_with)
                if filled[a] != filled[b] and a not in flagged and b not in flagged:
                    done, empty = (a, b) if filled[a] else (b, a)
                    resp.add("together", done, label=form.field(done).label,
                             other=form.field(empty).label)
