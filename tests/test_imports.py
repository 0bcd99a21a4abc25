"""Importing inventory from spreadsheets: messy real-world files, hostile ones, and the rule
that a file with any problem writes nothing."""
import io
import zipfile
from datetime import date, datetime

import pytest

from lending.extensions import db
from lending.inventory.importing import check_file, summary
from lending.inventory.operations import import_batch_rows, keep_upload, record_check
from lending.models import AuditEntry, Device
from lending.refusals import RuleError
from lending.spreadsheets.reading import FileRefused

from . import factories
from .sheets import LIMIT, count, csv_file, problems, workbook

GOOD_IMEI, OTHER_IMEI = factories.imei(), factories.imei()


def _kept(name, data, check):
    """A devices file kept and its check recorded, as the worker would have."""
    batch = keep_upload("devices", name, data, by=None)
    record_check(batch, summary(check), by=None)
    return batch


def test_a_messy_but_valid_device_sheet_is_read_row_by_row(app):
    contract = factories.contract(reference="CWF-2026-01")
    data = workbook([
        ["Inventory from ReTech, March 2026"],            # a title row above the headings
        ["Device details", None, None, None, None, None],  # merged over the headings
        ["Type", "Brand", "Model name", "Serial No.", "IMEI number", "Grant", "Colour"],
        ["phone", "Samsung", "Galaxy A15", 12345, float(GOOD_IMEI), "cwf-2026-01", "blue"],
        ["Tablets", "Apple", "iPad", "SN-2", None, None, None],
        [None, None, None, None, None, None, None],        # blank rows at the end
        [None, None, None, None, None, None, None],
    ], merge="A2:F2")
    check = check_file("devices", data, LIMIT)
    assert problems(check) == []
    assert check.header_row == 3
    assert check.recognised["Serial No."] == "Serial number"
    assert check.recognised["IMEI number"] == "IMEI" and check.ignored == ["Colour"]
    (first_row, phone), (second_row, tablet) = check.rows
    assert (first_row, second_row) == (4, 5)
    assert phone["serial"] == "12345"  # a number in the sheet, text in the program
    assert phone["imei"] == GOOD_IMEI and phone["contract_id"] == contract.id
    assert tablet["kind"] == "tablet" and tablet["imei"] is None
    assert phone["status"] == "received"  # needs its wipe and set-up before lending


def test_every_problem_is_named_by_row_column_and_reason_and_nothing_is_written(app):
    factories.device(serial="TAKEN-1")
    bad_check_digit = GOOD_IMEI[:-1] + str((int(GOOD_IMEI[-1]) + 1) % 10)
    data = csv_file(
        "Kind,Make,Model,Serial,IMEI,Contract\n"
        f"phone,Samsung,A15,S-1,{bad_check_digit},\n"   # row 2: check digit
        "phone,Samsung,A15,S-2,,\n"                      # row 3: a phone needs its IMEI
        "tablet,,iPad,S-3,,\n"                           # row 4: make missing
        "tablet,Apple,iPad,TAKEN-1,,\n"                  # row 5: serial already stored
        "tablet,Apple,iPad,S-6,,NO-SUCH\n"               # row 6: unknown contract
        "tablet,Apple,iPad,S-7,,\n"
        "tablet,Apple,iPad,S-7,,\n"                      # row 8: serial twice in the file
        "toaster,Acme,T1,S-9,,\n")                       # row 9: not a kind of device
    check = check_file("devices", data, LIMIT)
    found = problems(check)
    assert (2, "IMEI", "This IMEI's check digit is wrong; please check for a typo.") in found
    assert (3, "IMEI", "Phones and hotspots need their IMEI.") in found
    assert (4, "Make", "This field is required.") in found
    assert (5, "Serial", "TAKEN-1 is already in the program.") in found  # the file's heading
    assert (6, "Contract", "\"NO-SUCH\" is not the reference of any contract.") in found
    assert (8, "Serial", "S-7 is also in row 7.") in found
    assert any(row == 9 and column == "Kind" for row, column, _ in found)
    assert not check.ok
    with pytest.raises(RuleError, match="Nothing was imported"):
        import_batch_rows(_kept("bad.csv", data, check), check, by=None)
    assert count(Device) == 1


def test_a_row_with_several_problems_has_each_named_at_once(app):
    data = csv_file("Kind,Make,Model,Serial No.,Contract\n"
                    "tablet,Apple,iPad,S-1,\n"
                    "tablet,,iPad,S-1,NO-SUCH\n")
    assert problems(check_file("devices", data, LIMIT)) == [
        (3, "Contract", "\"NO-SUCH\" is not the reference of any contract."),
        (3, "Make", "This field is required."),
        (3, "Serial No.", "S-1 is also in row 2.")]


def test_imeis_in_scientific_notation_are_read_when_whole_and_refused_when_cut(app):
    whole = f"{int(GOOD_IMEI[0])}.{GOOD_IMEI[1:]}E+14"  # every digit kept
    data = csv_file("Kind,Make,Model,Serial,IMEI\n"
                    f"phone,Samsung,A15,S-1,{whole}\n"
                    "phone,Samsung,A15,S-2,3.56938E+14\n")
    check = check_file("devices", data, LIMIT)
    assert check.rows[0][1]["imei"] == GOOD_IMEI
    assert problems(check) == [(3, "IMEI", "\"3.56938E+14\" is in scientific notation, so the "
                                           "spreadsheet dropped digits; format the column as "
                                           "Text and type the number again.")]


def test_plan_dates_as_text_as_date_cells_and_as_serial_numbers(app):
    data = workbook([
        ["Carrier", "Plan", "GB", "Monthly cost", "Start date", "End date"],
        ["Maple", "Connect 5", "5", "$25.00", datetime(2026, 1, 15), None],
        ["Maple", "Connect 5", 5, 25, "2026-02-01", "31/12/2026"],
        ["Maple", "Connect 5", 5, 25, 46054, "March 3, 2027"],  # 46054 is 2026-02-01
        ["Maple", "Connect 5", 5, 25, "03/04/2026", None],       # March 4th or April 3rd?
        ["Maple", "Connect 5", 5, 25, "2026-13-01", None],
    ])
    check = check_file("plans", data, LIMIT)
    starts = [item["start_date"] for _, item in check.rows]
    assert starts == [date(2026, 1, 15), date(2026, 2, 1), date(2026, 2, 1)]
    assert check.rows[1][1]["end_date"] == date(2026, 12, 31)
    assert check.rows[2][1]["end_date"] == date(2027, 3, 3)
    assert check.rows[0][1]["monthly_cost"] == 25
    assert [(row, column) for row, column, _ in problems(check)] == [(5, "Start date"),
                                                                     (6, "Start date")]
    assert "could be read two ways" in check.problems[0].message


def test_sim_cards_with_numbers_stored_as_numbers(app):
    cut, kept = factories.iccid(), factories.iccid()
    data = workbook([["ICCID", "Phone", "Carrier", "PIN"],
                     [float(cut), 4165550123, "Maple Mobile", 1234],  # as Excel keeps a number
                     [kept, 4165550124, "Maple Mobile", 1234]])       # typed as text
    check = check_file("sims", data, LIMIT)
    assert [(row, column) for row, column, _ in problems(check)] == [(2, "ICCID")]
    assert "dropped digits" in check.problems[0].message
    sim = check.rows[0][1]
    assert (sim["iccid"], sim["phone_number"], sim["pin"]) == (kept, "+14165550124", "1234")


def test_a_20_digit_iccid_typed_as_text_is_kept_whole(app):
    iccid = factories.iccid()
    data = csv_file(f"ICCID,Phone number,Carrier\n{iccid},416 555 0123,Maple Mobile\n")
    check = check_file("sims", data, LIMIT)
    assert problems(check) == []
    assert check.rows[0][1]["iccid"] == iccid
    assert check.rows[0][1]["phone_number"] == "+14165550123"


def test_a_sheet_without_the_needed_columns_says_which_are_missing(app):
    check = check_file("devices", csv_file("Make,Model,Colour\nApple,iPad,blue\n"), LIMIT)
    assert (1, "Kind", "This column is needed and was not found.") in problems(check)
    assert (1, "Serial number", "This column is needed and was not found.") in problems(check)
    no_headings = check_file("devices", csv_file("a,b,c\n1,2,3\n"), LIMIT)
    assert no_headings.problems[0].message.startswith("No row of column headings was found")


def test_two_columns_meaning_the_same_thing_are_refused(app):
    check = check_file("devices", csv_file("Kind,Make,Model,Serial,Serial No.\n"), LIMIT)
    assert any("read as Serial number; keep one" in message for _, _, message in problems(check))


NUL_PROBLEM = ("This cell holds a hidden NUL character, which is not text. Retype the cell in "
               "your spreadsheet program and save the file again.")


def _tablets(count_: int, start=1) -> str:
    return "".join(f"tablet,Lenovo,Tab M10,S-{n}\n" for n in range(start, start + count_))


@pytest.mark.parametrize("where", ["after the first 4 KB", "in the first row of items"])
def test_a_nul_character_anywhere_is_named_by_row_and_column_and_nothing_is_written(app, where):
    """PostgreSQL cannot store NUL, and SQLite would store it unseen: the check names it."""
    before = _tablets(200) if where == "after the first 4 KB" else ""
    data = csv_file("Kind,Make,Model,Serial\n" + before + "tablet,Lenovo,Tab\x00M10,S-NUL\n"
                    + _tablets(3, start=500))
    assert data.index(b"\x00") > 4096 or where != "after the first 4 KB"
    check = check_file("devices", data, LIMIT)
    assert problems(check) == [(len(before.splitlines()) + 2, "Model", NUL_PROBLEM)]
    with pytest.raises(RuleError, match="Nothing was imported"):
        import_batch_rows(_kept("nul.csv", data, check), check, by=None)
    assert count(Device) == 0


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_a_utf16_file_is_read_like_any_other(app, encoding):
    """Excel's "Unicode Text" is UTF-16 with a byte-order mark, tab-separated; other exports
    leave the mark out."""
    data = csv_file("Kind\tMake\tModel\tSerial\tIMEI\ntablet\tLenovo\tTab Ünïcode\tS-1\t\n"
                    f"phone\tNokia\tG21\tS-2\t{GOOD_IMEI}\n", encoding)
    check = check_file("devices", data, LIMIT)
    assert problems(check) == []
    assert [item["model"] for _, item in check.rows] == ["Tab Ünïcode", "G21"]


def test_a_damaged_utf16_file_is_refused_saying_so(app):
    data = "Kind\tMake\n".encode("utf-16") + b"\x00\xd8"  # half of a surrogate pair
    with pytest.raises(FileRefused, match="looks like UTF-16 text"):
        check_file("devices", data, LIMIT)


def _zip(entries: dict) -> bytes:
    """A zip file of name -> bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize("data, message", [
    (b"", "The file is empty."),
    (b"   \n\n", "The file is empty."),
    (b"%PDF-1.7 binary\x00stuff", "This is not a spreadsheet."),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "This is not a spreadsheet."),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old Excel 97-2003 \\(\\.xls\\)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 50,
     "protected by a password"),
    (b"PK\x03\x04 not really a zip", "damaged"),
    ("zip of other things", "not an Excel workbook"),
    ("zip bomb", "far more data"),
    ("truncated workbook", "damaged"),
    ("entity expansion", "damaged"),
])
def test_hostile_and_broken_files_are_refused_with_a_clear_message(app, data, message):
    if data == "zip of other things":
        data = _zip({"readme.txt": b"hello"})
    elif data == "zip bomb":
        data = _zip({"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"<x/>",
                     "xl/worksheets/sheet1.xml": b"0" * 50_000_000})
    elif data == "truncated workbook":
        data = workbook([["Kind", "Make"]])[:300]
    elif data == "entity expansion":
        data = _entity_bomb()
    with pytest.raises(FileRefused, match=message):
        check_file("devices", data, LIMIT)


def _entity_bomb() -> bytes:
    """A workbook whose sheet XML defines nested entities ("billion laughs")."""
    good = zipfile.ZipFile(io.BytesIO(workbook([["Kind", "Make"]])))
    entries = {name: good.read(name) for name in good.namelist()}
    entries["xl/worksheets/sheet1.xml"] = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol3;</t></is></c></row>'
        b'</sheetData></worksheet>')
    return _zip(entries)


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(app):
    with pytest.raises(FileRefused, match="larger than 1 MB"):
        check_file("devices", b"Kind,Make\n" + b"x" * (1024 * 1024), 1024 * 1024)


def test_a_windows_csv_with_semicolons_and_accents_is_read(app):
    data = csv_file("Kind;Make;Model;Serial\ntablet;Lenovo;Tab M10 é;S-é\n", "cp1252")
    check = check_file("devices", data, LIMIT)
    assert problems(check) == [] and check.rows[0][1]["model"] == "Tab M10 é"


def test_importing_creates_every_row_with_an_audit_entry_each(app):
    data = csv_file("Kind,Make,Model,Serial\n" + "".join(
        f"tablet,Lenovo,Tab M10,S-{n}\n" for n in range(30)))
    check = check_file("devices", data, LIMIT)
    ids = import_batch_rows(_kept("test.csv", data, check), check,
                            by=None)
    assert len(ids) == 30 and count(Device) == 30
    entries = db.session.execute(db.select(AuditEntry).filter_by(
        action="create", object_type="device").order_by(AuditEntry.id)).scalars().all()
    assert [entry.object_id for entry in entries] == ids
    assert entries[0].note == "imported from test.csv"
    # The same entry record_created would write, defaults included.
    assert entries[0].changes["serial"] == [None, "S-0"]
    assert entries[0].changes["status"] == [None, "received"]
    assert "created_at" in entries[0].changes
    assert db.session.get(Device, ids[0]).serial == "S-0"
