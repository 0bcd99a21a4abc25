"""Rules that used to live only in forms are the operations' own, so the command line, the
demo, imports and the API to come obey them too. (The forms ask the same rule functions, so
their messages are the same.)"""
from datetime import timedelta

import pytest

from lending.agreements.operations import write_agreement
from lending.clock import local_today
from lending.extensions import db
from lending.inventory.operations import add_device, change_device_status, update_device
from lending.models import AuditEntry, LoanPolicy
from lending.partners.operations import add_contract, add_deliverable
from lending.peers.operations import log_support_session
from lending.policies.operations import save_policy
from lending.refusals import RuleError
from lending.users.operations import create_account, set_active, update_account

from . import factories

DEVICE = {"kind": "phone", "make": "Google", "model": "Pixel 7a", "serial": "OPS-1",
          "imei": None, "asset_tag": None, "accessories": "", "condition": "good",
          "replacement_value": None, "contract_id": None}


def test_a_phone_or_hotspot_needs_its_imei(app):
    with pytest.raises(RuleError, match="Phones and hotspots need their IMEI"):
        add_device(DEVICE, by=None)
    tablet = add_device({**DEVICE, "kind": "tablet"}, by=None)
    with pytest.raises(RuleError, match="need their IMEI"):
        update_device(tablet, {"kind": "hotspot"}, by=None)
    with pytest.raises(RuleError, match="received \\(to be set up\\) or available"):
        add_device({**DEVICE, "kind": "tablet", "serial": "OPS-2", "status": "on_loan"}, by=None)


def test_a_duplicate_serial_is_refused_by_the_operation_too(app):
    add_device({**DEVICE, "kind": "tablet"}, by=None)
    with pytest.raises(RuleError, match="Another device already has this serial"):
        add_device({**DEVICE, "kind": "laptop"}, by=None)


def test_retiring_needs_the_wipe_and_a_reason(app):
    device = factories.device()
    with pytest.raises(RuleError, match="Confirm the wipe"):
        change_device_status(device, "retired", by=None, note="Old")
    with pytest.raises(RuleError, match="Say why"):
        change_device_status(device, "in_repair", by=None, note="")


def test_escalation_stages_come_in_order(app):
    manager = factories.user("manager")
    days = {"loan_days": 30, "renewals_allowed": 1, "remind_before_days": 2, "follow_up_weeks": 6}
    with pytest.raises(RuleError, match="The stages must come in order"):
        save_policy("phone", {**days, "reminder_after_days": 10, "suspend_after_days": 5,
                              "lost_after_days": 40}, by=manager)
    with pytest.raises(RuleError, match="from 1 to 730"):
        save_policy("phone", {**days, "loan_days": 0, "reminder_after_days": 1,
                              "suspend_after_days": 5, "lost_after_days": 40}, by=manager)
    save_policy("phone", {**days, "reminder_after_days": 2, "suspend_after_days": 5,
                          "lost_after_days": 40}, by=manager)
    assert db.session.get(LoanPolicy, "phone").suspend_after_days == 5
    assert db.session.execute(db.select(AuditEntry).filter_by(object_type="loan_policy")) \
        .scalar_one().user == manager


def test_an_agreement_version_says_something_new_and_is_numbered_next(app):
    manager = factories.user("manager")
    first = write_agreement("Loan agreement", "I will return the kit.", by=manager)
    with pytest.raises(RuleError, match="text of version 1 already"):
        write_agreement("Loan agreement", "I will return the kit.", by=manager)
    assert write_agreement("Loan agreement", "I will return it.", by=manager).number == \
        first.number + 1


def test_accounts_obey_the_same_rules_everywhere(app):
    manager = factories.user("manager")
    with pytest.raises(RuleError, match="too easy to guess|common"):
        create_account("new@example.org", "New", "staff", "password1", by=manager)
    with pytest.raises(RuleError, match="Choose the partner this funder belongs to"):
        create_account("funder@example.org", "F", "funder", "lilac ferry kettle", by=manager)
    create_account("new@example.org", "New", "staff", "lilac ferry kettle", by=manager)
    with pytest.raises(RuleError, match="already exists"):
        create_account(" NEW@example.org ", "Again", "staff", "lilac ferry kettle", by=manager)
    with pytest.raises(RuleError, match="cannot remove your own manager role"):
        update_account(manager, manager.name, "staff", by=manager)
    with pytest.raises(RuleError, match="cannot deactivate your own account"):
        set_active(manager, False, by=manager)


def test_a_contract_commits_to_each_thing_once_and_at_least_one(app):
    contract = factories.contract(deliverables=())
    add_deliverable(contract, "tablet", 40, by=None)
    with pytest.raises(RuleError, match="already commits to 40 tablets"):
        add_deliverable(contract, "tablet", 10, by=None)
    with pytest.raises(RuleError, match="at least 1"):
        add_deliverable(contract, "phone", 0, by=None)
    with pytest.raises(RuleError, match="end cannot be before the start"):
        add_contract({"partner_id": contract.partner_id, "reference": "K-9", "title": "T",
                      "kind": "grant", "start_date": local_today(),
                      "end_date": local_today() - timedelta(days=1)}, by=None)


def test_support_sessions_are_logged_after_they_happen(app):
    peer = factories.peer()
    with pytest.raises(RuleError, match="cannot be in the future"):
        log_support_session(peer, by=None, held_on=local_today() + timedelta(days=1),
                            minutes=30, topic="other")
    with pytest.raises(RuleError, match="between 1 and 600 minutes"):
        log_support_session(peer, by=None, held_on=local_today(), minutes=0, topic="other")
