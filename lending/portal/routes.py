"""Funder pages. Another partner's contract is "not found", never "forbidden"."""
from flask import abort, render_template
from flask_login import current_user

from ..clock import local_today
from ..extensions import db
from ..lookup import find
from ..models import Contract, Report
from ..permissions import allow
from ..reporting.glance import contract_glance, funder_figures
from ..reporting.routes import visible_reports
from . import bp


def _own_contract(contract_id) -> Contract:
    """The signed-in funder's contract with this id; 404 for another's, so ids can't be probed."""
    contract = find(Contract, contract_id)
    if contract is None or contract.partner_id != current_user.partner_id:
        abort(404)
    return contract


@bp.route("")
@allow("funder")
def index():
    """The partner's contracts with their key figures."""
    contracts = db.session.execute(
        db.select(Contract).filter_by(partner_id=current_user.partner_id)
        .order_by(Contract.start_date.desc())).scalars().all()
    today = local_today()
    reports = db.session.execute(visible_reports()).scalars().all()
    return render_template("portal/index.html", partner=current_user.partner, reports=reports,
                           rows=[(c, funder_figures(c, today)) for c in contracts])


@bp.route("/contracts/<int:contract_id>")
@allow("funder")
def contract(contract_id):
    """One of the partner's contracts: deliverables, figures and reports."""
    contract = _own_contract(contract_id)
    reports = db.session.execute(visible_reports().where(
        Report.contract_id == contract.id)).scalars().all()
    today = local_today()
    return render_template("portal/contract.html", contract=contract, reports=reports,
                           figures=funder_figures(contract, today),
                           glance=contract_glance(contract.id, today))
