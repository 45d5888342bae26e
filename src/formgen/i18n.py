"""Words formgen itself prints on forms and in reports, per language.

A form's ``language`` (``nl-NL``) picks the table by its first part; a
content file can override the form words in its ``texts:`` block.
"""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "nl": {
        "page": "pagina {page} van {pages}",
        "version": "versie {version}",
    },
    "en": {
        "page": "page {page} of {pages}",
        "version": "version {version}",
    },
}

DEFAULT_LANGUAGE = "en"


def lang_key(language: str) -> str:
    key = language.split("-")[0].lower()
    return key if key in STRINGS else DEFAULT_LANGUAGE


def text(form, key: str, **values) -> str:
    """The word ``key`` for ``form``: its own ``texts:`` first, then the table."""
    own = getattr(form.texts, key, None)
    template = own if own is not None else STRINGS[lang_key(form.language)][key]
    return template.format(**values)
