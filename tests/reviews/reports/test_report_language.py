"""A report is in its site's report language, whoever writes it: nothing English in a
Norwegian report, even when an English-speaking reviewer opened everything first."""

import re
import shutil
import subprocess

import polib
import pytest
from django.conf import settings
from django.urls import reverse

from reviews.rating import services as rating_services
from reviews.rating.models import Review
from reviews.reports import services as report_services
from sites.models import RegionPolicy
from tests import factories
from tests.conftest import skip_or_fail
from tests.reviews.reports.test_reports import pdf_bytes, the_report

pytestmark = pytest.mark.django_db


def english_phrases() -> set[str]:
    """Every phrase of the app's catalogue whose Norwegian differs, long enough to be
    telling, with its placeholders cut out; and the scale's English item and band names."""
    catalogue = polib.pofile(str(settings.BASE_DIR / "locale/nb/LC_MESSAGES/django.po"))
    phrases = set()
    for entry in catalogue:
        if entry.msgstr and entry.msgstr != entry.msgid:
            for part in re.split(r"%\(\w+\)\w|%s|\{\{.*?\}\}", entry.msgid):
                if len(part.strip()) >= 12:
                    phrases.add(" ".join(part.split()))
    return phrases


def pdf_text(data: bytes, tmp_path) -> str:
    if shutil.which("pdftotext") is None:
        skip_or_fail("needs poppler's pdftotext (Debian package poppler-utils)")
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return " ".join(text.split())


@pytest.fixture
def english_reviewer(reviewer_a):
    reviewer_a.language = "en"
    reviewer_a.save()
    return reviewer_a


def test_a_norwegian_report_opened_first_in_english_has_no_english(
    client, site, english_reviewer, reviewer_b, tmp_path, django_capture_on_commit_callbacks
):
    review = factories.scheduled_review(site, english_reviewer, reviewer_b)
    factories.rate_all(review, english_reviewer, [3] * 20 + [2] * 5, submit=True)
    factories.rate_all(review, reviewer_b, [3] * 20 + [4] * 5, submit=True)
    client.force_login(english_reviewer)
    client.post(reverse("reviews:consensus_accept_agreed", args=[review.pk]))
    for number in range(21, 26):
        client.post(
            reverse("reviews:consensus_save", args=[review.pk, number]),
            {"score": "3", "recommendation": "Flere arbeidsgiverkontakter hver uke."},
        )
    client.post(reverse("reviews:consensus_complete", args=[review.pk]), {"confirm": "on"})
    rating_services.consensus_complete(actor=reviewer_b, review=review)  # b confirms
    review.refresh_from_db()
    assert review.status == Review.Status.REPORT, review.status
    assert "Next step" not in review.recommendations
    page = client.get(reverse("reviews:report", args=[review.pk]))  # English page first
    assert page.status_code == 200
    client.post(
        reverse("reviews:report", args=[review.pk]),
        {
            "summary": "Teamet har kommet godt i gang.",
            "strengths": "Tett samarbeid.",
            "recommendations": review.recommendations,
            "version": review.report_text_version,
        },
    )
    review.refresh_from_db()
    report_services.report_mark_ready(actor=english_reviewer, review=review)
    with django_capture_on_commit_callbacks(execute=True):
        factories.sign_off_both(review, english_reviewer, reviewer_b)

    text = pdf_text(pdf_bytes(the_report(review)), tmp_path)
    english = {p for p in english_phrases() if p in text}
    items = review.scale.items.all()
    english |= {i.name_en for i in items if i.name_en != i.name_nb and i.name_en in text}
    assert english == set()
    assert "Neste steg (skår 4)" in text


@pytest.mark.parametrize("shared", [False, True])
def test_the_reviewers_agreement_is_in_the_report_only_if_the_region_shares_it(
    site, reviewer_a, reviewer_b, tmp_path, shared, django_capture_on_commit_callbacks
):
    RegionPolicy.objects.update_or_create(
        region=site.region, defaults={"report_shows_agreement": shared}
    )
    review = factories.ready_report(
        factories.scheduled_review(site, reviewer_a, reviewer_b), reviewer_a, reviewer_b
    )
    with django_capture_on_commit_callbacks(execute=True):
        factories.sign_off_both(review, reviewer_a, reviewer_b)
    text = pdf_text(pdf_bytes(the_report(review)), tmp_path)
    assert ("Samsvar mellom evaluatorene" in text) is shared
    assert ("kappa" in text) is shared
