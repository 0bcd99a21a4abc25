"""What each event tells an endpoint: codes and ids, never a peer's name or contacts, nor a
free-text note. The operations announce the events they cause; a device's or SIM card's
status change is announced from any flush that makes one; and the deliveries a transaction
made are put on the job queue once it commits."""
from flask_sqlalchemy.session import Session as FlaskSession
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from ..models import Device, SimCard, WebhookDelivery
from .operations import announce


def _loan(loan) -> dict:
    """A loan as events name it: its id, borrower (a peer's code, or a staff account's id),
    kind and items."""
    return {"loan_id": loan.id, "peer_code": loan.peer.code if loan.peer else None,
            "staff_id": loan.staff_id, "kind": loan.kind,
            "device_id": loan.device.id if loan.device else None,
            "sim_id": loan.sim.id if loan.sim else None,
            "plan_id": loan.plan.id if loan.plan else None}


def loan_lent(loan) -> None:
    announce("loan.lent", {**_loan(loan), "lent_on": loan.lent_on.isoformat(),
                           "due_date": loan.due_date.isoformat()})


def loan_returned(loan) -> None:
    announce("loan.returned", {**_loan(loan), "returned_on": loan.returned_on.isoformat(),
                               "condition": loan.return_condition})


def overdue_stage(loan, stage: str, days_overdue: int) -> None:
    announce("loan.overdue_stage", {**_loan(loan), "stage": stage,
                                    "due_date": loan.due_date.isoformat(),
                                    "days_overdue": days_overdue})


def issue_logged(issue) -> None:
    announce("issue.logged", {"issue_id": issue.id, "kind": issue.kind,
                              "loan_id": issue.loan.id if issue.loan else None,
                              "device_id": issue.device.id if issue.device else None,
                              "sim_id": issue.sim.id if issue.sim else None,
                              "plan_id": issue.plan.id if issue.plan else None,
                              "incident_date": issue.incident_date.isoformat()})


def report_generated(report) -> None:
    announce("report.generated", {
        "report_id": report.id, "format": report.format, "scope": report.scope,
        "partner_id": report.partner_id, "contract_id": report.contract_id,
        "period_start": report.period_start.isoformat(),
        "period_end": report.period_end.isoformat()})


ITEM_TYPES = {Device: "device", SimCard: "sim_card"}


@event.listens_for(FlaskSession, "before_flush")
def _status_changes(session: Session, _context, _instances):
    """A device's or SIM card's status changed in this flush: announce it."""
    for obj in list(session.dirty):
        if type(obj) in ITEM_TYPES:
            history = inspect(obj).attrs.status.history
            if history.has_changes() and history.deleted and history.added \
                    and history.deleted[0] != history.added[0]:
                announce("item.status_changed", {
                    "item_type": ITEM_TYPES[type(obj)], "item_id": obj.id,
                    "status_before": history.deleted[0], "status": history.added[0]})


@event.listens_for(FlaskSession, "after_flush")
def _note_new_deliveries(session: Session, _context):
    """Remember the deliveries this transaction made, to queue them after it commits."""
    new = [obj.id for obj in session.new if isinstance(obj, WebhookDelivery)]
    if new:
        session.info.setdefault("webhook_deliveries", []).extend(new)


@event.listens_for(FlaskSession, "after_commit")
def _queue_new_deliveries(session: Session):
    """Put the committed transaction's deliveries on the job queue (the sweep finds any
    whose message is lost)."""
    new = session.info.pop("webhook_deliveries", [])
    if new:
        from ..jobs.queue import send_webhook
        for delivery_id in new:
            send_webhook(delivery_id)


@event.listens_for(FlaskSession, "after_rollback")
def _forget_new_deliveries(session: Session):
    """A rolled-back transaction's deliveries were never kept."""
    session.info.pop("webhook_deliveries", None)
