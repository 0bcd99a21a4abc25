"""Loan screens: the list, lending a kit, a loan's page."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext

from ...clock import local_today
from ...extensions import db
from ...lookup import find, get_or_404, signed_in_user
from ...models import (
    AgreementVersion,
    DataPlan,
    Device,
    Loan,
    LoanPolicy,
    Peer,
    SimCard,
    User,
    WaitlistEntry,
    vocab,
)
from ...outcomes.queries import check_ins_of
from ...peers.operations import record_names_listed
from ...permissions import STAFF_AND_MANAGERS, allow, is_manager
from ...refusals import RuleError
from ...search.anything import find_peers
from ...timeline import loan_timeline
from ...users.queries import active_staff
from ...waitlist.operations import waiting
from .. import bp, counter, queries
from ..forms import LendForm, RenewForm
from ..listings import loan_listing
from ..operations import lend_kit
from ..steps import line_to_suspend, needs_its_step


@bp.route("")
@allow(*STAFF_AND_MANAGERS)
def index():
    """All loans, searchable by peer code."""
    listing = loan_listing()
    return listing.render("loans/index.html", today=local_today())


def _chosen(model, item_id, field):
    """The item picked in a menu, or None; a vanished id is reported on its field."""
    if not item_id:
        return None
    item = find(model, item_id)
    if item is None:
        field.errors.append(gettext("That item no longer exists; choose another."))
    return item


def _prefill(form):
    """A new form from a link: the peer, items and the kind waited for that it names."""
    peer = find(Peer, request.args.get("peer", 0, type=int))
    form.peer_code.data = peer.code if peer else ""
    for name in ("device", "sim", "plan"):
        form[f"{name}_id"].data = request.args.get(name, 0, type=int)
    plan = find(DataPlan, form.plan_id.data)
    if plan is not None and plan.sim_id and not form.sim_id.data:
        form.sim_id.data = plan.sim_id  # a plan goes out with its SIM card
    device = find(Device, form.device_id.data)
    if device is not None:  # what goes with it, less what did not come back last time
        form.accessories.data = [a for a in device.accessory_list if a not in device.missing_list]
    kind = request.args.get("kind", "")
    form.kind.data = kind if kind in vocab.LOAN_KINDS else ""


def _lend(form):
    """Lend what the form names: (loan, created), or None after noting the problems."""
    picked = {"device": _chosen(Device, form.device_id.data, form.device_id),
              "sim": _chosen(SimCard, form.sim_id.data, form.sim_id),
              "plan": _chosen(DataPlan, form.plan_id.data, form.plan_id)}
    if any(form[f"{name}_id"].errors for name in picked):
        return None
    try:
        return form.save_once(Loan, lambda: lend_kit(
            form.peer_code.peer, by=signed_in_user(), accessories=form.accessories.data,
            acceptance=form.acceptance.data, witness=find(User, form.witness_id.data),
            due_date=form.due_date.data,
            due_reason=form.due_reason.data if "due_reason" in form else "",
            waitlist_reason=form.waitlist_reason.data, form_token=form.form_token.data,
            **picked))
    except RuleError as error:
        form.form_errors.append(str(error))
        return None


@bp.route("/new", methods=["GET", "POST"])
@allow(*STAFF_AND_MANAGERS)
def new():
    """Lend a kit: a peer and any of a device, a SIM card and a data plan. The boxes of the
    counter (loans/counter.py) turn a name, a scan or part of a code into those choices."""
    form = LendForm()
    user, today = signed_in_user(), local_today()
    if not is_manager(user):
        del form.due_reason  # only a manager may lend beyond the loan length
    pick, found = request.form.get("peer_pick", ""), counter.Round()
    if not form.is_submitted():
        _prefill(form)
        found.focus = "device_code" if form.peer_code.data else "peer_code"
    elif counter.pending(form, pick, entered=request.form.get("lend") == "enter"):
        found = counter.resolve(form, today, pick=pick, user=user)
    elif form.validate_on_submit() and (done := _lend(form)) is not None:
        loan, created = done
        db.session.commit()
        if created:
            flash(gettext("Loan #%(id)s recorded: due %(due_date)s.", id=loan.id,
                          due_date=f"{loan.due_date:%Y-%m-%d}"), "success")
        else:
            flash(gettext("Loan #%(id)s was already recorded.", id=loan.id), "info")
        return redirect(url_for(".detail", loan_id=loan.id))
    else:
        found.focus = next((field.id for field in form if field.errors), "peer_code")
    form[found.focus].render_kw = {**(form[found.focus].render_kw or {}), "autofocus": True}
    menus, cut = queries.lending_menus(
        today, found.narrowed, first_kind=form.kind.data,
        chosen={name: form[f"{name}_id"].data for name in ("device", "sim", "plan")})
    form.device_id.choices, form.sim_id.choices = menus["device"], menus["sim"]
    form.plan_id.choices = menus["plan"]
    form.witness_id.choices = {0: gettext("No witness (signed on paper)"),
                               **{user.id: user.name for user in active_staff()}}
    peer = form.peer_code.peer or counter.peer_named(form)
    waits = db.session.execute(waiting().where(WaitlistEntry.peer_id == peer.id)) \
        .scalars().all() if peer else []
    page = render_template("loans/new.html", form=form, agreement=AgreementVersion.current(),
                           policies=[LoanPolicy.for_kind(kind) for kind in vocab.LOAN_KINDS],
                           cut=cut, menu_limit=queries.MENU_LIMIT, peer=peer, waits=waits,
                           suggestions=found.peers)
    _names_shown(found.peers, user)
    return page


@bp.route("/peer-suggestions", methods=["POST"])
@allow(*STAFF_AND_MANAGERS)
def peer_suggestions():
    """The peers a name or part of a code typed in the lending form's peer box names, as the
    form shows them (asked for by the page's script as the name is typed: a POST, so the name
    stays out of URLs and logs)."""
    words = request.form.get("q", "").strip()
    user = signed_in_user()
    peers = find_peers(words, user=user) if len(words) >= 2 else []
    page = render_template("loans/_peer_suggestions.html", suggestions=peers,
                           words=words)
    _names_shown(peers, user)
    return page


def _names_shown(peers, user):
    """Record whose names the lending form showed (a page view that shows names writes)."""
    named = [peer.code for peer in peers if peer.contact and peer.contact.preferred_name]
    if named:
        record_names_listed(named, by=user, where="the lending form")
        db.session.commit()


@bp.route("/<int:loan_id>")
@allow(*STAFF_AND_MANAGERS)
def detail(loan_id):
    """A loan: the peer, the kit, the dates, what happened, and its overdue step if any."""
    loan = get_or_404(Loan, loan_id)
    today = local_today()
    return render_template("loans/detail.html", loan=loan, today=today,
                           policy=LoanPolicy.for_kind(loan.kind), renew_form=RenewForm(),
                           line_to_suspend=line_to_suspend(loan) if loan.is_open else None,
                           step_pending=loan.is_overdue(today) and needs_its_step(loan),
                           events=loan_timeline(loan), check_ins=check_ins_of(loan))
