"""Each morning's email to staff and managers who want it: what needs them today, each item a
link. Peers appear by code only. Nothing to do, no email."""
from datetime import date

from flask import current_app

from ..dashboard.today import (
    LIST_LIMIT,
    awaiting_reset,
    due_today,
    idle_lines,
    overdue_by_stage,
    plans_ending,
)
from ..extensions import db
from ..models import Message, User, vocab
from ..outcomes.queries import follow_ups_due
from ..reporting.glance import manager_alerts
from .operations import queue_email

STAGES = {None: "Overdue, no step yet", "reminder": "Overdue: give a reminder",
          "suspend": "Overdue: suspend the line?", "lost": "Overdue: declare it lost?"}


def _link(path: str) -> str:
    return current_app.config["BASE_URL"].rstrip("/") + path


def _section(lines, heading, counted, item_line):
    """A heading with its count, and a line per item shown (the rest behind the heading's
    link)."""
    count, items = counted
    if count:
        lines.append(f"{heading}: {count}")
        lines.extend(f"  - {item_line(item)}" for item in items)
        if count > len(items):
            lines.append(f"  ... and {count - len(items)} more")
        lines.append("")


def digest_text(user: User, today: date, work: dict) -> str | None:
    """The digest's words for one person, from the day's work (None: nothing needs them)."""
    lines = []

    def loan_line(loan):
        return f"Loan #{loan.id} ({loan.borrower_text}), due {loan.due_date:%Y-%m-%d}: " \
               f"{_link(f'/loans/{loan.id}')}"
    _section(lines, "Due back today", work["due_today"], loan_line)
    for stage, counted in work["overdue"].items():
        _section(lines, STAGES[stage], counted, loan_line)
    _section(lines, "Follow-up check-ins due", work["follow_ups"],
             lambda loan: f"{loan.peer.code}, lent {loan.lent_on:%Y-%m-%d}: "
                          f"{_link(f'/peers/{loan.peer_id}/check-ins/new?loan={loan.id}')}")
    _section(lines, "Devices waiting for a reset", work["awaiting_reset"],
             lambda device: f"{device.title}: {_link(f'/devices/{device.id}')}")
    _section(lines, "Lines unused for 30 days", work["idle_lines"],
             lambda plan: f"{plan.title}: {_link(f'/plans/{plan.id}')}")
    _section(lines, "Data plans ending within 30 days", work["plans_ending"],
             lambda plan: f"{plan.title}, ends {plan.end_date:%Y-%m-%d}: "
                          f"{_link(f'/plans/{plan.id}')}")
    if user.role == "manager":
        alerts = work["alerts"]
        _section(lines, "Contracts ending within 60 days", (len(alerts["ending"]),
                                                              alerts["ending"]),
                 lambda c: f"{c.reference} ends {c.end_date:%Y-%m-%d}: "
                           f"{_link(f'/contracts/{c.id}')}")
        _section(lines, "Reports due within 14 days", (len(alerts["reports_due"]),
                                                      alerts["reports_due"]),
                 lambda due: f"{due.contract.reference}, due {due.due_date:%Y-%m-%d}: "
                             f"{_link('/reports')}")
        _section(lines, "Deliverables behind schedule", (len(alerts["behind"]),
                                                        alerts["behind"]),
                 lambda pair: f"{pair[0].reference}: "
                              f"{vocab.label(vocab.DELIVERABLE_KINDS, pair[1].kind)}, "
                              f"{pair[1].delivered} of {pair[1].expected_by_now} expected: "
                              f"{_link(f'/contracts/{pair[0].id}')}")
    if not lines:
        return None
    return "\n".join([f"Good morning {user.name},", "",
                      f"What needs you today, {today:%A %d %B %Y}:", "", *lines,
                      f"The dashboard: {_link('/')}",
                      f"To stop these emails, turn them off on your account page: "
                      f"{_link('/account')}"])


def queue_digests(today: date) -> list[Message]:
    """One digest for each active staff member and manager who wants one and has something
    to do today (a second run on a day adds none)."""
    already = set(db.session.execute(db.select(Message.user_id).filter_by(
        template="digest", day=today)).scalars())
    people = [user for user in db.session.execute(db.select(User).where(
        User.active, User.digest_enabled, User.role.in_(("staff", "manager")))
        .order_by(User.id)).scalars() if user.id not in already]
    if not people:
        return []
    work = {"due_today": due_today(today), "overdue": overdue_by_stage(today),
            "awaiting_reset": awaiting_reset(), "idle_lines": idle_lines(today),
            "plans_ending": plans_ending(today), "alerts": manager_alerts(today),
            "follow_ups": follow_ups_due(today, LIST_LIMIT)}
    queued = []
    for user in people:
        body = digest_text(user, today, work)
        if body is not None:
            queued.append(queue_email(user, "digest", f"What needs you today, {today:%d %B}",
                                      body, by=None, day=today))
    return queued
