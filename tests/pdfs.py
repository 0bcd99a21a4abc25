"""Reading the PDFs the app makes, as a person copying their text would."""
from io import BytesIO

from pypdf import PdfReader


def pdf_text(data: bytes) -> str:
    """All the text of a PDF, with runs of whitespace as single spaces."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages)
                    .split())
