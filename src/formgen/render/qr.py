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
with reportlab's own tables and pattern code. About 0.3 ms a code; a test
holds it equal, module for module, to reportlab's symbol with mask 0.
"""

from __future__ import annotations

from functools import lru_cache

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
    data = text.encode("utf-8")
    version = _version(len(data))
    t = _template(version)
    codewords = _codewords(data, version)
    rows = [row[:] for row in t.base]
    bits = [bit for word in codewords for bit in _BITS[word]]
    bits += [False] * (len(t.positions) - len(bits))
    for (r, c), bit, flip in zip(t.positions, bits, t.flips):
        rows[r][c] = bit is not flip
    return rows


#: Each byte's bits, most significant first.
_BITS = [tuple(bool(b >> (7 - k) & 1) for k in range(8)) for b in range(256)]


class _Template:
    __slots__ = ("base", "positions", "flips", "blocks")


@lru_cache(maxsize=None)
def _version(length: int) -> int:
    """The smallest version whose level-M data codewords hold ``length`` bytes."""
    for version in range(1, 41):
        count_bits = 8 if version < 10 else 16
        capacity = sum(b[1] for b in _blocks(version))
        if 4 + count_bits + 8 * length <= capacity * 8:
            return version
    raise ValueError(f"{length} bytes do not fit in a QR code")


@lru_cache(maxsize=None)
def _blocks(version: int) -> tuple[tuple[int, int], ...]:
    """``(total, data)`` codewords of each Reed-Solomon block (reportlab's table)."""
    from reportlab.graphics.barcode.qrencoder import QRErrorCorrectLevel, QRRSBlock
    return tuple((b.totalCount, b.dataCount)
                 for b in QRRSBlock.getRSBlocks(version, QRErrorCorrectLevel.M))


@lru_cache(maxsize=None)
def _template(version: int) -> _Template:
    """What every code of ``version`` shares: the function patterns with the
    format information for mask 0, and where each data bit goes."""
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
    if version >= 7:
        qr.setupTypeNumber(False)
    t = _Template()
    t.base = [[bool(m) for m in row] for row in qr.modules]
    t.positions = [(row, col) for col, row in qr.dataPosIterator()]
    mask = qrencoder.QRUtil.getMask(MASK)
    t.flips = [bool(mask(r, c)) for r, c in t.positions]
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


def _remainder(data: list[int], degree: int) -> list[int]:
    gen = _generator(degree)
    rem = [0] * degree
    exp, log = _EXP, _LOG
    for word in data:
        factor = word ^ rem[0]
        rem = rem[1:]
        rem.append(0)
        if factor:
            lf = log[factor]
            for i, g in enumerate(gen):
                rem[i] ^= exp[lf + g]
    return rem


def _codewords(data: bytes, version: int) -> list[int]:
    """The symbol's codewords: the data in byte mode, padded, split into the
    version's blocks, each followed by its error correction, interleaved."""
    blocks = _blocks(version)
    capacity = sum(d for _, d in blocks)
    count_bits = 8 if version < 10 else 16
    value, length = 0b0100, 4                       # byte mode
    value, length = (value << count_bits) | len(data), length + count_bits
    for byte in data:
        value, length = (value << 8) | byte, length + 8
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
    out = []
    for group in (data_blocks, ec_blocks):
        for i in range(max(len(b) for b in group)):
            out.extend(b[i] for b in group if i < len(b))
    return out
