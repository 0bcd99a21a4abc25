"""Peers: pseudonymous codes, optional contact details kept apart, and privacy in the log."""
import pytest

from lending.extensions import db
from lending.models import AuditEntry, Peer, PeerContact
from lending.models.peers import is_valid_peer_code, new_peer_code
from lending.peers.operations import register_peer
from lending.refusals import RuleError

from . import factories
from .conftest import search_list


def test_peer_codes_are_random_well_formed_and_catch_typos():
    codes = {new_peer_code() for _ in range(200)}
    assert len(codes) == 200 and all(is_valid_peer_code(c) for c in codes)
    code = next(iter(codes))
    typo = code[:-1] + ("2" if code[-1] != "2" else "3")
    assert not is_valid_peer_code(typo)
    assert is_valid_peer_code(code.lower()) and not is_valid_peer_code("P-0000000")


TOKEN = "f" * 32  # the hidden token the form page carries
CONSENT = {"consent_scope": "Borrowing devices", "consent_method": "paper",
           "consent_date": "2026-01-05"}


@pytest.fixture
def staff(auth):
    """A signed-in staff member."""
    return auth.login("staff")


def test_a_peer_is_registered_with_only_a_code_and_their_consent(client, staff):
    response = client.post("/peers/new", data={**CONSENT, "form_token": TOKEN})
    peer = db.session.execute(db.select(Peer)).scalar_one()
    assert response.headers["Location"] == f"/peers/{peer.id}"
    assert is_valid_peer_code(peer.code) and peer.contact is None
    assert (peer.consent_method, peer.registered_by) == ("paper", staff)


def test_consent_is_required_on_the_form_and_by_the_operation(client, staff):
    page = client.post("/peers/new", data={"consent_scope": "", "consent_method": "",
                                           "form_token": TOKEN}).get_data(as_text=True)
    assert "Say what the peer agreed to." in page and "Say how the peer gave consent." in page
    assert db.session.execute(db.select(Peer)).first() is None
    with pytest.raises(RuleError, match="Record the peer's consent"):
        register_peer({"consent_scope": "", "consent_method": None, "consent_date": None},
                      {"preferred_name": ""}, by=staff)


def test_contact_details_are_kept_apart_and_never_logged(client, staff):
    client.post("/peers/new", data={"preferred_name": "Robin", "phone": "647 555 0123",
                                    "form_token": TOKEN, "email": "robin@example.org",
                                    **CONSENT})
    contact = db.session.execute(db.select(PeerContact)).scalar_one()
    assert (contact.preferred_name, contact.phone) == ("Robin", "+16475550123")
    logged = " ".join(str(e.changes) + e.note for e in
                      db.session.execute(db.select(AuditEntry)).scalars())
    assert "Robin" not in logged and "5550123" not in logged and "robin@" not in logged
    assert "(hidden)" in logged


@pytest.mark.parametrize("field, value, message", [
    ("phone", "not a phone", "not a phone number"),
    ("email", "robin-at-example", "not an email address"),
    ("consent_date", "2999-01-01", "cannot be in the future"),
    ("consent_method", "telepathy", "Not a valid choice"),
    ("preferred_name", "x" * 121, "cannot be longer than 120"),
])
def test_bad_peer_input_is_explained_and_nothing_saved(client, staff, field, value, message):
    page = client.post("/peers/new", data={field: value, "form_token": TOKEN}
                       ).get_data(as_text=True)
    assert message in page
    assert db.session.execute(db.select(Peer)).first() is None


def test_editing_adds_contact_details_later_and_logs_which_changed(client, staff):
    peer = factories.peer()
    db.session.commit()
    client.post(f"/peers/{peer.id}/edit", data={"preferred_name": "Sky", **CONSENT})
    assert peer.contact.preferred_name == "Sky"
    client.post(f"/peers/{peer.id}/edit", data={"preferred_name": "Skye", **CONSENT})
    update = db.session.execute(db.select(AuditEntry).filter_by(
        action="update", object_type="peer_contact")).scalar_one()
    assert update.changes == {"preferred_name": ["(hidden)", "(hidden)"]}


def test_peers_are_found_by_code_or_preferred_name(client, staff):
    robin = factories.peer(preferred_name="Robin")
    other = factories.peer()
    db.session.commit()
    page = search_list(client, "/peers", "rob").get_data(as_text=True)
    assert robin.code in page and other.code not in page
    assert other.code in search_list(client, "/peers", other.code[2:5]).get_data(as_text=True)


def test_the_peers_list_filters_by_kits_out(client, staff):
    busy, idle = factories.peer(), factories.peer()
    factories.lend(busy, by=staff, device=factories.device())
    db.session.commit()
    page = client.get("/peers?loans=yes").get_data(as_text=True)
    assert busy.code in page and idle.code not in page
    page = client.get("/peers?loans=no").get_data(as_text=True)
    assert idle.code in page and busy.code not in page


def test_the_empty_peers_list_says_what_to_do(client, staff):
    assert "Register a peer to lend them a kit" in client.get("/peers").get_data(as_text=True)


def test_a_second_click_on_register_makes_one_peer(client, staff):
    data = {"preferred_name": "Sky", **CONSENT, "form_token": TOKEN}
    first = client.post("/peers/new", data=data)
    second = client.post("/peers/new", data=data)
    assert first.headers["Location"] == second.headers["Location"]
    assert db.session.execute(db.select(db.func.count(Peer.id))).scalar_one() == 1


def test_a_registration_with_a_forged_form_token_is_refused(client, staff):
    page = client.post("/peers/new", data={"preferred_name": "Sky", **CONSENT,
                                           "form_token": "x"}).get_data(as_text=True)
    assert "Reload the page" in page and db.session.execute(db.select(Peer)).first() is None
