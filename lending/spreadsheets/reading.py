"""Reading an uploaded spreadsheet that nobody has vouched for.

The kind of file is told by its first bytes, never its name. A workbook is checked as a zip
(entries, total size, compression ratio) before calamine reads it (its XML reader expands no
entities). Every refusal is a
`FileRefused` whose message says what to do.
"""
import csv
import io
import zipfile
from dataclasses import dataclass

from flask_babel import gettext
from python_calamine import CalamineWorkbook

from ..refusals import RuleError

MAX_ENTRIES = 500  # a real workbook holds a few dozen parts
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 200  # XML compresses well, but not a thousandfold
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, and Office files with a password
ENCRYPTED_MARK = "EncryptionInfo".encode("utf-16-le")


class FileRefused(RuleError):
    """An upload that cannot be read, with the reason and what to do."""


@dataclass
class Sheet:
    """The non-blank rows of a spreadsheet, each with its number as the spreadsheet shows it."""

    rows: list[tuple[int, list]]
    kind: str  # "xlsx" or "csv"


def sniff(data: bytes, max_bytes: int) -> None:
    """Refuse at once (FileRefused) a file that cannot be a spreadsheet we read: too large,
    empty, an old or protected Excel file, a zip that is not a workbook or would unpack into
    far too much, text in no encoding we read. Quick: the rows are read later (read_sheet)."""
    _refuse_outright(data, max_bytes)
    if data.startswith(b"PK\x03\x04"):
        _check_zip(data)
    else:
        _decode(data)


def read_sheet(data: bytes, max_bytes: int) -> Sheet:
    """The first sheet of an .xlsx file, or a .csv file, as rows; or FileRefused."""
    _refuse_outright(data, max_bytes)
    if data.startswith(b"PK\x03\x04"):
        return Sheet(_workbook_rows(data), "xlsx")
    return Sheet(_csv_rows(_decode(data)), "csv")


def _refuse_outright(data: bytes, max_bytes: int) -> None:
    """Refuse a file too large, empty, or in an Excel format we do not read."""
    if len(data) > max_bytes:
        raise FileRefused(gettext("The file is larger than %(max_bytes)s MB. Split it into "
                                  "smaller files.", max_bytes=max_bytes // (1024 * 1024)))
    if not data.strip():
        raise FileRefused(gettext("The file is empty."))
    if data.startswith(OLE_MAGIC):
        if ENCRYPTED_MARK in data:
            raise FileRefused(gettext("The workbook is protected by a password. Open it, remove "
                                      "the password (File > Info > Protect Workbook), save, and "
                                      "try again."))
        raise FileRefused(gettext("This is an old Excel 97-2003 (.xls) file. Save it as an Excel "
                                  "Workbook (.xlsx) or as CSV and try again."))


def _check_zip(data: bytes) -> None:
    """Refuse a zip that is not a workbook or would unpack into far more than it is."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise FileRefused(gettext("The workbook is damaged and cannot be opened. Open it in your "
                                  "spreadsheet program, save it again, and retry.")) from None
    names = {entry.filename for entry in entries}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise FileRefused(gettext("This zip file is not an Excel workbook (.xlsx)."))
    unpacked = sum(entry.file_size for entry in entries)
    packed = sum(entry.compress_size for entry in entries) or 1
    if len(entries) > MAX_ENTRIES or unpacked > MAX_UNPACKED_BYTES or unpacked / packed > MAX_RATIO:
        raise FileRefused(gettext("The workbook would unpack into far more data than a list of "
                                  "inventory holds, so it was not opened."))


def _workbook_rows(data: bytes) -> list[tuple[int, list]]:
    """The first worksheet's non-blank rows, read by calamine (Rust: fourteen times faster
    than openpyxl here, and its XML reader expands no entities). Excel keeps every number as
    a double; whole ones come back as ints, as the cells were typed."""
    _check_zip(data)
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        try:
            grid = book.get_sheet_by_index(0).to_python(skip_empty_area=False)
        finally:
            book.close()
    except Exception:  # calamine raises several kinds of error on a damaged file
        raise FileRefused(gettext("The workbook is damaged and cannot be read. Open it in your "
                                  "spreadsheet program, save it again, and retry.")) from None
    return [(number, [_whole(value) for value in values])
            for number, values in enumerate(grid, start=1) if any(_present(v) for v in values)]


def _whole(value):
    """A cell's value, a whole number as an int (an IMEI typed as a number, a count), an
    empty cell as None."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return None if value == "" else value


def _utf16(head: bytes) -> str | None:
    """The UTF-16 encoding a file's first bytes show (Excel's "Unicode Text", some exports),
    by its byte-order mark, or by every other byte being NUL as in Western text; or None."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    even, odd = head[0::2], head[1::2]
    if len(head) >= 8 and odd.count(0) > 0.4 * len(odd) and not even.count(0):
        return "utf-16-le"
    if len(head) >= 8 and even.count(0) > 0.4 * len(even) and not odd.count(0):
        return "utf-16-be"
    return None


def _is_binary(head: bytes) -> bool:
    """Whether a file's first bytes are not text: a PDF, or more control characters than a
    stray one or two in a hand-made CSV (which are named by row and column instead)."""
    controls = sum(byte < 32 and byte not in b"\t\n\r" for byte in head)
    return head.startswith(b"%PDF") or controls > len(head) // 100 + 2


def _decode(data: bytes) -> str:
    """A CSV file's text: UTF-16 when it is that, else UTF-8 (with or without a byte-order
    mark), else Windows' Western encoding."""
    head = data[:4096]
    encoding = _utf16(head)
    if encoding is not None:
        try:
            return data.decode(encoding).removeprefix("\ufeff")
        except UnicodeDecodeError:
            raise FileRefused(gettext("The file looks like UTF-16 text (Excel's \"Unicode Text\") "
                                      "but part of it cannot be read. Save it as \"CSV UTF-8\" "
                                      "and try again.")) from None
    if _is_binary(head):
        raise FileRefused(gettext("This is not a spreadsheet. Upload an Excel workbook (.xlsx) or "
                                  "a CSV file."))
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileRefused(gettext("The CSV file's text encoding is not readable. Save it as \"CSV "
                              "UTF-8\" and try again."))


def _csv_rows(text: str) -> list[tuple[int, list]]:
    """A CSV file's non-blank records, numbered as a spreadsheet program shows them."""
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), dialect))
    except csv.Error:
        raise FileRefused(gettext("The CSV file cannot be read: a quoted value is not "
                                  "closed.")) from None
    return [(number, record) for number, record in enumerate(records, start=1)
            if any(_present(v) for v in record)]


def _present(value) -> bool:
    """Whether a cell holds something other than blanks."""
    return value is not None and (not isinstance(value, str) or bool(value.strip()))
