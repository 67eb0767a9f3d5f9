"""Norwegian Bokmål is complete, compiled, and what a visitor gets by default."""

import re
from datetime import date, datetime
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

PO_FILE = Path(settings.BASE_DIR) / "locale" / "nb" / "LC_MESSAGES" / "django.po"
MO_FILE = PO_FILE.with_suffix(".mo")


def test_every_message_has_a_norwegian_translation():
    po = polib.pofile(str(PO_FILE))
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []


def test_the_compiled_catalogue_matches_the_translations():
    po = {
        (e.msgid, e.msgstr or tuple(e.msgstr_plural.values())) for e in polib.pofile(str(PO_FILE))
    }
    mo = {
        (e.msgid, e.msgstr or tuple(e.msgstr_plural.values()))
        for e in polib.mofile(str(MO_FILE))
        if e.msgid
    }
    assert po == mo, "run: manage.py compilemessages -l nb --ignore=.venv"


def test_placeholders_survive_translation():
    for entry in polib.pofile(str(PO_FILE)):
        wanted = set(re.findall(r"%\(\w+\)[sd]", entry.msgid + entry.msgid_plural))
        for translated in [entry.msgstr, *entry.msgstr_plural.values()]:
            if translated:
                found = set(re.findall(r"%\(\w+\)[sd]", translated))
                # A singular may say "one" instead of its count.
                assert found <= wanted and (wanted - found) <= {"%(counter)s", "%(count)s"}, (
                    entry.msgid
                )


@pytest.mark.parametrize(
    ("language", "expected"), [("nb", "Mine evalueringer"), ("en", "My reviews")]
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
    ],
)
def test_dates_are_day_month_year_with_a_24_hour_clock_in_both_languages(
    language, short, long, stamp
):
    with translation.override(language):
        assert date_format(date(2026, 11, 27), "SHORT_DATE_FORMAT") == short
        assert date_format(date(2026, 11, 27)) == long
        assert date_format(datetime(2026, 11, 27, 8, 23), "SHORT_DATETIME_FORMAT") == stamp
        assert "a.m." not in date_format(datetime(2026, 11, 27, 8, 23), "DATETIME_FORMAT")
