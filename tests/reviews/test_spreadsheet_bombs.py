"""Attacks on the table reader: small files that unpack to millions of rows or
cells are refused as soon as they are seen to be such, with a message, before
they are read in full."""

import io
import zipfile

import openpyxl
import pytest

from reviews.spreadsheets import MAX_ROWS, TableError, read_table

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def english(settings):
    settings.LANGUAGE_CODE = "en"


def workbook_with_sheet(sheet_xml_parts) -> bytes:
    """A real XLSX file whose first sheet's XML is written part by part (streamed
    into the zip, as an attacker's tool would), so a million rows cost little."""
    workbook = openpyxl.Workbook()
    workbook.active.append(["site_code"])
    plain = io.BytesIO()
    workbook.save(plain)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(plain) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb,
    ):
        for member in source.infolist():
            if member.filename == "xl/worksheets/sheet1.xml":
                with bomb.open(member.filename, "w", force_zip64=True) as sheet:
                    for part in sheet_xml_parts:
                        sheet.write(part)
            else:
                bomb.writestr(member, source.read(member))
    return out.getvalue()


def sheet_of(rows):
    yield b'<?xml version="1.0" encoding="UTF-8"?>'
    yield b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    yield b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>site_code</t></is></c></row>'
    yield from rows
    yield b"</sheetData></worksheet>"


def test_a_small_workbook_of_a_million_rows_is_refused_unread():
    rows = (b"<row><c><v>1</v></c></row>" for _ in range(1_000_000))
    content = workbook_with_sheet(sheet_of(rows))
    assert len(content) < 200_000  # small on the way in
    with pytest.raises(TableError, match="too large when unpacked"):
        read_table("bomb.xlsx", content)


def test_a_workbook_of_more_rows_than_an_import_holds_is_refused_before_it_is_opened():
    rows = (b"<row><c><v>1</v></c></row>" for _ in range(MAX_ROWS + 10))
    with pytest.raises(TableError, match=f"more than {MAX_ROWS:,} rows"):
        read_table("long.xlsx", workbook_with_sheet(sheet_of(rows)))


def test_a_million_empty_rows_count_too():
    rows = (b"<row/>" for _ in range(1_000_000))
    with pytest.raises(TableError, match="rows: split it"):
        read_table("empty.xlsx", workbook_with_sheet(sheet_of(rows)))


def test_a_workbook_that_unpacks_to_more_than_an_import_holds_is_refused_unopened():
    padding = (b" " * 1_000_000 for _ in range(40))  # 40 MB of nothing, a few kB zipped
    content = workbook_with_sheet(sheet_of(padding))
    assert len(content) < 200_000
    with pytest.raises(TableError, match="too large when unpacked"):
        read_table("padded.xlsx", content)


def test_a_row_as_wide_as_a_sheet_gets_no_further_than_the_columns_read():
    cells = b"".join(b'<c r="%s2"><v>1</v></c>' % column for column in (b"A", b"B", b"XFD"))
    table = read_table(
        "wide.xlsx", workbook_with_sheet(sheet_of([b'<row r="2">' + cells + b"</row>"]))
    )
    assert table.header == ["site_code"] and len(table.rows) == 1


def test_a_csv_of_too_many_lines_is_refused():
    with pytest.raises(TableError, match="rows: split it"):
        read_table("long.csv", b"site_code\n" + b"\n" * (MAX_ROWS + 5))


def test_a_csv_field_longer_than_the_reader_takes_is_a_message_not_an_error():
    with pytest.raises(TableError, match="not a readable CSV"):
        read_table("long-field.csv", b'site_code\n"' + b"x" * 200_000 + b'"\n')


@pytest.mark.django_db
def test_a_site_leaders_row_bomb_on_the_outcomes_page_is_a_message_and_changes_nothing(
    english_client, site, site_leader
):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from reviews.outcomes.models import EmploymentOutcome

    rows = (b"<row/>" for _ in range(300_000))  # 44 KB in the report that found it
    bomb = SimpleUploadedFile("q.xlsx", workbook_with_sheet(sheet_of(rows)))
    english_client.force_login(site_leader)
    response = english_client.post(
        reverse("reviews:outcomes_import"), {"file": bomb, "import": "1"}
    )
    assert response.status_code == 400
    assert "rows: split it in parts" in response.content.decode()
    assert not EmploymentOutcome.objects.exists()
