"""Tagged PDF (PDF/UA-1) for reportlab, which does not tag at all.

The renderer builds a tree of structure elements (:class:`Elem`) in reading
order from the layout plan (:func:`formgen.render.pdf_draw.structure`), and
gives each thing it draws its element. When a thing is drawn, its content is wrapped in
marked content (``/P <</MCID n>> BDC ... EMC``) and the MCID is recorded on
its element; decoration (table rules and shading, printed field outlines,
the footer, the QR code) is wrapped as ``/Artifact``; a header row that a
table repeats on the next page is drawn as an artifact the second time.
Each widget annotation gets a ``/StructParent`` and a ``Form`` element that
refers to it (``OBJR``). At the end :meth:`Tagger.finish` writes the
structure tree, the parent tree, ``/MarkInfo``, the XMP metadata with the
PDF/UA identification, and ``/Tabs /S`` and ``/StructParents`` on the pages.

reportlab has no public API for marked content, the catalog's structure
entries or page keys beyond its own; this module uses three private ones,
and nothing else does: ``canvas._code`` (the page's operators),
``document._catalog`` and the ``__NoDefault__`` key list of a page object.
It also leaves out the U+0000 entries that reportlab writes into the
``/ToUnicode`` maps of its subset fonts for unused codes (PDF/UA forbids
them); see :func:`_patch_to_unicode`.
"""

from __future__ import annotations

from html import escape as _escape

from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary

from .pdf_fields import Raw, _name, text_string


def xml_escape(text: str) -> str:
    """``&``, ``<`` and ``>`` escaped (xml.sax.saxutils pulls in urllib and
    http: 10 ms of every build)."""
    return _escape(text, quote=False)


class Elem:
    """A structure element: its tag, attributes, and kids (elements,
    marked-content references and widget references), in order."""

    def __init__(self, tag: str, parent: "Elem | None" = None, alt: str | None = None,
                 scope: str | None = None, title: str | None = None, colspan: int = 1,
                 rowspan: int = 1):
        self.tag, self.parent, self.alt, self.scope, self.title = tag, parent, alt, scope, title
        self.colspan, self.rowspan = colspan, rowspan
        self.kids: list = []
        self.page: int | None = None
        if parent is not None:
            parent.kids.append(self)

    def add(self, tag: str, **attrs) -> "Elem":
        return Elem(tag, self, **attrs)


class Tagger:
    """Collects the marked content and the structure of one document."""

    def __init__(self, language: str, title: str):
        self.language, self.title = language, title
        self.root = Elem("Document")
        self.mcids: dict[int, list[Elem]] = {}      # page index -> element per MCID
        self.widgets: list[tuple[Elem, object, int]] = []   # (Form element, annot, page)

    # -- while drawing ------------------------------------------------------
    def begin(self, canv, elem: Elem) -> None:
        page = canv.getPageNumber() - 1
        marks = self.mcids.setdefault(page, [])
        elem.kids.append(("mcr", page, len(marks)))
        elem.page = elem.page if elem.page is not None else page
        canv._code.append(f"/{elem.tag} <</MCID {len(marks)}>> BDC")
        marks.append(elem)

    @staticmethod
    def end(canv) -> None:
        canv._code.append("EMC")

    @staticmethod
    def artifact(canv) -> None:
        canv._code.append("/Artifact BMC")

    def widget(self, canv, elem: Elem, annot, alt: str | None = None) -> int:
        """Give ``annot`` a Form element under ``elem`` (saying ``alt``);
        returns its parent-tree key."""
        key = len(self.widgets)
        form = Elem("Form", elem, alt=alt or elem.alt)
        self.widgets.append((form, annot, canv.getPageNumber() - 1))
        form.kids.append(("objr", annot))
        annot.dict["StructParent"] = key
        return key

    def repeat(self, pages: int, offset: int) -> None:
        """The structure of the document as drawn (its first ``pages`` pages)
        again, for the same content drawn again ``offset`` pages on (a print
        pack's next copy): every element is cloned with its page numbers moved."""
        clones: dict[int, Elem] = {}

        def clone(elem: Elem, parent: Elem) -> Elem:
            new = Elem(elem.tag, parent, alt=elem.alt, scope=elem.scope, title=elem.title,
                       colspan=elem.colspan, rowspan=elem.rowspan)
            new.page = None if elem.page is None else elem.page + offset
            clones[id(elem)] = new
            for kid in elem.kids:
                if isinstance(kid, Elem):
                    clone(kid, new)
                elif kid[0] == "mcr":
                    new.kids.append(("mcr", kid[1] + offset, kid[2]))
            return new

        if not hasattr(self, "_first"):          # what the drawn pages made, before any clone
            self._first = list(self.root.kids)
        for elem in self._first:
            clone(elem, self.root)
        for page in range(pages):
            self.mcids[page + offset] = [clones[id(e)] for e in self.mcids.get(page, [])]

    # -- at the end ------------------------------------------------------------
    def finish(self, canv) -> None:
        doc = canv._doc
        pages = doc.Pages.pages
        page_refs = [doc.Reference(p) for p in pages]
        refs: dict[int, object] = {}
        root_dict = PDFDictionary({"Type": _name("StructTreeRoot")})
        root_ref = doc.Reference(root_dict)
        widget_page = {id(a): p for _, a, p in self.widgets}

        numbers = doc.idToObjectNumberAndVersion

        def ref_of(ref) -> bytes:
            return b"%d 0 R" % numbers[ref.name][0]

        page_of = [ref_of(r) for r in page_refs]

        # Each element is written as its bytes, made here (a tagged print pack
        # has thousands; reportlab's generic dictionaries took a third of its
        # time): the object is registered first, so that its kids name it.
        def build(elem: Elem, parent: bytes) -> bytes:
            obj = Raw(b"")
            ref = doc.Reference(obj)
            refs[id(elem)] = ref
            me = ref_of(ref)
            kids = []
            for kid in elem.kids:
                if isinstance(kid, Elem):
                    kids.append(build(kid, me))
                elif kid[0] == "mcr" and kid[1] == elem.page:
                    kids.append(b"%d" % kid[2])   # an MCID on the element's own page
                elif kid[0] == "mcr":
                    kids.append(b"<< /Type /MCR /Pg %s /MCID %d >>" % (page_of[kid[1]], kid[2]))
                else:
                    kids.append(b"<< /Type /OBJR /Obj %s /Pg %s >>"
                                % (ref_of(doc.Reference(kid[1])),
                                   page_of[widget_page[id(kid[1])]]))
            parts = [b"<< /Type /StructElem /S /" + elem.tag.encode("ascii") + b" /P " + parent]
            if kids:
                parts.append(b"/K [" + b" ".join(kids) + b"]")
            if elem.page is not None:
                parts.append(b"/Pg " + page_of[elem.page])
            if elem.alt:
                parts.append(b"/Alt " + text_string(elem.alt).text)
            if elem.title:
                parts.append(b"/T " + text_string(elem.title).text)
            table = []
            if elem.scope:
                table.append(b"/Scope /" + elem.scope.encode("ascii"))
            if elem.colspan > 1:
                table.append(b"/ColSpan %d" % elem.colspan)
            if elem.rowspan > 1:
                table.append(b"/RowSpan %d" % elem.rowspan)
            if table:
                parts.append(b"/A << /O /Table " + b" ".join(table) + b" >>")
            obj.text = b" ".join(parts) + b" >>"
            return me

        document = build(self.root, ref_of(root_ref))
        nums: list = []
        for key, (form, _, _) in enumerate(self.widgets):
            nums += [key, refs[id(form)]]
        first_page_key = len(self.widgets)
        for index, page in enumerate(pages):
            key = first_page_key + index
            marks = self.mcids.get(index, [])
            nums += [key, PDFArray([refs[id(e)] for e in marks])]
            page.__NoDefault__ = list(type(page).__NoDefault__) + ["StructParents", "Tabs"]
            page.StructParents = key
            page.Tabs = _name("S")
        root_dict.dict["K"] = PDFArray([Raw(document)])
        root_dict.dict["ParentTree"] = PDFDictionary({"Nums": PDFArray(nums)})
        root_dict.dict["ParentTreeNextKey"] = first_page_key + len(pages)
        catalog = doc._catalog
        catalog.StructTreeRoot = root_ref
        catalog.MarkInfo = PDFDictionary({"Marked": Raw(b"true")})
        catalog.Metadata = self._xmp()

    def _xmp(self) -> Raw:
        title = xml_escape(self.title)
        packet = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
   <dc:language><rdf:Bag><rdf:li>{xml_escape(self.language)}</rdf:li></rdf:Bag></dc:language>
   <dc:format>application/pdf</dc:format>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
   <pdf:Producer>formgen</pdf:Producer>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
   <pdfuaid:part>1</pdfuaid:part>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
        data = packet.encode("utf-8")       # uncompressed: XMP stays readable as it is
        return Raw(b"<< /Type /Metadata /Subtype /XML /Length %d >>\nstream\n" % len(data)
                   + data + b"\nendstream")


def _patch_to_unicode() -> None:
    """Leave out the ``<code> <0000>`` entries of reportlab's subset-font
    ``/ToUnicode`` maps (codes the subset does not use; PDF/UA forbids a map
    to U+0000). Done once, for this process; the maps are otherwise unchanged."""
    from reportlab.pdfbase import ttfonts

    if getattr(ttfonts.makeToUnicodeCMap, "_formgen", False):
        return
    original = ttfonts.makeToUnicodeCMap

    def make(fontname, subset):
        text = original(fontname, subset)
        head, rest = text.split(" beginbfchar\n", 1)
        head = head.rsplit("\n", 1)[0]              # drop the count line
        body, tail = rest.split("\nendbfchar", 1)
        entries = [ln for ln in body.split("\n") if ln and not ln.endswith("<0000>")]
        chunks = [entries[i:i + 100] for i in range(0, len(entries), 100)]   # at most 100 a block
        blocks = "\n".join(f"{len(c)} beginbfchar\n" + "\n".join(c) + "\nendbfchar"
                            for c in chunks)
        return f"{head}\n{blocks}{tail}"

    make._formgen = True
    ttfonts.makeToUnicodeCMap = make
