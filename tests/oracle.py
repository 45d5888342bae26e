"""An independent reader of form values, on pikepdf (qpdf's C++ parser), for
differential tests: the same rules as formgen's reader, another parser."""

from __future__ import annotations

import pikepdf

KINDS = {"/Tx": "text", "/Btn": "button", "/Ch": "choice", "/Sig": "signature"}


def _chain(obj):
    seen = set()
    while isinstance(obj, pikepdf.Dictionary) and len(seen) < 32:
        key = obj.objgen if obj.is_indirect else id(obj)
        if key in seen:
            return
        seen.add(key)
        yield obj
        obj = obj.get("/Parent")


def _text(value) -> str:
    if isinstance(value, pikepdf.Stream):
        data = value.read_bytes()
        if data[:2] in (b"\xfe\xff", b"\xff\xfe"):
            text = data.decode("utf-16")
        else:
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                text = data.decode("latin-1")
    elif isinstance(value, pikepdf.String):
        text = str(value)
    else:
        return ""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _on(value) -> str | None:
    if isinstance(value, pikepdf.Name) and str(value) not in ("/Off", "/"):
        return str(value)[1:]
    return None


def fields(path) -> dict[str, object]:
    """Field name -> value (text: str, button: set of on-states, choice: str,
    signature: bool), the identity field left out."""
    out: dict[str, list] = {}
    with pikepdf.open(path, password="") as pdf:
        for page in pdf.pages:
            annots = page.obj.get("/Annots")
            for annot in annots if isinstance(annots, pikepdf.Array) else []:
                if not isinstance(annot, pikepdf.Dictionary) or annot.get("/Subtype") != "/Widget":
                    continue
                chain = list(_chain(annot))
                names = [str(o["/T"]) for o in chain if "/T" in o]
                if not names:
                    continue
                name = ".".join(reversed(names))
                ft = next((o["/FT"] for o in chain if "/FT" in o), None)
                kind = KINDS.get(str(ft), "button")
                value = next((o["/V"] for o in chain if "/V" in o), None)
                entry = out.setdefault(name, [kind, set() if kind == "button" else ""])
                if entry[0] != kind:
                    continue
                if kind in ("text", "choice"):
                    if isinstance(value, pikepdf.Array):
                        value = value[0] if len(value) else None
                    text = _text(value)
                    if text or not entry[1]:
                        entry[1] = text
                elif kind == "signature":
                    entry[1] = entry[1] or isinstance(value, pikepdf.Dictionary)
                else:
                    state = annot.get("/AS") if "/AS" in annot else annot.get("/V")
                    if _on(state):
                        entry[1].add(_on(state))
        acro = pdf.Root.get("/AcroForm")
        stack = list(acro.get("/Fields", [])) if isinstance(acro, pikepdf.Dictionary) else []
        seen = set()
        while stack:
            obj = stack.pop()
            if not isinstance(obj, pikepdf.Dictionary):
                continue
            key = obj.objgen if obj.is_indirect else id(obj)
            if key in seen:
                continue
            seen.add(key)
            kids = list(obj.get("/Kids", []))
            stack += kids
            if not kids or "/T" not in obj:
                continue
            name = ".".join(reversed([str(o["/T"]) for o in _chain(obj) if "/T" in o]))
            entry = out.get(name)
            if entry is None or entry[0] != "button" or entry[1]:
                continue
            states = set()
            for kid in kids:
                normal = kid.get("/AP", {}).get("/N") if isinstance(kid, pikepdf.Dictionary) else None
                if isinstance(normal, pikepdf.Dictionary):
                    states |= {str(k)[1:] for k in normal.keys() if k != "/Off"}
            state = _on(obj.get("/V"))
            if state and state in states:
                entry[1].add(state)
    out.pop("formgen_identity", None)
    out.pop("formgen_copy", None)
    return {name: value for name, (kind, value) in out.items()}
