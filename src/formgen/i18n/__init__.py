"""Words formgen itself prints on forms and in reports, per language: the
form's words here, the problems of files in :mod:`.messages`, what the
command line says in :mod:`.sayings`, the office's outputs in :mod:`.office`.

A form's ``language`` (``nl-NL``) picks the table by its first part; a
content file can override the form words in its ``texts:`` block.
"""

from __future__ import annotations

from .messages import MESSAGES
from .office import OFFICE as OFFICE
from .sayings import SAYINGS, STATUSES

STRINGS: dict[str, dict[str, str]] = {
    "nl": {
        "page": "pagina {page} van {pages}",
        "version": "versie {version}",
        "placeholder": "Klik of tik om tekst in te voeren.",
        "date_hint": "dd-mm-jjjj",
        "date_placeholder": "Klik of tik om een datum in te voeren.",
        "signature_date": "Datum",
        "correction": "Vergist? Kleur het verkeerde vakje helemaal zwart en kruis het goede "
                      "aan.",
        "copy_number": "exemplaar {n}",
    },
    "en": {
        "page": "page {page} of {pages}",
        "version": "version {version}",
        "placeholder": "Click or tap here to enter text.",
        "date_hint": "dd-mm-yyyy",
        "date_placeholder": "Click or tap to enter a date.",
        "signature_date": "Date",
        "correction": "Made a mistake? Fill the wrong box in completely and tick the right "
                      "one.",
        "copy_number": "copy {n}",
    },
}

DEFAULT_LANGUAGE = "en"

#: The placeholders each form word may use; content validation checks them.
PLACEHOLDERS: dict[str, set[str]] = {
    "page": {"page", "pages"}, "version": {"version"}, "placeholder": set(),
    "date_hint": set(), "date_placeholder": set(), "signature_date": set(),
    "correction": set(), "copy_number": {"n"},
}


def has_words(language: str) -> bool:
    """Whether formgen has built-in words for ``language`` (``nl-NL`` -> nl)."""
    return language.split("-")[0].lower() in STRINGS


def lang_key(language: str) -> str:
    key = language.split("-")[0].lower()
    return key if key in STRINGS else DEFAULT_LANGUAGE


def text(form, key: str, **values) -> str:
    """The word ``key`` for ``form``: its own ``texts:`` first, then the table."""
    own = getattr(form.texts, key, None)
    template = own if own is not None else STRINGS[lang_key(form.language)][key]
    return template.format(**values) if values else template


def template_parts(template: str) -> list[tuple[str, str | None]]:
    """``template`` as ``(literal text, placeholder name or None)`` pairs, in
    order, so a renderer can draw ``{page}`` and ``{pages}`` in any order."""
    import string
    return [(lit, name) for lit, name, _, _ in string.Formatter().parse(template)]


def message(code: str, language: str, **values) -> str:
    """A problem message in ``language`` (English when that has no table)."""
    return MESSAGES[lang_key(language)][code].format(**values)


#: Why the system refused, by errno, where the form's language has words for it.
OS_REASONS = {"nl": {28: "geen ruimte meer op de schijf", 13: "geen toestemming",
                     1: "niet toegestaan", 30: "alleen-lezen bestandssysteem",
                     5: "in-/uitvoerfout", 32: "de ontvanger is gesloten", 2: "bestaat niet",
                     122: "quotum overschreden", 27: "bestand te groot"}}


def os_reason(number, text: str, language: str) -> str:
    """The system's reason (an errno) in ``language``, else as the system said it."""
    return OS_REASONS.get(lang_key(language), {}).get(number, text)


def statuses(language: str) -> dict[str, str]:
    """A response's status (and ``superseded``) in ``language``'s words."""
    return {k: say(f"status_{k}", language) for k in STATUSES}


def say(key: str, language: str, **values) -> str:
    """A sentence of the command line in ``language`` (English when that has none)."""
    return SAYINGS[lang_key(language)][key].format(**values)


def columns_taken(taken, language: str) -> list[str]:
    """How a class list's columns were read, a line each (see
    :attr:`formgen.prefill.Plan.taken`)."""
    return [say("columns_taken", language, meaning=meaning,
                columns=" + ".join(say("column", language, letter=letter, name=name)
                                   for name, letter in zip(names, letters)))
            for names, letters, meaning in taken]


