"""Contract screens: list, detail with progress, create, edit, deliverables, report dates."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext

from ...clock import local_today
from ...extensions import db
from ...listing import Filter, Listing
from ...lookup import find, get_or_404, signed_in_user
from ...models import Contract, Deliverable, Partner, vocab
from ...permissions import allow
from ...refusals import RuleError
from ...reporting.deliverables import REPORT_DUE_AFTER_DAYS, next_report_due
from ...reporting.glance import contract_glance, contract_progress, forget_contract
from ...reporting.targets import target_progress
from .. import bp, operations, queries
from ..forms import ContractForm, DeliverableForm, ReportDateForm


def _partner_choices():
    """Partners as form choices."""
    return {p.id: str(p) for p in db.session.execute(
        db.select(Partner).order_by(Partner.name)).scalars()}


def _errors(form) -> str:
    """A small form's errors as one message (it is shown on the contract page)."""
    return " ".join(f"{form[name].label.text}: {' '.join(map(str, errors))}"
                    for name, errors in form.errors.items())


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
        filters={"kind": Filter(vocab.N_("Type"), vocab.choices(vocab.CONTRACT_TYPES),
                                lambda v: Contract.kind == v)})
    return render_template("partners/contracts.html", listing=listing, today=local_today())


@bp.route("/contracts/new", methods=["GET", "POST"])
@allow("manager")
def new_contract():
    """Add a contract for a partner."""
    form = ContractForm()
    form.partner_id.choices = _partner_choices()
    if not form.partner_id.choices:
        flash(gettext("Add the partner first; every contract belongs to one."), "info")
        return redirect(url_for(".new_partner"))
    if not form.is_submitted():
        form.partner_id.data = request.args.get("partner", 0, type=int)
    if form.validate_on_submit():
        try:
            contract = operations.add_contract(form.model_data(), by=signed_in_user())
        except RuleError as error:
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            flash(gettext("Contract %(reference)s added. Now add what it commits to.",
                          reference=contract.reference), "success")
            return redirect(url_for(".contract", contract_id=contract.id))
    return render_template("form_page.html", form=form, heading=gettext("Add a contract"),
                           submit=gettext("Save contract"), cancel_url=url_for(".contracts"))


@bp.route("/contracts/<int:contract_id>")
@allow("manager")
def contract(contract_id):
    """A contract: deliverables committed vs delivered, its items, costs and reports."""
    contract = get_or_404(Contract, contract_id)
    today = local_today()
    items, counts, on_loan = queries.contract_items(contract)
    glance = contract_glance(contract.id, today)
    return render_template("partners/contract.html", contract=contract, today=today,
                           glance=glance, progress=contract_progress(contract, today, glance),
                           targets=target_progress(contract, glance.outcomes),
                           items=items,
                           counts=counts, on_loan=on_loan, due_after_days=REPORT_DUE_AFTER_DAYS,
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
        try:
            operations.update_contract(contract, form.model_data(), by=signed_in_user())
        except RuleError as error:
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            forget_contract(contract.id)  # a new term: its figures are counted again
            flash(gettext("Contract saved."), "success")
            return redirect(url_for(".contract", contract_id=contract.id))
    return render_template("form_page.html", form=form, heading=gettext("Edit %(reference)s",
                                                                        reference=contract.reference),
                           submit=gettext("Save contract"),
                           cancel_url=url_for(".contract", contract_id=contract.id))


@bp.route("/contracts/<int:contract_id>/deliverables", methods=["POST"])
@allow("manager")
def add_deliverable(contract_id):
    """Add a commitment to a contract."""
    contract = get_or_404(Contract, contract_id)
    form = DeliverableForm()
    if not form.validate_on_submit():
        flash(_errors(form), "error")
        return redirect(url_for(".contract", contract_id=contract.id))
    try:
        operations.add_deliverable(contract, form.kind.data, form.quantity.data,
                                   form.duration_months.data, by=signed_in_user())
    except RuleError as error:
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(gettext("Deliverable added."), "success")
    return redirect(url_for(".contract", contract_id=contract.id))


@bp.route("/contracts/<int:contract_id>/deliverables/<int:deliverable_id>/remove",
          methods=["POST"])
@allow("manager")
def remove_deliverable(contract_id, deliverable_id):
    """Remove a commitment (logged)."""
    contract = get_or_404(Contract, contract_id)
    deliverable = find(Deliverable, deliverable_id)
    if deliverable is not None and deliverable.contract_id == contract.id:
        operations.remove_deliverable(deliverable, by=signed_in_user())
        db.session.commit()
        flash(gettext("Deliverable removed."), "success")
    return redirect(url_for(".contract", contract_id=contract.id))


@bp.route("/contracts/<int:contract_id>/report-dates", methods=["POST"])
@allow("manager")
def add_report_date(contract_id):
    """Add a custom report due date."""
    contract = get_or_404(Contract, contract_id)
    form = ReportDateForm()
    if not form.validate_on_submit():
        flash(" ".join(" ".join(map(str, errors)) for errors in form.errors.values()), "error")
        return redirect(url_for(".contract", contract_id=contract.id))
    try:
        operations.add_report_date(contract, form.period_start.data, form.period_end.data,
                                   form.due_date.data, by=signed_in_user())
    except RuleError as error:
        flash(str(error), "info")
    else:
        db.session.commit()
        flash(gettext("Report date added."), "success")
    return redirect(url_for(".contract", contract_id=contract.id))
