"""Tables in and out: reading an uploaded CSV or XLSX, writing CSV that is safe to open.

Reading accepts what people here actually save: CSV in UTF-8 with or without
the byte-order mark Excel adds, with commas or (as Excel writes it in
Norway) semicolons, and XLSX. It reads no more than an import can hold: a
small file that unpacks to millions of rows or cells is refused as soon as it
is seen to be one, before it is read in full. Writing neutralises any cell a
spreadsheet would run as a formula.
"""

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

import openpyxl
from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from ipsfidelity.text import without_bidi_controls

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMULA_AFTER_SEPARATOR = re.compile(r"(?<=[,;])(?=[=+\-@\t\r])")
# ASCII digits only: str.isdigit also takes superscripts and full-width digits.
# A spreadsheet may add ".0", or ",0" where the decimal mark is a comma.
WHOLE_NUMBER = re.compile(r"([0-9]+)(?:[.,]0+)?", re.ASCII)
ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", re.ASCII)
# How Excel in Norway writes a date back when it saves a CSV.
NORWEGIAN_DATE = re.compile(r"([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})", re.ASCII)
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# What an import can hold: every review of 100 sites over 50 years, or their
# quarterly figures, fits many times over. Rows are counted as they are read,
# empty ones too, so a file of a million empty rows stops at this one.
MAX_ROWS = 20_000
MAX_COLUMNS = 200
# An XLSX file is a zip: what it unpacks to is checked before it is opened
# (the real import files are a few MB), and so is the number of rows in its
# sheets, which openpyxl would otherwise walk in full to learn the sheet's size.
MAX_UNPACKED_BYTES = 10 * 1024 * 1024
SHEET_ROW = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s/>]")


class TableError(Exception):
    """The file cannot be read as a table; the message says why, for the user."""


class ImportRefused(Exception):
    """The file as a whole cannot be imported (unreadable, columns missing, no rows)."""


@dataclass(frozen=True)
class Row:
    number: int  # as the person sees it: the header is row 1
    values: dict[str, str]


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[Row]


def read_table(filename: str, content: bytes) -> Table:
    """A CSV or XLSX file (by its extension) as a header and rows of text."""
    name = filename.lower()
    if name.endswith(".xlsx"):
        return _read_xlsx(content)
    if name.endswith(".csv") or name.endswith(".txt"):
        return _read_csv(content)
    raise TableError(_("Upload a .csv or .xlsx file."))


def read_import(filename: str, content: bytes, required: Sequence[str]) -> Table:
    """An uploaded file to import from: readable, with the required columns and rows."""
    try:
        table = read_table(filename, content)
    except TableError as error:
        raise ImportRefused(str(error)) from None
    missing = [column for column in required if column not in table.header]
    if missing:
        raise ImportRefused(
            _("The file lacks the columns %(columns)s. Start from the template.")
            % {"columns": ", ".join(missing)}
        )
    if not table.rows:
        raise ImportRefused(_("The file has a header but no rows."))
    return table


@dataclass
class ImportResult:
    """What an import did or, in a dry run, would do, one outcome per row.

    A row's `action` is "create", "update", "skip" or "error"; nothing is
    written while any row is in error.
    """

    filename: str
    dry_run: bool
    rows: list
    written: bool = False

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def to_create(self) -> int:
        return self.count("create")

    @property
    def errors(self) -> list:
        return [row for row in self.rows if row.action == "error"]


def _table(lines: Iterable[Sequence[object]]) -> Table:
    lines = iter(lines)
    header_cells = next(lines, None)
    if not header_cells:
        raise TableError(_("The file is empty."))
    header = [_text(cell).strip().lower() for cell in list(header_cells)[:MAX_COLUMNS]]
    rows = []
    for number, cells in enumerate(lines, start=2):
        if number > MAX_ROWS + 1:
            raise TableError(_too_many_rows())
        values = {
            column: _text(cell).strip()
            for column, cell in zip(header, cells, strict=False)
            if column
        }
        if any(values.values()):  # skip empty lines
            rows.append(Row(number=number, values=values))
    return Table(header=[column for column in header if column], rows=rows)


def _read_csv(content: bytes) -> Table:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel's plain "CSV (semicolon separated)" on a Norwegian Windows is
        # Windows-1252, where æ, ø and å are one byte each.
        try:
            text = content.decode("cp1252")
        except UnicodeDecodeError:
            raise TableError(_("The file is not UTF-8: save it as “CSV UTF-8”.")) from None
    first_line, _newline, rest = text.partition("\n")
    if first_line.strip().lower().startswith("sep="):
        # Excel's own hint line ("sep=;") names the separator; the header follows.
        text = rest
        first_line = text.split("\n", 1)[0]
    # The header decides: Excel in Norway separates with semicolons.
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        return _table(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error:  # a field longer than any import has, or a stray NUL
        raise TableError(_("The file is not a readable CSV table.")) from None


def _read_xlsx(content: bytes) -> Table:
    _check_unpacked(content)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not XLSX
        raise TableError(_("The file is not a readable XLSX workbook.")) from None
    try:
        sheet = workbook.worksheets[0]
        return _table(sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS))
    finally:
        workbook.close()


def _check_unpacked(content: bytes) -> None:
    """Refuse an XLSX file that unpacks to more than an import holds, before opening it."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
            if sum(member.file_size for member in members) > MAX_UNPACKED_BYTES:
                raise TableError(_("The workbook is too large when unpacked: split it in parts."))
            for member in members:
                if member.filename.startswith("xl/worksheets/"):
                    # Read no more than the size the zip declares: zipfile stops
                    # there, and a member that lied about it fails its checksum.
                    rows = len(SHEET_ROW.findall(archive.read(member)))
                    if rows > MAX_ROWS + 1:
                        raise TableError(_too_many_rows())
    except (zipfile.BadZipFile, ValueError, EOFError):
        raise TableError(_("The file is not a readable XLSX workbook.")) from None


def _too_many_rows() -> str:
    return _("The file has more than %(count)s rows: split it in parts.") % {
        "count": number_format(MAX_ROWS, force_grouping=True)
    }


def _text(cell: object) -> str:
    """A cell as the text a person typed: dates as YYYY-MM-DD, 3.0 as 3."""
    if cell is None:
        return ""
    if isinstance(cell, str):
        return without_bidi_controls(cell)
    if isinstance(cell, datetime):
        return cell.date().isoformat()
    if isinstance(cell, date):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)


def whole_number(text: str) -> int | None:
    """A cell's whole number (0 or more), or None for anything else."""
    match = WHOLE_NUMBER.fullmatch(text.strip())
    return int(match.group(1)) if match else None


def cell_date(text: str) -> date | None:
    """A cell's date, written YYYY-MM-DD or, as Excel in Norway saves it, DD.MM.YYYY;
    None for anything else, an impossible date included."""
    text = text.strip()
    if match := ISO_DATE.fullmatch(text):
        year, month, day = match.groups()
    elif match := NORWEGIAN_DATE.fullmatch(text):
        day, month, year = match.groups()
    else:
        return None
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def safe_cell(value: object) -> object:
    """A value a spreadsheet shows as text, never runs: formulas get a leading quote.

    So does a formula after a comma or semicolon inside the text: a spreadsheet
    that splits the file on the other separator than it was written with
    (Excel with Norwegian settings splits on semicolons) would start a cell there.
    """
    if not isinstance(value, str):
        return value
    value = FORMULA_AFTER_SEPARATOR.sub("'", value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def write_csv(
    out, header: Sequence[object], rows: Iterable[Sequence[object]], delimiter: str = ","
) -> None:
    """Write header and rows as CSV to a file-like object, every cell neutralised.

    Every cell is quoted as well: Excel with Norwegian settings splits a
    comma-separated file on semicolons, and an unquoted `ok;=1+1` would become
    a cell that starts with `=`."""
    writer = csv.writer(out, delimiter=delimiter, quoting=csv.QUOTE_ALL)
    writer.writerow([safe_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])


def template_response(
    name: str, header: Sequence[str], rows: Iterable[Sequence[object]], fmt: str
) -> HttpResponse:
    """A blank import file to fill in, as a download: XLSX, or CSV as Excel in Norway
    opens it straight into columns (semicolons, with the byte-order mark)."""
    if fmt == "xlsx":
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.append(list(header))
        for row in rows:
            sheet.append([safe_cell(cell) for cell in row])
        out = io.BytesIO()
        workbook.save(out)
        response = HttpResponse(out.getvalue(), content_type=XLSX_TYPE)
    else:
        text = io.StringIO()
        write_csv(text, header, rows, delimiter=";")
        response = HttpResponse("\ufeff" + text.getvalue(), content_type="text/csv; charset=utf-8")
        fmt = "csv"
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


class UploadForm(forms.Form):
    """A table to import, CSV or XLSX and at most 5 MB; the label says what it holds."""

    file = forms.FileField()

    def __init__(self, *args, label, help_text, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].label = label
        self.fields["file"].help_text = help_text

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB: split it in parts."))
        if not file.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        return file


def import_page(
    request: HttpRequest, *, run, template: str, label, help_text, extra: dict | None = None
) -> HttpResponse:
    """The page every import has: upload a file to check it (nothing is written) or to
    import it (every row or, with an error, none), and see each row's outcome.

    `run(filename=, content=, dry_run=)` is the import's service; it raises
    ImportRefused for a file it cannot take at all. The answer is 400 when the
    upload was refused or an import wrote nothing for its errors.
    """
    form = UploadForm(request.POST or None, request.FILES or None, label=label, help_text=help_text)
    result, refused = None, None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = run(
                filename=upload.name, content=upload.read(), dry_run="check" in request.POST
            )
        except ImportRefused as error:
            refused = str(error)
    failed = refused or not form.is_valid() or (result and result.errors and not result.dry_run)
    status = 400 if request.method == "POST" and failed else 200
    context = {"form": form, "result": result, "refused": refused, **(extra or {})}
    return render(request, template, context, status=status)
