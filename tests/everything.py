"""One of every record the app shows, so that every URL with an id has something to open:
the `objects` fixture (conftest.py offers it to every test)."""
import pytest

from lending.api.operations import create_token
from lending.clock import local_today
from lending.extensions import db
from lending.inventory.operations import add_place
from lending.issues.operations import log_issue
from lending.models import ImportBatch, Job, PartnerContact
from lending.outcomes.operations import (
    log_group_session,
    record_check_in,
    record_priority_groups,
    save_priority_group,
)
from lending.reporting.operations import generate_report
from lending.stock.operations import close_count, start_count
from lending.waitlist.operations import add_to_waitlist
from lending.webhooks.operations import register_endpoint

from . import factories


@pytest.fixture
def objects(app):
    """One of everything, so that every URL with an id has something to show."""
    staff = factories.user("staff")
    device, sim, plan, peer = (factories.device(), factories.sim(status="spare"),
                               factories.plan(), factories.peer())
    loan = factories.lend(peer, by=staff, device=factories.device())
    issue = log_issue("faulty", by=staff, loan=loan)
    entry = add_to_waitlist(peer, "tablet", by=staff)
    contract = factories.contract()
    partner = contract.partner
    contact = PartnerContact(partner=partner, name="Pat")
    db.session.add(contact)
    user = factories.user("staff")
    batch = ImportBatch(kind="devices", filename="devices.csv", data=b"Kind,Make\n", size=11,
                        sha256="0" * 64)
    db.session.add(batch)
    place = add_place("Main office", by=None)
    job = Job(kind="report", key="report:0:objects", title="A report", params={},
              created_by=factories.user("manager"))
    db.session.add(job)
    group = save_priority_group(None, name="Rural", active=True, raises_waitlist=False, by=staff)
    record_priority_groups(peer, [group], consent_method="verbal", by=staff)
    record_check_in(peer, stage="baseline", loan=loan, by=staff,
                    answers={"groups_joined": ["phone_line"], "confidence": "3"})
    session = log_group_session(held_on=local_today(), minutes=60, topic="video_calls",
                                facilitator=staff, peers=[peer], staff=[user], by=staff)
    token, _secret = create_token(user, name="Sync", by=user)
    endpoint = register_endpoint("https://crm.example.org/hooks", ["loan.lent"], by=None)
    count = start_count(place, by=None)
    close_count(count, by=None)  # closed: its report exists
    db.session.commit()  # a report reads committed data
    report = generate_report("xlsx", local_today(), local_today(), contract=contract, by=None)
    db.session.commit()
    return {"device_id": device.id, "sim_id": sim.id, "plan_id": plan.id, "peer_id": peer.id,
            "loan_id": loan.id, "issue_id": issue.id, "entry_id": entry.id,
            "version_id": loan.agreement_version_id, "partner_id": partner.id,
            "contact_id": contact.id, "contract_id": contract.id,
            "deliverable_id": contract.deliverables[0].id, "user_id": user.id,
            "report_id": report.id, "batch_id": batch.id, "place_id": place.id,
            "count_id": count.id, "item_id": device.id, "job_id": job.id,
            "group_id": group.id, "session_id": session.id, "token_id": token.id,
            "endpoint_id": endpoint.id}
