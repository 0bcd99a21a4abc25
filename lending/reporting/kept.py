"""The report figures kept current in the same transaction as every change (models/figures.py):
what each row contributes to them, and how they are worked out again from the rows.

keeping.py applies this at each flush that touches loans, their kit lines, issues, the
items' contracts, kinds or values, or a contract's partner: it takes away what the touched
rows contributed before and adds what they contribute after, both read from the database, so
every path that writes them (the screens, the command line, imports, the demo, tests writing
history directly) keeps the figures true. Day counts are added as increments (safe with
concurrent writers); a touched peer's spells are worked out again from their loans
(spells.py), with the peer's row locked on PostgreSQL. Bulk writers that skip the session
(the synthetic program) call `rebuild`.

Each contribution rule below is the Python form of a definition in metrics.py's docstrings
and docs/domain.md; tests/oracle.py holds the figures read from the summaries against the
definitions applied row by row.
"""
from collections import Counter, defaultdict

from sqlalchemy import delete, func, literal, select, union_all
from sqlalchemy.dialects import postgresql, sqlite

from ..models import Contract, DataPlan, Device, Issue, Loan, LoanItem, SimCard
from ..models.figures import PROGRAM, FigureDay, PeerOutcome, ServedSpell, SupportReach

LOSSES = ("lost", "stolen", "damaged")
ITEMS = {"device": (LoanItem.device_id, Device), "sim": (LoanItem.sim_id, SimCard),
         "plan": (LoanItem.plan_id, DataPlan)}
CHUNK = 500  # ids per IN list


def chunks(ids):
    ids = sorted(ids)
    for start in range(0, len(ids), CHUNK):
        yield ids[start:start + CHUNK]


def by_kind(keys):
    """{kind: ids} from (kind, id) pairs."""
    by_kind = defaultdict(set)
    for kind, item_id in keys:
        by_kind[kind].add(item_id)
    return by_kind


# --- what rows contribute -------------------------------------------------------------------

def scope_ids(contract_id, partner_id) -> tuple[int, int]:
    """The scopes an item of a contract counts in: the contract's and its partner's."""
    return contract_id, -partner_id


def loan_scopes(connection, loan_ids) -> dict[int, set[int]]:
    """The scopes of each loan: the contracts whose items are in its kit, and their
    partners (a loan counts once in a partner's scope, however many of its contracts gave
    an item of the kit)."""
    scopes = defaultdict(set)
    for chunk in chunks(loan_ids):
        parts = [select(LoanItem.loan_id, Contract.id, Contract.partner_id)
                 .join(model, column == model.id).join(Contract, Contract.id == model.contract_id)
                 .where(LoanItem.loan_id.in_(chunk))
                 for column, model in ITEMS.values()]
        for loan_id, contract_id, partner_id in connection.execute(union_all(*parts)):
            scopes[loan_id].update(scope_ids(contract_id, partner_id))
    return scopes


def loan_contribution(lent_on, returned_on, due_date, status, scopes, into: Counter):
    """A loan to a peer (loans to staff add nothing: `_loans`) adds a start on the day it was
    lent; once closed, an end (and its length in days) on the day it closed, and a return, on
    time or not, if it came back."""
    for scope in (PROGRAM, *scopes):
        into[scope, lent_on, "started"] += 1
        if returned_on is not None:
            into[scope, returned_on, "ended"] += 1
            into[scope, returned_on, "loan_days"] += (returned_on - lent_on).days
            if status == "returned":
                into[scope, returned_on, "returned"] += 1
                into[scope, returned_on, "on_time"] += returned_on <= due_date


def _loans(connection, loan_ids, into: Counter):
    scopes = loan_scopes(connection, loan_ids)
    for chunk in chunks(loan_ids):
        for loan_id, *row in connection.execute(select(
                Loan.id, Loan.lent_on, Loan.returned_on, Loan.due_date, Loan.status)
                .where(Loan.id.in_(chunk), Loan.peer_id.is_not(None))):
            loan_contribution(*row, scopes.get(loan_id, ()), into)


def _issues(connection, issue_ids, into: Counter):
    """A loss (lost, stolen, damaged) adds to its kind, and the device's replacement value to
    the value lost, on its incident date: in the program and in the scope of each contract
    that gave the item it names or an item of its loan's kit."""
    for chunk in chunks(issue_ids):
        rows = connection.execute(select(
            Issue.id, Issue.kind, Issue.incident_date, Issue.loan_id,
            func.coalesce(Device.replacement_value, 0))
            .outerjoin(Device, Device.id == Issue.device_id)
            .where(Issue.id.in_(chunk), Issue.kind.in_(LOSSES))).all()
        named = defaultdict(set)  # the contracts of the item each issue names
        for kind, (_, model) in ITEMS.items():
            column = getattr(Issue, f"{kind}_id")
            for issue_id, contract_id, partner_id in connection.execute(
                    select(Issue.id, Contract.id, Contract.partner_id)
                    .join(model, model.id == column)
                    .join(Contract, Contract.id == model.contract_id)
                    .where(Issue.id.in_(chunk))):
                named[issue_id].update(scope_ids(contract_id, partner_id))
        kits = loan_scopes(connection, {row[3] for row in rows if row[3] is not None})
        for issue_id, kind, day, loan_id, value in rows:
            scopes = named[issue_id] | kits.get(loan_id, set())
            for scope in (PROGRAM, *scopes):
                into[scope, day, kind] += 1
                into[scope, day, "loss_value"] += value


def _items(connection, keys, into: Counter):
    """An item of a contract adds one to "reached_<kind>" of that contract on the day of the
    first loan to a peer it was on (kinds: the device kinds, sim_card, data_plan)."""
    for kind, ids in by_kind(keys).items():
        column, model = ITEMS[kind]
        label = model.kind if kind == "device" else literal(
            "sim_card" if kind == "sim" else "data_plan")
        for chunk in chunks(ids):
            for contract_id, kind_label, first in connection.execute(
                    select(model.contract_id, label, func.min(Loan.lent_on))
                    .join(LoanItem, column == model.id).join(Loan, Loan.id == LoanItem.loan_id)
                    .where(model.id.in_(chunk), model.contract_id.is_not(None),
                           Loan.peer_id.is_not(None))
                    .group_by(model.id, model.contract_id, label)):
                into[contract_id, first, f"reached_{kind_label}"] += 1


def contributions(connection, loans=(), issues=(), items=()) -> Counter:
    """What these loans, issues and items add to the day figures, as the database has them."""
    into = Counter()
    _loans(connection, set(loans), into)
    _issues(connection, set(issues), into)
    _items(connection, set(items), into)
    return into


def add_amounts(connection, amounts: Counter):
    """Add to the kept day figures, in one order (so that concurrent writers do not
    deadlock), as increments (so that they do not overwrite one another)."""
    rows = [{"scope_id": s, "day": d, "measure": m, "amount": a}
            for (s, d, m), a in sorted(amounts.items()) if a]
    if not rows:
        return
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    for start in range(0, len(rows), CHUNK):
        statement = dialect.insert(FigureDay).values(rows[start:start + CHUNK])
        connection.execute(statement.on_conflict_do_update(
            index_elements=["scope_id", "day", "measure"],
            set_={"amount": FigureDay.amount + statement.excluded.amount}))


# --- made again from the rows --------------------------------------------------------------

def rebuild(connection, batch=20_000):
    """Work every kept figure out again from the rows (after a bulk load, or to check)."""
    connection.execute(delete(FigureDay))
    connection.execute(delete(ServedSpell))
    connection.execute(delete(SupportReach))
    connection.execute(delete(PeerOutcome))
    totals = Counter()
    last = 0
    while True:  # loans in batches of ids, so that memory stays flat
        ids = connection.execute(select(Loan.id).where(Loan.id > last).order_by(Loan.id)
                                 .limit(batch)).scalars().all()
        if not ids:
            break
        _loans(connection, ids, totals)
        last = ids[-1]
    _issues(connection, connection.execute(select(Issue.id)).scalars().all(), totals)
    for kind, (column, _) in ITEMS.items():
        _items(connection, {(kind, item_id) for item_id in connection.execute(
            select(column).where(column.is_not(None)).distinct()).scalars()}, totals)
    add_amounts(connection, totals)
    from .spells import respell  # spells.py builds on this module
    peers = connection.execute(select(Loan.peer_id).where(Loan.peer_id.is_not(None))
                               .distinct()).scalars().all()
    for start in range(0, len(peers), batch):
        respell(connection, peers[start:start + batch])

