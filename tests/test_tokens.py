"""Personal API tokens: made on the account page or the command line, shown once, kept as a
fingerprint only, revoked by their owner, ended with the account."""
import hashlib
from datetime import timedelta

import pytest

from lending.api.operations import create_token, revoke_token
from lending.clock import utcnow
from lending.extensions import db
from lending.models import ApiToken, AuditEntry
from lending.refusals import RuleError
from lending.users.operations import set_active

from . import factories

TOKEN = "e" * 32


def _everything_stored() -> str:
    """Every value of every row of every table, the audit log's included, as one text."""
    return "\n".join(repr(tuple(row)) for table in db.metadata.sorted_tables
                     for row in db.session.execute(db.select(table)))


def test_the_command_line_prints_a_token_once_and_keeps_only_its_fingerprint(runner):
    user = factories.user("manager", email="boss@example.org")
    db.session.commit()
    result = runner.invoke(args=["create-token", "Boss@Example.org", "--name", "CRM sync",
                                 "--scope", "write", "--days", "30"])
    assert result.exit_code == 0, result.output
    secret = result.stdout.strip().splitlines()[-1]
    assert secret.startswith("lbt_") and len(secret) > 40
    token = db.session.execute(db.select(ApiToken)).scalar_one()
    assert (token.user, token.name, token.scope) == (user, "CRM sync", "write")
    assert token.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert timedelta(days=29) < token.expires_at - utcnow() <= timedelta(days=30)
    assert secret not in _everything_stored() and secret[8:] not in _everything_stored()
    for args, said in ((["nobody@example.org", "--name", "x"], "No account"),
                       (["boss@example.org", "--name", "x", "--days", "0"], "1 to 366 days")):
        refused = runner.invoke(args=["create-token", *args])
        assert refused.exit_code != 0 and said in refused.output


def test_a_token_ends_when_revoked_expired_or_its_account_deactivated(app):
    manager, staff = factories.user("manager"), factories.user("staff")
    token, _ = create_token(staff, name="Sheet", by=staff)
    now = utcnow()
    assert token.usable(now) and not token.usable(token.expires_at)
    other, _ = create_token(staff, name="Other", by=staff)
    assert revoke_token(token, by=staff) and not revoke_token(token, by=staff)
    assert not token.usable(now)
    set_active(staff, False, by=manager)
    assert other.revoked_at is not None and not other.usable(now)
    with pytest.raises(RuleError, match="deactivated"):
        create_token(staff, name="Again", by=manager)
    created = db.session.execute(db.select(AuditEntry).filter_by(
        object_type="api_token", action="create")).scalars().first()
    assert created.changes["secret_hash"] == [None, "(hidden)"]


def test_staff_make_a_token_see_it_once_and_revoke_it(client, auth):
    staff = auth.login("staff")
    data = {"name": "Weekly sheet", "scope": "read", "days": "90", "form_token": TOKEN}
    page = client.post("/account/tokens", data=data).get_data(as_text=True)
    token = db.session.execute(db.select(ApiToken)).scalar_one()
    shown = page.split('id="new-token" value="')[1].split('"')[0]
    assert hashlib.sha256(shown.encode()).hexdigest() == token.secret_hash
    assert token.user == staff and "Weekly sheet" in page
    again = client.post("/account/tokens", data=data, follow_redirects=True)
    assert "already made" in again.get_data(as_text=True)
    assert shown not in client.get("/account/tokens").get_data(as_text=True)
    assert db.session.execute(db.select(db.func.count(ApiToken.id))).scalar_one() == 1
    client.post(f"/account/tokens/{token.id}/revoke")
    assert token.revoked_at is not None
    assert "revoked" in client.get("/account/tokens").get_data(as_text=True)


def test_nobody_revokes_anyone_elses_token(client, auth):
    owner = factories.user("staff")
    token, _ = create_token(owner, name="Theirs", by=owner)
    db.session.commit()
    auth.login("manager")
    assert client.post(f"/account/tokens/{token.id}/revoke").status_code == 404
    assert token.revoked_at is None


def test_a_funder_makes_a_token_too(client, auth):
    auth.login("funder")
    page = client.get("/account/tokens").get_data(as_text=True)
    assert "your own contracts" in page
    page = client.post("/account/tokens", data={"name": "", "scope": "read", "days": "90",
                                                "form_token": TOKEN}).get_data(as_text=True)
    assert "Name the token" in page and not db.session.execute(db.select(ApiToken)).all()
