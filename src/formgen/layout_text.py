"""Paragraphs: text broken into lines once, for the page plan and the PDF alike.

A paragraph is a list of runs ``(text, bold)`` in a :class:`Style`. It is
broken into lines for a width (:meth:`Para.wrap`) by the rules a reader of
a form expects: words wrap at spaces; a line break in the text is kept; a
word too long for the rest of a line breaks after one of its hyphens
("ICT-" | "beheerder"), and in a narrow column (a style that hyphenates) a
word of :data:`~formgen.layout.HYPHENATE_FROM` letters or more that is
wider than the column breaks at a hyphenation point of the form's language (``Studieloopbaanbegelei-`` |
``der``); only a word that fits no other way is cut between letters. These
are the rules :meth:`formgen.layout.Metrics.fits` checks when a form is
validated, so a label that passes ``validate`` prints whole.

The page plan (:mod:`formgen.layout_pages`) measures every paragraph with
this class and splits one between pages (:meth:`Para.split`); the PDF
renderer draws the very lines the plan measured. Widths are the embedded
fonts' own (reportlab's ``stringWidth``), so what is measured is what is
printed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .layout import HYPHENATE_FROM, SANS, SANS_BOLD, Hyphenator

_SPACE = re.compile(r"[ \t\r\f\v]+")      # no-break spaces hold words together
_FUZZ = 1e-6


@dataclass(frozen=True)
class Style:
    """How a paragraph is printed: its font (bold or not), size, line
    pitch, the space before and after it, and how its lines sit."""

    name: str
    size: float
    leading: float
    bold: bool = False
    space_before: float = 0.0
    space_after: float = 0.0
    keep_with_next: bool = False
    centred: bool = False
    indent: float = 0.0
    grey: bool = False
    hyphenate: str = ""               # a pyphen language: long words break at its points


#: A line: its width and its pieces ``(text, font)``, spaces included.
Line = tuple[float, tuple[tuple[str, str], ...]]


class Para:
    """A paragraph of ``runs`` in ``style``, broken into lines once per width."""

    def __init__(self, runs: list[tuple[str, bool]], style: Style, lines: list[Line] | None = None):
        self.runs, self.style = runs, style
        self.lines: list[Line] = lines if lines is not None else []
        self._width = None if lines is None else -1.0

    @property
    def height(self) -> float:
        return len(self.lines) * self.style.leading

    def wrap(self, width: float) -> float:
        """The paragraph's height at ``width`` (its lines broken once)."""
        if self._width != width and self._width != -1.0:
            self.lines = _break(self.runs, self.style, width - self.style.indent)
            self._width = width
        return self.height

    def split(self, width: float, height: float) -> list["Para"]:
        """Two paragraphs, the first as many whole lines as fit ``height``
        (at least two: a lone first line does not stay at a page's foot);
        ``[]`` when none may stay; ``[self]`` when all fit."""
        self.wrap(width)
        n = len(self.lines)
        fit = int((height + _FUZZ) // self.style.leading)
        if fit >= n:
            return [self]
        if fit < 2:
            return []
        return [Para(self.runs, self.style, self.lines[:fit]),
                Para(self.runs, self.style, self.lines[fit:])]


# -- breaking lines ---------------------------------------------------------------

_BREAK = None


def _font(style: Style, bold: bool) -> str:
    return SANS_BOLD if bold or style.bold else SANS


def _words(runs, style: Style) -> list:
    """The runs as words (each a list of ``(text, font)``) and line breaks
    (:data:`_BREAK`)."""
    out, word = [], []
    for text, bold in runs:
        font = _font(style, bold)
        for n, line in enumerate(text.split("\n")):
            if n:
                if word:
                    out.append(word)
                    word = []
                out.append(_BREAK)
            for k, piece in enumerate(_SPACE.split(line)):
                if k and word:
                    out.append(word)
                    word = []
                if piece:
                    word.append((piece, font))
    if word:
        out.append(word)
    return out


def _break(runs, style: Style, width: float) -> list[Line]:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    size = style.size

    def w(text: str, font: str) -> float:
        return stringWidth(text, font, size)

    hyphenator = _hyphenator(style.hyphenate) if style.hyphenate else None
    lines: list[Line] = []
    line: list[tuple[str, str]] = []       # pieces of words, a space after each but the last
    used = 0.0
    queue = _words(runs, style)
    queue.reverse()

    def end_line():
        nonlocal line, used
        lines.append((used, tuple(_joined(line))))
        line, used = [], 0.0

    while queue:
        word = queue.pop()
        if word is _BREAK:
            end_line()
            continue
        size_of = sum(w(t, f) for t, f in word)
        space = w(" ", line[-1][1]) if line else 0.0
        if used + space + size_of <= width + _FUZZ:
            if line:
                line[-1] = (line[-1][0] + " ", line[-1][1])
            line += word
            used += space + size_of
            continue
        room = width - used - space
        cut = _cut(word, room, width, w, hyphenator) if len(word) == 1 else None
        if cut is not None:
            head, tail = cut
            if line:
                line[-1] = (line[-1][0] + " ", line[-1][1])
            line.append((head, word[0][1]))
            used += space + w(head, word[0][1])
            end_line()
            queue.append([(tail, word[0][1])])
            continue
        if line:                   # the word starts the next line
            end_line()
            queue.append(word)
            continue
        # alone and wider than the line: cut between letters
        text, font = "".join(t for t, _ in word), word[0][1]
        k = len(text) - 1
        while k > 1 and w(text[:k], font) > width:
            k -= 1
        line, used = [(text[:k], font)], w(text[:k], font)
        end_line()
        queue.append([(text[k:], font)])
    if line:
        end_line()
    return lines


def _joined(pieces):
    """Neighbouring pieces of one font as one."""
    out: list[tuple[str, str]] = []
    for text, font in pieces:
        if out and out[-1][1] == font:
            out[-1] = (out[-1][0] + text, font)
        else:
            out.append((text, font))
    return out


def _cut(word, room: float, width: float, w, hyphenator):
    """``(head, tail)`` of a one-piece word whose head fits ``room``: after its
    last hyphen that fits, or (no hyphen in it, and too wide for a line of
    ``width`` of its own) at the hyphenation point that leaves the longest
    head; None if none fits (the word then starts the next line whole)."""
    text, font = word[0]
    if "-" in text[:-1]:
        for k in range(len(text) - 2, 0, -1):
            if text[k] == "-" and w(text[:k + 1], font) <= room + _FUZZ:
                return text[:k + 1], text[k + 1:]
        return None
    if hyphenator is None or len(text) < HYPHENATE_FROM or w(text, font) <= width + _FUZZ:
        return None
    for head, tail in hyphenator(text):       # the longest head first
        if w(head + "-", font) <= room + _FUZZ:
            return head + "-", tail
    return None


_HYPHENATORS: dict[str, Hyphenator] = {}


def _hyphenator(lang: str) -> Hyphenator:
    """One :class:`~formgen.layout.Hyphenator` per language (its dictionary
    loads the first time a long word does not fit its column)."""
    if lang not in _HYPHENATORS:
        _HYPHENATORS[lang] = Hyphenator(lang)
    return _HYPHENATORS[lang]
