"""Lists with search, filters, sorting, pagination and exports, read from the query string."""
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from flask import current_app, render_template, request, url_for
from sqlalchemy import or_

from .extensions import db
from .spreadsheets.exports import EXPORT_FORMATS, export_response

MAX_PAGE = 100_000  # far past any real list; keeps the OFFSET a number every database takes


@dataclass
class Filter:
    """A menu on a list: its label, its options and the condition each option applies."""

    label: str
    options: dict[str, str]  # value -> label
    condition: Callable  # value -> SQL condition


@dataclass
class Column:
    """A column of a list: its heading, the sort that orders by it, and its plain value for
    an export (the template draws the cell on screen, links and badges included)."""

    header: str
    value: Callable  # row -> a plain value: text, number, date
    sort: str | None = None


def _like_pattern(text: str) -> str:
    """A LIKE pattern matching the text anywhere, with its wildcards taken literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


class Listing:
    """One page of a list, as chosen by the request's q, filters, sort, dir and page."""

    def __init__(self, query, *, sorts: dict, default_sort: str, default_dir="asc",
                 search=(), filters: dict[str, Filter] | None = None, tiebreak=None,
                 columns: list[Column] | None = None, export_name: str | None = None,
                 export_columns: list[Column] | None = None):
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
        self.columns = columns or []
        self.export_name = export_name
        self.export_columns = export_columns or self.columns

    @cached_property
    def pager(self):
        """This page of the list (counted and fetched when first asked for)."""
        page = min(max(request.args.get("page", 1, type=int), 1), MAX_PAGE)
        return db.paginate(self.query, page=page, per_page=current_app.config["PAGE_SIZE"],
                           error_out=False)

    @property
    def exportable(self) -> bool:
        """Whether the list offers its rows as a spreadsheet."""
        return bool(self.columns and self.export_name)

    def render(self, template, **context):
        """The page, or, when the request asks for ?export=xlsx|csv, every row of the list as
        filtered and sorted on screen, with the same columns."""
        fmt = request.args.get("export")
        if self.exportable and fmt in EXPORT_FORMATS:
            return export_response(self.export_name, fmt, self.export_columns, self.query)
        return render_template(template, listing=self, **context)

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
                                   "dir": self.direction, "page": request.args.get("page")}
        params.update(changes)
        params = {k: v for k, v in params.items() if v not in (None, "")}
        return url_for(self.endpoint, **self.view_args, **params)
