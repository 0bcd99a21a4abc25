"""The audit log: append-only, and browsable by managers."""
import re

import pytest

from lending.audit.log import apply_changes, record
from lending.extensions import db
from lending.filters import localtime
from lending.loans.operations import record_return
from lending.models import AuditEntry

from . import factories


def test_audit_entries_cannot_be_changed_or_deleted(app):
    user = factories.user("staff")
    entry = record("login", user, by=user)
    db.session.commit()
    entry.note = "rewritten"
    with pytest.raises(PermissionError):
        db.session.flush()
    db.session.rollback()
    db.session.delete(db.session.get(AuditEntry, entry.id))
    with pytest.raises(PermissionError):
        db.session.flush()


def test_an_update_logs_old_and_new_values_of_changed_fields_only(app):
    device = factories.device(make="Samsung", condition="good")
    changes = apply_changes(device, {"make": "Samsung", "condition": "fair"}, by=None)
    assert changes == {"condition": ["good", "fair"]}
    # Nothing changed, so nothing is logged.
    assert apply_changes(device, {"condition": "fair"}, by=None) == {}
    updates = db.session.execute(db.select(AuditEntry).filter_by(action="update")).scalars().all()
    assert len(updates) == 1 and updates[0].object_id == device.id


def test_managers_browse_and_filter_the_log(client, auth):
    manager = auth.login("manager")
    factories.device(serial="AUDIT-1")
    db.session.commit()
    page = client.get("/audit?action=create&object_type=device").get_data(as_text=True)
    assert "AUDIT-1" in page and "login" not in page.split("<tbody>")[1]
    page = client.get("/audit?action=login").get_data(as_text=True)
    assert manager.email in page


def test_staff_cannot_see_the_audit_log(client, auth):
    auth.login("staff")
    assert client.get("/audit").status_code == 403


def test_the_log_reads_in_labels_local_times_and_names(client, auth):
    manager = auth.login("manager")
    staff = factories.user("staff", name="Sam Tremblay")
    loan = factories.lend(factories.peer(), by=staff, device=factories.device())
    record_return(loan, by=staff, condition="fair")
    db.session.commit()
    page = client.get("/audit?object_type=loan&action=return").get_data(as_text=True)
    row = re.sub(r"<span[^>]*>|</span>", "", page.split("<tbody>")[1])  # values' marks aside
    assert "Received by</strong>: — → Sam Tremblay" in row  # a person, not "2"
    assert "Return condition</strong>: — → Fair" in row  # a label, not "fair"
    local = localtime(loan.returned_at)
    assert f"Return recorded</strong>: — → {local}" in row  # local time, not UTC ISO
    assert "received_by_id" not in row and loan.returned_at.isoformat() not in row
    assert manager.email in client.get("/audit?action=login").get_data(as_text=True)
