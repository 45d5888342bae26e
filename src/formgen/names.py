"""The names renderers and readers share, so that they cannot drift apart.

A rendered form and the reader of its returns agree on these and nothing
else: how a row's field id is made, how one answer of a choice is tagged in
Word, the hidden identity field, the words that stand in an empty field.
"""

from __future__ import annotations

#: The hidden read-only PDF field (and Word document property) that carries
#: the form's identity ``id|version|hash``.
IDENTITY_FIELD = "formgen_identity"
#: The hidden read-only PDF field (and Word document description) that carries
#: a prefilled copy's own id and the class-list columns that travel with it.
COPY_FIELD = "formgen_copy"
#: The word before a copy's data in a Word or OpenDocument description.
COPY_KEYWORD = "formgen-copy"
#: The word before the identity in the document keywords: ``formgen id|version|hash``.
IDENTITY_KEYWORD = "formgen"
#: The on-state name of every checkbox.
CHECKBOX_ON = "Yes"
#: The PDF state name for "not ticked", "nothing chosen".
OFF = "Off"
#: What a QR code on a page starts with.
QR_PREFIX = "formgen:"


def row_field_id(item_id: str, column_id: str) -> str:
    """The id of a table row's field: ``<item id>_<column id>`` (``wp1_1_wens``)."""
    return f"{item_id}_{column_id}"


def choice_tag(field_id: str, value: str) -> str:
    """The Word ``w:tag`` of one answer of a choice: ``wp1_1_niveau=G``."""
    return f"{field_id}={value}"


def split_tag(tag: str) -> tuple[str, str]:
    """``(field id, option value)`` of a Word tag; the value is ``""`` for a
    control that is a whole field."""
    field_id, _, option = tag.partition("=")
    return field_id, option


def identity_keywords(identity: str) -> str:
    """The document keywords that carry ``identity``."""
    return f"{IDENTITY_KEYWORD} {identity}"


def find_identity(text: str | None) -> str | None:
    """The ``id|version|hash`` word in keywords or a field value, if any."""
    for word in (text or "").split():
        if word.count("|") == 2:
            return word
    return None


def parse_identity(identity: str) -> tuple[str, str, str]:
    """``(form id, version, content hash)``; missing parts are ``""``."""
    parts = (identity or "").split("|") + ["", "", ""]
    return parts[0], parts[1], parts[2]


def qr_text(form_id: str, version: str, page: int, copy_id: str | None = None) -> str:
    """What the QR code on page ``page`` (1-based) says:
    ``formgen:<form id>|<version>|p<page>`` and, on a copy of a print pack,
    ``|<copy id>``."""
    text = f"{QR_PREFIX}{form_id}|{version}|p{page}"
    return f"{text}|{copy_id}" if copy_id else text


def parse_qr(text: str | None) -> tuple[str, str, int, str | None] | None:
    """``(form id, version, page, copy id or None)`` from what :func:`qr_text`
    wrote; None for any other text."""
    if not text or not text.startswith(QR_PREFIX):
        return None
    parts = text[len(QR_PREFIX):].split("|")
    if len(parts) not in (3, 4) or not parts[2][:1] == "p" or not parts[2][1:].isdigit():
        return None
    page = int(parts[2][1:])
    if not parts[0] or not 1 <= page <= 999:
        return None
    return parts[0], parts[1], page, (parts[3] or None) if len(parts) == 4 else None


def placeholder_words() -> set[str]:
    """Every placeholder text formgen writes into an empty Word control, in
    every language: text equal to one of them counts as empty on reading."""
    from .i18n import STRINGS
    return {table[key] for table in STRINGS.values()
            for key in ("placeholder", "date_placeholder") if key in table}


def copy_text(copy_id: str, extra: dict[str, str]) -> str:
    """A prefilled copy's id and extra class-list columns, as stored in the file."""
    import json
    return json.dumps({"copy": copy_id, "extra": extra}, ensure_ascii=False,
                      separators=(",", ":"))


def parse_copy(text: str | None) -> tuple[str | None, dict[str, str]]:
    """``(copy id, extra columns)`` from what :func:`copy_text` wrote; anything
    else (absent, edited, damaged) is ``(None, {})``."""
    import json
    if not text:
        return None, {}
    text = text.strip()
    if text.startswith(COPY_KEYWORD):
        text = text[len(COPY_KEYWORD):].strip()
    try:
        data = json.loads(text)
    except ValueError:
        return None, {}
    if not isinstance(data, dict) or not isinstance(data.get("copy"), str):
        return None, {}
    extra = data.get("extra") if isinstance(data.get("extra"), dict) else {}
    return data["copy"][:64], {str(k)[:200]: str(v)[:1000] for k, v in list(extra.items())[:50]}


def copy_number(copy_id: str | None) -> int | None:
    """The number of a print pack's numbered copy (``n<batch><number>``), else None."""
    if copy_id and copy_id.startswith("n") and len(copy_id) >= 4 and copy_id[-3:].isdigit():
        return int(copy_id[-3:])
    return None
