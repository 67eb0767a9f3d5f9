"""Coordinators invite people into roles of their regions; invitations are single-use links."""

import re
import uuid
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sites import people_services
from sites.models import Invitation, Membership, Role
from sites.services import NotAllowed
from tests import factories

# Real commits, so the mails queued after commit go out during the test.
pytestmark = pytest.mark.django_db(transaction=True)
User = get_user_model()


def invite(visitor, region, **fields):
    data = {"email": "ny.evaluator@example.no", "full_name": "Nina Ny", "role": "reviewer"}
    data.setdefault("language", "nb")
    return visitor.post(reverse("sites:region_people", args=[region.pk]), {**data, **fields})


@pytest.fixture
def visitor():
    """Someone not logged in, opening the link from the mail."""
    return Client(HTTP_ACCEPT_LANGUAGE="en")


def link_in(message) -> str:
    return re.search(r"http://\S+/invitations/\S+/", message.body).group(0)


def accept_data(**changes):
    data = {
        "full_name": "Nina Ny",
        "language": "en",
        "password1": "a long and private phrase",
        "password2": "a long and private phrase",
    }
    return {**data, **changes}


def test_a_coordinator_invites_a_reviewer_who_accepts_with_a_password(
    english_client, visitor, coordinator, region
):
    english_client.force_login(coordinator)
    response = invite(english_client, region, language="nb")
    assert response.status_code == 302
    invitation = Invitation.objects.get(email="ny.evaluator@example.no")
    assert invitation.is_open and invitation.role == Role.REVIEWER and invitation.region == region
    [message] = mail.outbox
    assert message.to == ["ny.evaluator@example.no"]
    assert "inviterer deg" in message.body  # in the language chosen for the invitation
    url = link_in(message)
    page = visitor.get(url)
    assert page.status_code == 200 and "ny.evaluator@example.no" in page.content.decode()

    response = visitor.post(url, accept_data())
    assert response.status_code == 302 and response.url == reverse("home")
    user = User.objects.get(email="ny.evaluator@example.no")
    assert user.full_name == "Nina Ny" and user.language == "en"
    assert user.check_password("a long and private phrase")
    assert Membership.objects.filter(user=user, role=Role.REVIEWER, region=region).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_by == user and not invitation.is_open
    # Logged in at once, and the link cannot be used again.
    assert visitor.get(reverse("home")).status_code == 200
    visitor.logout()
    reused = visitor.get(url)
    assert reused.status_code == 410 and "already been used" in reused.content.decode()


def test_a_site_leader_is_invited_to_one_site_of_the_region(english_client, coordinator, site):
    english_client.force_login(coordinator)
    invite(english_client, site.region, role="site_leader", site=site.pk)
    invitation = Invitation.objects.get()
    assert (invitation.site, invitation.region) == (site, None)


def selected_option(page: str, name: str) -> str | None:
    select = re.search(rf'<select name="{name}".*?</select>', page, re.S).group(0)
    chosen = re.search(r'<option value="([^"]*)"[^>]*\bselected\b', select)
    return chosen.group(1) if chosen else None


def test_the_site_page_links_to_inviting_its_leader_with_the_role_and_site_chosen(
    english_client, coordinator, site
):
    factories.SiteFactory(region=site.region, name="IPS Alta")
    english_client.force_login(coordinator)
    page = english_client.get(reverse("sites:site_detail", args=[site.pk])).content.decode()
    link = re.search(r'<a [^>]*href="([^"]+)"[^>]*>Invite a site leader</a>', page)
    assert link, "the site page offers to invite its leader"
    href = link.group(1).replace("&amp;", "&")
    assert href.startswith(reverse("sites:region_people", args=[site.region_id]))
    form = english_client.get(href).content.decode()
    assert selected_option(form, "role") == "site_leader"
    assert selected_option(form, "site") == str(site.pk)
    # Without the link's choices, the form starts as before.
    plain = english_client.get(reverse("sites:region_people", args=[site.region_id]))
    assert selected_option(plain.content.decode(), "site") in (None, "")


def test_only_those_who_may_invite_see_the_invite_link(
    english_client, site_leader, site, other_region
):
    other_coordinator = factories.coordinator(other_region)
    for person in (site_leader, other_coordinator):
        english_client.force_login(person)
        response = english_client.get(reverse("sites:site_detail", args=[site.pk]))
        assert "Invite a site leader" not in response.content.decode()
    english_client.force_login(factories.national_admin())
    page = english_client.get(reverse("sites:site_detail", args=[site.pk])).content.decode()
    assert "Invite a site leader" in page


def test_an_expired_or_withdrawn_link_says_so_and_creates_nothing(
    english_client, visitor, coordinator, region
):
    english_client.force_login(coordinator)
    invite(english_client, region, language="en")
    url = link_in(mail.outbox[-1])
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    expired = visitor.post(url, accept_data())
    assert expired.status_code == 410 and "has expired" in expired.content.decode()
    invitation = Invitation.objects.get()
    english_client.post(reverse("sites:invitation_revoke", args=[invitation.pk]))
    withdrawn = visitor.get(url)
    assert withdrawn.status_code == 410 and "was withdrawn" in withdrawn.content.decode()
    assert not User.objects.filter(email="ny.evaluator@example.no").exists()


def test_a_new_link_replaces_the_old_one(english_client, visitor, coordinator, region):
    english_client.force_login(coordinator)
    invite(english_client, region, language="en")
    old = link_in(mail.outbox[-1])
    invitation = Invitation.objects.get()
    english_client.post(reverse("sites:invitation_resend", args=[invitation.pk]))
    new = link_in(mail.outbox[-1])
    assert new != old
    assert visitor.get(old).status_code == 410
    assert visitor.get(new).status_code == 200
    invitation.refresh_from_db()
    assert invitation.send_count == 2


def test_a_second_invitation_to_an_open_address_is_refused(english_client, coordinator, region):
    english_client.force_login(coordinator)
    invite(english_client, region)
    again = invite(english_client, region, role="coordinator")
    assert again.status_code == 400
    assert "already has an open invitation" in again.content.decode()
    assert Invitation.objects.count() == 1 and len(mail.outbox) == 1


def test_another_regions_open_invitation_is_not_revealed_or_offered_to_resend(
    english_client, coordinator, region, other_region
):
    english_client.force_login(coordinator)
    invite(english_client, region)
    english_client.force_login(factories.coordinator(other_region))
    again = invite(english_client, other_region)
    assert again.status_code == 400
    page = again.content.decode()
    assert "open invitation from elsewhere" in page and "resend or revoke" not in page
    assert Invitation.objects.count() == 1


def test_someone_with_an_account_gets_the_role_at_once_and_a_mail(
    english_client, coordinator, region, site_leader
):
    english_client.force_login(coordinator)
    response = invite(english_client, region, email=site_leader.email.upper())
    assert response.status_code == 302
    assert Membership.objects.filter(user=site_leader, role=Role.REVIEWER, region=region).exists()
    assert not Invitation.objects.exists()
    [message] = mail.outbox
    assert message.to == [site_leader.email] and "/" in message.body
    again = invite(english_client, region, email=site_leader.email)
    assert "already has this role here" in again.content.decode()


def test_a_coordinator_cannot_invite_into_another_region_or_make_a_national_admin(
    english_client, coordinator, region, other_region, other_site
):
    english_client.force_login(coordinator)
    assert invite(english_client, other_region).status_code == 404
    foreign_site = invite(english_client, region, role="site_leader", site=other_site.pk)
    assert foreign_site.status_code == 400
    admin = invite(english_client, region, role="national_admin")
    assert admin.status_code == 400
    with pytest.raises(NotAllowed):
        people_services.invitation_create(
            actor=coordinator, email="x@example.no", role="national_admin"
        )
    with pytest.raises(NotAllowed):
        people_services.invitation_create(
            actor=coordinator, email="x@example.no", role="reviewer", region=other_region
        )
    assert not Invitation.objects.exists()


def test_a_national_admin_invites_another_national_admin(english_client, national_admin, region):
    english_client.force_login(national_admin)
    invite(english_client, region, role="national_admin")
    invitation = Invitation.objects.get()
    assert (invitation.role, invitation.region, invitation.site) == ("national_admin", None, None)


def test_another_regions_coordinator_cannot_touch_an_invitation(
    english_client, coordinator, other_region
):
    other = factories.coordinator(other_region)
    invitation = people_services.invitation_create(
        actor=other, email="z@example.no", role="reviewer", region=other_region
    ).invitation
    english_client.force_login(coordinator)
    for name in ("sites:invitation_resend", "sites:invitation_revoke"):
        assert english_client.post(reverse(name, args=[invitation.pk])).status_code == 404
    invitation.refresh_from_db()
    assert invitation.is_open and invitation.send_count == 1


def test_accepting_while_logged_in_needs_the_invited_address(
    english_client, visitor, coordinator, region, outsider
):
    english_client.force_login(coordinator)
    invite(english_client, region, language="en")
    url = link_in(mail.outbox[-1])
    outsider.language = "en"
    outsider.save()
    visitor.force_login(outsider)
    response = visitor.post(url, follow=True)
    assert "but you are logged in as" in response.content.decode()
    assert not Membership.objects.filter(user=outsider).exists()
    assert Invitation.objects.get().is_open


def test_a_weak_password_is_refused_and_nothing_is_created(
    english_client, visitor, coordinator, region
):
    english_client.force_login(coordinator)
    invite(english_client, region, language="en")
    url = link_in(mail.outbox[-1])
    response = visitor.post(url, accept_data(password1="123", password2="123"))
    assert response.status_code == 400
    assert not User.objects.filter(email="ny.evaluator@example.no").exists()
    mismatch = visitor.post(url, accept_data(password2="something else entirely"))
    assert "The two passwords are not the same." in mismatch.content.decode()


def test_invitation_mails_to_one_address_are_throttled(
    english_client, settings, coordinator, region
):
    settings.MAILS_PER_ADDRESS_PER_HOUR = 2
    address = f"flood-{uuid.uuid4().hex}@example.no"
    english_client.force_login(coordinator)
    invite(english_client, region, email=address)
    invitation = Invitation.objects.get()
    english_client.post(reverse("sites:invitation_resend", args=[invitation.pk]))
    refused = english_client.post(
        reverse("sites:invitation_resend", args=[invitation.pk]), follow=True
    )
    assert "several e-mails from us in the last hour" in refused.content.decode()
    invitation.refresh_from_db()
    assert invitation.send_count == 2 and len(mail.outbox) == 2


def test_an_unknown_link_is_not_found_as_an_invitation(visitor, db):
    response = visitor.get(reverse("invitation_accept", args=["not-a-real-token"]))
    assert response.status_code == 410


def test_an_invited_person_accepts_by_signing_in_through_their_organisation(
    english_client, visitor, coordinator, region, organisation_signin
):
    from tests.accounts.test_organisation_signin import sign_in_through_organisation

    english_client.force_login(coordinator)
    invite(english_client, region, email="nina@example.no", full_name="Nina Ny")
    url = link_in(mail.outbox[-1])
    assert "Test organisation" in visitor.get(url).content.decode()
    response = sign_in_through_organisation(visitor, "Nina@Example.no")
    assert response.status_code == 302
    nina = User.objects.get(email="nina@example.no")
    assert visitor.session["_auth_user_id"] == str(nina.pk)
    assert nina.full_name == "Nina Ny" and not nina.has_usable_password()
    assert Membership.objects.filter(user=nina, role=Role.REVIEWER, region=region).exists()
    assert not Invitation.objects.get().is_open


def test_signing_in_with_another_address_than_invited_is_refused(
    english_client, visitor, coordinator, region, organisation_signin
):
    from tests.accounts.test_organisation_signin import sign_in_through_organisation

    english_client.force_login(coordinator)
    invite(english_client, region, email="nina@example.no")
    visitor.get(link_in(mail.outbox[-1]))
    response = sign_in_through_organisation(visitor, "someone.else@example.no")
    assert response.status_code == 403
    assert "but you signed in as someone.else@example.no" in response.content.decode()
    assert not User.objects.filter(
        email__in=["nina@example.no", "someone.else@example.no"]
    ).exists()
    assert Invitation.objects.get().is_open


def test_ending_a_reviewers_role_takes_their_access_and_flags_their_review(
    english_client, coordinator, reviewer_a, reviewer_b, site, scale
):
    from reviews.planning.services import eligible_reviewers

    review = factories.scheduled_review(site, reviewer_a, reviewer_b)
    membership = Membership.objects.get(user=reviewer_a, role=Role.REVIEWER)
    english_client.force_login(coordinator)
    response = english_client.post(
        reverse("sites:membership_end", args=[membership.pk]), follow=True
    )
    assert "no longer has this role" in response.content.decode()
    membership.refresh_from_db()
    assert membership.ended_by == coordinator and membership.ended_at is not None
    assert not Membership.objects.filter(user=reviewer_a).exists()  # only current ones
    assert reviewer_a not in eligible_reviewers(site)
    review_page = english_client.get(reverse("reviews:review_detail", args=[review.pk]))
    assert "needs re-planning" in review_page.content.decode()
    planning = english_client.get(reverse("sites:region_planning", args=[site.region.pk]))
    assert "no longer holds the role" in planning.content.decode()

    reviewer = Client()
    reviewer.force_login(reviewer_a)
    assert reviewer.get(reverse("reviews:review_detail", args=[review.pk])).status_code == 404

    english_client.post(reverse("sites:membership_reactivate", args=[membership.pk]))
    assert Membership.objects.filter(user=reviewer_a, role=Role.REVIEWER).exists()
    assert reviewer.get(reverse("reviews:review_detail", args=[review.pk])).status_code == 200


def test_a_reviewer_becomes_a_coordinator_and_the_reviewer_role_ends(
    english_client, coordinator, reviewer_a, region
):
    membership = Membership.objects.get(user=reviewer_a, role=Role.REVIEWER)
    english_client.force_login(coordinator)
    english_client.post(
        reverse("sites:membership_change_role", args=[membership.pk]), {"role": "coordinator"}
    )
    roles = set(Membership.objects.filter(user=reviewer_a).values_list("role", flat=True))
    assert roles == {Role.COORDINATOR}
    assert Membership.all_objects.filter(user=reviewer_a).count() == 2


def test_roles_outside_ones_regions_and_ones_own_cannot_be_changed(
    english_client, coordinator, region, other_region, national_admin
):
    other = factories.reviewer(other_region)
    foreign = Membership.objects.get(user=other)
    admin = Membership.objects.get(user=national_admin)
    own = Membership.objects.get(user=coordinator)
    english_client.force_login(coordinator)
    for membership in (foreign, admin):
        url = reverse("sites:membership_end", args=[membership.pk])
        assert english_client.post(url).status_code == 404
    refused = english_client.post(reverse("sites:membership_end", args=[own.pk]), follow=True)
    assert "You cannot end your own role" in refused.content.decode()
    assert Membership.objects.filter(pk__in=[foreign.pk, admin.pk, own.pk]).count() == 3


def test_inviting_someone_whose_role_ended_gives_it_back(
    english_client, coordinator, reviewer_a, region
):
    membership = Membership.objects.get(user=reviewer_a, role=Role.REVIEWER)
    people_services.membership_end(actor=coordinator, membership=membership)
    english_client.force_login(coordinator)
    invite(english_client, region, email=reviewer_a.email)
    membership.refresh_from_db()
    assert membership.ended_at is None and not Invitation.objects.exists()


@pytest.mark.parametrize("lent", [False, True])
def test_ending_one_regions_role_flags_its_reviews_even_if_the_other_region_lends(
    english_client, coordinator, reviewer_a, reviewer_b, site, other_region, scale, lent
):
    """The coordinator who ends the role is told its open reviews need new reviewers:
    they do, whatever the reviewer's other regions allow."""
    flagged = True
    from sites.models import RegionPolicy

    Membership.objects.create(user=reviewer_a, role=Role.REVIEWER, region=other_region)
    RegionPolicy.objects.update_or_create(region=other_region, defaults={"lend_reviewers": lent})
    review = factories.scheduled_review(site, reviewer_a, reviewer_b)
    membership = Membership.objects.get(user=reviewer_a, role=Role.REVIEWER, region=site.region)
    english_client.force_login(coordinator)
    english_client.post(reverse("sites:membership_end", args=[membership.pk]))
    review_page = english_client.get(reverse("reviews:review_detail", args=[review.pk]))
    assert ("needs re-planning" in review_page.content.decode()) is flagged
    planning = english_client.get(reverse("sites:region_planning", args=[site.region.pk]))
    assert ("no longer holds the role" in planning.content.decode()) is flagged


def test_someone_with_an_account_who_signs_in_with_another_address_is_told_and_stays_out(
    english_client, visitor, coordinator, region, organisation_signin
):
    """They log in as themselves; the invitation is not theirs and stays open."""
    from tests.accounts.test_organisation_signin import sign_in_through_organisation

    other = factories.UserFactory(email="other@example.no")
    english_client.force_login(coordinator)
    invite(english_client, region, email="nina@example.no")
    visitor.get(link_in(mail.outbox[-1]))
    response = sign_in_through_organisation(visitor, "other@example.no")
    assert response.status_code == 302
    assert visitor.session["_auth_user_id"] == str(other.pk)
    page = visitor.get(response.url).content.decode()
    assert "This invitation is for nina@example.no, but you" in page
    assert Invitation.objects.get().is_open
    assert not Membership.objects.filter(user=other).exists()


def test_an_invited_person_who_uses_the_sign_in_button_instead_of_the_link_gets_in(
    english_client, visitor, coordinator, region, organisation_signin
):
    from tests.accounts.test_organisation_signin import sign_in_through_organisation

    english_client.force_login(coordinator)
    invite(english_client, region, email="nina@example.no", full_name="Nina Ny")
    response = sign_in_through_organisation(visitor, "nina@example.no")
    assert response.status_code == 302
    nina = User.objects.get(email="nina@example.no")
    assert visitor.session["_auth_user_id"] == str(nina.pk)
    assert Membership.objects.filter(user=nina, role=Role.REVIEWER, region=region).exists()
    assert not Invitation.objects.get().is_open


def test_a_lent_reviewer_who_never_held_a_role_here_is_not_flagged(
    english_client, coordinator, reviewer_b, site, other_region, scale
):
    from sites.models import RegionPolicy

    lent = factories.reviewer(other_region)
    RegionPolicy.objects.update_or_create(region=other_region, defaults={"lend_reviewers": True})
    factories.scheduled_review(site, lent, reviewer_b)
    english_client.force_login(coordinator)
    planning = english_client.get(reverse("sites:region_planning", args=[site.region.pk]))
    assert "no longer holds the role" not in planning.content.decode()


def test_someone_with_an_account_accepts_through_their_organisation_from_the_link(
    english_client, visitor, coordinator, region, organisation_signin
):
    from tests.accounts.test_organisation_signin import sign_in_through_organisation

    english_client.force_login(coordinator)
    invite(english_client, region, email="nina@example.no")
    nina = factories.UserFactory(email="nina@example.no")  # an account made meanwhile
    visitor.get(link_in(mail.outbox[-1]))
    response = sign_in_through_organisation(visitor, "nina@example.no")
    assert visitor.session["_auth_user_id"] == str(nina.pk)
    assert "you have a new role" in visitor.get(response.url).content.decode()
    assert Membership.objects.filter(user=nina, role=Role.REVIEWER, region=region).exists()
    assert not Invitation.objects.get().is_open


def test_the_invitation_page_sends_its_address_to_no_other_site(visitor, db):
    # The token is in the address: a Referer to another site (the organisation's
    # sign-in) would carry it into that site's logs. A Referer to this site is
    # needed by the form's check (Origin), and our own log hides the token.
    response = visitor.get(reverse("invitation_accept", args=["not-a-real-token"]))
    assert response["Referrer-Policy"] == "same-origin"
