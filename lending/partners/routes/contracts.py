"""Contract screens: list, detail with progress, create, edit, deliverables, report dates."""
from flask import flash, redirect, render_template, request, url_for
from sqlalchemy.orm import joinedload

from ...audit.log import apply_changes, record, record_created
from ...clock import local_today
from ...database import count_rows
from ...extensions import db
from ...listing import Filter, Listing
from ...lookup import find, get_or_404
from ...models import (
    Contract,
    DataPlan,
    Deliverable,
    Device,
    LoanItem,
    Partner,
    ReportDue,
    SimCard,
    vocab,
)
from ...permissions import allow
from ...reporting.deliverables import next_report_due
from ...reporting.glance import contract_glance, contract_progress, forget_contract
from .. import bp
from ..forms import ContractForm, DeliverableForm, ReportDateForm
from ..operations import refresh_report_dues

ITEMS_SHOWN = 25  # of each kind on the contract page; the inventory lists have the rest


def _partner_choices():
    """Partners as form choices."""
    return {p.id: str(p) for p in db.session.execute(
        db.select(Partner).order_by(Partner.name)).scalars()}


@bp.route("/contracts")
@allow("manager")
def contracts():
    """All contracts, searchable by reference and title."""
    listing = Listing(
        db.select(Contract).join(Contract.partner),
        sorts={"reference": Contract.reference, "partner": Partner.name,
               "start": Contract.start_date, "end": Contract.end_date},
        default_sort="end", default_dir="desc", tiebreak=(Contract.id,),
        search=(Contract.reference, Contract.title, Partner.name),
        filters={"kind": Filter("Type", vocab.choices(vocab.CONTRACT_TYPES),
                                lambda v: Contract.kind == v)})
    return render_template("partners/contracts.html", listing=listing, today=local_today())


@bp.route("/contracts/new", methods=["GET", "POST"])
@allow("manager")
def new_contract():
    """Add a contract for a partner."""
    form = ContractForm()
    form.partner_id.choices = _partner_choices()
    if not form.partner_id.choices:
        flash("Add the partner first; every contract belongs to one.", "info")
        return redirect(url_for(".new_partner"))
    if not form.is_submitted():
        form.partner_id.data = request.args.get("partner", 0, type=int)
    if form.validate_on_submit():
        contract = Contract(**form.model_data())
        record_created(contract)
        refresh_report_dues(contract)
        db.session.commit()
        flash(f"Contract {contract.reference} added. Now add what it commits to.", "success")
        return redirect(url_for(".contract", contract_id=contract.id))
    return render_template("form_page.html", form=form, heading="Add a contract",
                           submit="Save contract", cancel_url=url_for(".contracts"))


@bp.route("/contracts/<int:contract_id>")
@allow("manager")
def contract(contract_id):
    """A contract: deliverables committed vs delivered, its items, costs and reports."""
    contract = get_or_404(Contract, contract_id)
    today = local_today()
    items, counts = {}, {}
    for kind, model in (("devices", Device), ("sims", SimCard), ("plans", DataPlan)):
        mine = db.select(model).filter_by(contract_id=contract.id)
        counts[kind] = count_rows(db.session, mine)
        items[kind] = db.session.execute(mine.order_by(model.id).limit(ITEMS_SHOWN)).scalars().all()
    open_lines = db.session.execute(db.select(LoanItem).options(joinedload(LoanItem.loan)).where(
        LoanItem.closed_at.is_(None),
        LoanItem.device_id.in_([d.id for d in items["devices"]])
        | LoanItem.sim_id.in_([s.id for s in items["sims"]])
        | LoanItem.plan_id.in_([p.id for p in items["plans"]]))).scalars()
    on_loan = {line.item: line.loan for line in open_lines}
    return render_template("partners/contract.html", contract=contract, today=today,
                           glance=contract_glance(contract.id, today),
                           progress=contract_progress(contract, today), items=items,
                           counts=counts, on_loan=on_loan,
                           next_due=next_report_due(contract, today),
                           deliverable_form=DeliverableForm(), date_form=ReportDateForm())


@bp.route("/contracts/<int:contract_id>/edit", methods=["GET", "POST"])
@allow("manager")
def edit_contract(contract_id):
    """Change a contract's terms; a regular schedule's report dates follow."""
    contract = get_or_404(Contract, contract_id)
    form = ContractForm(obj=contract, obj_id=contract.id)
    form.partner_id.choices = _partner_choices()
    if form.validate_on_submit():
        changes = apply_changes(contract, form.model_data())
        if {"start_date", "end_date", "reporting_schedule"} & set(changes):
            refresh_report_dues(contract)
        db.session.commit()
        forget_contract(contract.id)  # a new term: its figures are counted again
        flash("Contract saved.", "success")
        return redirect(url_for(".contract", contract_id=contract.id))
    return render_template("form_page.html", form=form, heading=f"Edit {contract.reference}",
                           submit="Save contract",
                           cancel_url=url_for(".contract", contract_id=contract.id))


@bp.route("/contracts/<int:contract_id>/deliverables", methods=["POST"])
@allow("manager")
def add_deliverable(contract_id):
    """Add a commitment to a contract."""
    contract = get_or_404(Contract, contract_id)
    form = DeliverableForm()
    if form.validate_on_submit():
        deliverable = Deliverable(contract=contract, kind=form.kind.data,
                                  quantity=form.quantity.data,
                                  duration_months=form.duration_months.data)
        record_created(deliverable, note=f"for {contract.reference}")
        db.session.commit()
        flash("Deliverable added.", "success")
    else:
        flash(" ".join(f"{form[name].label.text}: {' '.join(errors)}"
                       for name, errors in form.errors.items()), "error")
    return redirect(url_for(".contract", contract_id=contract.id))


@bp.route("/contracts/<int:contract_id>/deliverables/<int:deliverable_id>/remove",
          methods=["POST"])
@allow("manager")
def remove_deliverable(contract_id, deliverable_id):
    """Remove a commitment (logged)."""
    contract = get_or_404(Contract, contract_id)
    deliverable = find(Deliverable, deliverable_id)
    if deliverable is not None and deliverable.contract_id == contract.id:
        record("remove_deliverable", contract,
               note=f"removed {deliverable.quantity} {deliverable.kind}")
        db.session.delete(deliverable)
        db.session.commit()
        flash("Deliverable removed.", "success")
    return redirect(url_for(".contract", contract_id=contract.id))


@bp.route("/contracts/<int:contract_id>/report-dates", methods=["POST"])
@allow("manager")
def add_report_date(contract_id):
    """Add a custom report due date."""
    contract = get_or_404(Contract, contract_id)
    form = ReportDateForm()
    if contract.reporting_schedule != "custom":
        flash("This contract's report dates follow its schedule; choose Custom to set them.",
              "info")
    elif form.validate_on_submit():
        due = ReportDue(contract=contract, period_start=form.period_start.data,
                        period_end=form.period_end.data, due_date=form.due_date.data)
        record_created(due, note=f"for {contract.reference}")
        db.session.commit()
        flash("Report date added.", "success")
    else:
        flash(" ".join(" ".join(errors) for errors in form.errors.values()), "error")
    return redirect(url_for(".contract", contract_id=contract.id))
