"""Command-line tasks: creating users and seeding the demo program."""
from datetime import timedelta

from lending.clock import local_today
from lending.extensions import db
from lending.models import (
    AgreementVersion,
    AuditEntry,
    CheckIn,
    Contract,
    DataPlan,
    Device,
    GroupSession,
    Issue,
    Loan,
    LoanItem,
    Peer,
    PeerContact,
    PeerGroup,
    PriorityGroup,
    Renewal,
    SimCard,
    SimEvent,
    SupportSession,
    User,
    WaitlistEntry,
)
from lending.reporting.metrics import Period, Scope
from lending.reporting.outcomes import compute_outcomes


def test_create_user_reads_the_password_twice_from_a_pipe(runner):
    result = runner.invoke(args=["create-user", "Boss@Example.org", "--role", "manager"],
                           input="a long password\na long password\n")
    assert result.exit_code == 0, result.output
    user = db.session.execute(db.select(User)).scalar_one()
    assert (user.email, user.role) == ("boss@example.org", "manager")
    assert user.check_password("a long password")
    assert db.session.execute(db.select(AuditEntry).filter_by(action="create")).scalar_one()


def test_create_user_refuses_mismatched_short_or_duplicate_input(runner):
    mismatch = runner.invoke(args=["create-user", "a@example.org", "--role", "staff"],
                             input="first password\nsecond password\n")
    assert mismatch.exit_code != 0 and "do not match" in mismatch.output
    short = runner.invoke(args=["create-user", "a@example.org", "--role", "staff"],
                          input="short\nshort\n")
    assert short.exit_code != 0 and "Use 8 to 128 characters" in short.output
    common = runner.invoke(args=["create-user", "a@example.org", "--role", "staff"],
                           input="password1\npassword1\n")
    assert common.exit_code != 0 and "common" in common.output.lower()
    bad_role = runner.invoke(args=["create-user", "a@example.org", "--role", "king"])
    assert bad_role.exit_code != 0
    assert db.session.execute(db.select(User)).first() is None
    runner.invoke(args=["create-user", "a@example.org", "--role", "staff"],
                  input="walrus tango lamp\nwalrus tango lamp\n")
    again = runner.invoke(args=["create-user", "A@example.org", "--role", "staff"],
                          input="walrus tango lamp\nwalrus tango lamp\n")
    assert again.exit_code != 0 and "already exists" in again.output


def _count(model):
    """Rows in a table."""
    return db.session.execute(db.select(db.func.count()).select_from(model)).scalar_one()


def test_seed_demo_fills_an_empty_database_and_then_refuses(runner):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert "manager@demo.lendingbridge.org / demo-manager-pass" in result.output
    assert _count(Device) >= 100 and _count(SimCard) >= 60 and _count(DataPlan) >= 40
    assert _count(Peer) >= 120 and _count(PeerContact) > 0
    assert _count(Renewal) > 0
    statuses = dict(db.session.execute(db.select(Loan.status, db.func.count(Loan.id))
                                       .group_by(Loan.status)).all())
    assert statuses["returned"] > 50 and statuses["active"] > 10
    first = db.session.execute(db.select(db.func.min(Loan.lent_at))).scalar_one()
    last = db.session.execute(db.select(db.func.max(Loan.lent_at))).scalar_one()
    assert (last - first).days >= 330  # twelve months of history
    overdue = db.session.execute(db.select(db.func.count(Loan.id)).where(
        Loan.status == "overdue", Loan.due_date < local_today())).scalar_one()
    assert overdue > 0 and statuses["lost"] > 0
    assert _count(Issue) > 0 and _count(SimEvent) > 0 and _count(SupportSession) > 100
    assert _count(AgreementVersion) == 2
    assert db.session.execute(db.select(db.func.count(WaitlistEntry.id))
                              .filter_by(status="waiting")).scalar_one() > 0
    assert db.session.execute(db.select(db.func.count(Loan.id)).where(
        Loan.agreement_version_id.is_(None))).scalar_one() == 0
    open_items = db.session.execute(db.select(LoanItem.device_id).where(
        LoanItem.closed_at.is_(None), LoanItem.device_id.is_not(None))).scalars().all()
    assert len(open_items) == len(set(open_items))
    # Outcomes: check-ins at every stage, groups named, a weekly group, kits lent to staff,
    # and enough of it that the grant's funder reads numbers rather than "<5".
    stages = dict(db.session.execute(db.select(CheckIn.stage, db.func.count(CheckIn.id))
                                     .group_by(CheckIn.stage)).all())
    assert stages["baseline"] > 50 and stages["follow_up"] > 10 and stages["return"] > 20
    assert _count(GroupSession) > 40 and _count(PriorityGroup) == 8
    assert db.session.execute(db.select(db.func.count()).select_from(PeerGroup)) \
        .scalar_one() > 30
    assert db.session.execute(db.select(db.func.count(Loan.id)).where(
        Loan.staff_id.is_not(None))).scalar_one() == 2
    grant = db.session.execute(db.select(Contract).filter_by(reference="CWF-2026-01")) \
        .scalar_one()
    year = Period(local_today() - timedelta(days=364), local_today())
    figures = compute_outcomes(year, Scope.contract(grant))
    assert figures["groups_answered"] >= 5 and figures["confidence_n"] >= 5, figures
    assert figures["confidence_change"] > 0 and figures["loneliness_change"] < 0
    assert len(grant.outcome_targets) == 3

    counts = {m: _count(m) for m in (Device, Peer, Loan, AuditEntry)}
    refused = runner.invoke(args=["seed-demo"])
    assert refused.exit_code != 0 and "already has data" in refused.output
    quiet = runner.invoke(args=["seed-demo", "--if-empty"])
    assert quiet.exit_code == 0 and "demo-manager-pass" in quiet.output
    assert counts == {m: _count(m) for m in counts}
