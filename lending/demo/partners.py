"""The demo's partners: a funder, a telecom provider and a device donor, with four contracts."""
from datetime import timedelta
from decimal import Decimal

from ..audit.log import record_created
from ..models import Contract, Deliverable, Partner, PartnerContact, ReportDue
from ..partners.operations import refresh_report_dues

PARTNERS = [
    ("FUND-1", "Community Wellbeing Foundation", "funder", "Grace Lee", "grants@cwf.example.org"),
    ("TELCO-1", "Maple Mobile", "telecom", "Omar Haddad", "community@maplemobile.example.com"),
    ("DONOR-1", "ReTech Donations", "device_donor", "Lina Park", "lina@retech.example.org"),
]


def create_partners(start, today):
    """Partners, contacts and contracts; returns the contracts by a short key."""
    partners = {}
    for reference, name, kind, contact, email in PARTNERS:
        partner = Partner(reference=reference, name=name, kind=kind)
        record_created(partner, note="demo partner")
        record_created(PartnerContact(partner=partner, name=contact, email=email))
        partners[kind] = partner
    contracts = {
        "grant": _contract(partners["funder"], "CWF-2026-01", "Connected peers", "grant",
                           start + timedelta(days=20), today + timedelta(days=185),
                           Decimal("120000"), "quarterly",
                           [("tablet", 40, None), ("peer_served", 150, None),
                            ("support_session", 250, None)]),
        "telecom": _contract(partners["telecom"], "MM-SA-2025", "Community lines", "service",
                             start - timedelta(days=30), today + timedelta(days=45),
                             Decimal("18000"), "annual",
                             [("sim_card", 40, None), ("data_plan", 40, 12)]),
        "phones": _contract(partners["device_donor"], "RT-DON-1", "Refurbished phones",
                            "in_kind", start - timedelta(days=40), today + timedelta(days=320),
                            Decimal("11000"), "annual", [("phone", 54, None)]),
        "hotspots": _contract(partners["device_donor"], "RT-DON-2", "Hotspots and laptops",
                              "in_kind", start + timedelta(days=60), today + timedelta(days=9),
                              Decimal("4200"), "custom",
                              [("hotspot", 10, None), ("laptop", 6, None)]),
    }
    contracts["hotspots"].report_dues.append(ReportDue(
        period_start=contracts["hotspots"].start_date, period_end=today + timedelta(days=9),
        due_date=today + timedelta(days=12)))
    return contracts


def _contract(partner, reference, title, kind, start, end, value, schedule, deliverables):
    """One contract with its deliverables and report dates."""
    contract = Contract(partner=partner, reference=reference, title=title, kind=kind,
                        start_date=start, end_date=end, value=value,
                        reporting_schedule=schedule)
    record_created(contract, note="demo contract")
    for what, quantity, months in deliverables:
        contract.deliverables.append(Deliverable(kind=what, quantity=quantity,
                                                 duration_months=months))
    refresh_report_dues(contract)
    return contract
