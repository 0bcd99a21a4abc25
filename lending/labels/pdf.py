"""Labels as a PDF, drawn in vectors so that they print sharp on any printer: a QR code of the
item's address in the app, a Code 128 of its tag, the tag in text, the organization's name,
and where it is kept if asked. Nothing about a peer is ever on a label."""
from dataclasses import dataclass
from io import BytesIO
from itertools import groupby

import zxingcpp
from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib.units import inch, mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from ..pdf_text import BODY, BOLD, fonts
from .layouts import Layout

WIDEST_BAR = 0.015 * inch  # a Code 128 module no wider than this; narrower to fit
NARROWEST_BAR = 0.25 * mm  # and no narrower beside the QR code: two dots of a 203 dpi printer
QUIET = 10  # modules of white either side of a Code 128, as scanners need


@dataclass(frozen=True)
class Label:
    """What one label shows."""

    address: str  # the item's page, in the QR code
    code: str  # its asset tag (or serial, or ICCID), in the Code 128 and in text
    place: str = ""


def labels_pdf(labels: list[Label], layout: Layout, *, organization: str, start: int = 1,
               title: str = "Labels") -> bytes:
    """A PDF of the labels, filling a sheet from position `start` (1 is the top left; the
    positions before it are left blank, for a partly used sheet)."""
    fonts()
    buffer = BytesIO()
    canvas = Canvas(buffer, pagesize=layout.page, pageCompression=1)
    canvas.setTitle(title)
    canvas.setAuthor(organization)
    position = (start - 1) % layout.per_page
    for number, label in enumerate(labels):
        if number and position == 0:
            canvas.showPage()
        _draw(canvas, label, *layout.corner(position), *layout.label, organization)
        position = (position + 1) % layout.per_page
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _draw(canvas, label: Label, x: float, y: float, width: float, height: float,
          organization: str):
    """One label with its bottom-left corner at (x, y): the QR code on the left, the words
    beside it, and the Code 128 under them; or, when that room would make its bars too thin
    to scan (a long ICCID on a small label), the Code 128 across the whole foot."""
    pad = min(width, height) * 0.07
    side = min(height - 2 * pad, width * 0.42)
    beside = x + width - pad - (x + 2 * pad + side)
    across = _modules(label.code) * NARROWEST_BAR > beside
    bars = min(height * (0.26 if across else 0.34), 0.45 * inch)
    if across:
        _code128(canvas, label.code, x + pad, y + pad, width - 2 * pad, bars)
        side = min(height - 3 * pad - bars, width * 0.42)
        bottom = y + 2 * pad + bars
    else:
        bottom = y + (height - side) / 2
    _qr(canvas, label.address, x + pad, bottom, side)
    left = x + 2 * pad + side
    room = x + width - pad - left
    top = y + height - pad
    lines = [(organization, BODY, min(8.0, height * 0.11)),
             (label.code, BOLD, min(13.0, height * 0.17)),
             *([(label.place, BODY, min(7.0, height * 0.1))] if label.place else [])]
    for text, font, largest in lines:
        size = _fitting(text, font, room, largest)
        canvas.setFont(font, size)
        canvas.drawString(left, top - size, text)
        top -= size * 1.25
    if not across:
        _code128(canvas, label.code, left, y + pad, room, bars)


def _fitting(text: str, font: str, room: float, largest: float) -> float:
    """The font size at most `largest` at which the text fits the room."""
    return min(largest, largest * room / max(stringWidth(text, font, largest), 0.01))


def _qr(canvas, address: str, x: float, y: float, side: float):
    """A QR code of the address, `side` points square (with its quiet zone of two modules):
    ZXing-C++ encodes it (twenty times faster than a Python encoder, which would spend most of
    a thousand labels' time choosing masks); each row's dark runs are drawn as rectangles of
    one path."""
    modules = memoryview(zxingcpp.create_barcode(address, zxingcpp.BarcodeFormat.QRCode,
                                                 ec_level="M").to_image(
        scale=1, add_quiet_zones=False))
    matrix = [[value == 0 for value in row] for row in modules.tolist()]  # 0: a dark module
    size = len(matrix) + 4
    canvas.saveState()
    canvas.translate(x, y)
    canvas.scale(side / size, side / size)  # one module a unit: whole numbers below
    path = canvas.beginPath()
    for row_number, row in enumerate(matrix):
        column = 2
        for dark, run in groupby(row):
            width = len(list(run))
            if dark:
                path.rect(column, size - 3 - row_number, width, 1)
            column += width
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()


def _modules(code: str) -> float:
    """How many module widths a Code 128 of the code takes, quiet zones included."""
    return Code128(code, barWidth=1, quiet=0).width + 2 * QUIET


def _code128(canvas, code: str, x: float, y: float, room: float, height: float):
    """A Code 128 of the code, as wide as the room allows (with its quiet zones)."""
    bar = min(WIDEST_BAR, room / _modules(code))
    barcode = Code128(code, barWidth=bar, barHeight=height, quiet=0)
    barcode.drawOn(canvas, x + QUIET * bar, y)
