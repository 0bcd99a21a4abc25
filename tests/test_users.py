"""Managers manage accounts; funders belong to exactly one partner."""
import pytest

from lending.extensions import db
from lending.models import AuditEntry, User

from . import factories

NEW = {"email": "New.Person@Example.org", "name": "New Person", "role": "staff",
       "partner_id": "0", "password": "long enough", "confirm": "long enough"}


@pytest.fixture
def manager(auth):
    """A signed-in manager."""
    return auth.login("manager")


def _user(email):
    """The account with this email."""
    return db.session.execute(db.select(User).filter_by(email=email)).scalar_one_or_none()


def test_a_manager_creates_an_account(client, manager):
    assert client.post("/users/new", data=NEW).status_code == 302
    user = _user("new.person@example.org")
    assert user.role == "staff" and user.check_password("long enough")
    assert db.session.execute(db.select(AuditEntry).filter_by(
        action="create", object_type="user", object_id=user.id)).scalar_one()


@pytest.mark.parametrize("changes, message", [
    ({"role": "funder"}, "Choose the partner this funder belongs to"),
    ({"password": "short", "confirm": "short"}, "Use 8 to 128 characters"),
    ({"confirm": "different"}, "The two passwords do not match"),
    ({"email": "not-an-email"}, "This is not an email address"),
])
def test_bad_account_input_is_explained_and_nothing_is_saved(client, manager, changes, message):
    page = client.post("/users/new", data={**NEW, **changes}).get_data(as_text=True)
    assert message in page and _user("new.person@example.org") is None


def test_only_funders_belong_to_a_partner(client, manager):
    partner = factories.partner()
    db.session.commit()
    page = client.post("/users/new", data={**NEW, "partner_id": partner.id}
                       ).get_data(as_text=True)
    assert "Only funders belong to a partner" in page
    client.post("/users/new", data={**NEW, "role": "funder", "partner_id": partner.id})
    assert _user("new.person@example.org").partner == partner


def test_a_deactivated_user_is_signed_out_at_once(app, manager, client):
    other_client = app.test_client()
    staff = factories.user("staff", email="leaving@example.org")
    db.session.commit()
    other_client.post("/login", data={"email": "leaving@example.org",
                                      "password": factories.PASSWORD})
    assert other_client.get("/loans").status_code == 200
    client.post(f"/users/{staff.id}/active")
    assert staff.active is False
    assert other_client.get("/loans").status_code == 302  # their next request signs them out
    client.post(f"/users/{staff.id}/active")
    assert staff.active is True


def test_managers_cannot_lock_themselves_out(client, manager):
    response = client.post(f"/users/{manager.id}/active", follow_redirects=True)
    assert "cannot deactivate your own account" in response.get_data(as_text=True)
    page = client.post(f"/users/{manager.id}", data={"name": "Me", "role": "staff",
                                                     "partner_id": "0"}).get_data(as_text=True)
    assert "cannot remove your own manager role" in page and manager.role == "manager"


def test_a_manager_changes_a_role_and_resets_a_password(client, manager):
    staff = factories.user("staff")
    db.session.commit()
    client.post(f"/users/{staff.id}", data={"name": "Promoted", "role": "manager",
                                            "partner_id": "0"})
    assert (staff.name, staff.role) == ("Promoted", "manager")
    client.post(f"/users/{staff.id}/password", data={"password": "a new secret",
                                                     "confirm": "a new secret"})
    assert staff.check_password("a new secret")
    entry = db.session.execute(db.select(AuditEntry).filter_by(action="reset_password")
                               ).scalar_one()
    assert "a new secret" not in str(entry.changes) + entry.note


TWICE = "walrus tango lamp\nwalrus tango lamp\n"  # a new password, typed twice


def test_the_command_line_ties_a_funder_to_a_partner(runner, app):
    factories.partner(reference="FUND-1")
    db.session.commit()
    missing = runner.invoke(args=["create-user", "f@example.org", "--role", "funder"],
                            input=TWICE)
    assert missing.exit_code != 0 and "--partner REF" in missing.output
    unknown = runner.invoke(args=["create-user", "f@example.org", "--role", "funder",
                                  "--partner", "NOPE"], input=TWICE)
    assert unknown.exit_code != 0 and "No partner has the reference NOPE" in unknown.output
    staff = runner.invoke(args=["create-user", "s@example.org", "--role", "staff",
                                "--partner", "FUND-1"], input=TWICE)
    assert staff.exit_code != 0 and "Only funders" in staff.output
    ok = runner.invoke(args=["create-user", "f@example.org", "--role", "funder",
                             "--partner", "fund-1"], input=TWICE)
    assert ok.exit_code == 0 and _user("f@example.org").partner.reference == "FUND-1"


def test_the_database_refuses_a_funder_without_a_partner(app):
    from sqlalchemy.exc import IntegrityError
    db.session.add(User(email="x@example.org", name="X", role="funder", password_hash="x"))
    with pytest.raises(IntegrityError):
        db.session.flush()


def test_the_new_account_form_asks_who_first_and_starts_at_the_least_powerful_role(client,
                                                                                   auth):
    auth.login("manager")
    page = client.get("/users/new").get_data(as_text=True)
    order = [page.index(f'name="{name}"') for name in ("email", "name", "role", "partner_id",
                                                       "password", "confirm")]
    assert order == sorted(order)
    assert '<option selected value="staff">' in page and \
        '<option selected value="manager">' not in page
