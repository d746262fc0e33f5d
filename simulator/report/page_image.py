"""A PDF's first page as a PNG image, rendered by PDFium (pypdfium2).

PDFium is not safe to call from several threads at once (pypdfium2's documentation says so), and a server makes
briefs for several sessions at once: one lock lets one page be rendered at a time. Rendering a page takes tens of
milliseconds, so the wait is short.
"""

from __future__ import annotations

import io
import threading

import pypdfium2

#: Points in an inch: a PDF's unit.
POINTS_PER_INCH = 72
_PDFIUM = threading.Lock()


def first_page_png(pdf: bytes, dpi: int = 150) -> bytes:
    """Page 1 of `pdf` as PNG bytes at `dpi` pixels per inch (A4 landscape at 150 dpi: 1754 x 1241 pixels).

    Examples
    --------
    >>> from fpdf import FPDF
    >>> document = FPDF(orientation="L", format="A4")
    >>> document.add_page()
    >>> first_page_png(bytes(document.output()), dpi=72)[:8]
    b'\\x89PNG\\r\\n\\x1a\\n'
    """
    with _PDFIUM:
        document = pypdfium2.PdfDocument(pdf)
        try:
            image = document[0].render(scale=dpi / POINTS_PER_INCH).to_pil()
        finally:
            document.close()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()
