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

import copy
import io

import re
import zipfile
from pathlib import Path

from lxml import etree

from ..errors import ReadError
from ..names import CHECKBOX_ON, COPY_KEYWORD, find_identity, placeholder_words, split_tag
from .raw import RawField, RawForm

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
NS = {"w": W, "w14": W14}
CORE = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
MAX_ENTRY = 20 * 1024 * 1024      # bytes of one unpacked XML part
MAX_RATIO = 200                   # unpacked / packed, above which a part is a bomb
CHECKED_GLYPHS = "\u2612\u2611\u2714\u2713xX"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                          huge_tree=False, remove_comments=True)


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def read_docx_fields(path: str | Path, candidates=(), data: bytes | None = None) -> RawForm:
    """Every control of a filled .docx by field id. Raises :class:`ReadError`.

    ``candidates`` (forms) enable the table-layout fallback for files whose
    controls lost their tags: the form named by the file's identity, else
    the one whose layout matches most fields.
    """
    path = Path(path)
    document, core = package_parts(path, data, "Word", "word/document.xml", "docProps/core.xml")
    root = parse(document, path)
    out = RawForm()
    if core is not None:
        props = parse(core, path)
        out.identity = find_identity(props.findtext(f"{{{CORE}}}keywords") or "")
        description = props.findtext("{http://purl.org/dc/elements/1.1/}description") or ""
        if description.startswith(COPY_KEYWORD):
            out.copy = description
    _tagged(root, out)
    if not out.fields:
        out = read_by_layout(root, candidates, out)
    return out


def read_by_layout(root, candidates, out: RawForm) -> RawForm:
    """Values by table layout (for files whose controls lost their tags): the
    form named by the file's identity, else the one whose layout matches most."""
    named = [f for f in candidates if out.identity and out.identity.startswith(f"{f.id}|")]
    best = out
    for form in named or candidates:
        trial = RawForm(identity=out.identity)
        _by_layout(root, form, trial)
        if len(trial.fields) > len(best.fields):
            best = trial
    return best


def package_parts(path: Path, data: bytes | None, kind: str, main: str, props: str):
    """The main XML part (required) and the properties part (or None) of a
    returned zip package, read with :func:`part`'s limits."""
    try:
        with zipfile.ZipFile(io.BytesIO(data) if data is not None else path) as z:
            return part(z, main, path), part(z, props, path, required=False)
    except zipfile.BadZipFile:
        raise ReadError(f"not a readable {kind} file (damaged zip)", where=str(path),
                        code="corrupt") from None


def part(z: zipfile.ZipFile, name: str, path: Path, required: bool = True) -> bytes | None:
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


def parse(data: bytes, path: Path):
    if b"<!DOCTYPE" in data[:4096].upper() or b"<!ENTITY" in data.upper():
        raise ReadError("the XML declares a DTD or entities: refused", where=str(path),
                        code="unsafe")
    try:
        return etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as e:
        if "huge" in str(e).lower():         # libxml2 refuses a text node over 10 MB
            raise ReadError(f"a text in the file is over 10 MB ({e})", where=str(path),
                            code="text_too_large") from None
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
    """Controls by tag. A tag met again is the same field: a box of another
    option of a choice, or a repeat; a repeat that says something else, or
    a control of another kind under a field's tag, is noted for a person
    (the first one counts)."""
    boxes: dict[tuple, bool] = {}
    for sdt in root.iter(_w("sdt")):
        pr = sdt.find("w:sdtPr", NS)
        tag = pr.find("w:tag", NS) if pr is not None else None
        if tag is None or not tag.get(_w("val")):
            continue
        field_id, option = split_tag(tag.get(_w("val")))
        box = pr.find("w14:checkbox", NS)
        kind = "button" if box is not None else "text"
        raw = out.fields.get(field_id)
        if raw is not None and raw.kind != kind:
            out.notes.add("mixed_controls")
            continue
        if box is not None:
            if raw is None:
                raw = out.fields[field_id] = RawField(field_id, "button", set())
            checked = _checked(box)
            key = (field_id, option or CHECKBOX_ON)
            if boxes.setdefault(key, checked) != checked:
                out.notes.add("repeated_control")
                continue
            raw.widgets += 1
            if checked:
                raw.value.add(option or CHECKBOX_ON)
            continue
        text = _control_text(pr, sdt.find("w:sdtContent", NS))
        if raw is None:
            out.fields[field_id] = RawField(field_id, "text", text, 1)
        elif raw.value != text:
            out.notes.add("repeated_control")


def _checked(box) -> bool:
    checked = box.find("w14:checked", NS)
    return checked is not None and checked.get(f"{{{W14}}}val", "0").lower() in ("1", "true", "on")


def _control_text(pr, content) -> str:
    """What a text, date, drop-down or rich-text control holds ("" while it
    shows its placeholder). A date's ``w:fullDate`` and a drop-down's
    ``w:lastValue`` are what Word stores beside the text; a picture pasted
    into a rich-text control counts as text."""
    if pr.find("w:showingPlcHdr", NS) is not None or content is None:
        return ""
    date = pr.find("w:date", NS)
    if date is not None and date.get(_w("fullDate")):
        return date.get(_w("fullDate"))[:10]
    dd = pr.find("w:dropDownList", NS)
    if dd is not None and dd.get(_w("lastValue")):
        return dd.get(_w("lastValue"))
    text = _unless_placeholder(_text_of(content))
    if not text.replace("\u00a0", "").strip():
        return "[image]" if content.find(".//w:drawing", NS) is not None else ""
    return text


def _unless_placeholder(text: str) -> str:
    """Text equal to a placeholder counts as empty (LibreOffice drops the flag)."""
    return "" if text.strip() in placeholder_words() else text


def _cell_text(tc) -> str:
    return " ".join(_text_of(tc).split())


def _is_checked(el) -> bool:
    """A checkbox: ``w14:checked`` where the control survived, else its glyph."""
    box = el.find(".//w14:checkbox", NS)
    if box is not None:
        return _checked(box)
    return any(ch in CHECKED_GLYPHS for ch in _cell_text(el))


# -- the layout fallback: one helper per kind of cell, called by the field types --

def cell_text_field(ff, cells, multiline: bool) -> RawField:
    tc = cells[0]
    sdt = tc.find(".//w:sdt", NS)
    if sdt is not None:
        text = _control_text(sdt.find("w:sdtPr", NS), sdt.find("w:sdtContent", NS))
    else:
        text = _unless_placeholder(_text_of(tc).strip())
    if not multiline:
        text = re.sub(r"\s+", " ", text).strip()
    return RawField(ff.id, "text", text, 1)


def cell_checkbox_field(ff, cells) -> RawField:
    return RawField(ff.id, "button", {CHECKBOX_ON} if _is_checked(cells[0]) else set(), 1)


def cell_choice_field(ff, cells) -> RawField:
    """One cell per option (a table's option columns), or all options' boxes in one cell."""
    options = ff.spec.options
    if len(cells) == len(options):
        boxes = cells
    else:     # LibreOffice wraps the cell's paragraph in a control of its own: skip it
        boxes = cells[0].xpath(".//w:sdt[w:sdtPr/w14:checkbox]", namespaces=NS)
    states = {o.value for o, box in zip(options, boxes) if _is_checked(box)}
    return RawField(ff.id, "button", states, len(boxes))


def cell_signature_field(ff, cells) -> RawField:
    sdt = cells[0].find(".//w:sdt", NS)
    holder = sdt.find("w:sdtContent", NS) if sdt is not None else cells[0]
    signed = (holder.find(".//w:drawing", NS) is not None or
              bool(_text_of(holder).replace("\u00a0", "").strip()))
    return RawField(ff.id, "text", "[signed]" if signed else "", 1)


def _by_layout(root, form, out: RawForm) -> None:
    """Values by table position (the layout plan), for files whose controls lost their tags."""
    labels, rows = {}, {}
    for block in form.layout.blocks:
        for row in block.rows:
            if row.kind == "field":            # label | field (| label | field)
                for label, field in zip(row.cells[::2], row.cells[1::2]):
                    if field.field_id:
                        labels[_key(label.text)] = field
            elif row.kind == "item":
                rows[row.cells[0].item.code] = row.cells[1:]
    index = form.field_index
    for tbl in root.iter(_w("tbl")):
        for tr in tbl.findall("w:tr", NS):
            cells = tr.findall("w:tc", NS)
            if len(cells) < 2:
                continue
            first = _cell_text(cells[0])
            code = first.split(" ", 1)[0]
            if _key(_label_of(cells[0])) in labels:      # label | field, once or twice a row
                targets = [(fid, [part])
                           for label, tc in zip(cells[::2], cells[1::2])
                           if _key(_label_of(label)) in labels
                           for fid, part in _split(labels[_key(_label_of(label))], tc)]
            elif code in rows:
                targets = {}
                for plan, tc in zip(rows[code], cells[1:]):
                    for fid, part in _split(plan, tc):
                        targets.setdefault(fid, []).append(part)
                targets = list(targets.items())
            else:
                continue
            for fid, tcs in targets:
                ff = index[fid]
                out.fields[fid] = ff.spec.read_docx_cell(ff, tcs, None)


def _label_of(tc) -> str:
    """A label cell's label: its first paragraph (a field's help follows it)."""
    para = tc.find(".//w:p", NS)
    return _cell_text(para if para is not None else tc)


def _split(plan, tc) -> list:
    """``[(field id, cell)]`` of a plan cell as Word has it: a cell that
    holds several fields (a signature and its date) is split into one cell
    per field, each with that field's controls, in the plan's slot order."""
    fields = list(dict.fromkeys(s.field_id for s in plan.slots)) or [plan.field_id]
    if len(fields) == 1:
        return [(fields[0], tc)]
    # the innermost controls (LibreOffice may wrap a cell's paragraph in one more)
    controls = [sdt for sdt in tc.iter(_w("sdt")) if sdt.find(".//w:sdt", NS) is None]
    out, at = [], 0
    for fid in fields:
        n = sum(s.field_id == fid for s in plan.slots)
        part = etree.Element(_w("tc"))
        part.extend(copy.deepcopy(sdt) for sdt in controls[at:at + n])
        out.append((fid, part))
        at += n
    return out


def _key(label: str) -> str:
    return " ".join(label.rstrip(":").split()).casefold()
