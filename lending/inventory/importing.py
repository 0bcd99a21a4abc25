"""Checking a spreadsheet of devices, SIM cards or data plans: every row goes through the same
form a person fills in; operations/imports.py then creates them all, or none.

A check names each problem by the row number the spreadsheet shows, the column's heading and
the reason. Headings are matched forgivingly (case, spacing, punctuation, common synonyms);
unknown columns are reported as ignored.
"""
import re
import secrets
from dataclasses import dataclass, field

from flask_babel import gettext
from werkzeug.datastructures import MultiDict

from ..database import fold
from ..extensions import db
from ..models import Contract, Place, SimCard
from ..spreadsheets import values
from ..spreadsheets.reading import read_sheet
from .forms import PlanForm
from .import_columns import KINDS, Kind

HEADER_SEARCH_ROWS = 10  # title rows a sheet may have above its headings
PREVIEW_ROWS = 50
LOOKUP_CHUNK = 500


def _normal(heading) -> str:
    """A heading reduced to lower-case words: "Serial No." and "serial_no" are alike."""
    words = re.sub(r"[^a-z0-9#]+", " ", values.text(heading).lower()).split()
    return " ".join(word for word in words if word not in ("optional", "required"))


@dataclass
class Problem:
    """Something that stops the import: where (row and column) and why."""

    row: int | None
    column: str
    message: str


@dataclass
class Check:
    """What an import would create, and everything that stops it."""

    kind: Kind
    header_row: int | None = None
    recognised: dict[str, str] = field(default_factory=dict)  # heading in the file -> ours
    ignored: list[str] = field(default_factory=list)
    rows: list[tuple[int, dict]] = field(default_factory=list)  # (row number, item fields)
    problems: list[Problem] = field(default_factory=list)
    preview: list[tuple[int, list[str]]] = field(default_factory=list)  # the first rows read
    unique_values: list[tuple[int, dict]] = field(default_factory=list)  # of every row
    example_row: int | None = None  # the template's example, left as it was: never imported

    @property
    def ok(self) -> bool:
        """Whether the import may go ahead."""
        return bool(self.rows) and not self.problems


@dataclass
class Checked:
    """A kept check (ImportBatch.check_result), as its page reads it."""

    header_row: int | None
    recognised: dict
    ignored: list
    rows: int
    problems: list[Problem]
    preview: list
    example_row: int | None
    ok: bool

    @classmethod
    def of(cls, found: dict) -> "Checked":
        """From what a batch kept."""
        return cls(**{**found, "problems": [Problem(*p) for p in found["problems"]]})


def summary(check: Check) -> dict:
    """What a check found, as plain values a batch keeps (ImportBatch.check_result) and its
    page shows: everything but the rows' fields, which the import reads again."""
    return {"header_row": check.header_row, "recognised": check.recognised,
            "ignored": check.ignored, "rows": len(check.rows),
            "problems": [[p.row, p.column, p.message] for p in check.problems],
            "preview": check.preview, "example_row": check.example_row, "ok": check.ok}


def check_file(kind_key: str, data: bytes, max_bytes: int) -> Check:
    """Read and check every row of an upload; write nothing. FileRefused if unreadable."""
    kind = KINDS[kind_key]
    check = Check(kind)
    rows = read_sheet(data, max_bytes).rows
    positions = _match_headings(check, rows)
    if positions is None:
        return check
    menus = _menus(kind)
    form = _row_form(kind, menus)
    for number, cells in rows:
        if number <= check.header_row:
            continue
        if check.example_row is None and _is_the_example(cells, positions):
            check.example_row = number
            continue
        item = _check_row(check, number, cells, positions, menus, form)
        if item is not None:
            check.rows.append((number, item))
    if not check.rows and not check.problems:
        check.problems.append(Problem(None, "", gettext(
            "The only row is the template's example, which is never imported; add your own rows "
            "below it.") if check.example_row
            else gettext("There are no rows below the headings.")))
    _check_unique(check)
    return check


def _match_headings(check, rows):
    """Find the heading row among the first rows: {position: (Column, the file's heading)},
    or None after noting the problem."""
    by_heading = {}
    for column in check.kind.columns:
        for heading in (column.header, *column.synonyms, column.name.replace("_", " ")):
            by_heading.setdefault(_normal(heading), column)
    found = next(((number, cells, matched) for number, cells in rows[:HEADER_SEARCH_ROWS]
                  if len(matched := {index: (by_heading[_normal(cell)], values.text(cell))
                                     for index, cell in enumerate(cells)
                                     if _normal(cell) in by_heading}) >= 2), None)
    if found is None:
        names = ", ".join(c.header for c in check.kind.columns if c.required)
        check.problems.append(Problem(None, "",
                                      gettext("No row of column headings was found. The first row "
                                              "should name the columns: %(names)s.", names=names)))
        return None
    number, cells, matched = found
    check.header_row = number
    seen = {}
    for column, heading in matched.values():
        if column.name in seen:
            check.problems.append(Problem(number, heading, (
                gettext('Both "%(name)s" and "%(heading)s" read as %(header)s; keep one of them.',
                        name=seen[column.name], heading=heading, header=column.header))))
        seen[column.name] = heading
        check.recognised[heading] = column.header
    check.ignored = [values.text(cell) for index, cell in enumerate(cells)
                     if index not in matched and values.text(cell)]
    check.problems += [Problem(number, column.header,
                               gettext("This column is needed and was not found."))
                       for column in check.kind.columns
                       if column.required and column.name not in seen]
    return matched


def _is_the_example(cells, positions) -> bool:
    """Whether a row is the template's example row, every value as the template wrote it (a
    row that was edited from it is someone's real item)."""
    # A CSV template guards text such as "+1 416..." with a leading apostrophe (cells.py).
    return all(values.text(cells[index] if index < len(cells) else None).removeprefix("'")
               == values.text(column.example) for index, (column, _heading) in positions.items())


@dataclass
class _Menu:
    """A menu field filled from a spreadsheet: what was typed -> the record's id."""

    ids: dict
    unknown: str  # the message for a value that names no record

    @property
    def choices(self):
        """The form field's choices: every id, and 0 for none."""
        return {0: "", **{record_id: typed for typed, record_id in self.ids.items()}}


def _menus(kind):
    """The menus a row's form needs, each loaded once for the whole file."""
    menus = {"contract_id": _Menu(dict(db.session.execute(
        db.select(Contract.reference, Contract.id)).all()),
        "is not the reference of any contract")}
    if any(column.name == "place_id" for column in kind.columns):
        menus["place_id"] = _Menu({fold(name): place_id for name, place_id in db.session.execute(
            db.select(Place.name, Place.id).where(Place.active))},
            "is not the name of a place in use (Manage, Places)")
    if kind.key == "plans":
        menus["sim_id"] = _Menu(dict(db.session.execute(db.select(SimCard.iccid,
                                                                  SimCard.id)).all()),
                                "is not the ICCID of any SIM card in the program")
    return menus


def _row_form(kind, menus):
    """The form every row goes through: made once, given each row's data in turn."""
    form = kind.form(formdata=None, meta={"csrf": False})
    form.uniqueness_checked_in_bulk = True
    for name, menu in menus.items():
        form[name].choices = menu.choices
    return form


def _check_row(check, number, cells, positions, menus, form):
    """One row through its form: its item's fields, or None after noting every problem.
    Values that must be unique are noted either way, so a duplicate is named at once too."""
    data, headings, typed, unreadable = {}, {}, {}, set()
    for index, (column, heading) in positions.items():
        cell = cells[index] if index < len(cells) else None
        if isinstance(cell, str) and "\x00" in cell:  # no database stores it (errors.py)
            check.problems.append(Problem(number, heading, (
                gettext("This cell holds a hidden NUL character, which is not text. Retype the "
                        "cell in your spreadsheet program and save the file again."))))
            unreadable.add(column.name)
            continue
        headings[column.name], typed[column.name] = heading, values.text(cell)
        try:
            converted = column.convert(cell)
            if converted and column.name in menus:
                menu = menus[column.name]
                if converted not in menu.ids:
                    raise ValueError(menu.unknown)
                converted = str(menu.ids[converted])
        except ValueError as error:
            check.problems.append(Problem(number, heading, gettext('"%(text)s" %(error)s.',
                                                                   text=values.text(cell),
                                                                   error=error)))
            unreadable.add(column.name)
            continue
        if converted not in ("", []):
            data[column.name] = converted
    if check.kind.form is PlanForm:
        data["form_token"] = secrets.token_hex(16)  # a plan form expects its one-time token
    form.process(formdata=MultiDict(_flatten(data)))
    valid = form.validate()
    check.unique_values.append((number, {name: form[name].data for name in check.kind.unique
                                         if form[name].data and name not in form.errors}))
    if valid and not unreadable:
        if len(check.preview) < PREVIEW_ROWS:
            check.preview.append((number, [typed.get(c.name, "") for c in check.kind.columns]))
        return form.model_data()
    for name, errors in form.errors.items():
        if name in unreadable:
            continue  # already said why this cell could not be read
        heading = headings.get(name) or next(
            (c.header for c in check.kind.columns if c.name == name), name)
        check.problems.append(Problem(number, heading, " ".join(map(str, errors))))
    return None


def _flatten(data):
    """Form data as (name, value) pairs; a list becomes several pairs."""
    return [(name, item) for name, value in data.items()
            for item in (value if isinstance(value, list) else [value])]


def _check_unique(check):
    """No two rows share a serial, IMEI, asset tag, ICCID or number; none is already used."""
    for name in check.kind.unique:
        column = next(c for c in check.kind.columns if c.name == name)
        heading = next((file_heading for file_heading, ours in check.recognised.items()
                        if ours == column.header), column.header)
        first_row = {}
        for number, unique in check.unique_values:
            value = unique.get(name)
            if value is None:
                continue
            if value in first_row:
                check.problems.append(Problem(number, heading,
                                              gettext("%(value)s is also in row %(row)s.",
                                                      value=value, row=first_row[value])))
            else:
                first_row[value] = number
        stored = getattr(check.kind.model, name)
        taken = set()
        found = list(first_row)
        for start in range(0, len(found), LOOKUP_CHUNK):
            taken.update(db.session.execute(db.select(stored).where(
                stored.in_(found[start:start + LOOKUP_CHUNK]))).scalars())
        for value in sorted(taken, key=lambda v: first_row[v]):
            check.problems.append(Problem(first_row[value], heading,
                                          gettext("%(value)s is already in the program.",
                                                  value=value)))
    check.problems.sort(key=lambda p: (p.row or 0))
