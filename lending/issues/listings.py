"""The issues list: what it searches, filters, sorts and shows (its page and its download)."""
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..listing import Column, Filter, Listing
from ..models import Issue, vocab

STATES = vocab.Words({"open": vocab.N_("Open"), "resolved": vocab.N_("Resolved")})


ISSUE_COLUMNS = [
    Column(vocab.N_("Issue"), lambda issue: issue.id),
    Column(vocab.N_("What happened"), lambda issue: vocab.ISSUE_TYPES[issue.kind], "kind"),
    Column(vocab.N_("About"), lambda issue: issue.subject),
    Column(vocab.N_("When"), lambda issue: issue.incident_date, "date"),
    Column(vocab.N_("State"), lambda issue: STATES["open"] if issue.is_open
           else vocab.label(vocab.ISSUE_RESOLUTIONS, issue.resolution)),
]


def issue_listing(words: str | None = None) -> Listing:
    """All issues as the request's search, filters and sort choose them."""
    return Listing(
        db.select(Issue).options(*(selectinload(relation) for relation in (
            Issue.device, Issue.sim, Issue.plan))),
        sorts={"date": Issue.incident_date, "kind": Issue.kind, "logged": Issue.logged_at},
        default_sort="date", default_dir="desc", tiebreak=(Issue.id.desc(),),
        search=(Issue.description,),
        filters={"state": Filter(vocab.N_("State"), STATES, lambda v: Issue.resolved_at.is_(None)
                                 if v == "open" else Issue.resolved_at.is_not(None)),
                 "kind": Filter(vocab.N_("What happened"), vocab.choices(vocab.ISSUE_TYPES),
                                lambda v: Issue.kind == v)},
        columns=ISSUE_COLUMNS, export_name="issues", export_title=vocab.N_("Issues"), words=words)
