"""The loans list: what it searches, filters, sorts and shows (its page and its download)."""
from sqlalchemy.orm import contains_eager, selectinload

from ..clock import local_today
from ..database import contains
from ..extensions import db
from ..filters import localdate
from ..listing import Column, Filter, Listing
from ..models import Loan, LoanItem, Peer, vocab
from ..models.vocab import N_

STAGE_FILTERS = vocab.Words({"none": N_("No step yet"), **vocab.ESCALATION_STAGES})
STATUS_FILTERS = vocab.Words({"open": N_("Open"), "overdue": N_("Overdue"),
                              "returned": N_("Returned"), "lost": N_("Lost")})
BORROWER_FILTERS = vocab.Words({"peer": N_("Peers"), "staff": N_("Staff")})


def _status_condition(value):
    """SQL for the loan status menu; overdue is an open loan past its due date."""
    if value == "open":
        return Loan.open_condition()
    if value == "overdue":
        return Loan.open_condition() & (Loan.due_date < local_today())
    return Loan.status == value


LOAN_COLUMNS = [
    Column(N_("Loan"), lambda loan: loan.id),
    Column(N_("Borrower"), lambda loan: loan.borrower_text, "peer"),
    Column(N_("Kit"), lambda loan: "; ".join(line.item.title for line in loan.items)),
    Column(N_("Lent"), lambda loan: localdate(loan.lent_at), "lent"),
    Column(N_("Due"), lambda loan: loan.due_date, "due"),
    Column(N_("Status"), lambda loan: vocab.LOAN_STATUSES[
        "overdue" if loan.is_overdue(local_today()) else loan.status], "status"),
]


def loan_listing(words: str | None = None) -> Listing:
    """All loans as the request's search, filters and sort choose them."""
    # Outer: kits lent to staff have no peer (their borrower is loaded with them).
    query = (db.select(Loan).outerjoin(Loan.peer)
             .options(contains_eager(Loan.peer), selectinload(Loan.staff),
                      selectinload(Loan.items).joinedload(LoanItem.device),
                      selectinload(Loan.items).joinedload(LoanItem.sim),
                      selectinload(Loan.items).joinedload(LoanItem.plan)))
    return Listing(
        query,
        sorts={"lent": Loan.lent_at, "due": Loan.due_date, "peer": Peer.code,
               "status": Loan.status, "kind": Loan.kind},
        default_sort="lent", default_dir="desc", tiebreak=(Loan.id.desc(),),
        # Peers matching the search first, then their loans (ix_loan_peer_lending): matching
        # codes through the join would walk every loan.
        search=(lambda words: Loan.peer_id.in_(
            db.select(Peer.id).where(contains(Peer.code, words))),),
        filters={"status": Filter(N_("Status"), STATUS_FILTERS, _status_condition),
                 "borrower": Filter(N_("Borrower"), BORROWER_FILTERS,
                                    lambda v: (Loan.peer_id if v == "peer" else
                                               Loan.staff_id).is_not(None)),
                 "kind": Filter(N_("Kind"), vocab.choices(vocab.LOAN_KINDS),
                                lambda v: Loan.kind == v),
                 "stage": Filter(N_("Overdue step"), STAGE_FILTERS,
                                 lambda v: Loan.escalation_stage.is_(None) if v == "none"
                                 else Loan.escalation_stage == v)},
        columns=LOAN_COLUMNS, export_name="loans", export_title=N_("Loans"), words=words)
