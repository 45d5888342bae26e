"""Class lists as school systems export them.

EduArte, Magister and Osiris each name the same columns their own way
(``deelnemernummer``/``Stamnummer``/``studentnummer``, ``roepnaam``,
``tussenvoegsel``/``voorvoegsels``, ``achternaam``, ``klas``/``groep``),
split a student's name into parts, and save CSV files in UTF-8 with or
without a byte-order mark, or in Windows-1252 when Dutch Excel saved them.
This module takes them as they come: it decodes the bytes (UTF-8 first,
else the encoding ``charset-normalizer`` detects), and before the columns
are matched to a form's fields it composes the name from its parts as the
school writes it (``Jan van der Berg``) and gives the student number, the
class and the e-mail address one name each. What it took for what is said,
so a clerk can check it.
"""

from __future__ import annotations

from dataclasses import replace

#: Column names, as keys (case, spaces and a trailing ``:`` aside), by meaning.
SYNONYMS: dict[str, set[str]] = {
    "name": {"naam", "naam deelnemer", "naam student", "naam leerling", "volledige naam",
             "studentnaam", "deelnemer", "name", "full name", "student name"},
    "first": {"roepnaam", "voornaam", "voornamen", "first name", "given name", "firstname"},
    "prefix": {"tussenvoegsel", "tussenvoegsels", "voorvoegsel", "voorvoegsels", "prefix",
               "infix"},
    "last": {"achternaam", "last name", "surname", "family name", "lastname"},
    "number": {"studentnummer", "studentnr", "student nr", "deelnemernummer", "deelnemernr",
               "stamnummer", "stamnr", "leerlingnummer", "leerlingnr", "student number",
               "student id", "studentid", "ovnummer", "ov-nummer"},
    "class": {"klas", "groep", "lesgroep", "klasgroep", "class", "group"},
    "email": {"e-mail", "email", "e-mailadres", "emailadres", "mail", "e-mail address"},
}

#: What a column of each meaning is called when it is kept beside the form's fields.
CANONICAL = {"nl": {"number": "studentnummer", "class": "klas", "email": "e-mail"},
             "en": {"number": "student number", "class": "class", "email": "e-mail"}}


def key(text: str) -> str:
    return " ".join(text.replace("*", "").rstrip(":").split()).casefold()


def decode(data: bytes) -> tuple[str, str]:
    """The text of a CSV file and the encoding it was read in: UTF-8 (with or
    without a byte-order mark, or UTF-16 with one), else what
    ``charset-normalizer`` finds (Windows-1252 for Dutch Excel's "CSV")."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes
    best = from_bytes(data, cp_isolation=["cp1252", "iso8859_15", "cp850", "utf_16"]).best()
    if best is None:
        raise UnicodeDecodeError("utf-8", data, 0, 1, "no encoding fits")
    return str(best), best.encoding


def normalize(form, classlist):
    """``classlist`` with its columns named for ``form``: the name composed
    from its parts (or a ``Naam`` column) under the form's name field, the
    student number, class and e-mail under one name each (the form's field
    of that name if it has one). Returns the class list and what was taken
    for what, as ``(column indexes, meaning)`` pairs."""
    from .i18n import lang_key
    words = CANONICAL[lang_key(form.language)]
    header = list(classlist.header)
    known = set()
    for ff in form.field_index.values():
        known |= {key(ff.id), key(ff.label), key(ff.spec.label)}
    meaning: dict[int, str] = {}
    for i, head in enumerate(header):
        k = key(head)
        if k in known:
            continue
        for what, names in SYNONYMS.items():
            if k in names:
                meaning.setdefault(i, what)
                break
    taken: list[tuple[list[int], str]] = []
    target = _name_field(form)
    rows = [list(r) for r in classlist.rows]
    drop: set[int] = set()
    if target is not None and not any(key(h) in {key(target.id), key(target.label),
                                                    key(target.spec.label)} for h in header):
        whole = [i for i, m in meaning.items() if m == "name"]
        parts = {m: [i for i, mm in meaning.items() if mm == m] for m in ("first", "prefix", "last")}
        if whole:
            header[whole[0]] = target.spec.label
            taken.append(([whole[0]], target.spec.label))
        elif parts["last"] and (parts["first"] or parts["prefix"]):
            order = parts["first"][:1] + parts["prefix"][:1] + parts["last"][:1]
            for row in rows:
                row += [""] * (len(header) - len(row))
                row.append(compose([row[i] for i in order]))
            header.append(target.spec.label)
            drop |= set(order)
            taken.append((order, target.spec.label))
    for what in ("number", "class", "email"):
        found = [i for i, m in meaning.items() if m == what]
        if not found:
            continue
        field = _field_for(form, what)
        name = field.spec.label if field is not None else words[what]
        if key(header[found[0]]) == key(name):
            continue                     # named so already (in its own capitals)
        header[found[0]] = name
        taken.append(([found[0]], name))
    if drop:
        keep = [i for i in range(len(header)) if i not in drop]
        header = [header[i] for i in keep]
        rows = [[r[i] if i < len(r) else "" for i in keep] for r in rows]
    return replace(classlist, header=header, rows=rows), taken


def compose(parts: list[str]) -> str:
    """A name from its parts as the school writes it: ``Jan van der Berg``;
    no space after a prefix that ends in an apostrophe (``Zoë d’Hondt``)."""
    out = ""
    for part in (p.strip() for p in parts):
        if part:
            out += part if not out or out.endswith(("’", "'")) else " " + part
    return out


def name_fields(form) -> list[str]:
    """The fields that name a student: the form's key fields, else its
    first text field."""
    return form.key_fields or [f.id for f in form.all_fields() if f.spec.names_student][:1]


def _name_field(form):
    ids = name_fields(form)
    return form.field_index.get(ids[0]) if ids else None


def _field_for(form, what: str):
    for ff in form.field_index.values():
        if key(ff.spec.label) in SYNONYMS[what] or key(ff.id) in SYNONYMS[what]:
            return ff
    return None
