"""Lists with search, filters, sorting, pagination and exports, read from the query string
(a search by the token that stands for its words: search/remembered.py)."""
import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from flask import current_app, redirect, render_template, request, url_for
from flask_babel import gettext
from sqlalchemy import or_
from sqlalchemy.sql import operators

from .database import contains, count_rows
from .extensions import db
from .search.remembered import remembered_search
from .spreadsheets.exports import EXPORT_FORMATS, export_response

MAX_PAGE = 100_000  # far past any real list; keeps the OFFSET a number every database takes
# Lists count their rows up to here and beyond it say "more than": counting a million rows on
# every page view would cost more than showing the page.
COUNT_LIMIT = 10_000


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


def _reversed(clause):
    """An ORDER BY term the other way round."""
    if getattr(clause, "modifier", None) is operators.desc_op:
        return clause.element.asc()
    if getattr(clause, "modifier", None) is operators.asc_op:
        return clause.element.desc()
    return clause.desc()


class Pager:
    """One page of a list, counted only up to COUNT_LIMIT rows.

    Page numbers below zero count from the end (-1 is the last page) and are read in reverse
    order, so the last page of a million rows is as quick as the first. A list short enough
    to count is always numbered from the start.
    """

    def __init__(self, query, order: list, page: int, per_page: int):
        self.query, self.order, self.per_page = query, order, per_page
        rows = self._rows(1) if page == 1 else None
        if rows is not None and len(rows) <= per_page:
            counted = len(rows)  # the whole list is on its first page: nothing left to count
        else:
            counted = count_rows(db.session, query, COUNT_LIMIT + 1)
        self.total = counted if counted <= COUNT_LIMIT else None  # None: more than the limit
        self.pages = max(1, math.ceil(counted / per_page)) if self.total is not None else None
        if self.pages is not None:
            page = self.pages + 1 + page if page < 0 else page
            page = min(max(page, 1), self.pages)  # past either end: the page at that end
        if rows is None or page != 1:
            rows = self._rows(page)
        if not rows and page > 1:  # past the end of a list too long to count: its last page
            page, rows = -1, self._rows(-1)
        further, rows = len(rows) > per_page, rows[:per_page]
        forward = page > 0
        self.page, self.items = page, rows if forward else rows[::-1]
        self.has_prev = page > 1 or (not forward and further)
        self.has_next = (forward and further) or page < -1
        self.prev_num, self.next_num = page - 1, page + 1

    def _rows(self, page: int) -> list:
        """The page's rows and one more (to know whether the list goes on), in the order read:
        a page counted from the end is read backwards."""
        order = self.order if page > 0 else map(_reversed, self.order)
        return db.session.execute(self.query.order_by(*order).limit(self.per_page + 1).offset(
            (abs(page) - 1) * self.per_page)).unique().scalars().all()

    def iter_pages(self) -> list[int | None]:
        """Page numbers to offer: the ends and two either side of this one; None is a gap."""
        if self.pages is None:
            return []
        shown = sorted({1, self.pages, *range(self.page - 2, self.page + 3)} &
                       set(range(1, self.pages + 1)))
        numbers, last = [], 0
        for number in shown:
            if number - last > 1:
                numbers.append(None)
            numbers.append(number)
            last = number
        return numbers


class Listing:
    """One page of a list, as chosen by the request's search, filters, sort, dir and page."""

    def __init__(self, query, *, sorts: dict, default_sort: str, default_dir="asc",
                 search: tuple = (), filters: dict[str, Filter] | None = None, tiebreak=None,
                 columns: list[Column] | None = None, export_name: str | None = None,
                 export_title: str | None = None,
                 export_columns: list[Column] | None = None, words: str | None = None):
        args = request.args
        self.endpoint = request.endpoint
        self.view_args = dict(request.view_args or {})
        self.filters_spec = filters or {}
        # The screens' search is a token in the session that stands for the words (so none
        # are in a URL); the API passes the words (`words`), codes and serials only.
        self.search_token = args.get("search", "") if words is None else ""
        words = remembered_search(self.search_token) if words is None else words
        self.search_forgotten = words is None  # a token this session no longer holds
        self.q = words or ""
        self.filters = {name: args[name] for name, spec in self.filters_spec.items()
                        if args.get(name) in spec.options}
        self.sort = args.get("sort") if args.get("sort") in sorts else default_sort
        self.direction = args.get("dir") if args.get("dir") in ("asc", "desc") else default_dir
        if self.q and search:
            # A search term is a column, or a function of the words searched for giving a
            # condition (for a search better made another way, such as in a subquery).
            query = query.where(or_(*(term(self.q) if callable(term) else
                                      contains(term, self.q) for term in search)))
        for name, value in self.filters.items():
            query = query.where(self.filters_spec[name].condition(value))
        column = sorts[self.sort]
        self.order = [column.asc() if self.direction == "asc" else column.desc(),
                      *(tiebreak if tiebreak is not None else ())]
        self.query = query.order_by(*self.order)
        self.columns = columns or []
        self.export_name = export_name
        # What a long download is called on "Your downloads" (English, marked N_ where the
        # list is defined; in the asker's language there).
        self.export_title = export_title or export_name
        self.export_columns = export_columns or self.columns

    @cached_property
    def pager(self) -> Pager:
        """This page of the list (counted and fetched when first asked for)."""
        page = request.args.get("page", 1, type=int) or 1
        return Pager(self.query.order_by(None), self.order,
                     min(max(page, -MAX_PAGE), MAX_PAGE), current_app.config["PAGE_SIZE"])

    @property
    def count_limit(self) -> int:
        """How far lists count their rows."""
        return COUNT_LIMIT

    @property
    def exportable(self) -> bool:
        """Whether the list offers its rows as a spreadsheet."""
        return bool(self.columns and self.export_name)

    def render(self, template, **context):
        """The page, or, when the request asks for ?export=xlsx|csv, every row of the list as
        filtered and sorted on screen, with the same columns."""
        fmt = request.args.get("export")
        if self.exportable and fmt in EXPORT_FORMATS:
            return self.export(fmt)
        return render_template(template, listing=self, **context)

    def export(self, fmt: str):
        """Every row of the list as filtered and sorted, as an .xlsx or .csv download: at
        once for a screen of rows, else made by a job (jobs/kinds.py), whose page follows."""
        now = current_app.config["DOWNLOAD_ROWS_NOW"]
        if count_rows(db.session, self.query.order_by(None), now + 1) <= now:
            return export_response(self.export_name, fmt, self.export_columns, self.query)
        from .jobs.queue import start
        from .lookup import signed_in_user
        args = {name: value for name, value in request.args.items() if name != "page"}
        job = start("download", f"{self.export_name}:{fmt}:{sorted(args.items())}",
                    gettext("%(list)s (%(format)s)", list=gettext(self.export_title),
                            format=EXPORT_FORMATS[fmt]),
                    {"list": self.export_name, "fmt": fmt, "path": request.path, "args": args,
                     "words": self.q}, by=signed_in_user())
        return redirect(url_for("jobs.detail", job_id=job.id))

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

    def url_params(self, clear=False, **changes) -> dict:
        """This list's query-string parameters with some changed (None removes one)."""
        params = {} if clear else {"search": self.q and self.search_token or None,
                                   **self.filters, "sort": self.sort,
                                   "dir": self.direction, "page": request.args.get("page")}
        params.update(changes)
        return {k: v for k, v in params.items() if v not in (None, "")}

    def url(self, clear=False, **changes):
        """This list's URL with some parameters changed (None removes one)."""
        return url_for(self.endpoint, **self.view_args, **self.url_params(clear, **changes))
