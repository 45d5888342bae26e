"""Fill a PDF form through PDFium's form-fill layer, as Chrome and Edge do:
click each widget, type text character by character, pick a combo box
entry, tab out, save. The values are what a person types."""

from __future__ import annotations

import ctypes
from pathlib import Path


def _wstr(getter, *args) -> str:
    import pypdfium2.raw as r
    n = getter(*args, None, 0)
    if n <= 2:
        return ""
    buf = ctypes.create_string_buffer(n)
    getter(*args, ctypes.cast(buf, ctypes.POINTER(r.FPDF_WCHAR)), n)
    return buf.raw[: n - 2].decode("utf-16-le")


def fill_pdfium(src: Path, values: dict, out: Path) -> Path:
    """``values``: field name -> str (typed), bool (checkbox), export value
    (radio group) or shown text / export value (combo box)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as r

    pdf = pdfium.PdfDocument(str(src))
    pdf.init_forms()
    form = pdf.formenv.raw
    found = set()
    for index in range(len(pdf)):
        page = pdf[index]
        widgets = []
        for i in range(r.FPDFPage_GetAnnotCount(page)):
            annot = r.FPDFPage_GetAnnot(page, i)
            if r.FPDFAnnot_GetSubtype(annot) == r.FPDF_ANNOT_WIDGET:
                rect = r.FS_RECTF()
                r.FPDFAnnot_GetRect(annot, rect)
                options = [_wstr(r.FPDFAnnot_GetOptionLabel, form, annot, k)
                           for k in range(max(0, r.FPDFAnnot_GetOptionCount(form, annot)))]
                widgets.append((_wstr(r.FPDFAnnot_GetFormFieldName, form, annot),
                                r.FPDFAnnot_GetFormFieldType(form, annot),
                                _wstr(r.FPDFAnnot_GetFormFieldExportValue, form, annot),
                                (rect.left + rect.right) / 2, (rect.top + rect.bottom) / 2,
                                bool(r.FPDFAnnot_IsChecked(form, annot)), options))
            r.FPDFPage_CloseAnnot(annot)

        def click(x, y):
            r.FORM_OnMouseMove(form, page, 0, x, y)
            r.FORM_OnLButtonDown(form, page, 0, x, y)
            r.FORM_OnLButtonUp(form, page, 0, x, y)

        for name, kind, export, x, y, checked, options in widgets:
            if name not in values:
                continue
            want = values[name]
            found.add(name)
            if kind == r.FPDF_FORMFIELD_TEXTFIELD:
                click(x, y)
                r.FORM_SelectAllText(form, page)
                for ch in str(want):
                    if ch == "\n":
                        r.FORM_OnKeyDown(form, page, r.FWL_VKEY_Return, 0)
                        r.FORM_OnChar(form, page, 13, 0)
                        r.FORM_OnKeyUp(form, page, r.FWL_VKEY_Return, 0)
                        continue
                    data = ch.encode("utf-16-le")
                    for k in range(0, len(data), 2):
                        r.FORM_OnChar(form, page, int.from_bytes(data[k:k + 2], "little"), 0)
            elif kind == r.FPDF_FORMFIELD_CHECKBOX:
                if (want is True) != checked:
                    click(x, y)
            elif kind == r.FPDF_FORMFIELD_RADIOBUTTON:
                if str(want) == export and not checked:
                    click(x, y)
            elif kind == r.FPDF_FORMFIELD_COMBOBOX:
                click(x, y)
                r.FORM_SetIndexSelected(form, page, options.index(str(want)), True)
            r.FORM_ForceToKillFocus(form)
    missing = set(values) - found
    if missing:
        raise AssertionError(f"PDFium found no widget for {sorted(missing)}")
    pdf.save(str(out))
    pdf.close()
    return out
