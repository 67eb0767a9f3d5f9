"""Norwegian Bokmål is complete, compiled, and what a visitor gets by default."""

from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

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
        for placeholder in ("%(site)s", "%(name)s", "%(counter)s"):
            if placeholder in entry.msgid:
                translated = entry.msgstr or " ".join(entry.msgstr_plural.values())
                assert placeholder in translated, entry.msgid


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
    from datetime import date

    from django.utils.formats import date_format

    with translation.override("nb"):
        assert date_format(date(2026, 12, 1), "DATE_FORMAT") == "1. desember 2026"
