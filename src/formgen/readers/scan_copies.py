"""Scanned pages into copies: by the copy id in their QR codes, else by
their order; what is missing, scanned twice or unreadable is said."""

from __future__ import annotations

import os

from .scan_model import ScanPage, layout_of

# -- pages into copies ---------------------------------------------------------------

def assemble(responses: list, forms) -> list:
    """Replace every scan file (status ``scan``) in ``responses`` by the
    copies its pages make: one record per copy, in the place of the file
    its first page came from; a page that is no part of a copy (no QR code,
    an unknown form, unreadable) becomes a rejected record of its own, and
    a file's empty pages one skipped record."""
    from .response import Response
    groups: dict[tuple, list[ScanPage]] = {}
    first_at: dict[tuple, int] = {}
    extra: dict[int, list] = {}
    pending: dict[int, tuple] = {}           # file index -> (scan, its odd pages)
    loose: dict[tuple, ScanPage] = {}        # (file, number) -> a page without a code
    for index, resp in enumerate(responses):
        if resp.status != "scan":
            continue
        run, last = 0, None
        blank, unread, odd = [], [], []
        for page in resp.scan_pages:
            if page is None:
                continue
            if page.status == "blank":
                blank.append(page)
                continue
            if page.status == "budget":
                unread.append(page)
                continue
            if page.status != "read":
                odd.append(page)
                continue
            if page.copy_id:
                key = (page.form_id, page.version, page.copy_id)
            else:               # no copy id (a printed fillable form): pages in order
                if last is None or page.form_id != last.form_id or page.page <= last.page:
                    run += 1
                key = (page.form_id, page.version, None, resp.file, run)
            last = page
            groups.setdefault(key, []).append(page)
            first_at.setdefault(key, index)
        read = any(p is not None and p.status == "read" for p in resp.scan_pages)
        if odd and not read:
            extra.setdefault(index, []).extend(_page_problems(odd, resp))
        elif odd:                      # a copy of this file may miss one of them: later
            pending[index] = (resp, odd)
            for page in odd:
                if page.status == "no_qr":
                    loose[(page.file, page.number)] = page
        if unread:                     # the file's time ran out: one record says which pages
            r = Response(resp.file, language=resp.language, source="scan")
            numbers = [p.number for p in unread]
            extra.setdefault(index, []).insert(0, r.reject(
                "scan_budget", seconds=unread[0].detail, total=len(resp.scan_pages),
                done=len(resp.scan_pages) - len(numbers), pages=page_ranges(numbers)))
        if not any(p is not None and p.status == "read" for p in resp.scan_pages):
            if not unread:
                extra[index] = [_nothing_read(resp, extra.get(index, []), blank)]
            continue
        if blank:
            r = Response(resp.file, language=resp.language, source="scan")
            extra.setdefault(index, []).append(r.skip("blank_pages", sources=page_list(blank)))
    copies: dict[int, list] = {}
    for key, pages in groups.items():
        copies.setdefault(first_at[key], []).append(_copy(key, pages, forms, loose))
    for index, (resp, odd) in pending.items():  # what no copy took: records of their own
        left = [p for p in odd if p.status != "no_qr" or (p.file, p.number) in loose]
        if left:
            at = 1 if extra.get(index) and extra[index][0].problems[0].code == "scan_budget" else 0
            extra.setdefault(index, [])[at:at] = _page_problems(left, resp)
    out = []
    for index, resp in enumerate(responses):
        if resp.status != "scan":
            out.append(resp)
            continue
        out += copies.get(index, []) + extra.get(index, [])
    return out


def _where(pages, number: int, loose: dict):
    """The page without a code that lies where page ``number`` of a copy
    would, next to the copy's other pages in the same file (taken from
    ``loose``), or None."""
    for page in pages:
        key = (page.file, page.number + number - page.page)
        if key in loose:
            return loose.pop(key)
    return None


def page_ranges(numbers: list[int]) -> str:
    """``[1, 2, 3, 7]`` as ``1-3, 7``."""
    out: list[str] = []
    numbers = sorted(numbers)
    start = prev = numbers[0]
    for n in numbers[1:] + [None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        out.append(f"{start}" if start == prev else f"{start}-{prev}")
        if n is not None:
            start = prev = n
    return ", ".join(out)


def page_list(pages: list[ScanPage]) -> str:
    """The pages of one file as a person reads them: ``stapel.pdf#3``,
    ``stapel.pdf#1-3, 7``."""
    return f"{os.path.basename(pages[0].file)}#{page_ranges([p.number for p in pages])}"


def _nothing_read(resp, problems: list, blank: list):
    """One record for a scan file none of whose pages was a formgen page."""
    from .response import Response
    r = Response(resp.file, language=resp.language, source="scan")
    if any(p.problems[0].code == "scan_extra" for p in problems):
        return r.reject("scan_extra")
    if resp.scan_kind == "pdf":
        return r.reject("no_fields")         # a PDF that is no form, or a form's print of it
    if not problems:
        return r.skip("blank_pages", sources=page_list(blank))
    first = problems[0].problems[0]
    return r.reject(first.code, **first.params)


def _page_problems(pages: list[ScanPage], resp) -> list:
    """One rejected record per kind of problem of a file's pages (not one
    per page: a stack of 2,000 pages without a code is one line), naming
    the pages (``stapel.tif#3, 9-12``)."""
    from .response import Response
    kinds: dict[tuple, list[ScanPage]] = {}
    for page in pages:
        kinds.setdefault(_page_code(page), []).append(page)
    out = []
    for (code, detail), group in kinds.items():
        first = group[0]
        source = page_list(group)
        r = Response(f"{resp.file}#{first.number}", language=resp.language, source="scan",
                     pages=[p.source for p in group])
        out.append(r.reject(code, source=source, detail=detail))
    return out


def _page_code(page: ScanPage) -> tuple[str, str]:
    if page.status == "unreadable" and page.detail == "scan_extra":
        return "scan_extra", ""
    code = {"no_qr": "no_qr", "unknown_form": "page_unknown_form", "timeout": "page_timeout",
            "two_pages": "page_two_pages"}.get(page.status, "page_unreadable")
    return code, page.detail or page.form_id or ""


def _copy(key, pages: list[ScanPage], forms, loose: dict | None = None):
    from .response import Response
    from .response import check as _check
    form = forms.get(key[0], key[1])
    first = pages[0]
    resp = Response(f"{first.file}#{first.number}", language=form.language, source="scan",
                    form_id=form.id, form_version=form.version, copy_id=key[2])
    seen: dict[int, ScanPage] = {}
    for page in pages:
        if page.page in seen:
            resp.add("scan_twice", page=page.page,
                     sources=f"{seen[page.page].source}, {page.source}")
            continue
        seen[page.page] = page
    resp.pages = [seen[n].source for n in sorted(seen)]
    if key[2] is None and len(seen) > 1:
        resp.add("grouped_by_order")
    if any(p.bitonal for p in seen.values()):
        resp.add("bitonal")
    geo = layout_of(form)
    for number in range(1, geo.pages + 1):
        page = seen.get(number)
        if page is None:
            # scanned, where the copy's other pages say it lies, but its code not read
            there = _where(seen.values(), number, loose or {})
            if there is not None:
                resp.add("page_unreadable_in_copy", page=number, source=there.source)
            else:
                resp.add("page_missing", page=number)
            for slot in geo.on_page(number):
                resp.review.setdefault(slot.field_id,
                                       "unreadable_page" if there else "missing_page")
            continue
        resp.values.update(page.values)
        resp.review.update(page.review)
        resp.crops.update(page.crops)
    for ff in form.all_fields():
        resp.values.setdefault(ff.id, ff.spec.empty())
    resp.values = {ff.id: resp.values[ff.id] for ff in form.all_fields()}
    if resp.review:
        resp.add("scan_review", count=len(resp.review))
    _check(form, resp)
    return resp
