"""The words of the office's outputs (report, review sheet, workbook,
exports), per output and language."""

from __future__ import annotations

from .sayings import SAYINGS, STATUSES


def statuses(language: str) -> dict[str, str]:
    """The statuses in the words of ``language`` (``nl`` or ``en``)."""
    return {k: SAYINGS[language][f"status_{k}"] for k in STATUSES}


#: The words of the office's outputs, per output and language: the report,
#: the review sheet (and why a field needs a person), the workbook, the
#: exports' column names.
OFFICE: dict[str, dict[str, dict]] = {
    "report": {
        "nl": {"title": "Overzicht", "date": "Datum",
               "on_list": "{n} van de {total} op de klaslijst ingeleverd",
               "returns": "{n} ingeleverd en geteld", "missing": "niet ingeleverd: {n}",
               "not_on_list": "niet op de klaslijst: {n}", "blank": "leeg ingeleverd: {n}",
               "rejected": "geweigerd: {n}", "superseded": "vervangen: {n}",
               "code": "Code", "item": "Onderdeel", "total": "Totaal", "none": "geen",
               "filled": "ingevuld", "alone": "{a} zonder {b}", "chart": "Keuzes per item",
               "page": "pagina {page}", "who_missing": "Niet ingeleverd",
               "open": "nog te controleren: {n} (niet meegeteld)"},
        "en": {"title": "Overview", "date": "Date",
               "on_list": "{n} of the {total} on the class list returned",
               "returns": "{n} returned and counted", "missing": "not returned: {n}",
               "not_on_list": "not on the class list: {n}", "blank": "returned blank: {n}",
               "rejected": "refused: {n}", "superseded": "replaced: {n}",
               "code": "Code", "item": "Item", "total": "Total", "none": "none",
               "filled": "filled in", "alone": "{a} without {b}", "chart": "Choices per item",
               "page": "page {page}", "who_missing": "Not returned",
               "open": "still to check: {n} (not counted)"},
    },
    "review": {
        "nl": {"title": "Controleblad scans", "intro": "Per exemplaar de antwoorden die een mens "
               "moet bekijken: de afbeelding uit de scan, wat formgen las en waarom. De cellen zijn "
               "in de werkmap gemarkeerd. Een verbetering die ook in het overzicht moet "
               "meetellen, maak je in een ronde: 'formgen round add' leest de bestanden in, "
               "de controlepagina van de ronde toont deze vragen in de browser.", "field": "Veld", "read": "Gelezen",
               "why": "Waarom", "copy": "exemplaar {n}", "no_name": "exemplaar zonder naam",
               "page": "pagina", "pages": "pagina's",
               "none": "niets gelezen", "yes": "aangekruist", "no": "niet aangekruist",
               "nothing": "Geen enkel exemplaar hoeft gecontroleerd te worden."},
        "en": {"title": "Scan review sheet", "intro": "For each copy, the answers a person must "
               "look at: the image from the scan, what formgen read and why. The cells are marked "
               "in the workbook. For a correction that the overview counts too, use a round: "
               "'formgen round add' reads the files, 'formgen round review' shows these "
               "questions in the browser.", "field": "Field", "read": "Read",
               "why": "Why", "copy": "copy {n}", "no_name": "copy without a name",
               "page": "page", "pages": "pages",
               "none": "nothing read", "yes": "ticked", "no": "not ticked",
               "nothing": "No copy needs checking."},
    },
    "reasons": {
        "nl": {"unsure": "vakje niet duidelijk aangekruist of leeg", "several": "meer dan één "
               "keuze aangekruist", "handwriting": "met de hand geschreven: overtypen",
               "missing_page": "de pagina ontbreekt in de scans",
           "unreadable_page": "de pagina is gescand, maar de code erop is niet te lezen",
           "filled_only": "vakje helemaal ingekleurd, zonder ander kruisje bij deze vraag: "
                          "gekozen of doorgehaald?",
           "scribble": "vakje met een krabbel of zigzag: aangekruist of doorgestreept?",
           "background": "streep, vlek of markeerstift over het vakje: aangekruist of niet?",
           "around": "leeg vakje met inkt ernaast of eromheen (een kruisje naast het vakje, "
                     "een cirkel om meer dan één vakje): gekozen of niet?",
           "misplaced": "de rand van het vakje is niet te zien (gevouwen, gekreukt of "
                        "afgedekt): aangekruist of niet?",
           "whited": "vakje helemaal weg (correctievloeistof, of de rand is verschoven), "
                     "zonder ander duidelijk kruisje bij deze vraag: aangekruist of niet?",
           "code_unclear": "een kolom van het nummer heeft geen of meer dan één rondje "
                           "ingekleurd: lees het nummer",
           "code_not_on_list": "dit nummer staat niet op de klaslijst: wie is het?",
           "code_twice": "dit nummer staat ook op een ander exemplaar: wie is het?"},
        "en": {"unsure": "box neither clearly ticked nor empty", "several": "more than one choice "
               "ticked", "handwriting": "handwritten: type it in",
               "missing_page": "the page is missing from the scans",
           "unreadable_page": "the page was scanned, but its code cannot be read",
           "filled_only": "box coloured in, with no other tick for this question: chosen or "
                          "cancelled?",
           "scribble": "box with a scribble or zig-zag: ticked or struck out?",
           "background": "a streak, stain or highlighter over the box: ticked or not?",
           "around": "empty box with ink beside or round it (a tick beside the box, a circle "
                     "round more than one box): chosen or not?",
           "misplaced": "the box's outline cannot be seen (folded, creased or covered): "
                        "ticked or not?",
           "whited": "the box is gone (correction fluid, or its outline moved), with no "
                     "other clear tick for this question: ticked or not?",
           "code_unclear": "a column of the number has no circle or several coloured in: "
                           "read the number",
           "code_not_on_list": "this number is not on the class list: who is it?",
           "code_twice": "this number is on another copy too: who is it?"},
    },
    "workbook": {
        "nl": {"answers": "Antwoorden", "fields": "Velden", "overview": "Overzicht",
               "students": "Per deelnemer", "check": "Controle", "file": "Bestand",
               "status": "Status", "form": "Formulier", "copy": "Kopie", "problems": "Problemen",
               "superseded_by": "Vervangen door", "label": "Label", "id": "Id", "type": "Type",
               "section": "Onderdeel", "item": "Item", "code": "Code", "title": "Titel",
               "none": "geen", "filled": "ingevuld", "alone": "{a} zonder {b}", "total": "Totaal", "per_section": "Per onderdeel",
               "missing": "Niet ingeleverd", "row": "Rij klaslijst", "name": "Naam",
               "returns": "Ingeleverd", "chart": "Keuzes per item",
               "true": "WAAR", "false": "ONWAAR", "decisions": "Beslissingen",
               "return": "Inzending", "student": "Deelnemer", "field": "Veld",
               "value": "Waarde", "decided_by": "Besloten door", "decided_at": "Op",
               "round_decisions": {"_return": "Hele inzending"},
               "round_values": {"accepted": "goedgekeurd zoals gelezen", "refused": "geweigerd",
                                "": "weigering ongedaan gemaakt"},
               "statuses": statuses("nl")},
        "en": {"answers": "Answers", "fields": "Fields", "overview": "Overview",
               "students": "Per student", "check": "Check", "file": "File", "status": "Status",
               "form": "Form", "copy": "Copy", "problems": "Problems", "superseded_by": "Replaced by",
               "label": "Label", "id": "Id", "type": "Type", "section": "Section", "item": "Item",
               "code": "Code", "title": "Title", "none": "none", "filled": "filled in", "alone": "{a} without {b}",
               "total": "Total", "per_section": "Per section", "missing": "Not returned",
               "row": "Class-list row", "name": "Name", "returns": "Returned",
               "chart": "Choices per item", "true": "TRUE", "false": "FALSE",
               "decisions": "Decisions", "return": "Return", "student": "Student",
               "field": "Field", "value": "Value", "decided_by": "Decided by", "decided_at": "At",
               "round_decisions": {"_return": "Whole return"},
               "round_values": {"accepted": "accepted as read", "refused": "refused",
                                "": "refusal undone"},
               "statuses": statuses("en")},
    },
    "round": {
        "nl": {"created": "Ronde gemaakt in {dir}: {form}{classlist}.",
               "with_classlist": ", klaslijst {name} ({n} deelnemers)",
               "imported": "ingelezen", "to_check": "te controleren", "refused": "geweigerd",
               "replaced": "vervangen", "skipped": "overgeslagen",
               "known": "al in de ronde (als {name})",
               "added": "{new} nieuw, {known} al in de ronde, {refused} geweigerd, "
                        "{skipped} overgeslagen.",
               "status": "{returned} ingeleverd, {to_check} te controleren ({fields} velden), "
                         "{refused} geweigerd, {replaced} vervangen.",
               "missing": "Niet ingeleverd ({n}): {names}", "nobody_missing": "Iedereen heeft "
               "ingeleverd.", "decided": "{field} = {value} (besloten door {user})",
               "forgot": "{name} vergeten: {returns} inzendingen, {pages} pagina's, {decisions} "
                         "beslissingen en de rij op de klaslijst zijn uit de ronde verwijderd.",
               "forgot_none": "Niets van {name} gevonden in de ronde.",
               "serving": "Controlepagina: {url}\nDruk op Ctrl+C om te stoppen.",
               "empty": "leeg", "yes": "aangekruist", "no": "niet aangekruist",
               "page_title": "Controleren", "queue": "Nog te controleren: {n}",
               "nothing": "Er is niets meer te controleren.", "next": "Volgende",
               "previous": "Vorige", "accept": "Alles goedkeuren zoals gelezen",
               "refuse": "Inzending weigeren", "reopen": "Weigeren ongedaan maken",
               "read": "Gelezen", "why": "Waarom", "typed": "Ingevuld",
               "assign": "Welke deelnemer is dit?",
               "search": "Zoek deelnemer (naam of nummer)", "choose": "Kies",
               "saved": "opgeslagen", "by": "door {user} op {at}",
               "decided_fields": "Al besloten", "no_image": "geen afbeelding",
               "keys": "Toetsen: 1–9 kiest een antwoord, 0 is leeg, Tab gaat naar het "
                       "volgende veld, N en P naar de volgende en vorige inzending, / zoekt "
                       "een deelnemer.",
               "files": "Bestanden", "pages": "pagina's", "page": "pagina", "done": "Klaar", "student": "Deelnemer",
               "unknown_student": "onbekende deelnemer", "refused_note": "geweigerd",
               "error": "Niet opgeslagen: {error}"},
        "en": {"created": "Round made in {dir}: {form}{classlist}.",
               "with_classlist": ", class list {name} ({n} students)",
               "imported": "imported", "to_check": "to check", "refused": "refused",
               "replaced": "replaced", "skipped": "skipped",
               "known": "already in the round (as {name})",
               "added": "{new} new, {known} already in the round, {refused} refused, "
                        "{skipped} skipped.",
               "status": "{returned} returned, {to_check} to check ({fields} fields), "
                         "{refused} refused, {replaced} replaced.",
               "missing": "Not returned ({n}): {names}", "nobody_missing": "Everyone returned.",
               "decided": "{field} = {value} (decided by {user})",
               "forgot": "{name} forgotten: {returns} returns, {pages} pages, {decisions} "
                         "decisions and the class-list row are gone from the round.",
               "forgot_none": "Nothing of {name} found in the round.",
               "serving": "Review page: {url}\nPress Ctrl+C to stop.",
               "empty": "empty", "yes": "ticked", "no": "not ticked",
               "page_title": "Review", "queue": "Still to check: {n}",
               "nothing": "Nothing is left to check.", "next": "Next",
               "previous": "Previous", "accept": "Accept all as read",
               "refuse": "Refuse this return", "reopen": "Undo refusal",
               "read": "Read", "why": "Why", "typed": "Filled in",
               "assign": "Which student is this?",
               "search": "Find a student (name or number)", "choose": "Choose",
               "saved": "saved", "by": "by {user} at {at}",
               "decided_fields": "Decided already", "no_image": "no image",
               "keys": "Keys: 1–9 picks an answer, 0 is empty, Tab goes to the next field, "
                       "N and P to the next and previous return, / finds a student.",
               "files": "Files", "pages": "pages", "page": "page", "done": "Done", "student": "Student",
               "unknown_student": "unknown student", "refused_note": "refused",
               "error": "Not saved: {error}"},
    },
    "export": {
        "nl": {"file": "Bestand", "status": "Status", "form_id": "Formulier",
               "form_version": "Versie", "problems": "Problemen", "answers": "Antwoorden",
               "report": "Verslag", "to_check": "te controleren"},
        "en": {"file": "File", "status": "Status", "form_id": "Form", "form_version": "Version",
               "problems": "Problems", "answers": "Answers", "report": "Report",
               "to_check": "to check"},
    },
}
