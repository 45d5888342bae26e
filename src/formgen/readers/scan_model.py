"""What a scan reader works with: a page as read (picklable, for the
workers), what one box showed, and where the boxes are on paper."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from ..errors import ReadError


class ScanUnavailable(ReadError):
    """The ``scan`` extra is not installed."""

    def __init__(self):
        super().__init__("reading scans needs formgen-forms[scan]", code="scan_extra")


def _libs():
    try:
        import cv2
        import numpy as np
        import zxingcpp
    except ImportError:
        raise ScanUnavailable() from None
    return cv2, np, zxingcpp


@dataclass
class Mark:
    """What one slot of the layout plan showed on a scanned page."""

    option: str | None
    state: str                  # empty, ticked, filled, unsure; for a writing area: empty, ink
    ink: float                  # share of the inside that is ink
    faint: float = 0.0          # share that is at least a faint stroke
    why: str = ""               # why an unsure box is unsure, where it is more than ink


@dataclass
class ScanPage:
    """One scanned page, read: picklable, so that workers can send it."""

    file: str
    number: int                                     # 1-based, in its file
    status: str = "read"   # read, blank, no_qr, unknown_form, unreadable, timeout, two_pages
    form_id: str | None = None
    version: str | None = None
    page: int | None = None                         # the form's page number
    copy_id: str | None = None
    values: dict = field(default_factory=dict)      # field id -> value
    review: dict = field(default_factory=dict)      # field id -> reason code
    crops: dict = field(default_factory=dict)       # field id -> PNG of its cell
    turned: bool = False                            # was upside down
    bitonal: bool = False                           # scanned in black and white (1 bit)
    detail: str = ""

    @property
    def source(self) -> str:
        return f"{os.path.basename(self.file)}#{self.number}"


# -- the form's geometry ---------------------------------------------------------------

@dataclass(frozen=True)
class Slot:
    page: int
    field_id: str
    option: str | None
    shape: str
    rect: tuple
    box: tuple


@dataclass(frozen=True)
class Layout:
    pages: int
    slots: tuple[Slot, ...]

    def on_page(self, page: int):
        return [s for s in self.slots if s.page == page]


_LAYOUTS: dict[str, Layout] = {}


def layout_of(form) -> Layout:
    """Where the boxes of ``form`` are on paper: the form's page plan
    (``form.pages``, :mod:`formgen.layout_pages`), once per form and process."""
    got = _LAYOUTS.get(form.identity)
    if got is None:
        planned = form.pages
        got = _LAYOUTS[form.identity] = Layout(planned.count, tuple(
            Slot(p.page, p.slot.field_id, p.slot.option, p.slot.shape, p.rect, p.box)
            for p in planned.slots))
    return got
