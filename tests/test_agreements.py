"""Versioned loan agreements, how each loan accepted one, and the printable PDF."""
from io import BytesIO

import pytest
from pypdf import PdfReader

from lending.extensions import db
from lending.models import AgreementVersion, Loan
from lending.refusals import RuleError

from . import factories


def test_nothing_is_lent_before_there_is_an_agreement(app):
    from lending.loans.operations import lend_kit
    with pytest.raises(RuleError, match="no loan agreement yet"):
        lend_kit(factories.peer(), by=factories.user("staff"), acceptance="paper",
                 device=factories.device())


def test_a_loan_records_the_version_and_how_it_was_accepted(app):
    staff, witness = factories.user("staff"), factories.user("staff")
    paper = factories.lend(factories.peer(), by=staff, device=factories.device())
    assert paper.agreement_version.number == 1 and paper.agreement_acceptance == "paper"
    assert paper.agreement_witness is None
    spoken = factories.lend(factories.peer(), by=staff, device=factories.device(),
                            acceptance="verbal", witness=witness)
    assert spoken.agreement_witness == witness
    with pytest.raises(RuleError, match="Name the staff member who witnessed it"):
        factories.lend(factories.peer(), by=staff, device=factories.device(),
                       acceptance="verbal")
    funder = factories.user("funder")
    with pytest.raises(RuleError, match="must be an active staff member or manager"):
        factories.lend(factories.peer(), by=staff, device=factories.device(),
                       acceptance="verbal", witness=funder)


def test_a_deactivated_account_cannot_witness_an_agreement(app, client, auth):
    staff = auth.login("staff")
    gone = factories.user("staff", name="Left Last Month", active=False)
    peer, device = factories.peer(), factories.device()
    factories.agreement()
    with pytest.raises(RuleError, match="must be an active staff member or manager"):
        factories.lend(peer, by=staff, device=device, acceptance="verbal", witness=gone)
    db.session.commit()
    # Through the screen, even when the id is typed in by hand (the menu never offers it).
    page = client.get("/loans/new").get_data(as_text=True)
    assert "Left Last Month" not in page
    response = client.post("/loans/new", data={
        "peer_code": peer.code, "device_id": device.id, "acceptance": "verbal",
        "witness_id": gone.id, "form_token": "b" * 32})
    assert response.status_code == 200
    assert "The witness must be an active staff member or manager." in response.get_data(
        as_text=True)
    assert db.session.execute(db.select(db.func.count(Loan.id))).scalar_one() == 0


def test_saved_versions_never_change(app):
    version = factories.agreement()
    db.session.commit()
    version.body = "rewritten"
    with pytest.raises(PermissionError):
        db.session.flush()


def test_a_manager_writes_a_new_version_and_old_loans_keep_theirs(client, auth):
    manager = auth.login("manager")
    old_loan = factories.lend(factories.peer(), by=manager, device=factories.device())
    db.session.commit()
    page = client.get("/agreements/new").get_data(as_text=True)
    assert "I will look after the kit" in page  # starts from the current text
    assert "This field is required" in client.post("/agreements/new", data={
        "title": "v2", "body": ""}).get_data(as_text=True)
    data = {"title": "Loan agreement 2027", "body": "New terms.\n\nSecond paragraph."}
    client.post("/agreements/new", data=data)
    again = client.post("/agreements/new", data=data).get_data(as_text=True)  # second click
    assert "This is the text of version 2 already" in again
    current = AgreementVersion.current()
    assert current.number == 2 and current.created_by == manager
    assert old_loan.agreement_version.number == 1
    new_loan = factories.lend(factories.peer(), by=manager, device=factories.device())
    assert new_loan.agreement_version == current
    listing = client.get("/agreements").get_data(as_text=True)
    assert "Version 2: Loan agreement 2027" in listing and "Version 1" in listing


def test_staff_sign_a_verbal_agreement_through_the_lending_form(client, auth):
    staff = auth.login("staff")
    peer, device = factories.peer(), factories.device()
    factories.agreement()
    db.session.commit()
    data = {"peer_code": peer.code, "device_id": device.id, "acceptance": "verbal",
            "form_token": "e" * 32}
    assert "Name the staff member who witnessed it" in client.post(
        "/loans/new", data=data).get_data(as_text=True)
    client.post("/loans/new", data={**data, "witness_id": staff.id})
    assert device.status == "on_loan"


def test_the_agreement_pdf_names_the_peer_by_code_only(client, auth):
    staff = auth.login("staff")
    peer = factories.peer(preferred_name="Robin", phone="+16475550123")
    device, sim = factories.device(), factories.sim()
    loan = factories.lend(peer, by=staff, device=device, sim=sim, accessories=["charger"])
    db.session.commit()
    response = client.get(f"/agreements/loan/{loan.id}.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    reader = PdfReader(BytesIO(response.data))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert peer.code in text and device.serial in text and sim.iccid in text
    assert loan.due_date.isoformat() in text and "I will look after the kit" in text
    assert "Charger" in text and "Peer (or mark)" in text and "Page 1" in text
    assert "Robin" not in text and "5550123" not in text
    assert reader.metadata.title == f"Loan agreement, loan #{loan.id}"
