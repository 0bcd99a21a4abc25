"""Cursor pagination: a list is read in id order, `limit` rows at a time; each page names the
cursor of the next (`next_cursor`, and a `Link: rel="next"` header), so a script walks a
million loans without a page shifting under it as rows are added."""
import base64
import binascii
from urllib.parse import urlencode

import marshmallow as ma
from flask import request
from flask_smorest import abort
from marshmallow import validate

from ..extensions import db
from ..lookup import MAX_ID

DEFAULT_LIMIT, MAX_LIMIT = 50, 200


class PageArgs(ma.Schema):
    """A page of a list: where to start and how many."""

    cursor = ma.fields.String(metadata={"description": "The `next_cursor` of the page before "
                                                       "(none for the first page)."})
    limit = ma.fields.Integer(load_default=DEFAULT_LIMIT,
                              validate=validate.Range(1, MAX_LIMIT),
                              metadata={"description": f"Rows per page, 1 to {MAX_LIMIT}."})


def page_schema(item_schema: type[ma.Schema], name: str) -> type[ma.Schema]:
    """The schema of one page of a list of `item_schema`."""
    return ma.Schema.from_dict({
        "items": ma.fields.List(ma.fields.Nested(item_schema), required=True),
        "next_cursor": ma.fields.String(allow_none=True, required=True, metadata={
            "description": "Pass as `cursor` for the next page; null on the last page."}),
    }, name=name)


def _cursor(row_id: int) -> str:
    return base64.urlsafe_b64encode(f"after:{row_id}".encode()).decode().rstrip("=")


def _after(cursor: str | None) -> int:
    """The id a cursor starts after (0 for none); a cursor this API did not make is a 400."""
    if not cursor:
        return 0
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        after = int(text.removeprefix("after:")) if text.startswith("after:") else -1
    except (binascii.Error, UnicodeDecodeError, ValueError):
        after = -1
    if not 0 <= after <= MAX_ID:
        abort(400, message="That cursor is not one this API gave; start without one.")
    return after


def page_of(query, id_column, args: dict) -> tuple[dict, int, dict]:
    """One page of `query` (its filters kept, its order replaced by id), as a view returns
    it: (body, status, headers)."""
    limit = args["limit"]
    rows = db.session.execute(query.order_by(None).where(id_column > _after(args.get("cursor")))
                              .order_by(id_column).limit(limit + 1)).unique().scalars().all()
    more, rows = len(rows) > limit, rows[:limit]
    next_cursor = _cursor(rows[-1].id) if more else None
    headers = {}
    if next_cursor:
        params = {**request.args.to_dict(), "cursor": next_cursor}
        headers["Link"] = f'<{request.base_url}?{urlencode(params)}>; rel="next"'
    return {"items": rows, "next_cursor": next_cursor}, 200, headers


def list_args(name: str, **filters) -> type[ma.Schema]:
    """The query a list takes: a page, `q` (the screens' search, by codes and serial
    numbers: it is in the URL) and the list's filters (as on its screen)."""
    return ma.Schema.from_dict({
        **PageArgs._declared_fields,
        "q": ma.fields.String(validate=validate.Length(max=100),
                              metadata={"description": "Search words."}),
        **filters}, name=name)


def listed(listing, args: dict, id_column):
    """A page of a list made for the API (listings.py's, with `words=args['q']`); a filter
    value the list does not offer (an id that is no contract) is a 422, not every row."""
    ignored = {name: [f"No {spec.label.lower()} {args[name]}."]
               for name, spec in listing.filters_spec.items()
               if name in args and name not in listing.filters}
    if ignored:
        abort(422, errors={"query": ignored})
    return page_of(listing.query, id_column, args)
