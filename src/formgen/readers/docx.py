"""Raw field values out of a filled Word file, read as untrusted input.

Controls are found by ``w:tag`` (the field id; ``id=value`` for one answer
of a choice). A checkbox's state comes from ``w14:checked``, never from its
glyph; text equal to the placeholder (``w:showingPlcHdr``) is empty.

Files that LibreOffice has saved lose the tags (see the README), so when a
file has no tagged controls the values are found by table layout instead:
the row of an item by its code in the first cell, the column by the table's
header rows, header fields by their label in the first cell.

The zip is opened with limits (entry size, total size, compression ratio)
and the XML parsed without DTDs or entity expansion: a zip bomb or an
entity bomb is refused, not unpacked.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from lxml import etree

from ..errors import ReadError
from .pdf import RawField, RawForm

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
NS = {"w": W, "w14": W14}
CORE = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
MAX_ENTRY = 20 * 1024 * 1024      # bytes of one unpacked XML part
MAX_RATIO = 200                   # unpacked / packed, above which a part is a bomb
CHECKED_GLYPHS = "\u2612\u2611\u2714\u2713xX"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                          huge_tree=False, remove_comments=True)


def _placeholders() -> set[str]:
    from .. import i18n
    return {table["placeholder"] for table in i18n.STRINGS.values()}


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def read_docx_fields(path: str | Path, candidates=()) -> RawForm:
    """Every control of a filled .docx by field id. Raises :class:`ReadError`.

    ``candidates`` (forms) enable the table-layout fallback for files whose
    controls lost their tags: the form named by the file's identity, else
    the one whose layout matches most fields.
    """
    path = Path(path)
    try:
        with zipfile.ZipFile(path) as z:
            document = _part(z, "word/document.xml", path)
            core = _part(z, "docProps/core.xml", path, required=False)
    except zipfile.BadZipFile:
        raise ReadError("not a readable Word file (damaged zip)", where=str(path),
                        code="corrupt") from None
    root = _parse(document, path)
    out = RawForm()
    if core is not None:
        keywords = _parse(core, path).findtext(f"{{{CORE}}}keywords") or ""
        out.identity = next((w for w in keywords.split() if w.count("|") == 2), None)
    _tagged(root, out)
    if not out.fields and candidates:
        named = [f for f in candidates if out.identity and out.identity.startswith(f"{f.id}|")]
        best = None
        for form in named or candidates:
            trial = RawForm(identity=out.identity)
            _by_layout(root, form, trial)
            if best is None or len(trial.fields) > len(best.fields):
                best = trial
        out = best
    return out


def _part(z: zipfile.ZipFile, name: str, path: Path, required: bool = True) -> bytes | None:
    try:
        info = z.getinfo(name)
    except KeyError:
        if required:
            raise ReadError(f"not a Word document (no {name})", where=str(path),
                            code="not_a_form_file") from None
        return None
    if info.file_size > MAX_ENTRY or info.file_size > MAX_RATIO * max(info.compress_size, 1024):
        raise ReadError(f"{name} unpacks to {info.file_size} bytes: refused as a zip bomb",
                        where=str(path), code="unsafe")
    with z.open(info) as fh:
        data = fh.read(MAX_ENTRY + 1)      # the header may lie: never read past the cap
    if len(data) > MAX_ENTRY:
        raise ReadError(f"{name} is larger than it says: refused", where=str(path), code="unsafe")
    return data


def _parse(data: bytes, path: Path):
    if b"<!DOCTYPE" in data[:4096].upper() or b"<!ENTITY" in data.upper():
        raise ReadError("the XML declares a DTD or entities: refused", where=str(path),
                        code="unsafe")
    try:
        return etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as e:
        raise ReadError(f"damaged XML ({e})", where=str(path), code="corrupt") from None


def _text_of(el) -> str:
    lines = []
    paras = el.findall(".//w:p", NS) or [el]
    for p in paras:
        parts = []
        for node in p.iter(_w("t"), _w("br"), _w("tab"), _w("cr")):
            if node.tag == _w("t"):
                parts.append(node.text or "")
            elif node.tag == _w("tab"):
                parts.append("\t")
            else:
                parts.append("\n")
        lines.append("".join(parts))
    return "\n".join(lines)


def _tagged(root, out: RawForm) -> None:
    for sdt in root.iter(_w("sdt")):
        pr = sdt.find("w:sdtPr", NS)
        tag = pr.find("w:tag", NS) if pr is not None else None
        if tag is None or not tag.get(_w("val")):
            continue
        name = tag.get(_w("val"))
        content = sdt.find("w:sdtContent", NS)
        box = pr.find("w14:checkbox", NS)
        if box is not None:
            checked = box.find("w14:checked", NS)
            on = checked is not None and checked.get(f"{{{W14}}}val", "0").lower() in ("1", "true", "on")
            field_id, _, option = name.partition("=")
            raw = out.fields.setdefault(field_id, RawField(field_id, "button", set()))
            raw.widgets += 1
            if on:
                raw.value.add(option or "Yes")
        else:
            placeholder = pr.find("w:showingPlcHdr", NS) is not None
            text = "" if placeholder or content is None else _text_of(content)
            out.fields[name] = RawField(name, "text", _unless_placeholder(text), 1)


def _unless_placeholder(text: str) -> str:
    """Text equal to a placeholder counts as empty (LibreOffice drops the flag)."""
    return "" if text.strip() in _placeholders() else text


def _cell_text(tc) -> str:
    return " ".join(_text_of(tc).split())


def _is_checked(tc) -> bool:
    """A cell's checkbox: ``w14:checked`` where the control survived, else its glyph."""
    box = tc.find(".//w14:checkbox/w14:checked", NS)
    if box is not None:
        return box.get(f"{{{W14}}}val", "0").lower() in ("1", "true", "on")
    return any(ch in CHECKED_GLYPHS for ch in _cell_text(tc))


def _by_layout(root, form, out: RawForm) -> None:
    """Values by table position, for files whose controls lost their tags."""
    labels = {f.spec.label.casefold(): f for f in form.all_fields() if f.item is None}
    codes = {}
    for section in form.sections:
        for item in section.items:
            codes[item.code] = (section, item)
    for tbl in root.iter(_w("tbl")):
        rows = tbl.findall("w:tr", NS)
        for tr in rows:
            cells = tr.findall("w:tc", NS)
            if not cells:
                continue
            first = _cell_text(cells[0])
            label = first.rstrip(":").strip().casefold()
            if label in labels and len(cells) > 1:
                ff = labels[label]
                _free_field(ff, cells[1], out)
                continue
            code = first.split(" ", 1)[0]
            if code in codes and len(cells) > 1:
                section, item = codes[code]
                _item_row(form, section, item, cells[1:], out)


def _free_field(ff, tc, out: RawForm) -> None:
    if ff.type in ("text", "textarea"):
        text = _text_of(tc).strip()
        placeholder = tc.find(".//w:showingPlcHdr", NS) is not None
        out.fields[ff.id] = RawField(ff.id, "text", "" if placeholder else _unless_placeholder(text), 1)
    elif ff.type == "checkbox":
        out.fields[ff.id] = RawField(ff.id, "button", {"Yes"} if _is_checked(tc) else set(), 1)
    else:
        boxes = tc.findall(".//w:sdt", NS) or []
        states = set()
        for o, sdt in zip(ff.spec.options, boxes):
            if _is_checked(sdt):
                states.add(o.value)
        out.fields[ff.id] = RawField(ff.id, "button", states, len(boxes))


def _item_row(form, section, item, cells, out: RawForm) -> None:
    base = form.item_id(item)
    i = 0
    for col in form.section_columns(section):
        fid = f"{base}_{col.id}"
        if col.type == "choice":
            states = {o.value for o, tc in zip(col.options, cells[i:i + len(col.options)])
                      if _is_checked(tc)}
            out.fields[fid] = RawField(fid, "button", states, len(col.options))
            i += len(col.options)
        elif col.type == "checkbox":
            out.fields[fid] = RawField(fid, "button", {"Yes"} if i < len(cells) and _is_checked(cells[i])
                                       else set(), 1)
            i += 1
        else:
            text = re.sub(r"\s+", " ", _text_of(cells[i])).strip() if i < len(cells) else ""
            out.fields[fid] = RawField(fid, "text", _unless_placeholder(text), 1)
            i += 1
