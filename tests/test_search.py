"""Every list's search ignores case and accents, on SQLite and on PostgreSQL alike:
"zoe nunez" finds "Zoë Ñúñez"."""
import pytest

from lending.database import contains, fold
from lending.extensions import db
from lending.models import Device, PeerContact

from . import factories
from .conftest import search_list


@pytest.fixture
def manager(auth):
    """A signed-in manager (who sees every list)."""
    return auth.login("manager")


def test_folding_drops_case_and_accents():
    assert fold("Zoë Ñúñez") == "zoe nunez" and fold("ÉLODIE Ça") == "elodie ca"
    assert fold("Straße") == "strasse"  # casefolded, not just lowered


@pytest.mark.parametrize("typed", ["zoe nunez", "ZOË", "ñúñez", "Nunez", "oë ñ"])
def test_the_search_condition_finds_accented_names_however_they_are_typed(app, typed):
    factories.peer(preferred_name="Zoë Ñúñez")
    factories.peer(preferred_name="Zola Smith")
    db.session.commit()
    found = db.session.execute(db.select(PeerContact.preferred_name).where(
        contains(PeerContact.preferred_name, typed))).scalars().all()
    assert found == ["Zoë Ñúñez"]


def test_plain_text_and_wildcards_still_match_as_typed(app):
    factories.device(make="Lenovo", model="Tab_M10 100%")
    factories.device(make="Lenovo", model="TabXM10")
    db.session.commit()
    for typed, expected in (("lenovo", 2), ("tab_m10", 1), ("100%", 1), ("TAB", 2)):
        assert len(db.session.execute(db.select(Device.id).where(
            contains(Device.model if typed != "lenovo" else Device.make, typed))).all()) \
            == expected, typed


def test_every_list_searches_without_case_or_accents(client, manager):
    peer = factories.peer(preferred_name="Zoë Ñúñez")
    device = factories.device(make="Élan", model="Tablette Été", kind="tablet", imei=None)
    partner = factories.partner(name="Fondation Québécoise")
    factories.lend(peer, by=manager, device=device)
    db.session.commit()
    for url, words, expected in (("/peers", "zoe nunez", peer.code),
                                 ("/devices", "tablette ete", device.asset_tag),
                                 ("/partners", "QUEBECOISE", partner.reference)):
        assert expected in search_list(client, url, words).get_data(as_text=True), url
