"""Lists with search, filters, sorting and pagination, read from the query string."""
from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app, request, url_for
from sqlalchemy import or_

from .extensions import db

MAX_PAGE = 100_000  # far past any real list; keeps the OFFSET a number every database takes


@dataclass
class Filter:
    """A menu on a list: its label, its options and the condition each option applies."""

    label: str
    options: dict[str, str]  # value -> label
    condition: Callable  # value -> SQL condition


def _like_pattern(text: str) -> str:
    """A LIKE pattern matching the text anywhere, with its wildcards taken literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


class Listing:
    """One page of a list, as chosen by the request's q, filters, sort, dir and page."""

    def __init__(self, query, *, sorts: dict, default_sort: str, default_dir="asc",
                 search=(), filters: dict[str, Filter] | None = None, tiebreak=None):
        args = request.args
        self.endpoint = request.endpoint
        self.view_args = dict(request.view_args or {})
        self.filters_spec = filters or {}
        self.q = args.get("q", "").strip()[:100]
        self.filters = {name: args[name] for name, spec in self.filters_spec.items()
                        if args.get(name) in spec.options}
        self.sort = args.get("sort") if args.get("sort") in sorts else default_sort
        self.direction = args.get("dir") if args.get("dir") in ("asc", "desc") else default_dir
        if self.q and search:
            pattern = _like_pattern(self.q)
            query = query.where(or_(*(column.ilike(pattern, escape="\\") for column in search)))
        for name, value in self.filters.items():
            query = query.where(self.filters_spec[name].condition(value))
        column = sorts[self.sort]
        order = column.asc() if self.direction == "asc" else column.desc()
        query = query.order_by(order, *(tiebreak if tiebreak is not None else ()))
        self.query = query
        page = min(max(args.get("page", 1, type=int), 1), MAX_PAGE)
        self.pager = db.paginate(query, page=page,
                                 per_page=current_app.config["PAGE_SIZE"], error_out=False)

    @property
    def items(self):
        """The rows on this page."""
        return self.pager.items

    @property
    def is_filtered(self) -> bool:
        """Whether a search or filter narrows the list."""
        return bool(self.q or self.filters)

    @property
    def filter_menus(self):
        """(name, label, options) for each filter menu, for the template."""
        return [(name, spec.label, spec.options) for name, spec in self.filters_spec.items()]

    def url(self, clear=False, **changes):
        """This list's URL with some parameters changed (None removes one)."""
        params = {} if clear else {"q": self.q or None, **self.filters, "sort": self.sort,
                                   "dir": self.direction, "page": self.pager.page}
        params.update(changes)
        params = {k: v for k, v in params.items() if v not in (None, "")}
        return url_for(self.endpoint, **self.view_args, **params)
