"""Peer of `formgen read` on a scanned stack: every page rendered (PDFium,
as formgen renders a scan) and its QR code decoded (zxing-cpp), nothing
else.

    python decode_scans.py STACK.pdf
"""

import sys

import pypdfium2 as pdfium
import zxingcpp

pdf = pdfium.PdfDocument(sys.argv[1])
found = 0
for page in pdf:
    img = page.render(scale=200 / 72, grayscale=True).to_numpy()
    found += bool(zxingcpp.read_barcodes(img, formats=zxingcpp.BarcodeFormat.QRCode))
print(found, "of", len(pdf))
