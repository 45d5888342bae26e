"""The tagged PDF: PDF/UA-1 by an independent checker, and the structure
tree read back: every widget in one Form element, in tab order, every
marked-content id resolving, the tree in the page's reading order."""

from __future__ import annotations

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

import formgen
from formgen.render.pdf import render_pdf
from formgen.render.pdf_prefill import PdfTemplate

from conftest import NAMES, ROOT

def pdfua_rules(path) -> set[str]:
    import page
    report = page.validate_pdf(str(path), profile=page.ValidationProfile.PDF_UA_1)
    return {f.rule_id for f in report.failures}


@pytest.fixture(scope="module")
def files(form, tmp_path_factory):
    d = tmp_path_factory.mktemp("ua")
    out = {"bundled": d / "bundled.pdf"}
    out["bundled"].write_bytes(render_pdf(form))
    for name in ("course-feedback", "bpv-evaluatie", "aanmelding-keuzedelen"):
        out[name] = d / f"{name}.pdf"
        out[name].write_bytes(render_pdf(formgen.load_form(ROOT / "examples" / f"{name}.yaml")))
    template = PdfTemplate(form)
    out["prefilled"] = d / "prefilled.pdf"
    out["prefilled"].write_bytes(template.fill(
        {**NAMES, "wp1_1_wens": True, "wp1_1_niveau": "G"}, copy='{"copy":"k1","extra":{}}'))
    out["prefilled-winansi"] = d / "prefilled-winansi.pdf"
    out["prefilled-winansi"].write_bytes(template.fill(
        {"naam_deelnemer": "Zoë d’Hondt", "begeleider_roc": "Mevr. Jansen", "wp1_1_wens": True,
         "wp1_1_niveau": "G"}, copy='{"copy":"k2","extra":{}}'))
    from formgen.render.pdf_print import numbered_ids, render_print_pack
    out["print-pack"] = d / "print-pack.pdf"       # copies 2 and 3 repeat copy 1's pages
    out["print-pack"].write_bytes(render_print_pack(form, [(i, {}) for i in numbered_ids(3)]))
    out["keuzedelen-print-pack"] = d / "keuzedelen-print-pack.pdf"
    out["keuzedelen-print-pack"].write_bytes(render_print_pack(
        formgen.load_form(ROOT / "examples" / "aanmelding-keuzedelen.yaml"),
        [(i, {}) for i in numbered_ids(2)]))
    return out


@pytest.mark.parametrize("name", ["bundled", "course-feedback", "bpv-evaluatie",
                                  "aanmelding-keuzedelen", "prefilled", "prefilled-winansi",
                                  "print-pack", "keuzedelen-print-pack"])
def test_pdf_ua_1_has_no_failures(files, name):
    """"prefilled" has names beyond WinAnsi (Şükrü Yılmaz, Małgorzata
    Wiśniewska): formgen draws them with the Type0 twin of the field font."""
    assert pdfua_rules(files[name]) == set()


def test_formgen_draws_no_text_with_the_field_font_s_differences(files):
    """What an engine types is drawn with the simple field font (it encodes
    through /Differences); what formgen draws itself never is: the checker
    rejects /Differences names beyond the standard Latin set."""
    reader = PdfReader(files["prefilled"])
    drawn = set()
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            normal = annot.get_object().get("/AP", {}).get("/N")
            streams = [normal] if normal is not None and "/Resources" in normal.get_object() \
                else list((normal or {}).values())
            for stream in streams:
                fonts = stream.get_object().get("/Resources", {}).get("/Font", {})
                drawn |= {(str(f.get_object()["/Subtype"]), str(f.get_object()["/BaseFont"]))
                          for f in fonts.values()}
    assert drawn == {("/Type0", "/FGLIBS+LiberationSans")}


def _tree(reader):
    root = reader.trailer["/Root"]["/StructTreeRoot"]
    elems, widgets, mcrs = [], [], []

    page_numbers = [p.indirect_reference.idnum for p in reader.pages]

    def walk(node, depth=0):
        node = node.get_object()
        elems.append((depth, node))
        for kid in node.get("/K") or []:
            kid = kid.get_object() if hasattr(kid, "get_object") else kid
            if isinstance(kid, int):                  # an MCID on the element's /Pg
                mcrs.append((page_numbers.index(node["/Pg"].indirect_reference.idnum), int(kid),
                             node))
            elif isinstance(kid, DictionaryObject) and kid.get("/Type") == "/OBJR":
                widgets.append((node, kid["/Obj"].get_object()))
            elif isinstance(kid, DictionaryObject) and kid.get("/Type") == "/MCR":
                page = [p.indirect_reference.idnum for p in reader.pages].index(
                    kid["/Pg"].indirect_reference.idnum)
                mcrs.append((page, int(kid["/MCID"]), node))
            elif isinstance(kid, DictionaryObject):
                walk(kid, depth + 1)

    for top in root["/K"]:
        walk(top)
    return root, elems, widgets, mcrs


@pytest.mark.parametrize("name", ["bundled", "bpv-evaluatie", "aanmelding-keuzedelen",
                                  "prefilled"])
def test_every_widget_is_in_one_form_element_in_tab_order(files, name):
    reader = PdfReader(files[name])
    _, _, widgets, _ = _tree(reader)
    assert all(form["/S"] == "/Form" for form, _ in widgets)
    tab_order = [a.get_object().indirect_reference.idnum for page in reader.pages
                 for a in page.get("/Annots") or []]
    tree_order = [w.indirect_reference.idnum for _, w in widgets]
    assert tree_order == tab_order, "structure order is tab order, each widget once"
    for page in reader.pages:
        if page.get("/Annots"):
            assert page["/Tabs"] == "/S"


@pytest.mark.parametrize("name", ["bundled", "bpv-evaluatie", "print-pack"])
def test_every_marked_content_id_resolves_and_the_tree_reads_in_page_order(files, name):
    reader = PdfReader(files[name])
    root, elems, widgets, mcrs = _tree(reader)
    nums = root["/ParentTree"]["/Nums"]
    tree = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    for index, page in enumerate(reader.pages):
        marks = tree[int(page["/StructParents"])]
        for mcid, elem in enumerate(marks):
            assert (index, mcid) in {(p, m) for p, m, _ in mcrs}
            assert elem.get_object()["/K"]
        content = page.get_contents().get_data()
        assert content.count(b"BDC") == len(marks)
    for form, widget in widgets:
        assert tree[int(widget["/StructParent"])].get_object() is form
    order = [(p, m) for p, m, _ in mcrs]
    assert order == sorted(order), "the tree, read in order, is the page's reading order"


def test_what_a_screen_reader_announces_for_a_row(files, form):
    reader = PdfReader(files["bundled"])
    _, elems, widgets, _ = _tree(reader)
    tags = [e["/S"] for _, e in elems]
    assert tags[:3] == ["/Document", "/H1", "/P"] and "/Table" in tags and "/L" in tags
    alts = [f.get("/Alt") for f, _ in widgets]
    assert "Wens voor werkproces 1.1: Stelt de vraag en/of informatiebehoefte van de " \
           "opdrachtgever vast" in alts
    assert "Niveau voor werkproces 1.1: Stelt de vraag en/of informatiebehoefte van de " \
           "opdrachtgever vast: Bg Beginnend" in alts
    headers = [e for _, e in elems if e["/S"] == "/TH"]
    assert headers and all(h["/A"]["/Scope"] in ("/Column", "/Row") for h in headers)


def test_metadata_says_title_language_and_pdf_ua(files, form):
    reader = PdfReader(files["bundled"])
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] is True or root["/MarkInfo"]["/Marked"] == True  # noqa: E712
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
    assert form.title in xmp and "<pdfuaid:part>1</pdfuaid:part>" in xmp and "nl-NL" in xmp
    assert root["/Lang"] == "nl-NL"
