"""What the office gets from the returns: the exports (JSON, CSV, the
workbook), the counts and the class-list check (:mod:`.planning`), the PDF
report and the review sheet of scanned copies. Each takes a list of
:class:`formgen.readers.core.Response` (from ``formgen read``, or a round's
view of its store) and the forms; none reads a file itself."""
