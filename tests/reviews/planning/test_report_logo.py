"""The resource centre's logo in its reports' header: uploaded by the region's
coordinator, checked and redrawn, refused with a message when it is not a real, modest
PNG or JPEG (sites/logos.py), and printed on the first page of new reports."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from reviews.reports.render import ReportInput, report_html
from sites.logos import LogoRefused, checked_logo
from sites.models import REPORT_LOGO_MAX_BYTES, RegionPolicy
from tests import factories

pytestmark = pytest.mark.django_db


def image(size=(400, 120), fmt="PNG", mode="RGB", colour=(11, 79, 156)) -> bytes:
    out = BytesIO()
    Image.new(mode, size, colour).save(out, format=fmt)
    return out.getvalue()


def upload(client, region, data: bytes, name="logo.png"):
    return client.post(
        reverse("sites:region_report_logo", args=[region.pk]),
        {"logo": SimpleUploadedFile(name, data, content_type="image/png")},
    )


def stored(region) -> bytes:
    policy = RegionPolicy.objects.filter(region=region).first()
    return bytes(policy.report_logo) if policy else b""


def test_a_png_is_redrawn_at_header_size_and_printed_in_new_reports(
    client, region, coordinator, site, reviewer_a, reviewer_b
):
    client.force_login(coordinator)
    response = upload(client, region, image(size=(3000, 1000), fmt="JPEG"))
    assert response.status_code == 302
    logo = stored(region)
    with Image.open(BytesIO(logo)) as drawn:
        assert drawn.format == "PNG" and drawn.size == (900, 300)
    page = client.get(reverse("sites:region_policy", args=[region.pk])).content.decode()
    assert 'src="data:image/png;base64,' in page
    review = factories.ready_report(
        factories.scheduled_review(site, reviewer_a, reviewer_b), reviewer_a, reviewer_b
    )
    html = report_html(ReportInput(review=review, language="nb"))
    assert '<img class="logo" src="data:image/png;base64,' in html
    # Taken out again: reports have the centre's name alone.
    client.post(reverse("sites:region_report_logo", args=[region.pk]), {"remove": "1"})
    assert stored(region) == b""
    assert '<img class="logo"' not in report_html(ReportInput(review=review, language="nb"))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "not a PNG"),
        (image(fmt="GIF", mode="P", colour=1), "must be a PNG or JPEG"),
        (image()[:60], "not a PNG"),  # cut off after the header
        (b"%PDF-1.7\n" + b"0" * 100, "not a PNG"),
    ],
    ids=["svg-with-a-script", "gif", "truncated-png", "pdf"],
)
def test_anything_but_a_readable_png_or_jpeg_is_refused(
    english_client, region, coordinator, data, message
):
    english_client.force_login(coordinator)
    response = upload(english_client, region, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert stored(region) == b""


def test_a_small_file_that_unpacks_to_a_huge_image_is_refused_before_it_is_unpacked():
    # 6000 x 6000 one-bit pixels pack into a few kilobytes and would unpack to 36 million.
    out = BytesIO()
    Image.new("1", (6000, 6000)).save(out, format="PNG")
    assert len(out.getvalue()) < 100_000
    with pytest.raises(LogoRefused, match="5000"):
        checked_logo(out.getvalue())


def test_a_file_over_2_mb_is_refused(client, region, coordinator):
    client.force_login(coordinator)
    response = upload(client, region, b"\x89PNG" + b"0" * (2 * 1024 * 1024 + 1))
    assert response.status_code == 400
    assert stored(region) == b""


def test_a_photograph_is_packed_until_it_fits_what_a_policy_stores():
    noisy = Image.effect_noise((900, 300), 120).convert("RGB")
    out = BytesIO()
    noisy.save(out, format="PNG")
    assert len(out.getvalue()) > REPORT_LOGO_MAX_BYTES
    assert len(checked_logo(out.getvalue())) <= REPORT_LOGO_MAX_BYTES


def test_only_the_regions_coordinator_sets_its_logo(client, region, other_region, reviewer_a):
    client.force_login(reviewer_a)
    assert upload(client, region, image()).status_code in (403, 404)
    client.force_login(factories.coordinator(other_region))
    assert upload(client, region, image()).status_code in (403, 404)
    assert stored(region) == b""
