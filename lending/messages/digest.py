"""Each morning's email to staff and managers who want it: what needs them today, each item a
link. Peers appear by code only. Nothing to do, no email."""
from datetime import date

from flask import current_app
from flask_babel import force_locale, format_date, gettext

from ..dashboard.today import (
    LIST_LIMIT,
    awaiting_reset,
    due_today,
    idle_lines,
    overdue_by_stage,
    plans_ending,
)
from ..extensions import db
from ..i18n import LOCALES
from ..models import Message, User, vocab
from ..models.vocab import N_
from ..outcomes.queries import follow_ups_due
from ..reporting.glance import manager_alerts
from .operations import queue_email

STAGES = {None: N_("Overdue, no step yet"), "reminder": N_("Overdue: give a reminder"),
          "suspend": N_("Overdue: suspend the line?"), "lost": N_("Overdue: declare it lost?")}


def _link(path: str) -> str:
    return current_app.config["BASE_URL"].rstrip("/") + path


def _section(lines, heading, counted, item_line):
    """A heading with its count, and a line per item shown (the rest behind the heading's
    link)."""
    count, items = counted
    if count:
        lines.append(gettext("%(heading)s: %(count)s", heading=heading, count=count))
        lines.extend(f"  - {item_line(item)}" for item in items)
        if count > len(items):
            lines.append("  " + gettext("... and %(count)s more", count=count - len(items)))
        lines.append("")


def digest_text(user: User, today: date, work: dict) -> str | None:
    """The digest's words for one person, from the day's work (None: nothing needs them), in
    the language they chose on their account (queue_digests)."""
    lines = []

    def loan_line(loan):
        return gettext("Loan #%(id)s (%(borrower)s), due %(due)s: %(link)s", id=loan.id,
                       borrower=loan.borrower_text, due=f"{loan.due_date:%Y-%m-%d}",
                       link=_link(f"/loans/{loan.id}"))
    _section(lines, gettext("Due back today"), work["due_today"], loan_line)
    for stage, counted in work["overdue"].items():
        _section(lines, gettext(STAGES[stage]), counted, loan_line)
    _section(lines, gettext("Follow-up check-ins due"), work["follow_ups"],
             lambda loan: gettext("%(code)s, lent %(lent)s: %(link)s", code=loan.peer.code,
                                  lent=f"{loan.lent_on:%Y-%m-%d}", link=_link(
                                      f"/peers/{loan.peer_id}/check-ins/new?loan={loan.id}")))
    _section(lines, gettext("Devices waiting for a reset"), work["awaiting_reset"],
             lambda device: f"{device.title}: {_link(f'/devices/{device.id}')}")
    _section(lines, gettext("Lines unused for 30 days"), work["idle_lines"],
             lambda plan: f"{plan.title}: {_link(f'/plans/{plan.id}')}")
    _section(lines, gettext("Data plans ending within 30 days"), work["plans_ending"],
             lambda plan: gettext("%(plan)s, ends %(day)s: %(link)s", plan=plan.title,
                                  day=f"{plan.end_date:%Y-%m-%d}",
                                  link=_link(f"/plans/{plan.id}")))
    if user.role == "manager":
        alerts = work["alerts"]
        _section(lines, gettext("Contracts ending within 60 days"),
                 (len(alerts["ending"]), alerts["ending"]),
                 lambda c: gettext("%(contract)s ends %(day)s: %(link)s", contract=c.reference,
                                   day=f"{c.end_date:%Y-%m-%d}",
                                   link=_link(f"/contracts/{c.id}")))
        _section(lines, gettext("Reports due within 14 days"),
                 (len(alerts["reports_due"]), alerts["reports_due"]),
                 lambda due: gettext("%(contract)s, due %(day)s: %(link)s",
                                     contract=due.contract.reference,
                                     day=f"{due.due_date:%Y-%m-%d}", link=_link("/reports")))
        _section(lines, gettext("Deliverables behind schedule"),
                 (len(alerts["behind"]), alerts["behind"]),
                 lambda pair: gettext(
                     "%(contract)s: %(kind)s, %(delivered)s of %(expected)s expected: %(link)s",
                     contract=pair[0].reference,
                     kind=vocab.label(vocab.DELIVERABLE_KINDS, pair[1].kind),
                     delivered=pair[1].delivered, expected=pair[1].expected_by_now,
                     link=_link(f"/contracts/{pair[0].id}")))
    if not lines:
        return None
    return "\n".join([gettext("Good morning %(name)s,", name=user.name), "",
                      gettext("What needs you today, %(day)s:", day=format_date(today, "full")),
                      "", *lines, gettext("The dashboard: %(link)s", link=_link("/")),
                      gettext("To stop these emails, turn them off on your account page: "
                              "%(link)s", link=_link("/account"))])


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
        with force_locale(LOCALES[user.language or "en"]):  # no choice: English
            body = digest_text(user, today, work)
            if body is not None:
                subject = gettext("What needs you today, %(day)s",
                                  day=format_date(today, "d MMMM"))
                queued.append(queue_email(user, "digest", subject, body, by=None, day=today))
    return queued
