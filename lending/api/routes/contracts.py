"""Contracts, their progress and the report figures: managers see every contract; a funder
only their partner's (another partner's ids are "not found", as in the portal). Every number
is as a funder sees it: small counts of people withheld."""
import marshmallow as ma
from flask_smorest import abort
from marshmallow import fields

from ...clock import local_today
from ...extensions import db
from ...lookup import get_or_404, signed_in_user
from ...models import Contract, Partner
from ...permissions import allow, can_see, is_funder
from ...refusals import RuleError
from ...reporting.content import check_request, gather
from ...reporting.glance import funder_figures
from ...reporting.targets import target_progress
from ..figure_schemas import ContractProgressSchema, FiguresSchema
from ..paging import PageArgs, page_of, page_schema
from ..schemas import ContractSchema
from . import api_blueprint, named

contracts = api_blueprint("contracts", "/contracts", "Contracts and what they delivered.")
figures = api_blueprint("figures", "/figures", "The report figures for a period and scope.")


class FiguresQuery(ma.Schema):
    start = fields.Date(required=True)
    end = fields.Date(required=True)
    partner_id = fields.Integer(metadata={"description": "A partner's figures (funders: "
                                                         "their own, the default)."})
    contract_id = fields.Integer()


def _visible(query, user):
    """The contracts of a query this user may see."""
    return query.where(Contract.partner_id == user.partner_id) if is_funder(user) else query


@contracts.route("")
@contracts.arguments(PageArgs, location="query")
@contracts.response(200, page_schema(ContractSchema, "ContractPage"))
@allow("manager", "funder")
def contract_list(args):
    """Contracts (a funder's: their partner's)."""
    return page_of(_visible(db.select(Contract), signed_in_user()), Contract.id, args)


@contracts.route("/<int:contract_id>")
@contracts.response(200, ContractSchema)
@allow("manager", "funder")
def contract(contract_id):
    """A contract."""
    return get_or_404(Contract, contract_id, seen_by=signed_in_user())


@contracts.route("/<int:contract_id>/progress")
@contracts.response(200, ContractProgressSchema)
@allow("manager", "funder")
def progress(contract_id):
    """The contract's term so far, as its funder's portal shows it: deliverables committed
    and delivered, the report figures, outcomes, reach and targets."""
    contract = get_or_404(Contract, contract_id, seen_by=signed_in_user())
    shown = funder_figures(contract, local_today())
    return {"contract_id": contract.id, "peers_served": shown.peers_served,
            "items_provided": shown.items_provided, "items_lent": shown.items_lent,
            "deliverables": shown.progress, "figures": shown.figures,
            "outcomes": shown.outcomes, "reach": _reach(shown.reach),
            "targets": target_progress(contract, shown.outcomes),
            "computed_at": shown.computed_at}


def _reach(rows) -> list[dict]:
    """Peers served by priority group."""
    return [{"group": name, "peers_served": count} for name, count, *_ in rows]


@figures.route("")
@figures.arguments(FiguresQuery, location="query")
@figures.response(200, FiguresSchema)
@allow("manager", "funder")
def figures_for(args):
    """The report figures for a period (and the one before it) and a scope: the program, a
    partner or a contract, as a report would show them. A funder's are their partner's."""
    user = signed_in_user()
    partner = named(Partner, args.get("partner_id"), "partner_id")
    contract = named(Contract, args.get("contract_id"), "contract_id")
    if is_funder(user):
        if partner is None and contract is None:
            partner = user.partner
        if any(record is not None and not _funders(record, user)
               for record in (partner, contract)):
            abort(404)
    try:
        period, scope, listed = check_request(args["start"], args["end"], partner, contract)
    except RuleError as error:
        abort(422, message=str(error))
    content = gather(period, scope, listed)
    return {"period_start": period.start, "period_end": period.end, "scope": scope.label,
            "figures": content.figures, "outcomes": content.outcomes,
            "reach": _reach(content.reach),
            "loans_by_month": [{"month": month, "loans_started": count}
                               for month, count in content.loans_by_month],
            "deliverables": [{"contract": reference, **vars(row)}
                             for reference, row in content.progress],
            "targets": [row for _, row in content.targets]}


def _funders(record, user) -> bool:
    """Whether this partner or contract is the funder's own."""
    return record.id == user.partner_id if isinstance(record, Partner) else can_see(user, record)
