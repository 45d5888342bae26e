"""The peer of `formgen build --print --copies N`: N blank fillable forms
built one after another in one process (formgen's own renderer).

    python build_blank.py N
"""

import sys

import formgen

form = formgen.load_form()
for _ in range(int(sys.argv[1])):
    formgen.render_pdf(form)
