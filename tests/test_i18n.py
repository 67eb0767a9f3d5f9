"""Norwegian Bokmål is complete, compiled, and what a visitor gets by default;
Nynorsk is a third language whose gaps are filled with Bokmål."""

import re
from datetime import date, datetime
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format, number_format

LOCALE = Path(settings.BASE_DIR) / "locale"
PO_FILE = LOCALE / "nb" / "LC_MESSAGES" / "django.po"
CATALOGUES = [LOCALE / language / "LC_MESSAGES" / "django.po" for language in ("nb", "nn")]


def test_every_message_has_a_norwegian_translation():
    po = polib.pofile(str(PO_FILE))
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []


def test_no_guess_stands_in_the_nynorsk_catalogue():
    # A fuzzy entry is makemessages' guess from a similar string; shown as if it
    # were translated, it would say something else. Bokmål is the better stand-in.
    po = polib.pofile(str(LOCALE / "nn" / "LC_MESSAGES" / "django.po"))
    assert [e.msgid for e in po.fuzzy_entries()] == []


@pytest.mark.parametrize("po_file", CATALOGUES, ids=lambda path: path.parts[-3])
def test_the_compiled_catalogue_matches_the_translations(po_file):
    po = {
        (e.msgid, e.msgstr or tuple(e.msgstr_plural.values()))
        for e in polib.pofile(str(po_file))
        if e.translated()
    }
    mo = {
        (e.msgid, e.msgstr or tuple(e.msgstr_plural.values()))
        for e in polib.mofile(str(po_file.with_suffix(".mo")))
        if e.msgid
    }
    assert po == mo, "run: manage.py compilemessages -l nb -l nn --ignore=.venv"


@pytest.mark.parametrize("po_file", CATALOGUES, ids=lambda path: path.parts[-3])
def test_placeholders_survive_translation(po_file):
    for entry in polib.pofile(str(po_file)):
        wanted = set(re.findall(r"%\(\w+\)[sd]", entry.msgid + entry.msgid_plural))
        for translated in [entry.msgstr, *entry.msgstr_plural.values()]:
            if translated:
                found = set(re.findall(r"%\(\w+\)[sd]", translated))
                # A singular may say "one" instead of its count.
                assert found <= wanted and (wanted - found) <= {"%(counter)s", "%(count)s"}, (
                    entry.msgid
                )


@pytest.mark.parametrize(
    ("language", "expected"),
    [("nb", "Mine evalueringer"), ("nn", "Evalueringane mine"), ("en", "My reviews")],
)
def test_the_home_page_speaks_the_users_language(client, reviewer_a, review, language, expected):
    reviewer_a.language = language
    reviewer_a.save()
    client.force_login(reviewer_a)
    page = client.get(reverse("home")).content.decode()
    assert expected in page
    assert f'<html lang="{language}">' in page


def test_norwegian_dates_use_norwegian_month_names():
    with translation.override("nb"):
        assert date_format(date(2026, 12, 1), "DATE_FORMAT") == "1. desember 2026"


@pytest.mark.parametrize(
    ("language", "short", "long", "stamp"),
    [
        ("en", "27/11/2026", "27 November 2026", "27/11/2026 08:23"),
        ("nb", "27.11.2026", "27. november 2026", "27.11.2026 08:23"),
        ("nn", "27.11.2026", "27. november 2026", "27.11.2026 08:23"),
    ],
)
def test_dates_are_day_month_year_with_a_24_hour_clock_in_every_language(
    language, short, long, stamp
):
    with translation.override(language):
        assert date_format(date(2026, 11, 27), "SHORT_DATE_FORMAT") == short
        assert date_format(date(2026, 11, 27)) == long
        assert date_format(datetime(2026, 11, 27, 8, 23), "SHORT_DATETIME_FORMAT") == stamp
        assert "a.m." not in date_format(datetime(2026, 11, 27, 8, 23), "DATETIME_FORMAT")


@pytest.mark.parametrize(("language", "written"), [("nb", "3,7"), ("nn", "3,7"), ("en", "3.7")])
def test_decimals_are_written_with_the_languages_mark(language, written):
    with translation.override(language):
        assert number_format(3.7, 1) == written


def test_a_scale_text_not_yet_in_nynorsk_is_shown_in_bokmal(db):
    from reviews.scale.models import ScaleItem

    item = ScaleItem.objects.filter(scale__code="IPS-25").first()
    with translation.override("nn"):
        assert item.name == (item.name_nn or item.name_nb)
    item.name_nn = ""
    with translation.override("nn"):
        assert item.name == item.name_nb
    with translation.override("en"):
        assert item.name == item.name_en
