"""Fill a .docx the way Word does when a person clicks and types: a ticked
checkbox gets ``w14:checked=1`` and the ☒ glyph, a text control loses its
placeholder flag and gets the typed runs, a picked date gets ``w:fullDate``
and its text, a picked list entry ``w:lastValue`` and its shown text."""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
NS = {"w": W, "w14": W14}


def fill_docx(src: Path, values: dict, out: Path) -> Path:
    """``values``: field id -> str (text), bool (checkbox) or option value (choice)."""
    with zipfile.ZipFile(src) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    root = etree.fromstring(parts["word/document.xml"])
    for sdt in root.iter(f"{{{W}}}sdt"):
        tag = sdt.find("w:sdtPr/w:tag", NS).get(f"{{{W}}}val")
        field_id, _, option = tag.partition("=")
        if field_id not in values:
            continue
        want = values[field_id]
        box = sdt.find("w:sdtPr/w14:checkbox", NS)
        if box is not None:
            on = (want is True if not option else
                  option in want if isinstance(want, list) else want == option)
            box.find("w14:checked", NS).set(f"{{{W14}}}val", "1" if on else "0")
            sdt.find(".//w:t", NS).text = "\u2612" if on else "\u2610"
        else:
            pr = sdt.find("w:sdtPr", NS)
            for flag in pr.findall("w:showingPlcHdr", NS):
                pr.remove(flag)
            date = pr.find("w:date", NS)
            if date is not None and hasattr(want, "isoformat"):
                date.set(f"{{{W}}}fullDate", f"{want.isoformat()}T00:00:00Z")
                want = want.strftime("%d-%m-%Y")
            dd = pr.find("w:dropDownList", NS)
            if dd is not None:
                item = next(i for i in dd.findall("w:listItem", NS)
                            if i.get(f"{{{W}}}value") == want)
                dd.set(f"{{{W}}}lastValue", want)
                want = item.get(f"{{{W}}}displayText")
            content = sdt.find("w:sdtContent", NS)
            for child in list(content):
                content.remove(child)
            for i, line in enumerate(str(want).split("\n")):
                if i:
                    br = etree.SubElement(content, f"{{{W}}}r")
                    etree.SubElement(br, f"{{{W}}}br")
                r = etree.SubElement(content, f"{{{W}}}r")
                t = etree.SubElement(r, f"{{{W}}}t")
                t.text = line
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True,
                                                encoding="UTF-8", standalone=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return out
