"""The same form sent several times at the same moment (a double click on a slow line) makes
one record, and every one of those requests is sent to it: never an error page. Real
threads, each with its own client, session and database connection."""
import threading

import pytest

from lending.clock import local_today
from lending.extensions import db
from lending.models import Issue, Loan, Peer, SupportSession

from . import factories

THREADS = 6


def _at_once(app, user, url, data):
    """POST the same form from THREADS signed-in clients at once; their responses."""
    clients = []
    for _ in range(THREADS):
        client = app.test_client()
        client.post("/login", data={"email": user.email, "password": factories.PASSWORD})
        clients.append(client)
    start = threading.Barrier(THREADS)
    responses = [None] * THREADS

    def send(n):
        start.wait()
        try:
            responses[n] = clients[n].post(url, data=data)
        except Exception as error:  # an error page, when the app is tested: keep it to show
            responses[n] = error

    threads = [threading.Thread(target=send, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return responses


@pytest.fixture
def staff(app):
    """A staff member whose account every client signs in with, and a peer and a device."""
    user = factories.user("staff")
    factories.agreement()
    peer, device = factories.peer(), factories.device()
    db.session.commit()
    return {"user": user, "peer": peer.id, "peer_code": peer.code, "device": device.id}


def _count(model):
    """How many records of a model there are now."""
    db.session.expire_all()
    return db.session.execute(db.select(db.func.count(model.id))).scalar_one()


@pytest.mark.parametrize("form", ["peer", "support", "issue", "loan"])
def test_identical_submissions_at_once_make_one_record_and_no_error(app, staff, form):
    token = {"peer": "5", "support": "6", "issue": "7", "loan": "8"}[form] * 32
    today = local_today().isoformat()
    url, data, model = {
        "peer": ("/peers/new", {"consent_scope": "Borrowing devices", "consent_method": "paper",
                                "consent_date": today, "preferred_name": "Sam Doe"}, Peer),
        "support": (f"/peers/{staff['peer']}/support",
                    {"held_on": today, "minutes": "30", "topic": "other"}, SupportSession),
        "issue": (f"/issues/new?device={staff['device']}",
                  {"kind": "faulty", "incident_date": today}, Issue),
        "loan": ("/loans/new", {"peer_code": staff["peer_code"], "device_id": staff["device"],
                                "acceptance": "paper"}, Loan),
    }[form]
    before = _count(model)
    responses = _at_once(app, staff["user"], url, {**data, "form_token": token})
    statuses = sorted(str(getattr(response, "status_code", response)) for response in responses)
    assert statuses == ["302"] * THREADS, statuses
    assert len({response.headers["Location"] for response in responses}) == 1
    assert _count(model) == before + 1
