"""Text in the app's PDFs (reports and loan agreements), whatever people typed: accented and
non-Latin names, and emoji.

ReportLab's built-in fonts cover Western European letters only and print anything else as a
black square. DejaVu Sans (Debian's fonts-dejavu-core) covers Latin, Greek, Cyrillic and more;
Symbola (Debian's fonts-symbola) covers the emoji it lacks. Both are kept in lending/fonts/
with their licences, so that the app needs nothing installed to print. ReportLab picks no
fallback by itself, so `markup` sets each run of characters DejaVu lacks in Symbola.
"""
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib.fonts import addMapping
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(__file__).parent / "fonts"
BODY, BOLD, ITALIC, SYMBOLS = "DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique", "Symbola"
FILES = {BODY: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf", ITALIC: "DejaVuSans-Oblique.ttf",
         SYMBOLS: "Symbola.ttf"}


def _to_unicode_cmap(fontname, subset):
    """ReportLab's ToUnicode map of a font subset, with characters beyond the Basic
    Multilingual Plane (most emoji) written as UTF-16 as the PDF standard says, so that they
    can be copied and read aloud; ReportLab 5.1 writes their code points as bare hex, which
    readers reject."""
    return "\n".join([
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
        "/CIDSystemInfo", f"<< /Registry ({fontname})", f"/Ordering ({fontname})",
        "/Supplement 0", ">> def", f"/CMapName /{fontname} def", "/CMapType 2 def",
        "1 begincodespacerange", f"<00> <{len(subset) - 1:02X}>", "endcodespacerange",
        f"{len(subset)} beginbfchar",
        *(f"<{index:02X}> <{chr(code).encode('utf-16-be').hex().upper()}>"
          for index, code in enumerate(subset)),
        "endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"])


ttfonts.makeToUnicodeCMap = _to_unicode_cmap


@cache
def fonts() -> dict[str, TTFont]:
    """The fonts, registered with ReportLab once per process."""
    loaded = {name: TTFont(name, str(FONT_DIR / file)) for name, file in FILES.items()}
    for font in loaded.values():
        pdfmetrics.registerFont(font)
    for bold, italic, name in ((0, 0, BODY), (1, 0, BOLD), (0, 1, ITALIC), (1, 1, BOLD)):
        addMapping(BODY, bold, italic, name)  # <b> and <i> in paragraphs
    # Every canvas and chart this process draws starts in the body font, not Helvetica.
    rl_config.canvas_basefontname = rl_config.defaultGraphicsFontName = BODY
    return loaded


def markup(value) -> str:
    """Paragraph markup for plain text: escaped (nothing typed is read as markup), and each run
    of characters the body font lacks set in the symbols font."""
    covered = fonts()[BODY].face.charToGlyph
    runs, current, in_symbols = [], [], False
    for char in str(value):
        wants_symbols = ord(char) not in covered and ord(char) in fonts()[SYMBOLS].face.charToGlyph
        if wants_symbols != in_symbols and current:
            runs.append((in_symbols, "".join(current)))
            current = []
        in_symbols = wants_symbols
        current.append(char)
    if current:
        runs.append((in_symbols, "".join(current)))
    return "".join(f'<font name="{SYMBOLS}">{escape(text)}</font>' if symbols else escape(text)
                   for symbols, text in runs)


@cache
def styles():
    """ReportLab's sample paragraph styles, set in the body fonts."""
    fonts()
    sheet = getSampleStyleSheet()
    for style in sheet.byName.values():
        name = getattr(style, "fontName", "")
        if name:
            style.fontName = (BOLD if "Bold" in name else ITALIC if "Oblique" in name
                              or "Italic" in name else BODY)
    return sheet
