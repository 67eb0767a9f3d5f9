"""Tables in and out: the files people save are read as they meant them, and
nothing the app writes runs as a formula in a spreadsheet."""

import csv
import io
from datetime import date, datetime

import openpyxl
import pytest

from reviews.spreadsheets import TableError, read_table, safe_cell, write_csv


def test_a_semicolon_csv_with_a_byte_order_mark_is_read_as_excel_in_norway_writes_it():
    content = "\ufeffsite_code;visit_date;item_01\nips-tromso;2019-05-02;4\n".encode()
    table = read_table("earlier.csv", content)
    assert table.header == ["site_code", "visit_date", "item_01"]
    assert [(row.number, row.values) for row in table.rows] == [
        (2, {"site_code": "ips-tromso", "visit_date": "2019-05-02", "item_01": "4"})
    ]


def test_a_comma_csv_with_quoted_commas_and_empty_lines():
    content = b'Site_Code,summary\nips-bodo,"Good, steady work"\n\n,\nips-alta,\n'
    table = read_table("x.CSV", content)
    assert [row.values for row in table.rows] == [
        {"site_code": "ips-bodo", "summary": "Good, steady work"},
        {"site_code": "ips-alta", "summary": ""},
    ]
    assert [row.number for row in table.rows] == [2, 5]


def test_an_xlsx_sheet_gives_dates_and_whole_numbers_as_typed():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["site_code", "visit_date", "item_01", "item_02"])
    sheet.append(["ips-tromso", datetime(2018, 3, 4), 3.0, 5])
    sheet.append(["ips-bodo", date(2017, 1, 2), 2.5, None])
    out = io.BytesIO()
    workbook.save(out)
    table = read_table("earlier.xlsx", out.getvalue())
    assert [row.values for row in table.rows] == [
        {"site_code": "ips-tromso", "visit_date": "2018-03-04", "item_01": "3", "item_02": "5"},
        {"site_code": "ips-bodo", "visit_date": "2017-01-02", "item_01": "2.5", "item_02": ""},
    ]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("x.pdf", b"%PDF-1.7", "Upload a .csv or .xlsx file."),
        ("x.csv", b"", "The file is empty."),
        ("x.csv", b"site_code\nTroms\x81\n", "not UTF-8"),
        ("x.xlsx", b"not a workbook", "not a readable XLSX workbook"),
    ],
)
def test_unreadable_files_are_refused_with_a_reason(settings, name, content, message):
    settings.LANGUAGE_CODE = "en"
    with pytest.raises(TableError, match=message):
        read_table(name, content)


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+47 123", "'+47 123"),
        ("-1+2", "'-1+2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("plain text", "plain text"),
        ("ok;=1+1", "ok;'=1+1"),
        ("Kari,@SUM(A1)", "Kari,'@SUM(A1)"),
        (-3, -3),
        (4, 4),
    ],
)
def test_cells_a_spreadsheet_would_run_are_written_as_text(value, written):
    assert safe_cell(value) == written


def test_every_cell_of_a_written_csv_is_neutralised():
    out = io.StringIO()
    write_csv(out, ["=header"], [["=1+1", 5, "ok"]])
    assert out.getvalue().splitlines() == ['"\'=header"', '"\'=1+1","5","ok"']


@pytest.mark.parametrize("separator", [",", ";"])
def test_a_formula_after_a_semicolon_never_becomes_a_cell_of_its_own(separator):
    # Excel with Norwegian settings splits a comma-separated file on semicolons.
    out = io.StringIO()
    write_csv(out, ["evidence", "reviewer"], [["ok;=1+1", "Kari;@SUM(A1)"]])
    for line in out.getvalue().splitlines():
        for cell in next(csv.reader([line], delimiter=separator)):
            assert not cell.startswith(("=", "+", "-", "@")), cell


def test_excels_plain_csv_in_windows_1252_with_its_separator_line_is_read():
    content = "sep=;\r\nsite_code;summary\r\nips-tromso;Bra arbeid i Tromsø, også på Ørnes\r\n"
    table = read_table("eldre.csv", content.encode("cp1252"))
    assert table.header == ["site_code", "summary"]
    assert [row.values for row in table.rows] == [
        {"site_code": "ips-tromso", "summary": "Bra arbeid i Tromsø, også på Ørnes"}
    ]
