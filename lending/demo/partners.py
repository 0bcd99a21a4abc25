"""The demo's partners: a funder, a telecom provider and a device donor, with four contracts."""
from datetime import timedelta
from decimal import Decimal

from ..partners.operations import (
    add_contact,
    add_contract,
    add_deliverable,
    add_partner,
    add_report_date,
)

PARTNERS = [
    ("FUND-1", "Community Wellbeing Foundation", "funder", "Grace Lee", "grants@cwf.example.org"),
    ("TELCO-1", "Maple Mobile", "telecom", "Omar Haddad", "community@maplemobile.example.com"),
    ("DONOR-1", "ReTech Donations", "device_donor", "Lina Park", "lina@retech.example.org"),
]


def create_partners(start, today, manager):
    """Partners, contacts and contracts, as the manager records them; the contracts by a
    short key."""
    partners = {}
    for reference, name, kind, contact, email in PARTNERS:
        partner = add_partner({"reference": reference, "name": name, "kind": kind},
                              by=manager)
        add_contact(partner, {"name": contact, "email": email, "phone": ""}, by=manager)
        partners[kind] = partner
    contracts = {
        "grant": _contract(partners["funder"], "CWF-2026-01", "Connected peers", "grant",
                           start + timedelta(days=20), today + timedelta(days=185),
                           Decimal("120000"), "quarterly",
                           [("tablet", 40, None), ("peer_served", 150, None),
                            ("support_session", 250, None)], manager),
        "telecom": _contract(partners["telecom"], "MM-SA-2025", "Community lines", "service",
                             start - timedelta(days=30), today + timedelta(days=45),
                             Decimal("18000"), "annual",
                             [("sim_card", 40, None), ("data_plan", 40, 12)], manager),
        "phones": _contract(partners["device_donor"], "RT-DON-1", "Refurbished phones",
                            "in_kind", start - timedelta(days=40), today + timedelta(days=320),
                            Decimal("11000"), "annual", [("phone", 54, None)], manager),
        "hotspots": _contract(partners["device_donor"], "RT-DON-2", "Hotspots and laptops",
                              "in_kind", start + timedelta(days=60), today + timedelta(days=9),
                              Decimal("4200"), "custom",
                              [("hotspot", 10, None), ("laptop", 6, None)], manager),
    }
    add_report_date(contracts["hotspots"], contracts["hotspots"].start_date,
                    today + timedelta(days=9), today + timedelta(days=12), by=manager)
    return contracts


def _contract(partner, reference, title, kind, start, end, value, schedule, deliverables,
              manager):
    """One contract with its deliverables and report dates."""
    contract = add_contract({"partner_id": partner.id, "reference": reference, "title": title,
                             "kind": kind, "start_date": start, "end_date": end,
                             "value": value, "reporting_schedule": schedule}, by=manager)
    for what, quantity, months in deliverables:
        add_deliverable(contract, what, quantity, months, by=manager)
    return contract
