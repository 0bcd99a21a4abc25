"""Lending a kit and renewing it."""
from datetime import date, timedelta

from flask_babel import gettext

from ...audit.log import HIDDEN, apply_changes, record
from ...clock import local_today
from ...extensions import db
from ...models import (
    AgreementVersion,
    Device,
    Loan,
    LoanItem,
    LoanPolicy,
    Peer,
    Renewal,
    User,
    vocab,
)
from ...models.lendable import why_not_lendable
from ...permissions import is_manager
from ...refusals import RuleError, flush_or_refuse
from ...waitlist.operations import (
    serve_from_waitlist,
    staff_turn_problem,
    turn_problem,
    waiting_count,
)
from ...webhooks import events


def kit_kind(device: Device | None) -> str:
    """A kit's kind is its device's kind; a SIM and/or plan alone is "data only"."""
    return device.kind if device is not None else "data_only"


# Not even a manager lends a kit for longer than this, whatever the reason.
MAX_LOAN_DAYS = 730


def latest_due_date(kind: str, today: date, plan=None) -> date:
    """The latest due date a loan of this kind lent (or renewed) today may have without a
    manager's reason: the kind's loan length from today, and never past the last day of
    service of the kit's data plan."""
    latest = today + timedelta(days=LoanPolicy.for_kind(kind).loan_days)
    if plan is not None and plan.end_date is not None:
        latest = min(latest, plan.end_date)
    return latest


def default_due_date(kind: str, today: date, plan=None) -> date:
    """The due date a new loan of this kind gets unless staff choose another."""
    return latest_due_date(kind, today, plan)


def due_date_problem(due: date, *, kind: str, today: date, plan=None, by=None,
                     reason="") -> str | None:
    """Why a new loan cannot be due on this day, or None. Beyond the kind's loan length only
    a manager may set it, with the reason recorded; beyond the plan's service, nobody."""
    if due < today:
        return gettext("The due date cannot be in the past.")
    if plan is not None and plan.end_date is not None and due > plan.end_date:
        return (gettext("%(title)s's last day of service is %(end_date)s; the loan cannot be due "
                        "after it.", title=plan.title, end_date=f"{plan.end_date:%Y-%m-%d}"))
    latest = latest_due_date(kind, today)
    if due > latest:
        kind_name = vocab.label(vocab.LOAN_KINDS, kind).lower()
        if not is_manager(by):
            return (gettext("A %(kind_name)s loan is due at most %(days)s days from today "
                            "(%(latest)s); a manager may set a later date, with the reason.",
                            kind_name=kind_name, days=(latest - today).days,
                            latest=f"{latest:%Y-%m-%d}"))
        if due > today + timedelta(days=MAX_LOAN_DAYS):
            return gettext("A loan cannot be due more than %(max_loan_days)s days from today.",
                           max_loan_days=MAX_LOAN_DAYS)
        if not reason:
            return (gettext("Say why this %(kind_name)s loan is due after %(latest)s, the loan "
                            "length for its kind.", kind_name=kind_name,
                            latest=f"{latest:%Y-%m-%d}"))
    return None


def acceptance_problem(acceptance) -> str | None:
    """Why this is not a way a peer can accept the loan agreement, or None."""
    if acceptance not in vocab.AGREEMENT_ACCEPTANCE:
        return gettext("Say how the peer accepted the loan agreement.")
    return None


def witness_problem(acceptance, witness) -> str | None:
    """Why this person cannot witness an agreement read aloud, or None: the witness is an
    active staff member or manager."""
    if acceptance != "verbal":
        return None
    if witness is None:
        return gettext("Name the staff member who witnessed it.")
    if not witness.active or witness.role not in ("staff", "manager"):
        return gettext("The witness must be an active staff member or manager.")
    return None


def _agreement(acceptance, witness):
    """The agreement version a new loan accepts, checking how it was accepted."""
    version = AgreementVersion.current()
    if version is None:
        raise RuleError(gettext("There is no loan agreement yet; a manager must write one before "
                                "anything can be lent."))
    problem = acceptance_problem(acceptance) or witness_problem(acceptance, witness)
    if problem:
        raise RuleError(problem)
    return version, witness if acceptance == "verbal" else None


def plan_sim_problem(sim, plan) -> str | None:
    """Why this SIM card and plan cannot go out together, or None: a data plan goes out only
    with the SIM card it is on."""
    if plan is None or sim is None:
        return None
    if plan.sim_id is None:
        return (gettext("%(plan)s is on no SIM card; put it on %(sim)s first (edit the plan), or "
                        "lend the SIM card without it.", plan=plan.title, sim=sim.title))
    if plan.sim_id != sim.id:
        return (gettext("%(plan)s is on %(its_sim)s, not on %(sim)s; a plan goes out with its own "
                        "SIM card.", plan=plan.title, its_sim=plan.sim.title, sim=sim.title))
    return None


def staff_borrower_problem(user: User) -> str | None:
    """Why this account cannot borrow a kit as staff, or None: staff loans go to active staff
    members and managers (funders never borrow)."""
    if not user.active or user.role not in ("staff", "manager"):
        return gettext("Kits are lent to active staff members and managers only.")
    return None


def lend_kit(borrower: Peer | User, *, by, acceptance, witness=None, device=None, sim=None,
             plan=None, accessories=(), due_date=None, due_reason="", waitlist_reason="",
             form_token=None, today=None) -> Loan:
    """Lend a kit of lendable items to a peer, or to a staff member (a User) under the same
    rules; refuse with a reason if any rule would break."""
    today = today or local_today()
    if plan is not None and sim is None:
        sim = plan.sim  # a plan goes out with the SIM card it is on
    items = [item for item in (device, sim, plan) if item is not None]
    if not items:
        raise RuleError(gettext("Choose at least one item for the kit."))
    version, witness = _agreement(acceptance, witness)
    problems = [why_not_lendable(item, today, sim_judged=sim is not None) for item in items]
    problems.append(plan_sim_problem(sim, plan))
    kind = kit_kind(device)
    due_date = due_date or default_due_date(kind, today, plan)
    problems.append(due_date_problem(due_date, kind=kind, today=today, plan=plan, by=by,
                                     reason=due_reason))
    staff = isinstance(borrower, User)
    if staff:
        problems.append(staff_borrower_problem(borrower))
    turn = staff_turn_problem(kind) if staff else turn_problem(borrower, kind)
    if turn and not waitlist_reason:
        problems.append(turn + " Say why in the waitlist box.")
    if any(problems):
        raise RuleError(" ".join(problem for problem in problems if problem))
    loan = Loan(peer=None if staff else borrower, staff=borrower if staff else None, kind=kind,
                lent_by=by, due_date=due_date, form_token=form_token,
                lent_on=today, agreement_version=version, agreement_acceptance=acceptance,
                agreement_witness=witness,
                due_date_reason=due_reason if due_date > latest_due_date(kind, today) else "",
                out_of_turn_reason=waitlist_reason if turn else "",
                accessories_out=",".join(a for a in vocab.ACCESSORIES if a in accessories),
                items=[LoanItem(device=device), LoanItem(sim=sim), LoanItem(plan=plan)])
    loan.items = [line for line in loan.items if line.item is not None]
    if device is not None:
        device.status = "on_loan"
    db.session.add(loan)
    flush_or_refuse(gettext("One of these items was lent to someone else a moment ago. Nothing "
                            "was saved; choose the items again."))
    record("lend", loan, by=by, changes={
        ("staff" if staff else "peer"): [None, borrower.name if staff else borrower.code],
        "due_date": [None, due_date.isoformat()],
        "items": [None, [i.title for i in items]], "agreement": [None, version.number],
        # That a reason was given, not its words (Loan.__audit_redact__).
        **{field: [None, HIDDEN] for field in ("due_date_reason", "out_of_turn_reason")
           if getattr(loan, field)}})
    if not staff:
        serve_from_waitlist(borrower, loan, by=by, today=today)
    events.loan_lent(loan)
    return loan


def renew_loan(loan: Loan, *, by, expected_due: date | None = None, today=None) -> date:
    """Make an open loan due the kind's loan length from today (never past its plan's last day
    of service), within the renewal limit and while nobody else waits for that kind."""
    today = today or local_today()
    if not loan.is_open:
        raise RuleError(gettext("Only an open loan can be renewed."))
    if expected_due is not None and expected_due != loan.due_date:
        raise RuleError(gettext("This loan was already renewed; it is now due %(due_date)s.",
                                due_date=f"{loan.due_date:%Y-%m-%d}"))
    policy = LoanPolicy.for_kind(loan.kind)
    kind = vocab.label(vocab.LOAN_KINDS, loan.kind).lower()
    waiting = waiting_count(loan.kind, exclude_peer=loan.peer)
    if waiting:
        raise RuleError(gettext("%(waiting)s peer(s) are waiting for a %(kind)s kit, so this loan "
                                "cannot be renewed. Record the return so the next person can have "
                                "it.", waiting=waiting, kind=kind))
    if loan.renewals >= policy.renewals_allowed:
        raise RuleError(gettext("This loan has been renewed %(renewals)s time(s), the most "
                                "allowed for a %(kind)s loan. Record the return, or lend again.",
                                renewals=loan.renewals, kind=kind))
    new_due = latest_due_date(loan.kind, today, loan.plan)
    if new_due <= loan.due_date:
        limit = (f"{loan.plan.title}'s service ends {loan.plan.end_date:%Y-%m-%d}"
                 if loan.plan is not None and loan.plan.end_date == new_due
                 else f"a renewal makes a {kind} loan due {policy.loan_days} days from today")
        raise RuleError(gettext(
            "This loan is already due %(due_date)s, and %(limit)s; renewing would not give it "
            "more time.", due_date=f"{loan.due_date:%Y-%m-%d}", limit=limit))
    loan.renewal_log.append(Renewal(renewed_by=by, previous_due=loan.due_date, new_due=new_due))
    apply_changes(loan, {"due_date": new_due, "renewals": loan.renewals + 1,
                         "status": "active"}, by=by, action="renew")
    return new_due
