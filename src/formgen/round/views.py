"""What a round's store says now: every return with its decisions applied.

:func:`load` rebuilds the returns from the store each time (the scanned
pages of all files grouped into copies, so that a copy whose pages arrived
in different ``add`` runs is one copy), gives each a stable id, applies
what a person decided, reconciles with the class list and marks what is
still open. Every output of a round (status, export, report, the review
page) is a view of this one result.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from ..readers.core import FormSet, Response
from .records import decode
from .store import Store

#: A decision on a whole return (its value: ``accepted``, ``refused`` or ``""``).
RETURN = "_return"
#: A decision tying a return to a class-list row (its value: the row's copy id).
STUDENT = "_student"
#: Problems on a field that are the student's answer, not doubt about it:
#: they do not make the field open.
ANSWERED = frozenset({"required", "together", "duplicate", "not_on_list", "superseded"})


@dataclass
class RoundView:
    store: Store
    forms: FormSet
    form: object
    responses: list[Response]
    classlist: object | None = None
    #: The class list's rows (each a formgen.prefill.Copy) and those without a return.
    rows: list = field(default_factory=list)
    missing: list = field(default_factory=list)

    def get(self, return_id: str) -> Response | None:
        return next((r for r in self.responses if r.id == return_id), None)

    @property
    def returns(self) -> list[Response]:
        """The records that are returns of the form (not refused pages, not skipped files)."""
        return [r for r in self.responses if r.form_id and r.status not in ("skipped",)]

    def unidentified(self, resp: Response) -> bool:
        """A return the class list does not know (only with a class list)."""
        return self.classlist is not None and any(p.code == "not_on_list" for p in resp.problems)

    def state(self, resp: Response) -> str:
        """``refused``, ``replaced``, ``to_check`` or ``imported``."""
        if resp.status in ("rejected", "skipped"):
            return "refused"
        if resp.superseded_by:
            return "replaced"
        if resp.open or self.unidentified(resp):
            return "to_check"
        return "imported"

    def to_check(self) -> list[Response]:
        """Returns a person must look at, most doubtful first: unidentified
        copies, then by the number of open fields."""
        todo = [r for r in self.responses if self.state(r) == "to_check"]
        return sorted(todo, key=lambda r: (not self.unidentified(r), -len(r.open), r.file))

    def student(self, resp: Response) -> str:
        """Who a return is, as a clerk says it: the name, else the copy's number."""
        from .. import i18n
        from ..names import copy_number
        who = " · ".join(str(resp.values[k]) for k in self.form.key_fields if resp.values.get(k))
        row = next((c for c in self.rows if resp.copy_id and c.copy_id == resp.copy_id), None)
        if row is not None and (not who or resp.status == "rejected"):
            who = row.stem                  # a refused copy is not matched, but still theirs
        if who and not self.unidentified(resp):
            return who
        w = i18n.OFFICE["round"][i18n.lang_key(self.form.language)]
        number = copy_number(resp.copy_id)
        more = [x for x in (who, number and i18n.OFFICE["review"][i18n.lang_key(
            self.form.language)]["copy"].format(n=number)) if x]
        return f"{w['unknown_student']} ({', '.join(more)})" if more else w["unknown_student"]

    def crop(self, resp: Response, field_id: str) -> bytes | None:
        ref = resp.crops.get(field_id)
        return None if ref is None else self.store.crop(ref.file_id, ref.page, field_id)


def return_id(resp: Response) -> str:
    """A return's id, the same in every view: a scanned copy's own id (its
    pages may come from several files), else the file (and page) it is."""
    if resp.source == "scan" and resp.copy_id and resp.form_id:
        key = f"copy\n{resp.form_id}\n{resp.copy_id}"
    else:
        key = f"file\n{resp.file}"
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:8]


def load_form(store: Store):
    from ..content import loads_form
    name, data = store.source("content")
    logo = store.source("logo")
    return loads_form(data.decode("utf-8"), name, files=dict([logo]) if logo else None)


def load_classlist(store: Store):
    import json

    from ..prefill import ClassList
    found = store.source("classlist")
    if found is None:
        return None
    table = json.loads(found[1])
    return ClassList(found[0], table["header"], table["rows"], table["lines"])


def load(store: Store) -> RoundView:
    from ..readers.batch import flag_duplicates
    form = load_form(store)
    forms = FormSet([form])
    classlist = load_classlist(store)
    responses = []
    for file_id, name, mtime, _added, record in store.files():
        resp = decode(file_id, name, mtime, record)
        resp.language = form.language
        responses.append(resp)
    if any(r.status == "scan" for r in responses):
        from ..readers.scan import assemble
        mtimes = {r.file: r.mtime for r in responses}
        responses = assemble(responses, forms)
        for r in responses:       # a copy is as new as the file its first page came from
            r.mtime = mtimes.get(r.file.rsplit("#", 1)[0], r.mtime)
    flag_duplicates(responses, forms)
    for resp in responses:
        resp.id = return_id(resp)
    view = RoundView(store, forms, form, responses, classlist)
    rows = []
    if classlist is not None:
        from ..prefill import plan
        rows = plan(form, classlist, ignore_unknown=True).copies
    view.rows = rows
    decisions = store.decisions()
    for resp in responses:
        _apply(resp, decisions.get(resp.id, {}), form, rows)
    if classlist is not None:
        from ..office.planning import reconcile
        view.missing = reconcile(responses, classlist, form).missing
    for resp in responses:
        _open(resp, decisions.get(resp.id, {}), form)
    return view


def restore(ff, value):
    """A decided value (as exported) back as the field's value."""
    if value is None or value == "":
        return ff.spec.empty()
    try:
        return ff.spec.check(value)
    except (ValueError, TypeError):
        return value


def _apply(resp: Response, decided: dict, form, rows) -> None:
    """What a person decided on this return, before it is reconciled: the
    values, the student it is, whether it is refused."""
    if resp.form_id != form.id:
        return
    row_id = decided.get(STUDENT, {}).get("value")
    row = next((c for c in rows if c.copy_id == row_id), None) if row_id else None
    if row is not None:
        resp.copy_id = row.copy_id
        for k in form.key_fields:
            if k in row.values:
                resp.values[k] = row.values[k]
                resp.review.pop(k, None)
                resp.decided[k] = {**decided[STUDENT], "value": row.values[k]}
        resp.decided[STUDENT] = decided[STUDENT]
        resp.drop("duplicate")
    for field_id, entry in decided.items():
        ff = form.field_index.get(field_id)
        if ff is None:
            continue
        resp.values[field_id] = restore(ff, entry["value"])
        resp.review.pop(field_id, None)
        resp.decided[field_id] = entry
        resp.problems = [p for p in resp.problems if p.field != field_id]
    verdict = decided.get(RETURN, {})
    if verdict.get("value") == "refused":
        resp.decided[RETURN] = verdict
        resp.status = "rejected"
        resp.add("refused_by_person", user=verdict["user"])


def _open(resp: Response, decided: dict, form) -> None:
    """The fields still to check: doubt from paper, or a problem with a
    field's value in a file; a return accepted as a whole has none."""
    if resp.status not in ("ok", "warning") or resp.superseded_by:
        resp.open = {}
        return
    found = dict(resp.review)
    for p in resp.problems:
        if p.field and p.code not in ANSWERED:
            found.setdefault(p.field, p.code)
    found = {f: why for f, why in found.items() if f not in resp.decided}
    verdict = decided.get(RETURN, {})
    if verdict.get("value") == "accepted":
        for f in found:
            ff = form.field_index.get(f)
            value = resp.values.get(f)
            resp.decided[f] = {**verdict, "value": ff.spec.export(value)
                               if ff is not None and value is not None else value}
        found = {}
        resp.decided[RETURN] = verdict
    resp.open = found
    if any(p.code == "scan_review" for p in resp.problems):
        resp.drop("scan_review")
        if found:
            resp.add("scan_review", count=len(found))

