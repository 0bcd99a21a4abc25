"""An item is never on two open loans, even when several people press "lend" at once."""
import threading

import pytest

from lending.extensions import db
from lending.models import DataPlan, Device, Loan, LoanItem, Peer, SimCard, User
from lending.refusals import RuleError

from . import factories

THREADS = 8


@pytest.mark.parametrize("model", [Device, SimCard, DataPlan])
def test_concurrent_lends_of_one_item_let_exactly_one_through(app, model):
    staff = factories.user("staff")
    item = {Device: factories.device, SimCard: factories.sim, DataPlan: factories.plan}[model]()
    peers = [factories.peer() for _ in range(THREADS)]
    factories.agreement()
    db.session.commit()
    ids = {"staff": staff.id, "item": item.id, "peers": [p.id for p in peers]}
    start = threading.Barrier(THREADS)
    outcomes = []

    def attempt(n):
        """One person lending the item, on their own connection."""
        with app.app_context():
            peer = db.session.get(Peer, ids["peers"][n])
            chosen = db.session.get(model, ids["item"])
            by = db.session.get(User, ids["staff"])
            kit = {{Device: "device", SimCard: "sim", DataPlan: "plan"}[model]: chosen}
            start.wait()
            try:
                factories.lend(peer, by=by, **kit)
                db.session.commit()
                outcomes.append("lent")
            except RuleError as error:
                db.session.rollback()
                outcomes.append(str(error))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert len(outcomes) == THREADS, "a lending attempt hung or crashed"
    assert outcomes.count("lent") == 1
    refusals = [o for o in outcomes if o != "lent"]
    assert all("already on loan" in o or "a moment ago" in o for o in refusals), refusals
    db.session.expire_all()
    assert db.session.execute(db.select(db.func.count(Loan.id))).scalar_one() == 1
    assert db.session.execute(db.select(db.func.count(LoanItem.id))).scalar_one() == 1
