"""Words formgen itself prints on forms and in reports, per language.

A form's ``language`` (``nl-NL``) picks the table by its first part; a
content file can override the form words in its ``texts:`` block.
"""

from __future__ import annotations

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


#: Problems found in returned files, by code. ``{...}`` are filled per file.
MESSAGES: dict[str, dict[str, str]] = {
    "nl": {
        "too_large": "het bestand is groter dan {limit} MB",
        "empty": "het bestand is leeg",
        "not_a_form_file": "geen formulier: geen PDF-, Word- of OpenDocument-bestand",
        "scan_extra": "een foto of scan: om scans te lezen is het onderdeel scan van formgen "
                      "nodig (.venv/bin/pip install 'formgen-forms[scan]'); of handmatig "
                      "invoeren",
        "too_many_pages": "de scan heeft meer dan {limit} pagina's",
        "scan_review": "van papier gelezen: {count} antwoord(en) controleren "
                       "(zie het controleblad)",
        "page_missing": "pagina {page} van dit exemplaar ontbreekt in de scans",
        "page_unreadable_in_copy": "pagina {page} van dit exemplaar is gescand ({source}), maar "
                                   "de code erop is niet te lezen: controleer de antwoorden met "
                                   "het papier, of scan de pagina opnieuw",
        "scan_twice": "pagina {page} is twee keer gescand ({sources}); de eerste telt",
        "no_qr": "{source}: geen QR-code van formgen gevonden (geen formgen-formulier, of de "
                 "code midden onderaan de pagina is niet (goed) gescand)",
        "page_unknown_form": "{source}: pagina van een onbekend formulier ({detail}); geef het "
                             "inhoudsbestand op met --content",
        "page_unreadable": "{source}: de pagina kan niet gelezen worden",
        "page_two_pages": "{source}: twee formgen-pagina's in één afbeelding (als een boek "
                          "gescand?); niet gelezen: scan elke pagina apart",
        "page_timeout": "{source}: het lezen van de pagina duurde te lang en is afgebroken",
        "blank_pages": "overgeslagen: lege pagina's ({sources})",
        "bitonal": "in zwart-wit (1 bit) gescand: lichte kruisjes kunnen weggevallen zijn, dus "
                   "de lege vakjes staan op het controleblad; scan liever opnieuw in "
                   "grijstinten",
        "grouped_by_order": "de pagina's van dit exemplaar hebben geen eigen nummer: ze zijn op "
                            "volgorde bij elkaar gezet; controleer of ze van één deelnemer zijn",
        "unreadable": "het bestand kan niet geopend worden (rechten?)",
        "not_regular": "overgeslagen: geen gewoon bestand (een pijp, apparaat of socket)",
        "link_loop": "een snelkoppeling die in een kringetje wijst; niet gevolgd",
        "link_dangling": "een snelkoppeling naar iets dat niet (meer) bestaat",
        "link_outside": "een snelkoppeling naar iets buiten de map ({target}); niet gevolgd "
                        "(lees het bestand zelf, of geef --follow-links)",
        "link_folder_inside": "overgeslagen: een snelkoppeling naar een map die hier al "
                              "gelezen wordt",
        "folder_unreadable": "deze map kan niet geopend worden ({reason}); de bestanden erin "
                             "zijn niet gelezen",
        "internal": "kon niet gelezen worden: interne fout; het bestand is bewaard voor onderzoek",
        "mixed_controls": "een invulveld staat in het bestand als twee soorten velden; alleen "
                          "het eerste is gelezen: controleer de antwoorden met het bestand zelf",
        "repeated_control": "een invulveld staat meer dan eens in het bestand, met "
                            "verschillende waarden; het eerste telt: controleer de antwoorden "
                            "met het bestand zelf",
        "text_too_large": "een tekst in het bestand is groter dan 10 MB; niet gelezen",
        "value_not_shown": "{label}: het bestand geeft een keuze op die het niet toont; "
                           "overgenomen: controleer hem met het bestand zelf",
        "cut_for_excel": "{label} is langer dan een Excel-cel kan tonen ({limit} tekens) en is "
                         "hier ingekort; de hele tekst staat in de JSON-uitvoer",
        "undecodable_text": "{label}: de tekst is in het bestand beschadigd en is overgenomen "
                            "zoals hij er staat; controleer hem met het bestand zelf",
        "scan_budget": "het lezen van de scan duurde te lang (meer dan {seconds} s voor het "
                       "hele bestand): {done} van de {total} pagina's gelezen, de rest niet "
                       "({pages})",
        "page_not_read": "{source}: niet gelezen, de tijd voor het bestand was op",
        "timeout": "het lezen duurde te lang (meer dan {seconds} s) en is afgebroken",
        "crashed": "het lezen brak af (geheugen of een fout in een bibliotheek)",
        "lock_file": "overgeslagen: een vergrendelbestand van Word of LibreOffice",
        "blank": "niets ingevuld",
        "superseded": "vervangen door {file}",
        "refused_by_person": "geweigerd door {user}",
        "not_on_list": "niet op de klaslijst",
        "ambiguous": "het bestand is dubbelzinnig geschreven (een sleutel twee keer in één "
                     "object): controleer de antwoorden met het bestand zelf",
        "system_file": "overgeslagen: een systeembestand",
        "hidden_file": "overgeslagen: een verborgen bestand",
        "changed_content": "dit exemplaar is gemaakt van een gewijzigd inhoudsbestand "
                           "(zelfde versie {version}): controleer de antwoorden",
        "corrupt": "het bestand is beschadigd of onvolledig en kan niet gelezen worden",
        "encrypted": "het bestand is beveiligd met een wachtwoord om het te openen",
        "unsafe": "het bestand is verdacht (onder andere te groot na uitpakken) en is niet geopend",
        "no_fields": "geen invulvelden en geen formgen-pagina's (geen QR-code van formgen "
                     "gevonden): handmatig invoeren",
        "unknown_form": "onbekend formulier ({detail}); geef het inhoudsbestand op met --content",
        "foreign_form": "geen formulier van formgen; de velden passen bij geen bekend formulier",
        "other_version": "formulier is versie {found}, verwacht versie {expected}: gelezen op veldnaam",
        "missing_field": "veld ontbreekt in het bestand: {label}",
        "required": "{label} is niet ingevuld",
        "multiple_choices": "{label}: meer dan één keuze aangevinkt ({choices})",
        "unknown_choice": "{label}: onbekende keuze {value}",
        "too_few_ticked": "{label}: {n} aangevinkt, minstens {limit} gevraagd",
        "count_not_exactly": "{label}: {n} keer ingevuld, precies {limit} gevraagd",
        "count_below": "{label}: {n} keer ingevuld, minstens {limit} gevraagd",
        "count_above": "{label}: {n} keer ingevuld, hoogstens {limit} toegestaan",
        "other_not_ticked": "{label}: tekst bij ‘{option}’, maar die keuze is niet aangevinkt",
        "too_many_ticked": "{label}: {n} aangevinkt, hoogstens {limit} toegestaan",
        "together": "{label} is ingevuld, maar {other} niet",
        "duplicate": "zelfde {label} ({value}) als in {others}",
        "wrong_kind": "{label}: het bestand heeft hier een ander soort veld; niet gelezen",
        "too_long": "{label} is langer dan {limit} tekens",
        "not_a_date": "{label}: {value!r} is geen datum; overgenomen zoals getypt",
        "not_a_number": "{label}: {value!r} is geen getal; overgenomen zoals getypt",
        "out_of_range": "{label}: {value} ligt buiten {range}",
    },
    "en": {
        "too_large": "the file is larger than {limit} MB",
        "empty": "the file is empty",
        "not_a_form_file": "not a form: not a PDF, Word or OpenDocument file",
        "scan_extra": "a photo or scan: reading scans needs formgen's scan extra "
                      "(.venv/bin/pip install 'formgen-forms[scan]'); or enter it by hand",
        "too_many_pages": "the scan has more than {limit} pages",
        "scan_review": "read from paper: {count} answer(s) to check (see the review sheet)",
        "page_missing": "page {page} of this copy is missing from the scans",
        "page_unreadable_in_copy": "page {page} of this copy was scanned ({source}), but its "
                                   "code cannot be read: check the answers on paper, or scan the "
                                   "page again",
        "scan_twice": "page {page} was scanned twice ({sources}); the first counts",
        "no_qr": "{source}: no formgen QR code found (not a formgen form, or the code in the "
                 "middle of the page's foot was not scanned well)",
        "page_unknown_form": "{source}: a page of an unknown form ({detail}); point --content at "
                             "its content file",
        "page_unreadable": "{source}: the page cannot be read",
        "page_two_pages": "{source}: two formgen pages in one image (scanned like a book?); "
                          "not read: scan each page on its own",
        "page_timeout": "{source}: reading the page took too long and was stopped",
        "blank_pages": "skipped: empty pages ({sources})",
        "bitonal": "scanned in black and white (1 bit): light ticks may have been lost, so the "
                   "empty boxes are on the review sheet; better scan again in greyscale",
        "grouped_by_order": "the pages of this copy have no copy number: they were put together "
                            "in the order scanned; check that they are one student's",
        "unreadable": "the file cannot be opened (permissions?)",
        "not_regular": "skipped: not a regular file (a pipe, a device or a socket)",
        "link_loop": "a link that points round in a loop; not followed",
        "link_dangling": "a link to something that does not exist (any more)",
        "link_outside": "a link to something outside the folder ({target}); not followed "
                        "(read that file itself, or pass --follow-links)",
        "link_folder_inside": "skipped: a link to a folder that is read here already",
        "folder_unreadable": "this folder cannot be opened ({reason}); the files in it were not "
                             "read",
        "internal": "could not be read: internal error, kept for inspection",
        "mixed_controls": "a field appears in the file as two kinds of control; only the first "
                          "was read: check the answers against the file itself",
        "repeated_control": "a field appears more than once in the file, with different values; "
                            "the first counts: check the answers against the file itself",
        "text_too_large": "a text in the file is larger than 10 MB; not read",
        "value_not_shown": "{label}: the file names a choice it does not show; taken: check it "
                           "against the file itself",
        "cut_for_excel": "{label} is longer than an Excel cell can show ({limit} characters) and "
                         "is cut here; the whole text is in the JSON output",
        "undecodable_text": "{label}: the text is damaged in the file and was kept as it stands; "
                            "check it against the file itself",
        "scan_budget": "reading the scan took too long (over {seconds} s for the whole file): "
                       "{done} of {total} pages read, the rest not ({pages})",
        "page_not_read": "{source}: not read, the time for the file had run out",
        "timeout": "reading took too long (over {seconds} s) and was stopped",
        "crashed": "reading broke off (memory, or a fault in a library)",
        "lock_file": "skipped: a Word or LibreOffice lock file",
        "blank": "nothing filled in",
        "superseded": "replaced by {file}",
        "refused_by_person": "refused by {user}",
        "not_on_list": "not on the class list",
        "ambiguous": "the file is written ambiguously (a key twice in one object): check the "
                     "answers against the file itself",
        "system_file": "skipped: a system file",
        "hidden_file": "skipped: a hidden file",
        "changed_content": "this copy was made from a changed content file (same version "
                           "{version}): check the answers",
        "corrupt": "the file is damaged or incomplete and cannot be read",
        "encrypted": "the file needs a password to open",
        "unsafe": "the file looks unsafe (among others too large when unpacked) and was not opened",
        "no_fields": "no fields and no formgen pages (no formgen QR code found): enter it by "
                     "hand",
        "unknown_form": "unknown form ({detail}); point --content at its content file",
        "foreign_form": "not a formgen form; its fields match no known form",
        "other_version": "form is version {found}, expected version {expected}: read by field name",
        "missing_field": "field missing from the file: {label}",
        "required": "{label} is empty",
        "multiple_choices": "{label}: more than one choice ticked ({choices})",
        "unknown_choice": "{label}: unknown choice {value}",
        "too_few_ticked": "{label}: {n} ticked, at least {limit} asked for",
        "count_not_exactly": "{label}: filled in {n} times, exactly {limit} asked for",
        "count_below": "{label}: filled in {n} times, at least {limit} asked for",
        "count_above": "{label}: filled in {n} times, at most {limit} allowed",
        "other_not_ticked": "{label}: text beside ‘{option}’, but that option is not ticked",
        "too_many_ticked": "{label}: {n} ticked, at most {limit} allowed",
        "together": "{label} is filled in, but {other} is not",
        "duplicate": "same {label} ({value}) as in {others}",
        "wrong_kind": "{label}: the file has another kind of field here; not read",
        "too_long": "{label} is longer than {limit} characters",
        "not_a_date": "{label}: {value!r} is not a date; kept as typed",
        "not_a_number": "{label}: {value!r} is not a number; kept as typed",
        "out_of_range": "{label}: {value} is outside {range}",
    },
}


def message(code: str, language: str, **values) -> str:
    """A problem message in ``language`` (English when that has no table)."""
    return MESSAGES[lang_key(language)][code].format(**values)


#: What the command line says to a person, beside the problems of files;
#: an error's words by its code (``<code>`` and ``<code>_fix``).
SAYINGS: dict[str, dict[str, str]] = {
    "nl": {
        "columns_taken": "klaslijst: kolom {columns} gelezen als {meaning}",
        "column": "{letter} '{name}'",
        "error": "Fout", "fix": "oplossing",
        "interrupted": "Onderbroken.", "stopped": "Gestopt (signaal {number}).",
        "cannot_write_out": "kan niet schrijven ({reason})",
        "cannot_write_out_fix": "kijk of er ruimte vrij is, of schrijf naar een bestand met -o",
        "standard_output": "standaarduitvoer",
        "usage": "Gebruik:", "try_help": "Probeer '{command} --help' voor hulp.",
        "click_no_option": "onbekende optie '{a0}'",
        "click_did_you_mean": "onbekende optie '{a0}'; bedoel je '{a1}'?",
        "click_not_one_of": "'{a0}' is geen van {a1}",
        "click_not_number": "'{a0}' is geen getal",
        "click_range": "{a0} ligt niet tussen de grenzen {a1}",
        "click_no_path": "'{a0}' bestaat niet",
        "click_missing_argument": "het argument '{a0}' ontbreekt",
        "click_missing_option": "de optie '{a0}' ontbreekt",
        "click_needs_value": "de optie '{a0}' heeft een waarde nodig",
        "click_extra": "onverwacht extra argument ({a0})",
        "click_no_command": "onbekend commando '{a0}'",
        "click_command_guess": "onbekend commando '{a0}'; bedoel je '{a1}'?",
        "click_invalid": "ongeldige waarde voor '{a0}': {a1}",
        "usage_print_pdf": "--print schrijft een PDF; --format en --lock horen daar niet bij",
        "usage_copies_prefill": "--copies en --prefill: geef er één (een klaslijst maakt één "
                                "exemplaar per rij)",
        "usage_with_print": "--copies en --simplex horen bij --print",
        "usage_with_prefill": "--name-column, --lock en --ignore-unknown horen bij --prefill",
        "usage_format": "aan {name} is niet te zien welk formaat: geef een naam die eindigt op "
                        ".json, .csv of .xlsx, of --format",
        "usage_delimiter": "--delimiter is één teken, bijvoorbeeld ';'",
        "usage_xlsx_terminal": "een Excel-werkmap kan niet op het scherm getoond worden: geef "
                               "-o BESTAND.xlsx, of stuur de uitvoer door: formgen read ... "
                               "--format xlsx > uit.xlsx",
        "usage_review_pdf": "--review schrijft een PDF: geef een naam die eindigt op .pdf",
        "output_exists": "het bestand bestaat al",
        "path_missing": "dit bestand of deze map bestaat niet",
        "path_missing_fix": "controleer de naam en de map (een naam met spaties tussen "
                            "aanhalingstekens)",
        "output_exists_fix": "kies een andere map of naam, of geef --force om het te "
                             "overschrijven",
        "cannot_write_here": "kan hier niet schrijven ({reason})",
        "cannot_write_here_fix": "kies een map waarin je mag schrijven",
        "cannot_write_file": "kan het bestand niet schrijven ({reason})",
        "cannot_write_file_fix": "kijk of er ruimte vrij is en of je in de map mag schrijven",
        "classlist_missing": "klaslijst niet gevonden", "classlist_missing_fix": "controleer "
                             "de naam en de map",
        "classlist_not_text": "de klaslijst is geen tekst in een codering die formgen kent",
        "classlist_not_text_fix": "kies in Excel 'Opslaan als' > 'CSV UTF-8', of geef het "
                                  ".xlsx-bestand",
        "classlist_empty": "de klaslijst is leeg",
        "classlist_empty_fix": "zet een kopregel met de kolomnamen op de eerste regel",
        "classlist_xlsx": "deze werkmap kan niet gelezen worden ({reason})",
        "classlist_xlsx_fix": "sla hem opnieuw op als .xlsx, of exporteer hem als CSV UTF-8",
        "classlist_sheet_empty": "het eerste werkblad is leeg",
        "classlist_sheet_empty_fix": "zet de kolomnamen in rij 1",
        "classlist_misfit": "de klaslijst past niet bij het formulier:\n  - {problems}",
        "classlist_misfit_fix": "noem de kolommen naar de labels of id's van de velden "
                                "('formgen validate --fields' toont ze)",
        "misfit_guess": "kolom {column} '{head}' is geen veld: bedoel je '{guess}'? (of geef "
                        "--ignore-unknown om hem als extra kolom te houden)",
        "misfit_required": "er is geen kolom voor het verplichte veld '{label}' (noem hem "
                           "'{label}' of '{id}')",
        "misfit_value": "rij {row}, kolom {column} '{head}': {problem}",
        "misfit_empty": "rij {row}, kolom {column}: '{label}' is leeg",
        "misfit_name_column": "geen kolom '{name}' om de bestanden naar te noemen",
        "misfit_more": "... en nog {n}",
        "round_exists": "hier is al een ronde",
        "round_exists_fix": "kies een nieuwe map, of ga verder met 'formgen round add' in deze",
        "round_missing": "dit is geen ronde (er staat geen {store} in)",
        "round_missing_fix": "begin een ronde met 'formgen round init MAP'",
        "round_newer": "deze ronde is gemaakt met een nieuwere formgen (opslag versie {found}; "
                       "deze formgen kent tot versie {known})",
        "round_newer_fix": "werk formgen bij ('pip install -U formgen-forms') en probeer opnieuw",
        "round_damaged": "de opslag van de ronde is beschadigd ({reason})",
        "round_damaged_fix": "zet een reservekopie van de map terug",
        "round_no_return": "de ronde heeft geen inzending met nummer {id}",
        "round_no_return_fix": "'formgen round status MAP' toont de nummers",
        "round_no_field": "het formulier heeft geen veld {field}",
        "round_no_field_fix": "kies een van: {fields}",
        "round_value": "{field}: {problem}",
        "round_no_student": "geen deelnemer op de klaslijst past bij {value}",
        "round_no_student_fix": "geef de naam of het nummer zoals het op de klaslijst staat",
        "round_many_students": "meer dan één deelnemer past bij {value}: {names}",
        "round_many_students_fix": "geef het nummer van de deelnemer",
        "round_no_classlist": "deze ronde heeft geen klaslijst",
        "round_no_classlist_fix": "begin de ronde met --expect KLASLIJST",
        "round_web_extra": "voor de controlepagina zijn starlette, jinja2 en uvicorn nodig",
        "round_web_extra_fix": "pip install 'formgen-forms[round]'",
        "round_port": "poort {port} is niet vrij ({reason})",
        "round_port_fix": "kies een andere poort met --port, of laat --port weg",
        "no_returns": "geen enkel ingeleverd formulier kon gelezen worden, dus er is niets "
                      "samen te vatten",
        "no_returns_fix": "voer 'formgen read' uit om te zien waarom elk bestand geweigerd is",
        "same_name": "rij {row}: nog een deelnemer heet {name}; dit exemplaar heet {stem} (elk "
                     "exemplaar heeft zijn eigen nummer, dus bij het inlezen blijven ze "
                     "uit elkaar)",
        "missing_letters": "rij {row}: {label} heeft letters die het PDF-lettertype niet kan "
                           "tekenen ({letters}); ze staan er als '?' tot de deelnemer eroverheen "
                           "typt (de opgeslagen waarde klopt)",
        "warning": "let op", "wrote": "geschreven: {path}",
        "wrote_copies": "geschreven: {path} ({n} {copies})", "copy": "exemplaar",
        "copies": "exemplaren",
        "wrote_prefilled": "{files} bestanden voor {students} deelnemers geschreven in {folder}",
        "progress_reading": "Lezen", "progress_writing": "Schrijven",
        "progress_drawing": "Exemplaren tekenen",
        "summary": "{files} {noun}{records}: {ok} in orde, {warning} te controleren, "
                   "{rejected} geweigerd, {skipped} overgeslagen",
        "file": "bestand", "files": "bestanden", "records": " ({n} regels)",
        "summary_wrote": "; geschreven: {path}",
        "classlist_summary": "klaslijst: {missing} zonder inlevering, {replaced} ingeleverd "
                             "formulier(en) vervangen door een nieuwer",
        "missing_row": "  niet ingeleverd: rij {row}: {name}",
        "review_written": "controleblad: {n} exemplaar/exemplaren te controleren; geschreven: "
                          "{path}",
        "true": "WAAR", "false": "ONWAAR",
        "value_not_yes_no": "{value} is geen ja of nee (schrijf ja/nee, x of niets)",
        "value_not_option": "{value} is geen van {options}",
        "value_not_date": "{value} is geen datum (schrijf 12-03-2025 of 2025-03-12)",
        "value_no_such_date": "{value} is een datum die niet bestaat",
        "value_not_number": "{value} is geen getal (schrijf 3,5 of 3.5)",
        "value_outside": "{value} ligt buiten {range}",
        "value_signature": "een handtekening kan niet vooraf ingevuld worden; laat de kolom leeg",
        "value_too_long": "de tekst is langer dan {limit} tekens",
        "status_ok": "in orde", "status_warning": "controleren", "status_rejected": "geweigerd",
        "status_skipped": "overgeslagen", "status_superseded": "vervangen",
    },
    "en": {
        "columns_taken": "class list: column {columns} read as {meaning}",
        "column": "{letter} '{name}'",
        "error": "Error", "fix": "fix",
        "interrupted": "Interrupted.", "stopped": "Stopped (signal {number}).",
        "cannot_write_out": "cannot write ({reason})",
        "cannot_write_out_fix": "check the free space, or write to a file with -o",
        "standard_output": "standard output",
        "usage": "Usage:", "try_help": "Try '{command} --help' for help.",
        "click_no_option": "No such option '{a0}'.",
        "click_did_you_mean": "No such option '{a0}'. Did you mean '{a1}'?",
        "click_not_one_of": "'{a0}' is not one of {a1}.",
        "click_not_number": "'{a0}' is not a number.",
        "click_range": "{a0} is not in the range {a1}.",
        "click_no_path": "Path '{a0}' does not exist.",
        "click_missing_argument": "Missing argument '{a0}'.",
        "click_missing_option": "Missing option '{a0}'.",
        "click_needs_value": "Option '{a0}' requires an argument.",
        "click_extra": "Got unexpected extra argument ({a0})",
        "click_no_command": "No such command '{a0}'.",
        "click_command_guess": "No such command '{a0}'. Did you mean '{a1}'?",
        "click_invalid": "Invalid value for '{a0}': {a1}",
        "usage_print_pdf": "--print writes a PDF; --format and --lock do not go with it",
        "usage_copies_prefill": "--copies and --prefill: give one (a class list makes one copy "
                                "per row)",
        "usage_with_print": "--copies and --simplex go with --print",
        "usage_with_prefill": "--name-column, --lock and --ignore-unknown go with --prefill",
        "usage_format": "cannot tell the format from {name}: use a .json, .csv or .xlsx name, "
                        "or --format",
        "usage_delimiter": "--delimiter must be one character, e.g. ';'",
        "usage_xlsx_terminal": "an Excel workbook cannot be shown on a terminal: give -o "
                               "FILE.xlsx, or redirect: formgen read ... --format xlsx > out.xlsx",
        "usage_review_pdf": "--review writes a PDF: give a name that ends in .pdf",
        "output_exists": "the file exists already",
        "path_missing": "no such file or folder",
        "path_missing_fix": "check the name and the folder (a name with spaces in quotes)",
        "output_exists_fix": "choose another output folder or file, or pass --force to "
                             "overwrite it",
        "cannot_write_here": "cannot write here ({reason})",
        "cannot_write_here_fix": "choose a folder you can write to",
        "cannot_write_file": "cannot write the file ({reason})",
        "cannot_write_file_fix": "check the free space and the permissions of the folder",
        "classlist_missing": "class list not found", "classlist_missing_fix": "check the path",
        "classlist_not_text": "the class list is not text in an encoding formgen knows",
        "classlist_not_text_fix": "in Excel choose 'Save as' > 'CSV UTF-8', or give the .xlsx",
        "classlist_empty": "the class list is empty",
        "classlist_empty_fix": "put a header row with column names on the first line",
        "classlist_xlsx": "cannot read this workbook ({reason})",
        "classlist_xlsx_fix": "save it again as .xlsx, or export it as CSV UTF-8",
        "classlist_sheet_empty": "the first sheet is empty",
        "classlist_sheet_empty_fix": "put a header row with column names in row 1",
        "classlist_misfit": "the class list does not fit the form:\n  - {problems}",
        "classlist_misfit_fix": "name columns after the form's field labels or ids ('formgen "
                                "validate --fields' lists them)",
        "misfit_guess": "column {column} '{head}' is no field: did you mean '{guess}'? (or pass "
                        "--ignore-unknown to keep it as an extra column)",
        "misfit_required": "missing column for the required field '{label}' (name it "
                           "'{label}' or '{id}')",
        "misfit_value": "row {row}, column {column} '{head}': {problem}",
        "misfit_empty": "row {row}, column {column}: '{label}' is empty",
        "misfit_name_column": "no column '{name}' to name the files after",
        "misfit_more": "... and {n} more",
        "round_exists": "there is a round here already",
        "round_exists_fix": "choose a new folder, or go on with 'formgen round add' in this one",
        "round_missing": "this is not a round (it holds no {store})",
        "round_missing_fix": "start a round with 'formgen round init FOLDER'",
        "round_newer": "this round was made by a newer formgen (store version {found}; this "
                       "formgen knows up to version {known})",
        "round_newer_fix": "update formgen ('pip install -U formgen-forms') and try again",
        "round_damaged": "the round's store is damaged ({reason})",
        "round_damaged_fix": "put back a backup of the folder",
        "round_no_return": "the round has no return with id {id}",
        "round_no_return_fix": "'formgen round status FOLDER' shows the ids",
        "round_no_field": "the form has no field {field}",
        "round_no_field_fix": "choose one of: {fields}",
        "round_value": "{field}: {problem}",
        "round_no_student": "no student on the class list matches {value}",
        "round_no_student_fix": "give the name or the number as the class list has it",
        "round_many_students": "more than one student matches {value}: {names}",
        "round_many_students_fix": "give the student's number",
        "round_no_classlist": "this round has no class list",
        "round_no_classlist_fix": "start the round with --expect CLASSLIST",
        "round_web_extra": "the review page needs starlette, jinja2 and uvicorn",
        "round_web_extra_fix": "pip install 'formgen-forms[round]'",
        "round_port": "port {port} is not free ({reason})",
        "round_port_fix": "choose another port with --port, or leave --port out",
        "no_returns": "no returned form could be read, so there is nothing to sum up",
        "no_returns_fix": "run 'formgen read' to see why each file was refused",
        "same_name": "row {row}: another student is named {name} too; this copy is {stem} (each "
                     "copy has its own id, so both are told apart on import)",
        "missing_letters": "row {row}: {label} has letters the PDF font cannot draw "
                           "({letters}); they show as '?' until the student types over them "
                           "(the stored value is right)",
        "warning": "warning", "wrote": "wrote {path}",
        "wrote_copies": "wrote {path} ({n} {copies})", "copy": "copy", "copies": "copies",
        "wrote_prefilled": "wrote {files} files for {students} students into {folder}",
        "progress_reading": "Reading", "progress_writing": "Writing",
        "progress_drawing": "Drawing copies",
        "summary": "{files} {noun}{records}: {ok} ok, {warning} warnings, {rejected} rejected, "
                   "{skipped} skipped",
        "file": "file", "files": "files", "records": " ({n} records)",
        "summary_wrote": "; wrote {path}",
        "classlist_summary": "class list: {missing} without a return, {replaced} returns "
                             "replaced by a newer one",
        "missing_row": "  missing: row {row}: {name}",
        "review_written": "review sheet: {n} copies to check; wrote {path}",
        "true": "true", "false": "false",
        "value_not_yes_no": "{value} is not a yes or no (use ja/nee, yes/no, x or empty)",
        "value_not_option": "{value} is not one of {options}",
        "value_not_date": "{value} is not a date (write it as 12-03-2025 or 2025-03-12)",
        "value_no_such_date": "{value} is not a date that exists",
        "value_not_number": "{value} is not a number (write it as 3,5 or 3.5)",
        "value_outside": "{value} is outside {range}",
        "value_signature": "a signature cannot be prefilled; leave the column empty",
        "value_too_long": "the text is longer than {limit} characters",
        "status_ok": "ok", "status_warning": "check", "status_rejected": "rejected",
        "status_skipped": "skipped", "status_superseded": "replaced",
    },
}


#: Why the system refused, by errno, where the form's language has words for it.
OS_REASONS = {"nl": {28: "geen ruimte meer op de schijf", 13: "geen toestemming",
                     1: "niet toegestaan", 30: "alleen-lezen bestandssysteem",
                     5: "in-/uitvoerfout", 32: "de ontvanger is gesloten", 2: "bestaat niet",
                     122: "quotum overschreden", 27: "bestand te groot"}}


def os_reason(number, text: str, language: str) -> str:
    """The system's reason (an errno) in ``language``, else as the system said it."""
    return OS_REASONS.get(lang_key(language), {}).get(number, text)


STATUSES = ("ok", "warning", "rejected", "skipped", "superseded")


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
           "filled_only": "vakje helemaal ingekleurd, zonder kruisje in de rij: gekozen of "
                          "doorgehaald?",
           "scribble": "vakje met een krabbel of zigzag: aangekruist of doorgestreept?"},
        "en": {"unsure": "box neither clearly ticked nor empty", "several": "more than one choice "
               "ticked", "handwriting": "handwritten: type it in",
               "missing_page": "the page is missing from the scans",
           "unreadable_page": "the page was scanned, but its code cannot be read",
           "filled_only": "box coloured in, with no tick in its row: chosen or cancelled?",
           "scribble": "box with a scribble or zig-zag: ticked or struck out?"},
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
