"""A closed stock count as a PDF: what was counted, by whom and when, then what was missing,
what was found out of place (and why), and what was found."""
from io import BytesIO

from flask import current_app
from flask_babel import gettext
from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from ..filters import localtime
from ..models.vocab import N_
from ..pdf_text import BODY, BOLD, markup, styles

SECTIONS = (("missing", N_("Missing: expected here, not scanned")),
            ("unexpected", N_("Found where they should not be")), ("found", N_("Found")))


def _text(value, style="BodyText"):
    return Paragraph(markup(value), styles()[style])


def count_pdf(count) -> bytes:
    """The count's report."""
    buffer = BytesIO()
    system = gettext("the system")
    document = SimpleDocTemplate(buffer, pagesize=LETTER,
                                 title=gettext("Stock count #%(number)s", number=count.id),
                                 author=current_app.config["ORG_NAME"], leftMargin=2 * cm,
                                 rightMargin=2 * cm, topMargin=2 * cm, bottomMargin=2 * cm)
    story = [_text(current_app.config["ORG_NAME"], "Title"),
             _text(gettext("Stock count #%(number)s: %(where)s", number=count.id,
                           where=count.where), "Heading1"),
             _text(gettext("Started %(started)s by %(starter)s; closed %(closed)s by "
                           "%(closer)s.", started=localtime(count.started_at),
                           starter=count.started_by.name if count.started_by else system,
                           closed=localtime(count.closed_at),
                           closer=count.closed_by.name if count.closed_by else system))]
    for outcome, heading in SECTIONS:
        lines = [line for line in count.lines if line.outcome == outcome]
        story += [Spacer(1, 0.4 * cm), _text(f"{gettext(heading)} ({len(lines)})", "Heading2")]
        if not lines:
            story.append(_text(gettext("None.")))
            continue
        rows = [[gettext("Item"), gettext("Code"), gettext("Scanned"), gettext("Note")]] + [
            [_text(line.item.title), _text(getattr(line.item, "asset_tag", None)
                                           or getattr(line.item, "iccid", "")),
             localtime(line.scanned_at) if line.scanned_at else "—", _text(line.note)]
            for line in lines]
        table = Table(rows, colWidths=[5.4 * cm, 4.4 * cm, 2.8 * cm, 5 * cm], repeatRows=1)
        table.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), BODY), ("FONTNAME", (0, 0), (-1, 0), BOLD),
            ("FONTSIZE", (0, 0), (-1, -1), 8), ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
            ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#F2F5F9")])]))
        story.append(table)
    document.build(story)
    return buffer.getvalue()
