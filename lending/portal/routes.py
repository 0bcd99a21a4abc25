"""Funder pages. Another partner's contract is "not found", never "forbidden"."""
from flask import render_template

from ..clock import local_today
from ..extensions import db
from ..lookup import get_or_404, signed_in_user
from ..models import Contract, Report
from ..permissions import allow
from ..reporting.glance import funder_figures
from ..reporting.routes import visible_reports
from ..reporting.targets import target_progress
from . import bp


@bp.route("")
@allow("funder")
def index():
    """The partner's contracts with their key figures."""
    funder = signed_in_user()
    contracts = db.session.execute(
        db.select(Contract).filter_by(partner_id=funder.partner_id)
        .order_by(Contract.start_date.desc())).scalars().all()
    today = local_today()
    reports = db.session.execute(visible_reports(funder)).scalars().all()
    return render_template("portal/index.html", partner=funder.partner, reports=reports,
                           rows=[(c, funder_figures(c, today)) for c in contracts])


@bp.route("/contracts/<int:contract_id>")
@allow("funder")
def contract(contract_id):
    """One of the partner's contracts: deliverables, figures and reports."""
    funder = signed_in_user()
    contract = get_or_404(Contract, contract_id, seen_by=funder)
    reports = db.session.execute(visible_reports(funder).where(
        Report.contract_id == contract.id)).scalars().all()
    figures = funder_figures(contract, local_today())
    return render_template("portal/contract.html", contract=contract, reports=reports,
                           figures=figures, targets=target_progress(contract, figures.outcomes))
