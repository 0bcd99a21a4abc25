"""French and English: every string marked for translation is in the French catalogue and
translated there (with the same placeholders), the app serves what the catalogue says, and
each person meets the app in their language (their choice, else their partner's for a
funder, else their browser's)."""
import os
import re

from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from flask_babel import force_locale, gettext, pgettext

from lending.extensions import db
from lending.models import AuditEntry, Partner

from . import factories

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CATALOGUE = os.path.join(ROOT, "lending", "translations", "fr", "LC_MESSAGES", "messages.po")
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None,
            "N_": None, "NC_": ((1, "c"), 2)}
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w*\}")


def _french():
    with open(CATALOGUE, "rb") as po:
        return read_po(po, locale="fr")


def _marked() -> set[tuple[str | None, str]]:
    """Every string the code and templates mark for translation, with its context (as `make
    messages` reads them: babel.cfg)."""
    with open(os.path.join(ROOT, "babel.cfg"), encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    keywords = {**KEYWORDS}
    return {(message[4], message[2] if isinstance(message[2], str) else message[2][0])
            for message in extract_from_dir(ROOT, method_map, options_map, keywords=keywords)}


def test_every_marked_string_is_in_the_french_catalogue():
    missing = _marked() - {(m.context, m.id if isinstance(m.id, str) else m.id[0])
                           for m in _french()}
    assert not missing, f"not in the catalogue (run `make messages`, then translate): {missing}"


def test_every_string_of_the_catalogue_has_a_french_translation_with_its_placeholders():
    for message in _french():
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        assert "fuzzy" not in message.flags, f"fuzzy: {ids[0]!r}"
        assert all(s.strip() for s in strings), f"no French for {ids[0]!r}"
        for string in strings:  # (a plural's singular form may leave out the count)
            found, wanted = set(PLACEHOLDER.findall(string)), set(PLACEHOLDER.findall(ids[-1]))
            assert set(PLACEHOLDER.findall(ids[0])) <= found <= wanted, \
                f"placeholders differ: {ids[0]!r} -> {string!r}"


def test_the_app_says_what_the_catalogue_says(app):
    with app.test_request_context(), force_locale("fr_CA"):
        for message in _french():
            if message.id and isinstance(message.id, str):
                said = pgettext(message.context, message.id) if message.context \
                    else gettext(message.id)
                assert said == message.string, \
                    f"{message.id!r}: the compiled catalogue is stale (make compiles it)"


def _lang(page) -> str:
    return re.search(r'<html lang="(\w+)"', page.get_data(as_text=True))[1]


def test_a_person_s_choice_wins_over_their_browser(client, auth):
    assert _lang(client.get("/login")) == "en"
    assert _lang(client.get("/login", headers={"Accept-Language": "fr-CA,fr;q=0.9"})) == "fr"
    staff = auth.login("staff")
    french = {"Accept-Language": "fr-CA"}
    page = client.get("/account", headers=french)
    assert _lang(page) == "fr" and "Tableau de bord" in page.get_data(as_text=True)
    answer = client.post("/account", data={"digest": "y", "language": "en"}, headers=french)
    assert answer.status_code == 302 and staff.language == "en"
    page = client.get("/account", headers=french)
    assert _lang(page) == "en" and "Dashboard" in page.get_data(as_text=True)
    entry = db.session.execute(db.select(AuditEntry).filter_by(object_type="user",
                                                               action="update")).scalar_one()
    assert entry.changes["language"] == [None, "en"]
    client.post("/account", data={"language": "fr"})
    assert _lang(client.get("/account")) == "fr"
    assert client.post("/account", data={"language": "de"}).status_code == 200  # refused
    assert staff.language == "fr"


def test_a_funder_meets_the_portal_in_their_partner_s_language(client, auth):
    partner = factories.partner()
    partner.language = "fr"
    funder = auth.login("funder", partner=partner)
    page = client.get("/portal", headers={"Accept-Language": "en"})
    assert _lang(page) == "fr" and "Vos contrats" in page.get_data(as_text=True)
    funder.language = "en"
    db.session.commit()
    assert _lang(client.get("/portal")) == "en"


def test_a_manager_sets_a_partner_s_language(client, auth):
    auth.login("manager")
    answer = client.post("/partners/new", data={"name": "Fondation Trillium", "kind": "funder",
                                                "reference": "FTO-1", "language": "fr"})
    assert answer.status_code == 302
    partner = db.session.execute(db.select(Partner)).scalar_one()
    assert partner.language == "fr"


def test_vocabulary_labels_follow_each_request_s_language(client, auth):
    factories.device()
    auth.login("staff")
    french = client.get("/devices", headers={"Accept-Language": "fr-CA"}).get_data(as_text=True)
    english = client.get("/devices", headers={"Accept-Language": "en-CA"}).get_data(as_text=True)
    again = client.get("/devices", headers={"Accept-Language": "fr-CA"}).get_data(as_text=True)
    assert "Disponible" in french and "Téléphone" in french and "Disponible" in again
    assert "Available" in english and "Disponible" not in english


def test_form_menus_follow_each_request_s_language(client, auth):
    factories.agreement()
    db.session.commit()
    auth.login("staff")
    french = client.get("/loans/new", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    english = client.get("/loans/new", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Étui" in french and "Choisir…" in french and "Lue à voix haute" in french
    assert "Case" in english and "Choose…" in english and "Étui" not in english


def test_a_label_reads_as_what_it_describes(app):
    """A word whose French depends on what it describes has a context: a loan is « Actif »,
    a SIM card « Active »; a line is « Résiliée », and the menu of a form keeps it so."""
    from lending.models import vocab
    with force_locale("fr_CA"):
        assert (vocab.LOAN_STATUSES["active"], vocab.SIM_STATUSES["active"]) == ("Actif", "Active")
        assert vocab.SIM_STATUSES["cancelled"] == "Résiliée"
        assert vocab.choices(vocab.SIM_STATUSES, blank="Choose…")()["suspended"] == "Suspendue"
