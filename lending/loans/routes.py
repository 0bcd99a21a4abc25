"""Loan screens: list, lend, detail, renew, return."""
from flask import flash, redirect, render_template, request, url_for
from sqlalchemy.orm import contains_eager, selectinload

from ..clock import local_today
from ..database import contains
from ..extensions import db
from ..filters import localdate
from ..listing import Column, Filter, Listing
from ..lookup import find, get_or_404, signed_in_user
from ..models import (
    AgreementVersion,
    DataPlan,
    Device,
    Loan,
    LoanItem,
    LoanPolicy,
    Peer,
    SimCard,
    User,
    vocab,
)
from ..permissions import STAFF_AND_MANAGERS, allow
from ..refusals import RuleError
from ..timeline import loan_timeline
from . import bp
from .forms import LendForm, RenewForm, ReturnForm
from .operations import lend_kit, record_return, renew_loan
from .queries import lendable_items, lendable_queries

STAGE_FILTERS = {"none": "No step yet", **vocab.ESCALATION_STAGES}
# Items per menu on the lending form; "Find" narrows the menus of a large program.
MENU_LIMIT = 100
STATUS_FILTERS = {"open": "Open", "overdue": "Overdue", "returned": "Returned", "lost": "Lost"}


def _status_condition(value):
    """SQL for the loan status menu; overdue is an open loan past its due date."""
    if value == "open":
        return Loan.open_condition()
    if value == "overdue":
        return Loan.open_condition() & (Loan.due_date < local_today())
    return Loan.status == value


LOAN_COLUMNS = [
    Column("Loan", lambda loan: loan.id),
    Column("Peer", lambda loan: loan.peer.code, "peer"),
    Column("Kit", lambda loan: "; ".join(line.item.title for line in loan.items)),
    Column("Lent", lambda loan: localdate(loan.lent_at), "lent"),
    Column("Due", lambda loan: loan.due_date, "due"),
    Column("Status", lambda loan: vocab.LOAN_STATUSES[
        "overdue" if loan.is_overdue(local_today()) else loan.status], "status"),
]


@bp.route("")
@allow(*STAFF_AND_MANAGERS)
def index():
    """All loans, searchable by peer code."""
    query = (db.select(Loan).join(Loan.peer)
             .options(contains_eager(Loan.peer),
                      selectinload(Loan.items).joinedload(LoanItem.device),
                      selectinload(Loan.items).joinedload(LoanItem.sim),
                      selectinload(Loan.items).joinedload(LoanItem.plan)))
    listing = Listing(
        query,
        sorts={"lent": Loan.lent_at, "due": Loan.due_date, "peer": Peer.code,
               "status": Loan.status, "kind": Loan.kind},
        default_sort="lent", default_dir="desc", tiebreak=(Loan.id.desc(),),
        # Peers matching the search first, then their loans (ix_loan_peer_lending): matching
        # codes through the join would walk every loan.
        search=(lambda words: Loan.peer_id.in_(
            db.select(Peer.id).where(contains(Peer.code, words))),),
        filters={"status": Filter("Status", STATUS_FILTERS, _status_condition),
                 "kind": Filter("Kind", vocab.choices(vocab.LOAN_KINDS),
                                lambda v: Loan.kind == v),
                 "stage": Filter("Overdue step", STAGE_FILTERS,
                                 lambda v: Loan.escalation_stage.is_(None) if v == "none"
                                 else Loan.escalation_stage == v)},
        columns=LOAN_COLUMNS, export_name="loans")
    return listing.render("loans/index.html", today=local_today())


def _chosen(model, item_id, field):
    """The item picked in a menu, or None; a vanished id is reported on its field."""
    if not item_id:
        return None
    item = find(model, item_id)
    if item is None:
        field.errors.append("That item no longer exists; choose another.")
    return item


@bp.route("/new", methods=["GET", "POST"])
@allow(*STAFF_AND_MANAGERS)
def new():
    """Lend a kit: a peer and any of a device, a SIM card and a data plan."""
    form = LendForm()
    if not form.is_submitted():
        peer = find(Peer, request.args.get("peer", 0, type=int))
        form.peer_code.data = peer.code if peer else ""
        for name in ("device", "sim", "plan"):
            form[f"{name}_id"].data = request.args.get(name, 0, type=int)
    elif form.validate_on_submit():
        existing = form.already_saved(Loan)
        if existing is not None:  # a second click on "Lend": the first one did it
            flash(f"Loan #{existing.id} was already recorded.", "info")
            return redirect(url_for(".detail", loan_id=existing.id))
        picked = {"device": _chosen(Device, form.device_id.data, form.device_id),
                  "sim": _chosen(SimCard, form.sim_id.data, form.sim_id),
                  "plan": _chosen(DataPlan, form.plan_id.data, form.plan_id)}
        if not any(form[f"{name}_id"].errors for name in picked):
            try:
                loan = lend_kit(form.peer_code.peer, by=signed_in_user(),
                                accessories=form.accessories.data,
                                acceptance=form.acceptance.data,
                                witness=find(User, form.witness_id.data),
                                due_date=form.due_date.data, form_token=form.form_token.data,
                                **picked)
            except RuleError as error:
                form.form_errors.append(str(error))
            else:
                db.session.commit()
                flash(f"Loan #{loan.id} recorded: due {loan.due_date:%Y-%m-%d}.", "success")
                return redirect(url_for(".detail", loan_id=loan.id))
    today = local_today()
    find_text = request.args.get("find", "").strip()[:100]
    items = lendable_items(today, find_text, MENU_LIMIT + 1)
    cut = [name for name, found in items.items() if len(found) > MENU_LIMIT]
    for (name, query), model in zip(lendable_queries(today).items(), (Device, SimCard, DataPlan),
                                    strict=True):
        items[name] = items[name][:MENU_LIMIT]
        chosen = find(model, form[f"{name}_id"].data)
        if chosen is not None and chosen not in items[name]:
            # A lendable item chosen by a link or before "Find": kept, though the menu's
            # first hundred leave it out.
            items[name][:0] = db.session.execute(
                query.where(model.id == chosen.id)).scalars().all()
    form.device_id.choices = {0: "No device", **{d.id: f"{d.title} · {vocab.DEVICE_KINDS[d.kind]}"
                                                 for d in items["device"]}}
    form.sim_id.choices = {0: "No SIM card", **{s.id: s.title for s in items["sim"]}}
    form.plan_id.choices = {0: "No data plan", **{p.id: p.title for p in items["plan"]}}
    form.witness_id.choices = {0: "No witness (signed on paper)", **{
        user.id: user.name for user in db.session.execute(
            db.select(User).where(User.active, User.role.in_(STAFF_AND_MANAGERS))
            .order_by(User.name)).scalars()}}
    policies = [LoanPolicy.for_kind(kind) for kind in vocab.LOAN_KINDS]
    return render_template("loans/new.html", form=form, policies=policies,
                           agreement=AgreementVersion.current(), find_text=find_text, cut=cut,
                           menu_limit=MENU_LIMIT)


@bp.route("/<int:loan_id>")
@allow(*STAFF_AND_MANAGERS)
def detail(loan_id):
    """A loan: the peer, the kit, the dates and what happened."""
    loan = get_or_404(Loan, loan_id)
    return render_template("loans/detail.html", loan=loan, today=local_today(),
                           policy=LoanPolicy.for_kind(loan.kind), renew_form=RenewForm(),
                           events=loan_timeline(loan))


@bp.route("/<int:loan_id>/renew", methods=["POST"])
@allow(*STAFF_AND_MANAGERS)
def renew(loan_id):
    """Extend the due date by the loan length for this kind of kit."""
    loan = get_or_404(Loan, loan_id)
    form = RenewForm()
    if not form.validate_on_submit():
        flash("Reload the page and try again.", "error")
        return redirect(url_for(".detail", loan_id=loan.id))
    try:
        new_due = renew_loan(loan, by=signed_in_user(), expected_due=form.expected_due.data)
    except RuleError as error:
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(f"Renewed: now due {new_due:%Y-%m-%d}.", "success")
    return redirect(url_for(".detail", loan_id=loan.id))


@bp.route("/<int:loan_id>/return", methods=["GET", "POST"])
@allow(*STAFF_AND_MANAGERS)
def receive(loan_id):
    """Record the return of a kit with its condition checklist."""
    loan = get_or_404(Loan, loan_id)
    if not loan.is_open:
        flash("This loan is already closed.", "info")
        return redirect(url_for(".detail", loan_id=loan.id))
    form = ReturnForm()
    if not form.is_submitted():
        form.accessories_back.data = [a for a in loan.accessories_out.split(",") if a]
        if loan.device is not None:
            form.condition.data = loan.device.condition
    if form.validate_on_submit():
        try:
            record_return(loan, by=signed_in_user(), condition=form.condition.data,
                          accessories_back=form.accessories_back.data, notes=form.notes.data)
        except RuleError as error:
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            device = loan.device
            flash("Return recorded." + (f" {device.title} now awaits its wipe and reset."
                                        if device else ""), "success")
            return redirect(url_for("inventory.device", device_id=device.id) if device
                            else url_for(".detail", loan_id=loan.id))
    return render_template("loans/return.html", form=form, loan=loan)
