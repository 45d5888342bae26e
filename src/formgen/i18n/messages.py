"""The problems of returned files, in each language, by code."""

from __future__ import annotations


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
        "not_a_code": "{label}: {value!r} is geen nummer van {digits} cijfers; overgenomen zoals "
                      "getypt",
        "code_twice": "{label} {value} staat ook op {others}: niet gekoppeld aan een deelnemer",
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
        "not_a_code": "{label}: {value!r} is not a number of {digits} digits; kept as typed",
        "code_twice": "{label} {value} is on {others} too: not tied to a student",
        "not_a_date": "{label}: {value!r} is not a date; kept as typed",
        "not_a_number": "{label}: {value!r} is not a number; kept as typed",
        "out_of_range": "{label}: {value} is outside {range}",
    },
}
