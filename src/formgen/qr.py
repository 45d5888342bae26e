"""QR codes for the footer, made fast: byte mode, error correction M, mask 0.

Every page of every prefilled or numbered copy carries a QR code with its
own copy id, so a class of 1,000 needs 3,000 codes. reportlab's encoder
(``reportlab.graphics.barcode.qrencoder``) takes about 7 ms a code, most
of it drawing the symbol eight times to score each mask pattern, the rest
building Reed-Solomon polynomials as objects. Readers accept any of the
eight masks, so this module always uses mask 0, and does per code only
what differs between codes: the data codewords, their error correction
(table arithmetic in GF(256)) and the placement of their bits. What is the
same for every code of a version (finder, alignment and timing patterns,
format and version information, where the data bits go) is built once,
from the standard's tables (reportlab's past version 10). About 0.3 ms a code; a test
holds it equal, module for module, to reportlab's symbol with mask 0.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import zip_longest
from operator import itemgetter

#: GF(256) with the QR polynomial x^8 + x^4 + x^3 + x^2 + 1.
_EXP = [0] * 512
_LOG = [0] * 256
_x = 1
for _i in range(255):
    _EXP[_i] = _x
    _LOG[_x] = _i
    _x <<= 1
    if _x & 0x100:
        _x ^= 0x11D
for _i in range(255, 512):
    _EXP[_i] = _EXP[_i - 255]

MASK = 0
PAD = (0xEC, 0x11)


def encode(text: str) -> list[list[bool]]:
    """The QR symbol of ``text`` (UTF-8, byte mode, level M, mask 0) as rows
    of dark modules, without the quiet zone."""
    n, flat = _flat(text)
    return [[bool(v) for v in flat[r * (n + 1):r * (n + 1) + n]] for r in range(n)]


def runs(text: str) -> tuple[int, list[tuple[int, int, int]]]:
    """The symbol's size and its dark runs ``(row, column, length)``, row by row."""
    n, flat = _flat(text)
    out = []
    for m in _DARK.finditer(flat):
        r, c = divmod(m.start(), n + 1)
        out.append((r, c, m.end() - m.start()))
    return n, out


_DARK = re.compile(rb"\x01+")
_DIGITS = bytes.maketrans(b"\x00\x01", b"01")


def image_mask(text: str) -> tuple[int, str]:
    """The symbol's size and its modules as a PDF image mask's samples in
    hexadecimal: one bit per module, dark = 1, each row padded to whole bytes."""
    n, flat = _flat(text)
    width = n + 1                      # each row of ``flat`` ends with its 0
    padded = -(-n // 8) * 8
    rows = b"".join(flat[r * width:r * width + n] + bytes(padded - n) for r in range(n))
    return n, int(rows.translate(_DIGITS), 2).to_bytes(len(rows) // 8, "big").hex()


def _flat(text: str) -> tuple[int, bytes]:
    """The symbol as one byte (0 or 1) per module, row after row, each row
    followed by a 0 (so that no run of dark modules goes on to the next)."""
    data = text.encode("utf-8")
    t = _template(_version(len(data)))
    bits = b"".join([_BYTE_BITS[w] for w in _codewords(data, t.version)])
    bits = (int.from_bytes(bits, "big") << 8 * (t.length - len(bits))) ^ t.flips
    return t.size, bytes(t.gather(t.base + bits.to_bytes(t.length, "big")))


#: Each byte's bits as eight bytes, 0 or 1.
_BYTE_BITS = [bytes(b >> (7 - k) & 1 for k in range(8)) for b in range(256)]


#: Each byte's bits, most significant first.
_BITS = [tuple(bool(b >> (7 - k) & 1) for k in range(8)) for b in range(256)]


class _Template:
    __slots__ = ("version", "size", "length", "base", "flips", "gather", "blocks")


@lru_cache(maxsize=None)
def _version(length: int) -> int:
    """The smallest version whose level-M data codewords hold ``length`` bytes."""
    for version in range(1, 41):
        count_bits = 8 if version < 10 else 16
        capacity = sum(b[1] for b in _blocks(version))
        if 4 + count_bits + 8 * length <= capacity * 8:
            return version
    raise ValueError(f"{length} bytes do not fit in a QR code")


#: Level M's Reed-Solomon blocks of versions 1-10 (ISO/IEC 18004, table 9):
#: ``(count, total codewords, data codewords)`` per kind of block. A footer's
#: code is version 3 or 4; longer texts take reportlab's tables.
_M_BLOCKS = {1: ((1, 26, 16),), 2: ((1, 44, 28),), 3: ((1, 70, 44),), 4: ((2, 50, 32),),
             5: ((2, 67, 43),), 6: ((4, 43, 27),), 7: ((4, 49, 31),),
             8: ((2, 60, 38), (2, 61, 39)), 9: ((3, 58, 36), (2, 59, 37)),
             10: ((4, 69, 43), (1, 70, 44))}
#: The centres of alignment patterns, per version (annex E).
_ALIGN = {1: (), 2: (6, 18), 3: (6, 22), 4: (6, 26), 5: (6, 30), 6: (6, 34), 7: (6, 22, 38),
          8: (6, 24, 42), 9: (6, 26, 46), 10: (6, 28, 50)}


@lru_cache(maxsize=None)
def _blocks(version: int) -> tuple[tuple[int, int], ...]:
    """``(total, data)`` codewords of each Reed-Solomon block."""
    if version in _M_BLOCKS:
        return tuple((total, data) for count, total, data in _M_BLOCKS[version]
                     for _ in range(count))
    from reportlab.graphics.barcode.qrencoder import QRErrorCorrectLevel, QRRSBlock
    return tuple((b.totalCount, b.dataCount)
                 for b in QRRSBlock.getRSBlocks(version, QRErrorCorrectLevel.M))


def _bch(value: int, poly: int) -> int:
    """The remainder of ``value`` divided by ``poly`` over GF(2)."""
    while value.bit_length() >= poly.bit_length():
        value ^= poly << (value.bit_length() - poly.bit_length())
    return value


def _modules(version: int) -> tuple[list[list], list[tuple[int, int]]]:
    """The function patterns of ``version`` with the format information of
    level M and mask 0 (unset modules are None), and where the data bits go,
    in order (ISO/IEC 18004, 7.3 and 7.7-7.9)."""
    n = 4 * version + 17
    m: list[list] = [[None] * n for _ in range(n)]
    for r0, c0 in ((0, 0), (n - 7, 0), (0, n - 7)):        # finders and their separators
        for r in range(-1, 8):
            for c in range(-1, 8):
                if 0 <= r0 + r < n and 0 <= c0 + c < n:
                    m[r0 + r][c0 + c] = (0 <= r <= 6 and c in (0, 6) or 0 <= c <= 6 and
                                         r in (0, 6) or 2 <= r <= 4 and 2 <= c <= 4)
    for r in _ALIGN[version]:
        for c in _ALIGN[version]:
            if m[r][c] is not None:
                continue
            for dr in range(-2, 3):
                for dc in range(-2, 3):
                    m[r + dr][c + dc] = abs(dr) == 2 or abs(dc) == 2 or dr == dc == 0
    for i in range(8, n - 8):                                # timing patterns
        if m[i][6] is None:
            m[i][6] = i % 2 == 0
        if m[6][i] is None:
            m[6][i] = i % 2 == 0
    data = 0 << 3 | MASK                                     # level M is 00
    bits = ((data << 10) | _bch(data << 10, 0b10100110111)) ^ 0b101010000010010
    for i in range(15):
        dark = bool(bits >> i & 1)
        m[i if i < 6 else i + 1 if i < 8 else n - 15 + i][8] = dark
        m[8][n - i - 1 if i < 8 else 15 - i if i < 9 else 15 - i - 1] = dark
    m[n - 8][8] = True
    if version >= 7:
        bits = (version << 12) | _bch(version << 12, 0b1111100100101)
        for i in range(18):
            dark = bool(bits >> i & 1)
            m[i // 3][i % 3 + n - 11] = dark
            m[i % 3 + n - 11][i // 3] = dark
    positions, row, step, col = [], n - 1, -1, n - 1
    while col > 0:
        if col == 6:
            col -= 1
        while 0 <= row < n:
            for c in (col, col - 1):
                if m[row][c] is None:
                    positions.append((row, c))
            row += step
        row, step = row - step, -step
        col -= 2
    return m, positions


def _reportlab_modules(version: int) -> tuple[list[list], list[tuple[int, int]]]:
    """:func:`_modules` by reportlab's pattern code, for versions past 10
    (its barcode package costs 25 ms to import, so the usual versions do
    without it)."""
    from reportlab.graphics.barcode import qrencoder
    qr = qrencoder.QRCode(version, qrencoder.QRErrorCorrectLevel.M)
    n = qr.moduleCount = version * 4 + 17
    qr.modules = [[False] * n for _ in range(n)]
    qr.setupPositionProbePattern(0, 0)
    qr.setupPositionProbePattern(n - 7, 0)
    qr.setupPositionProbePattern(0, n - 7)
    qr.setupPositionAdjustPattern()
    qr.setupTimingPattern()
    qr.setupTypeInfo(False, MASK)
    qr.setupTypeNumber(False)
    return qr.modules, [(row, col) for col, row in qr.dataPosIterator()]


@lru_cache(maxsize=None)
def _template(version: int) -> _Template:
    """What every code of ``version`` shares: the function patterns with the
    format information for mask 0, and where each data bit goes."""
    modules, positions = (_modules if version in _ALIGN else _reportlab_modules)(version)
    n = len(modules)
    t = _Template()
    t.version, t.size = version, n
    t.length = len(positions)
    # mask 0 as one number over the data bits, one byte (0 or 1) each
    t.flips = int.from_bytes(bytes((r + c) % 2 == 0 for r, c in positions), "big")
    # the function patterns, a 0 for the end of each row, then the data bits:
    # each module of the symbol gathers its byte from there
    t.base = bytes(bool(m) for row in modules for m in row) + b"\x00"
    where = {pos: n * n + 1 + i for i, pos in enumerate(positions)}
    order = []
    for r in range(n):
        order += [where.get((r, c), r * n + c) for c in range(n)] + [n * n]
    t.gather = itemgetter(*order)
    t.blocks = _blocks(version)
    return t


@lru_cache(maxsize=None)
def _generator(degree: int) -> tuple[int, ...]:
    """The logs of the Reed-Solomon generator's coefficients (leading 1 left out)."""
    poly = [1]
    for i in range(degree):
        nxt = [0] * (len(poly) + 1)
        for j, coef in enumerate(poly):
            nxt[j] ^= coef
            if coef:
                nxt[j + 1] ^= _EXP[_LOG[coef] + i]
        poly = nxt
    return tuple(_LOG[c] for c in poly[1:])


@lru_cache(maxsize=None)
def _products(degree: int) -> tuple[int, ...]:
    """For each byte ``f``: the generator's coefficients times ``f``, as one
    number of ``degree`` bytes (so a step of the division is two integer
    operations)."""
    gen = _generator(degree)
    out = [0]
    for f in range(1, 256):
        lf = _LOG[f]
        out.append(int.from_bytes(bytes(_EXP[lf + g] for g in gen), "big"))
    return tuple(out)


def _remainder(data: list[int], degree: int) -> list[int]:
    products = _products(degree)
    shift, mask = 8 * (degree - 1), (1 << 8 * degree) - 1
    rem = 0
    for word in data:
        rem = ((rem << 8) & mask) ^ products[word ^ (rem >> shift)]
    return list(rem.to_bytes(degree, "big"))


def _codewords(data: bytes, version: int) -> list[int]:
    """The symbol's codewords: the data in byte mode, padded, split into the
    version's blocks, each followed by its error correction, interleaved."""
    blocks = _blocks(version)
    capacity = sum(d for _, d in blocks)
    count_bits = 8 if version < 10 else 16
    value = (0b0100 << count_bits) | len(data)                  # byte mode, the length
    value = (value << 8 * len(data)) | int.from_bytes(data, "big")
    length = 4 + count_bits + 8 * len(data)
    end = min(4, capacity * 8 - length)             # terminator
    value, length = value << end, length + end
    pad = -length % 8
    value, length = value << pad, length + pad
    words = list(value.to_bytes(length // 8, "big"))
    k = 0
    while len(words) < capacity:
        words.append(PAD[k % 2])
        k += 1
    data_blocks, ec_blocks, at = [], [], 0
    for total, size in blocks:
        block = words[at:at + size]
        at += size
        data_blocks.append(block)
        ec_blocks.append(_remainder(block, total - size))
    return [w for group in (data_blocks, ec_blocks) for column in zip_longest(*group)
            for w in column if w is not None]
