"""A report is in its site's report language, whoever writes it: nothing English in a
Norwegian report, even when an English-speaking reviewer opened everything first."""

import re
import shutil
import subprocess
from datetime import date

import polib
import pytest
from django.conf import settings
from django.urls import reverse

from reviews.rating import services as rating_services
from reviews.rating.models import Review
from reviews.reports import services as report_services
from reviews.reports.selectors import report_text_of
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
    for number in range(1, 26):
        client.post(
            reverse("reviews:consensus_save", args=[review.pk, number]),
            {"score": "3", "recommendation": f"Punkt {number}: flere arbeidsgiverkontakter."},
        )
    client.post(reverse("reviews:consensus_complete", args=[review.pk]), {"confirm": "on"})
    rating_services.consensus_complete(actor=reviewer_b, review=review)  # b confirms
    review.refresh_from_db()
    assert review.status == Review.Status.REPORT, review.status
    page = client.get(reverse("reviews:report", args=[review.pk]))  # English page first
    assert page.status_code == 200
    client.post(
        reverse("reviews:report", args=[review.pk]),
        {
            "summary": "Teamet har kommet godt i gang.",
            "strengths": "Tett samarbeid.",
            "priority_1": "21",
            "priority_2": "7",
            "version": report_text_of(review).version,
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
    first_page = text.split("Om evalueringen", 1)[0]
    assert "Prioriterte anbefalinger" in first_page
    assert first_page.index("Punkt 21:") < first_page.index("Punkt 7:")


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


# What the same review's report must say in each language, and must not.
WORDS = {
    "nb": [
        "Totalskår 99 av 125",
        "Rimelig modelltro",
        "Prioriterte anbefalinger",
        "Styrker",
        "Oppfølging",
    ],
    "nn": [
        "Totalskår 99 av 125",
        "Rimeleg modelltru",
        "Prioriterte tilrådingar",
        "Styrkar",
        "Oppfølging",
    ],
    "en": ["Total 99 of 125: Fair fidelity", "Prioritised recommendations", "Strengths"],
}
NEVER = {"nb": ["modelltru", "tilråding"], "nn": ["modelltro ", "anbefaling"], "en": ["Totalskår"]}


def repeated_sentences(text: str, *, longer_than: int = 29, times: int = 2) -> dict[str, int]:
    """Sentences (split at . ! ? and at line ends) of 30 characters or more printed more
    than twice: the mark of text a machine wrote, not two reviewers."""
    found = {}
    # Read both ways: line by line as pdftotext lays it out, and as running text.
    for pieces in (text.splitlines(), [" ".join(text.split())]):
        counts: dict[str, int] = {}
        for piece in pieces:
            for sentence in re.split(r"(?<=[.!?])\s+", piece):
                sentence = " ".join(sentence.split())
                if len(sentence) > longer_than:
                    counts[sentence] = counts.get(sentence, 0) + 1
        found.update({sentence: n for sentence, n in counts.items() if n > times})
    return found


def test_a_sentence_printed_three_times_is_found():
    line = "Work on this item in the action plan."
    assert repeated_sentences(f"{line}\n{line} {line}") == {line: 3}
    assert repeated_sentences(f"{line}\n{line}") == {}


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_the_same_review_reads_right_in_bokmal_nynorsk_and_english(
    earlier, site, reviewer_a, reviewer_b, tmp_path, language, django_capture_on_commit_callbacks
):
    site.report_language = language
    site.save()
    review = factories.scheduled_review(site, reviewer_a, reviewer_b)
    factories.rate_all(review, reviewer_a, 4, submit=True)
    factories.rate_all(review, reviewer_b, 4, submit=True)
    scores = [4] * 24 + [3]  # 99: fair fidelity, one short of good
    for item, score in zip(review.scale.items.order_by("number"), scores, strict=True):
        rating_services.consensus_save(
            actor=reviewer_a,
            review=review,
            item=item,
            score=score,
            rationale="",
            recommendation=""
            if score == 5
            else f"Item {item.number}: two more employer contacts each week, planned on Mondays.",
            expected_version=None,
        )
    factories.complete_consensus(review, reviewer_a, reviewer_b)
    report_services.report_save(
        actor=reviewer_a,
        review=review,
        summary="The team has come a long way since the last review and works closely.",
        strengths="The employment specialists sit with the treatment teams every week.",
        priorities=[3, 1, 7],
    )
    report_services.report_mark_ready(actor=reviewer_b, review=review)
    with django_capture_on_commit_callbacks(execute=True):
        factories.sign_off_both(review, reviewer_a, reviewer_b)
    report = the_report(review)
    assert report.language == language
    if shutil.which("pdftotext") is None:
        skip_or_fail("needs poppler's pdftotext (Debian package poppler-utils)")
    raw = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf_bytes(report), capture_output=True, check=True
    ).stdout.decode()
    text = " ".join(raw.split())
    for word in WORDS[language]:
        assert word in text, word
    for word in NEVER[language]:
        assert word not in text, word
    assert "troskap" not in text.lower()
    assert repeated_sentences(raw) == {}
    assert "Bring every caseload down to twenty participants." in text  # the plan followed up
    # The reviewers' priorities on the first page, in their order.
    first_page = raw.split("\f", 1)[0]
    assert first_page.index("Item 3:") < first_page.index("Item 1:") < first_page.index("Item 7:")


@pytest.fixture
def earlier(site, reviewer_a, reviewer_b, site_leader):
    """The site's previous review with an action plan: the report's follow-up has rows."""
    from reviews.followup import services as followup_services
    from tests.reviews.followup.helpers import at, published_review

    review = published_review(
        site, reviewer_a, reviewer_b, visit=date(2026, 2, 1), signed_at=at(date(2026, 3, 2))
    )
    followup_services.action_plan_create(
        actor=site_leader,
        review=review,
        actions=[
            followup_services.ActionDraft(
                1, "Bring every caseload down to twenty participants.", "", "", date(2026, 6, 1)
            )
        ],
    )
    return review
