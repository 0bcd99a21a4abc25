"""The printable loan agreement (ReportLab)."""
from io import BytesIO

from flask import current_app
from flask_babel import force_locale, format_decimal, gettext
from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from ..filters import accessories, localtime
from ..i18n import LOCALES
from ..models import vocab
from ..pdf_text import BODY, markup, styles


def _kit_rows(loan):
    """One table row per item: what it is and how to recognise it."""
    rows = [[gettext("Item"), gettext("Identification")]]
    for line in loan.items:
        if line.device:
            ids = gettext("Serial %(serial)s", serial=line.device.serial) + (
                gettext(", IMEI %(imei)s", imei=line.device.imei) if line.device.imei else "")
            rows.append([f"{line.device.make} {line.device.model}", ids])
        elif line.sim:
            number = gettext(", number %(number)s", number=line.sim.phone_number) \
                if line.sim.phone_number else ""
            rows.append([gettext("%(carrier)s SIM card", carrier=line.sim.carrier),
                         gettext("ICCID %(iccid)s", iccid=line.sim.iccid) + number])
        else:
            rows.append([gettext("Data plan %(plan)s", plan=line.plan.title),
                         gettext("%(gb)s GB a month", gb=format_decimal(
                             line.plan.monthly_allowance_gb.normalize()))])
    return rows


def reader_language(loan) -> str:
    """The language a loan's agreement is printed in: its peer's, or the staff member's own
    (their account's choice; English if they made none)."""
    if loan.peer is not None:
        return loan.peer.language
    return (loan.staff.language if loan.staff is not None else None) or "en"


def agreement_pdf(loan) -> BytesIO:
    """Build the agreement for a loan, in its reader's language; the peer appears by code
    only."""
    with force_locale(LOCALES[reader_language(loan)]):
        return _agreement_pdf(loan, reader_language(loan))


def _agreement_pdf(loan, language: str) -> BytesIO:
    sheet = styles()
    buffer = BytesIO()
    version = loan.agreement_version
    org = current_app.config["ORG_NAME"]
    doc = SimpleDocTemplate(buffer, pagesize=LETTER,
                            title=gettext("Loan agreement, loan #%(id)s", id=loan.id),
                            initialFontName=BODY,
                            author=org, leftMargin=2 * cm, rightMargin=2 * cm,
                            topMargin=2 * cm, bottomMargin=2 * cm)
    text = lambda value, style="BodyText": Paragraph(markup(value), sheet[style])  # noqa: E731
    title, body = version.text_in(language) if version else (
        gettext("Loan agreement"), gettext("(No agreement text was recorded for this loan.)"))
    borrower = gettext("peer %(code)s", code=loan.peer.code) if loan.peer_id \
        else loan.borrower_text
    story = [text(org, "Title"), text(title, "Heading2"),
             text(gettext("Loan #%(id)s · %(borrower)s · lent %(lent)s · due back %(due)s",
                          id=loan.id, borrower=borrower, lent=localtime(loan.lent_at, "%Y-%m-%d"),
                          due=f"{loan.due_date:%Y-%m-%d}")),
             Spacer(1, 0.4 * cm)]
    header, *rows = _kit_rows(loan)
    table = Table([[Paragraph(f"<b>{markup(cell)}</b>", sheet["BodyText"]) for cell in header],
                   *([text(cell) for cell in row] for row in rows)],
                  colWidths=[6 * cm, 11 * cm])
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), BODY),
                               ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e9ecef"))]))
    story += [table, Spacer(1, 0.3 * cm),
              text(gettext("Accessories: %(accessories)s",
                           accessories=accessories(loan.accessories_out))),
              Spacer(1, 0.4 * cm)]
    story += [text(paragraph) for paragraph in body.split("\n\n") if paragraph.strip()]
    if version:
        accepted = vocab.label(vocab.AGREEMENT_ACCEPTANCE, loan.agreement_acceptance)
        story.append(text(gettext(
            "Agreement version %(number)s. Accepted: %(how)s, witnessed by %(witness)s.",
            number=version.number, how=accepted, witness=loan.agreement_witness)
            if loan.agreement_witness else gettext(
            "Agreement version %(number)s. Accepted: %(how)s.", number=version.number,
            how=accepted), "Italic"))
    signatures = Table([[text(gettext("Peer (or mark)")), text(gettext("Date"))], ["", ""],
                        [text(gettext("Staff: %(name)s", name=loan.lent_by)),
                         text(gettext("Date"))], ["", ""]],
                       colWidths=[11 * cm, 6 * cm], rowHeights=[0.6 * cm, 1.2 * cm] * 2)
    signatures.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), BODY),
                                    ("LINEBELOW", (0, 1), (-1, 1), 0.8, colors.black),
                                    ("LINEBELOW", (0, 3), (-1, 3), 0.8, colors.black),
                                    ("VALIGN", (0, 0), (-1, -1), "BOTTOM")]))
    story += [Spacer(1, 1 * cm), signatures]
    doc.build(story, onFirstPage=_footer, onLaterPages=_footer)
    buffer.seek(0)
    return buffer


def _footer(canvas, doc):
    """Page number at the foot of every page."""
    canvas.saveState()
    canvas.setFont(BODY, 8)
    canvas.drawRightString(LETTER[0] - 2 * cm, 1.2 * cm, gettext("Page %(page)s", page=doc.page))
    canvas.restoreState()
