"""No text typed into the app may hold a national identity number: every field
people type into refuses one, in its form and on every save, so that a rule
checked in one field cannot be missed in its siblings."""

import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db.models import CharField, TextField

import ipsfidelity
import reviews
import sites
from ipsfidelity.text import no_identity_number
from tests import factories

NUMBER = "08 10 69 133 40"  # written in groups: it passed the old check

# Text fields that are not typed by people, or are checked where they come in.
NOT_TYPED = {
    "accounts.User": {"password", "email"},
    "accounts.ApiToken": {"token_key", "digest"},
    "accounts.MailOptOut": {"kind"},  # a template's name, from a fixed list
    "sites.Region": {"code", "email"},
    "sites.Site": {"code"},
    # Chosen from the current scales' codes, never typed.
    "reviews.SiteScaleChoice": {"code"},
    "sites.Invitation": {"email", "token_hash"},
    "sites.RegionPolicy": {"reminder_days"},
    "sites.ReviewerProfile": {"calendar_token"},
    # Scales come from files an administrator checks and loads (load_scale --check).
    "reviews.FidelityScale": {
        "code", "version", "name_en", "name_nb", "name_nn", "note_en", "note_nb", "note_nn",
        "source_file",
    },
    "reviews.ScaleBand": {"code", "name_en", "name_nb", "name_nn"},
    "reviews.ScaleSection": {"code", "name_en", "name_nb", "name_nn"},
    "reviews.ScaleItem": {
        "code", "name_en", "name_nb", "name_nn", "measures_en", "measures_nb", "measures_nn",
    },
    "reviews.ItemAnchor": {"text_en", "text_nb", "text_nn"},
    "reviews.ScaleComponent": {"code", "name_en", "name_nb", "name_nn"},
    "reviews.ImportRecord": {"imported_from"},  # the uploaded file's name
    "reviews.ReviewSummary": {"band_code", "item_scores"},
    "reviews.EmploymentOutcome": {"imported_from"},
    "reviews.Report": {
        "failure_reason", "language", "verification_code", "sha256", "band_code",
        "certificate_subject", "certificate_pem", "certificate_sha256",
    },
}  # fmt: skip


def typed_model_fields():
    for model in apps.get_models():
        label = model._meta.label
        if model._meta.app_label not in ("accounts", "sites", "reviews"):
            continue
        if label.endswith("Event") or model._meta.auto_created:
            continue  # the audit history's copies
        for field in model._meta.concrete_fields:
            text = isinstance(field, CharField | TextField) and not field.choices
            if text and field.name not in NOT_TYPED.get(label, set()):
                yield label, field


def test_every_field_people_type_into_refuses_an_identity_number():
    unguarded = [
        f"{label}.{field.name}"
        for label, field in typed_model_fields()
        if no_identity_number not in field.validators
    ]
    assert unguarded == []


# Form fields that hold no text to keep: passwords, searches, codes to look up.
FORM_FIELDS_NOT_KEPT = {"password", "password1", "password2", "q", "next", "code", "login"}


def project_forms():
    for package in (ipsfidelity, sites, reviews):
        for module_info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            if ".migrations" in module_info.name or not module_info.name.endswith("forms"):
                continue
            module = importlib.import_module(module_info.name)
            for _name, cls in inspect.getmembers(module, inspect.isclass):
                if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                    yield cls


def guarded(form, name, field) -> bool:
    if no_identity_number in field.validators or name in FORM_FIELDS_NOT_KEPT:
        return True
    model = getattr(getattr(form, "_meta", None), "model", None)
    if model is None:
        return False
    # A ModelForm checks its model's validators (the test above) when it cleans.
    model_field = model._meta.get_field(name)
    return no_identity_number in model_field.validators or name in NOT_TYPED.get(
        model._meta.label, set()
    )


def test_every_text_field_of_every_form_refuses_an_identity_number():
    found = list(project_forms())
    assert len(found) > 20
    unguarded = [
        f"{form.__module__}.{form.__name__}.{name}"
        for form in found
        for name, field in form.base_fields.items()
        if type(field) is forms.CharField and not guarded(form, name, field)
    ]
    assert unguarded == []


@pytest.mark.django_db
def test_no_path_around_the_forms_saves_one(site, reviewer_a, reviewer_b):
    from reviews.reports.models import ReportText

    review = factories.scheduled_review(site, reviewer_a, reviewer_b)
    with pytest.raises(ValidationError) as refused:
        ReportText(review=review, summary=f"Klient {NUMBER} fikk jobb").save()
    assert "summary" in refused.value.message_dict
    site.name = f"IPS {NUMBER}"
    with pytest.raises(ValidationError):
        site.save()


# Attacks through the pages: a clear message, and nothing changes ----------------


@pytest.fixture
def in_report(site, reviewer_a, reviewer_b):
    from reviews.rating import services

    review = factories.scheduled_review(site, reviewer_a, reviewer_b)
    factories.rate_all(review, reviewer_a, 5, submit=True)
    factories.rate_all(review, reviewer_b, 5, submit=True)
    services.consensus_accept_agreed(actor=reviewer_a, review=review)
    services.consensus_complete(actor=reviewer_a, review=review)
    return services.consensus_complete(actor=reviewer_b, review=review)


@pytest.mark.django_db
def test_consensus_rationale_and_recommendation_refuse_a_number(
    english_client, site, reviewer_a, reviewer_b
):
    from django.urls import reverse

    from reviews.rating.models import ConsensusScore

    review = factories.scheduled_review(site, reviewer_a, reviewer_b)
    factories.rate_all(review, reviewer_a, 3, submit=True)
    factories.rate_all(review, reviewer_b, 4, submit=True)
    english_client.force_login(reviewer_a)
    url = reverse("reviews:consensus_save", args=[review.pk, 1])
    for field in ("rationale", "recommendation"):
        data = {"score": "3", "rationale": "ok", "recommendation": "Fewer clients per ES"}
        data[field] = f"Klient {NUMBER}"
        response = english_client.post(url, data, HTTP_HX_REQUEST="true")
        assert response.status_code == 422, field
        assert "national identity number" in response.content.decode()
        assert f"Klient {NUMBER}" in response.content.decode()  # what was typed stays
    assert not ConsensusScore.objects.exists()


@pytest.mark.django_db
def test_the_report_text_refuses_a_number(english_client, in_report, reviewer_a):
    from django.urls import reverse

    english_client.force_login(reviewer_a)
    for field in ("summary", "strengths"):
        data = {"summary": "S", "strengths": "T", "version": "1"}
        data[field] = f"Som klient {NUMBER} sa"
        response = english_client.post(reverse("reviews:report", args=[in_report.pk]), data)
        assert response.status_code == 400, field
        assert "national identity number" in response.content.decode()
    from reviews.reports.models import ReportText

    assert not ReportText.objects.filter(review=in_report).exists()


@pytest.mark.django_db
def test_site_and_team_names_refuse_a_number(english_client, coordinator, site):
    from django.urls import reverse

    from sites.models import Team

    english_client.force_login(coordinator)
    response = english_client.post(
        reverse("sites:team_create", args=[site.pk]), {"name": f"Team {NUMBER}"}
    )
    assert "national identity number" in response.content.decode()
    assert not Team.objects.filter(site=site).exists()
    page = english_client.get(reverse("sites:site_edit", args=[site.pk]))
    data = {
        key: value
        for key, value in page.context["form"].initial.items()
        if value is not None and not hasattr(value, "pk")
    }
    data.update(name=f"IPS {NUMBER}", region=site.region_id)
    response = english_client.post(reverse("sites:site_edit", args=[site.pk]), data)
    assert "national identity number" in response.content.decode()
    site.refresh_from_db()
    assert site.name == "IPS Tromsø"


@pytest.mark.django_db
def test_the_import_refuses_a_summary_with_a_number(site, scale):
    from reviews.history.services import import_reviews
    from sites.models import Site

    header = "site_code,visit_date,kind,scale,summary," + ",".join(
        f"item_{n:02d}" for n in range(1, 26)
    )
    row = f"{site.code},2019-05-02,external,IPS-25,Klient {NUMBER}," + ",".join(["3"] * 25)
    result = import_reviews(
        filename="earlier.csv", content=f"{header}\n{row}\n".encode(), sites=Site.objects.all()
    )
    assert not result.written
    assert any("summary" in message for row in result.errors for message in row.messages)
