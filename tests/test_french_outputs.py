"""What leaves the screens in a person's language: a peer's printed agreement and check-in
questions in the peer's language, emails in the recipient's, and work done by a worker (its
messages, its files) in the language of whoever asked for it."""
from email.header import decode_header, make_header

from flask_babel import force_locale, refresh

from lending.agreements.operations import write_agreement
from lending.clock import local_today
from lending.extensions import db
from lending.jobs.work import run
from lending.loans.operations import daily_run
from lending.models import AgreementVersion, CheckInVersion, Job, Peer
from lending.outcomes.operations import save_check_in_version
from lending.outcomes.questions import DEFAULT_WORDING, default_wording
from lending.refusals import RuleError

from . import factories
from .api_client import ApiClient
from .pdfs import pdf_text
from .test_email import inbox, send_all  # noqa: F401 (a fixture, and sending what is queued)

FRENCH_BODY = "Je prendrai soin de l’équipement et je le rendrai."


def _agreement_in_both():
    manager = factories.user("manager")
    return write_agreement("Device loan agreement", "I will look after the kit and return it.",
                           title_fr="Entente de prêt d’appareil", body_fr=FRENCH_BODY, by=manager)


def test_the_agreement_is_printed_in_the_peers_language(client, auth):
    staff = auth.login("staff")
    _agreement_in_both()
    french, english = factories.peer(language="fr"), factories.peer()
    loans = [factories.lend(peer, by=staff, device=factories.device("tablet", imei=None))
             for peer in (french, english)]
    db.session.commit()
    fr, en = (pdf_text(client.get(f"/agreements/loan/{loan.id}.pdf").data) for loan in loans)
    assert "Entente de prêt d’appareil" in fr and FRENCH_BODY in fr
    assert "Pair (ou sa marque)" in fr and f"Prêt nº {loans[0].id}" in fr and "Page 1" in fr
    assert "I will look after" not in fr and "Peer (or mark)" not in fr
    assert "I will look after the kit" in en and "Peer (or mark)" in en and FRENCH_BODY not in en


def test_an_agreement_without_french_prints_its_english_in_a_french_frame(client, auth):
    staff = auth.login("staff", language="fr")  # the staff member's own page is French too
    loan = factories.lend(factories.peer(language="fr"), by=staff, device=factories.device())
    db.session.commit()
    text = pdf_text(client.get(f"/agreements/loan/{loan.id}.pdf").data)
    assert "I will look after the kit" in text and "Pair (ou sa marque)" in text


def test_french_agreement_text_comes_whole_or_not_at_all(app):
    manager = factories.user("manager")
    factories.agreement()
    try:
        write_agreement("Title", "Body", title_fr="Titre", body_fr="", by=manager)
    except RuleError as refusal:
        assert "French" in str(refusal)
    else:
        raise AssertionError("a French title without its text was saved")


def test_check_in_questions_are_read_in_the_peers_language(client, auth):
    staff = auth.login("staff")  # the page itself in English
    peer = factories.peer(language="fr")
    db.session.commit()
    page = client.get(f"/peers/{peer.id}/check-ins/new").get_data(as_text=True)
    with force_locale("fr_CA"):
        asked = default_wording("fr")["confidence"]
    assert asked != DEFAULT_WORDING["confidence"] and asked in page
    assert '<div lang="fr">' in page and "Préfère ne pas répondre" in page
    assert "Read the questions and answers in French" in page  # the page says so, in English
    assert DEFAULT_WORDING["confidence"] not in page
    english = factories.peer()
    db.session.commit()
    assert DEFAULT_WORDING["confidence"] in client.get(
        f"/peers/{english.id}/check-ins/new").get_data(as_text=True)
    del staff


def test_a_new_version_keeps_french_words_or_none(app):
    manager = factories.user("manager")
    version = save_check_in_version({**DEFAULT_WORDING, "confidence": "How sure are you?"},
                                    loneliness=False, by=manager)
    assert version.words_in("fr")["confidence"] == default_wording("fr")["confidence"]  # kept
    half = {key: "" for key in DEFAULT_WORDING} | {"confidence": "Êtes-vous à l’aise?"}
    try:
        save_check_in_version(DEFAULT_WORDING, wording_fr=half, loneliness=True, by=manager)
    except RuleError as refusal:
        assert "French" in str(refusal)
    else:
        raise AssertionError("French words for one question only were saved")
    db.session.commit()
    blank = save_check_in_version(DEFAULT_WORDING, loneliness=True, by=manager,
                                  wording_fr={key: "" for key in DEFAULT_WORDING})
    assert blank.french_words is None and blank.words_in("fr") == blank.words  # English for all
    assert CheckInVersion.current() is blank


def test_the_morning_email_is_in_the_language_each_person_chose(app, inbox):  # noqa: F811
    french = factories.user("staff", language="fr")
    english = factories.user("staff")
    loan = factories.lend(factories.peer(), by=english, device=factories.device("phone"))
    loan.due_date = local_today()
    db.session.commit()
    daily_run()
    send_all()
    body = inbox.bodies(french.email)[0]
    assert body.startswith(f"Bonjour {french.name},") and "À rendre aujourd’hui : 1" in body
    assert f"Prêt nº {loan.id}" in body and "Due back today" not in body
    assert inbox.bodies(english.email)[0].startswith(f"Good morning {english.name},")
    subjects = {rcpt[0]: str(make_header(decode_header(message["Subject"])))
                for rcpt, message in inbox.messages}
    assert subjects[french.email].startswith("Ce qui vous attend aujourd’hui")


def test_a_password_reset_asked_for_in_french_is_written_in_french(app, client, inbox):  # noqa: F811
    user = factories.user("staff")
    db.session.commit()
    client.post("/forgot", data={"email": user.email}, headers={"Accept-Language": "fr-CA"})
    refresh()  # the worker sends it later, outside that request (English unless told)
    send_all()
    body = inbox.bodies(user.email)[0]
    assert "Quelqu’un (vous, nous l’espérons)" in body and "/reset/" in body


def test_a_worker_answers_in_the_language_of_whoever_asked(app, client, auth):
    auth.login("manager")  # no choice made: the browser's language, French here
    for _ in range(3):
        factories.device()
    db.session.commit()
    app.config["DOWNLOAD_ROWS_NOW"] = 1  # the list is "long": a worker makes the file
    response = client.get("/devices?export=csv", headers={"Accept-Language": "fr-CA"})
    job = db.session.get(Job, int(response.headers["Location"].rsplit("/", 1)[1]))
    assert job.params["language"] == "fr" and job.title == "Appareils (CSV)"
    refresh()  # the worker runs outside that request (English unless told)
    run(job.id)
    db.session.refresh(job)
    assert job.state == "done" and job.message == "3 lignes, prêtes à télécharger."


def test_commands_speak_the_terminals_language(runner):
    french = {"LANG": "fr_CA.UTF-8"}
    mismatch = runner.invoke(args=["create-user", "a@example.org", "--role", "staff"],
                             input="first password\nsecond password\n", env=french)
    assert "Les deux mots de passe ne correspondent pas." in mismatch.output
    made = runner.invoke(args=["create-user", "a@example.org", "--role", "staff"],
                         input="walrus tango lamp\nwalrus tango lamp\n", env=french)
    assert made.exit_code == 0 and "Compte staff créé : a@example.org." in made.output
    english = runner.invoke(args=["create-user", "b@example.org", "--role", "staff"],
                            input="first password\nsecond password\n")
    assert "The two passwords do not match." in english.output


def test_a_peers_language_is_set_where_they_are_registered(client, auth):
    auth.login("staff")
    response = client.post("/peers/new", data={
        "consent_scope": "Borrowing devices", "consent_method": "paper",
        "consent_date": local_today().isoformat(), "language": "fr", "form_token": "f" * 32})
    assert db.session.execute(db.select(Peer.language)).scalar_one() == "fr"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Français" in page  # on the peer's page, beside their consent
    refused = client.post("/peers/new", data={
        "consent_scope": "Borrowing devices", "consent_method": "paper",
        "consent_date": local_today().isoformat(), "language": "de", "form_token": "g" * 32})
    assert refused.status_code == 200  # a language the app does not speak is not saved
    assert db.session.execute(db.select(db.func.count(Peer.id))).scalar_one() == 1


def test_the_api_refuses_in_its_callers_language(client):
    factories.agreement()
    peer, device = factories.peer(), factories.device(status="awaiting_reset")
    db.session.commit()
    body = {"peer_code": peer.code, "device_id": device.id, "acceptance": "paper"}
    french = ApiClient(client, factories.user("staff", language="fr"), name="FR")
    refused = french.post("/api/v1/loans", json=body)
    assert refused.status_code == 409 and "n’a pas été effacé" in refused.json["detail"]
    asking = ApiClient(client, factories.user("staff"), name="EN")  # no choice: as asked
    assert "n’a pas été effacé" in asking.post(
        "/api/v1/loans", json=body, headers={"Accept-Language": "fr-CA"}).json["detail"]
    assert "has not been wiped" in asking.post("/api/v1/loans", json=body).json["detail"]


def test_a_version_without_french_is_offered_the_built_in_french(client, auth):
    manager = auth.login("manager")
    save_check_in_version(DEFAULT_WORDING, loneliness=True, by=manager,
                          wording_fr={key: "" for key in DEFAULT_WORDING})  # none: English
    db.session.commit()
    page = client.get("/check-ins/questions").get_data(as_text=True)
    with force_locale("fr_CA"):
        assert default_wording("fr")["confidence"] in page  # the French boxes, filled in


def test_the_agreement_page_says_when_the_french_is_half_written(client, auth):
    auth.login("manager")
    page = client.post("/agreements/new", data={
        "title": "Device loan agreement", "body": "I will look after the kit.",
        "title_fr": "Entente de prêt", "body_fr": ""}).get_data(as_text=True)
    assert "Give the French title and the French text, or neither." in page
    assert 'role="alert"' in page and AgreementVersion.current() is None  # nothing saved
