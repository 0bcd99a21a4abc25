"""The funder portal: only the funder's own contracts, in aggregate, people counts suppressed."""
import re

import pytest

from lending.extensions import db

from . import factories


@pytest.fixture
def two_funders(app):
    """Two partners, each with a contract, and a funder signed in for the first."""
    ours, theirs = factories.partner(name="Our Foundation"), factories.partner(name="Rival Fund")
    return {"ours": factories.contract(partner=ours, reference="OURS-1"),
            "theirs": factories.contract(partner=theirs, reference="THEIRS-1")}


def test_a_funder_sees_only_their_partners_contracts(client, auth, two_funders):
    auth.login("funder", partner=two_funders["ours"].partner)
    page = client.get("/portal").get_data(as_text=True)
    assert "OURS-1" in page and "THEIRS-1" not in page and "Rival Fund" not in page
    assert "No reports have been published" in page


def test_every_funder_url_with_another_partners_id_is_not_found(app, client, auth, two_funders):
    auth.login("funder", partner=two_funders["ours"].partner)
    theirs = two_funders["theirs"].id
    funder_rules = [rule for rule in app.url_map.iter_rules()
                    if rule.endpoint.startswith("portal.") and rule.arguments]
    assert funder_rules, "the portal has pages that take ids"
    for rule in funder_rules:
        url = rule.build({name: theirs for name in rule.arguments})[1]
        assert client.get(url).status_code == 404, url
        own = rule.build({name: two_funders["ours"].id for name in rule.arguments})[1]
        assert client.get(own).status_code == 200, own
    assert client.get("/portal/contracts/999999").status_code == 404


def test_funders_cannot_reach_anything_else(client, auth, two_funders):
    auth.login("funder", partner=two_funders["ours"].partner)
    for url in ("/loans", "/peers", "/devices", f"/contracts/{two_funders['ours'].id}",
                "/partners", "/users", "/audit", "/issues", "/waitlist"):
        assert client.get(url).status_code == 403, url


def test_small_counts_of_people_are_suppressed_and_no_peer_detail_shows(client, auth):
    staff = factories.user("staff")
    contract = factories.contract(deliverables=(("tablet", 10), ("peer_served", 20)))
    peers = [factories.peer(preferred_name=f"Name{n}", phone="+16475550123") for n in range(3)]
    for peer in peers:
        factories.lend(peer, by=staff, device=factories.device("tablet", imei=None,
                                                               contract=contract))
    db.session.commit()
    auth.login("funder", partner=contract.partner)
    page = client.get(f"/portal/contracts/{contract.id}").get_data(as_text=True)
    assert "&lt;5" in page  # three peers served
    assert ">3<" in page  # three tablets reached a peer: items, not people, are not suppressed
    for peer in peers:
        assert peer.code not in page and peer.contact.preferred_name not in page
    assert "5550123" not in page


def test_five_or_more_people_are_shown_as_a_number(client, auth):
    staff = factories.user("staff")
    contract = factories.contract(deliverables=(("peer_served", 20),))
    for _ in range(5):
        factories.lend(factories.peer(), by=staff,
                       device=factories.device("tablet", imei=None, contract=contract))
    db.session.commit()
    auth.login("funder", partner=contract.partner)
    page = client.get("/portal").get_data(as_text=True)
    assert "Peers served with them</dt><dd class=\"col-5\">5<" in page


def test_a_funder_sees_the_term_figures_with_few_people_hidden(client, auth):
    staff = factories.user("staff")
    contract = factories.contract()
    for _ in range(2):
        factories.lend(factories.peer(), by=staff,
                       device=factories.device("tablet", imei=None, contract=contract))
    db.session.commit()
    auth.login("funder", partner=contract.partner)
    page = client.get(f"/portal/contracts/{contract.id}").get_data(as_text=True)
    assert "Figures for the term so far" in page
    assert re.search(r"Peers served<div[^>]*>[^<]*</div></th>\s*<td class=\"text-end\">&lt;5</td>",
                     page)
    assert re.search(r"Loans started<div[^>]*>[^<]*</div></th>\s*<td class=\"text-end\">2</td>",
                     page)
