"""The printable loan agreement (ReportLab)."""
from io import BytesIO

from flask import current_app
from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from ..filters import accessories, localtime
from ..models import vocab
from ..pdf_text import BODY, markup, styles


def _kit_rows(loan):
    """One table row per item: what it is and how to recognise it."""
    rows = [["Item", "Identification"]]
    for line in loan.items:
        if line.device:
            ids = f"Serial {line.device.serial}" + (f", IMEI {line.device.imei}"
                                                     if line.device.imei else "")
            rows.append([f"{line.device.make} {line.device.model}", ids])
        elif line.sim:
            rows.append([f"{line.sim.carrier} SIM card",
                         f"ICCID {line.sim.iccid}" + (f", number {line.sim.phone_number}"
                                                      if line.sim.phone_number else "")])
        else:
            rows.append([f"Data plan {line.plan.title}",
                         f"{line.plan.monthly_allowance_gb.normalize():f} GB a month"])
    return rows


def agreement_pdf(loan) -> BytesIO:
    """Build the agreement for a loan; the peer appears by code only."""
    sheet = styles()
    buffer = BytesIO()
    version = loan.agreement_version
    org = current_app.config["ORG_NAME"]
    doc = SimpleDocTemplate(buffer, pagesize=LETTER, title=f"Loan agreement, loan #{loan.id}",
                            initialFontName=BODY,
                            author=org, leftMargin=2 * cm, rightMargin=2 * cm,
                            topMargin=2 * cm, bottomMargin=2 * cm)
    text = lambda value, style="BodyText": Paragraph(markup(value), sheet[style])  # noqa: E731
    story = [text(org, "Title"),
             text(version.title if version else "Loan agreement", "Heading2"),
             text(f"Loan #{loan.id} · "
                  f"{('peer ' + loan.peer.code) if loan.peer_id else loan.borrower_text} · lent "
                  f"{localtime(loan.lent_at, '%Y-%m-%d')} · due back {loan.due_date:%Y-%m-%d}"),
             Spacer(1, 0.4 * cm)]
    header, *rows = _kit_rows(loan)
    table = Table([[Paragraph(f"<b>{markup(cell)}</b>", sheet["BodyText"]) for cell in header],
                   *([text(cell) for cell in row] for row in rows)],
                  colWidths=[6 * cm, 11 * cm])
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), BODY),
                               ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e9ecef"))]))
    story += [table, Spacer(1, 0.3 * cm),
              text(f"Accessories: {accessories(loan.accessories_out)}"),
              Spacer(1, 0.4 * cm)]
    body = version.body if version else "(No agreement text was recorded for this loan.)"
    story += [text(paragraph) for paragraph in body.split("\n\n") if paragraph.strip()]
    if version:
        story.append(text(f"Agreement version {version.number}. Accepted: "
                          f"{vocab.label(vocab.AGREEMENT_ACCEPTANCE, loan.agreement_acceptance)}"
                          + (f", witnessed by {loan.agreement_witness}"
                             if loan.agreement_witness else "") + ".", "Italic"))
    signatures = Table([[text("Peer (or mark)"), text("Date")], ["", ""],
                        [text(f"Staff: {loan.lent_by}"), text("Date")], ["", ""]],
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
    canvas.drawRightString(LETTER[0] - 2 * cm, 1.2 * cm, f"Page {doc.page}")
    canvas.restoreState()
