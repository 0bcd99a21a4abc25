"""Registering someone twice is hard to do by accident: a peer whose name (whatever its case
and accents), phone or email matches one already registered is held back with a warning and
links, and so is a second registration with no name or contact moments after the first (the
back button and submitting again)."""
import pytest

from lending.clock import local_today
from lending.extensions import db
from lending.models import Peer
from lending.peers.operations import SimilarPeers, register_peer

from . import factories

CONSENT = {"consent_scope": "Borrowing devices", "consent_method": "paper",
           "consent_date": "2026-01-05"}


@pytest.fixture
def staff(auth):
    """A signed-in staff member."""
    return auth.login("staff")


def _count():
    """How many peers are registered."""
    return db.session.execute(db.select(db.func.count(Peer.id))).scalar_one()


def _contact(**fields):
    """Contact details as the form gives them, blank unless given."""
    return {"preferred_name": "", "phone": "", "email": "", "other_contact": "", **fields}


def _consent():
    """Consent given on paper today, as the operation takes it."""
    return {**CONSENT, "consent_date": local_today()}


@pytest.mark.parametrize("typed", [{"preferred_name": "zoe nunez"},
                                   {"preferred_name": "ZOË ÑÚÑEZ"},
                                   {"phone": "+14165550188"}, {"email": "Zoe@Example.org"}])
def test_a_peer_like_one_already_registered_is_held_back(app, typed):
    staff = factories.user("staff")
    zoe = register_peer(_consent(), _contact(preferred_name="Zoë Ñúñez", phone="+14165550188",
                                             email="zoe@example.org"), by=staff)
    with pytest.raises(SimilarPeers) as refused:
        register_peer(_consent(), _contact(**typed), by=staff)
    assert refused.value.peers == [zoe]
    assert register_peer(_consent(), _contact(**typed), by=staff, someone_new=True) != zoe


def test_the_form_warns_with_links_and_registers_only_when_told_it_is_someone_new(client, staff):
    first = client.post("/peers/new", data={**CONSENT, "preferred_name": "Zoë Ñúñez",
                                            "form_token": "1" * 32})
    zoe = db.session.execute(db.select(Peer)).scalar_one()
    assert first.status_code == 302
    # The back button, a fresh form (a new token), the same name typed again:
    page = client.post("/peers/new", data={**CONSENT, "preferred_name": "Zoe Nunez",
                                           "form_token": "2" * 32}).get_data(as_text=True)
    assert "Already registered with the same name, phone or email" in page
    assert f'href="/peers/{zoe.id}"' in page and "Zoë" not in page.split("role=\"alert\"")[1][:400]
    assert _count() == 1
    client.post("/peers/new", data={**CONSENT, "preferred_name": "Zoe Nunez",
                                    "someone_new": "y", "form_token": "2" * 32})
    assert _count() == 2


def test_a_second_blank_registration_moments_later_asks_first(client, staff):
    client.post("/peers/new", data={**CONSENT, "form_token": "3" * 32})
    page = client.post("/peers/new", data={**CONSENT, "form_token": "4" * 32}
                       ).get_data(as_text=True)
    assert "You registered a peer with no name or contact a moment ago" in page
    assert _count() == 1
    other = factories.user("staff")  # someone else's blank registration is not compared
    register_peer(_consent(), _contact(), by=other)
    client.post("/peers/new", data={**CONSENT, "someone_new": "y", "form_token": "4" * 32})
    assert _count() == 3
