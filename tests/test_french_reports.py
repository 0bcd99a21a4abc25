"""A funder's report in its partner's language: the PDF and the workbook in French for a
French-speaking partner (words, sheet names, numbers in the French form), in English for an
English-speaking one, and the program's own report in the language of whoever asks."""
from io import BytesIO

from flask_babel import force_locale
from openpyxl import load_workbook
from pypdf import PdfReader

from lending.reporting.archive import read_report
from lending.reporting.operations import generate_report

from .march import MARCH, program  # noqa: F401 (the fixture)
from .pdfs import pdf_text


def _french(program):  # noqa: F811
    program["partner"].language = "fr"
    return program["partner"]


def test_a_french_partners_pdf_is_in_french(program):  # noqa: F811
    partner = _french(program)
    data = read_report(generate_report("pdf", MARCH.start, MARCH.end, by=None, partner=partner))
    text = pdf_text(data)
    assert "Chiffres clés" in text and "Définitions" in text and "Prêts commencés" in text
    assert "Pairs servis <5" in text  # a withheld count, in a French sentence
    assert "Page 5" in text and "Ce rapport ne contient que des totaux" in text
    assert "Key figures" not in text and "Definitions" not in text
    # Numbers as French writes them: a percentage, dollars after the amount, a decimal comma.
    assert "Taux de retour à temps 100 %" in text and "249,00 $" in text and "4,0" in text
    metadata = PdfReader(BytesIO(data)).metadata
    assert metadata.title == "Rapport de contrat"


def test_a_french_partners_workbook_is_in_french(program):  # noqa: F811
    partner = _french(program)
    book = load_workbook(BytesIO(read_report(generate_report(
        "xlsx", MARCH.start, MARCH.end, by=None, partner=partner))))
    assert book.sheetnames[:4] == ["Sommaire", "Résultats", "Livrables", "Graphiques"]
    summary = book["Sommaire"]
    assert [cell.value for cell in summary[1]] == ["Indicateur", "Cette période",
                                                    "Période précédente", "Écart"]
    labels = [row[0] for row in summary.iter_rows(min_row=2, values_only=True)]
    assert "Prêts commencés" in labels and "Loans started" not in labels
    cells = {cell for row in summary.iter_rows(values_only=True) for cell in row}
    assert "masqué" in cells and "withheld" not in cells  # a withheld number's mark, in French
    assert book["Définitions"]["A2"].value and "Definitions" not in book.sheetnames


def test_an_english_partners_report_and_the_programs_own_follow_their_readers(program):  # noqa: F811
    english = pdf_text(read_report(generate_report("pdf", MARCH.start, MARCH.end, by=None,
                                                   partner=program["partner"])))
    assert "Key figures" in english and "Chiffres clés" not in english
    with force_locale("fr_CA"):  # a manager working in French asks for the program's
        own = pdf_text(read_report(generate_report("pdf", MARCH.start, MARCH.end, by=None)))
    assert "Rapport du programme" in own and "Chiffres clés" in own


def test_a_reports_threads_speak_its_language(app):
    """The figures and rows a report gathers side by side (reporting/concurrent.py) read their
    labels in the report's language, not the threads' default."""
    from lending.models import vocab
    from lending.reporting.concurrent import concurrently
    with force_locale("fr_CA"):
        assert concurrently(lambda: vocab.LOAN_STATUSES["returned"], lambda: 1) == ["Retourné", 1]
