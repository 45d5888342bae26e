"""A return's values as every office output carries them (shared by the
exports and the workbook, so neither imports the other)."""

from __future__ import annotations

from .. import i18n

#: The export's column words, per language.
LABELS = i18n.OFFICE["export"]


def exported(resp, forms, open_word: bool = True, as_text: bool = False) -> dict:
    """A response's values as every export carries them (each field type's
    ``export``: ISO dates, numbers, booleans, option values, text, lists);
    ``as_text``: as one CSV cell each (the type's ``text`` of it)."""
    form = forms.get(resp.form_id, resp.form_version) if forms is not None else None
    index = form.field_index if form is not None else {}
    out = {k: (index[k].spec.export(v) if k in index and v is not None else v)
           for k, v in resp.values.items()}
    if as_text:
        out = {k: (index[k].spec.text(v) if k in index and v is not None else v)
               for k, v in out.items()}
    if resp.open and open_word:    # a round: what a person has not decided yet is no answer
        word = LABELS[i18n.lang_key(form.language if form else forms.language)]["to_check"]
        out.update({k: word for k in resp.open if k in out})
    return out
