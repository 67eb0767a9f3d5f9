"""Which work mails a person gets: each kind they may get in their roles, on or off, and
for a coordinator one weekly digest in place of the single mails about their regions.

Account mails (an invitation, a new role, a password reset) are not listed: they are
always sent. The kinds are the mails' template names (ipsfidelity/accounts/mail.py).
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ipsfidelity.accounts.mail import DIGEST_KINDS
from ipsfidelity.accounts.models import MailOptOut, User
from ipsfidelity.accounts.people import LoggedInRequest
from sites.models import Role
from sites.permissions import scope_of

if TYPE_CHECKING:  # the stubs' lazy-string type; no run-time import
    from django_stubs_ext import StrPromise


@dataclass(frozen=True)
class MailKind:
    kind: str
    label: "StrPromise"
    roles: frozenset[str]


REVIEWER, LEADER, COORDINATOR = Role.REVIEWER, Role.SITE_LEADER, Role.COORDINATOR
MAIL_KINDS = [
    MailKind("review_assigned", gettext_lazy("A review is assigned to me"), frozenset({REVIEWER})),
    MailKind("visit_moved", gettext_lazy("The visit of my review is moved"), frozenset({REVIEWER})),
    MailKind("review_unassigned", gettext_lazy("I am taken off a review"), frozenset({REVIEWER})),
    MailKind(
        "reminder_visit_soon", gettext_lazy("A visit is coming up"), frozenset({REVIEWER, LEADER})
    ),
    MailKind(
        "consensus_ready",
        gettext_lazy("Both ratings are in: consensus can start"),
        frozenset({REVIEWER}),
    ),
    MailKind(
        "consensus_marked_complete",
        gettext_lazy("My co-reviewer marked the consensus complete"),
        frozenset({REVIEWER}),
    ),
    MailKind(
        "report_ready",
        gettext_lazy("A report is ready for my sign-off"),
        frozenset({REVIEWER}),
    ),
    MailKind(
        "reminder_report_overdue",
        gettext_lazy("A report is overdue"),
        frozenset({REVIEWER, COORDINATOR}),
    ),
    MailKind(
        "report_published",
        gettext_lazy("A report is published"),
        frozenset({REVIEWER, LEADER, COORDINATOR}),
    ),
    MailKind("reminder_plan_due", gettext_lazy("An action plan is due"), frozenset({LEADER})),
    MailKind("reminder_action_overdue", gettext_lazy("An action is overdue"), frozenset({LEADER})),
    MailKind(
        "reminder_due_passed",
        gettext_lazy("A review is past its due window"),
        frozenset({COORDINATOR}),
    ),
]


def kinds_for(user: User) -> list[MailKind]:
    roles = scope_of(user).roles
    if Role.NATIONAL_ADMIN in roles:
        roles = roles | {COORDINATOR}
    return [kind for kind in MAIL_KINDS if kind.roles & roles]


class MailSettingsForm(forms.Form):
    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.kinds = kinds_for(user)
        for kind in self.kinds:
            self.fields[kind.kind] = forms.BooleanField(label=kind.label, required=False)
        if COORDINATOR in {r for k in self.kinds for r in k.roles} and (
            scope_of(user).coordinated_regions or scope_of(user).national_admin
        ):
            self.fields["weekly_digest"] = forms.BooleanField(
                label=gettext_lazy("One weekly digest instead of single mails about my regions"),
                help_text=gettext_lazy(
                    "On Monday mornings: what is late or at risk, and the reports published "
                    "that week. It replaces the mails marked (digest)."
                ),
                required=False,
            )

    def kind_fields(self) -> list[tuple[MailKind, forms.BoundField]]:
        return [(kind, self[kind.kind]) for kind in self.kinds]


@transaction.atomic
def mail_settings_save(*, actor: User, wanted: dict[str, bool], weekly_digest: bool) -> None:
    """Turn each listed kind on or off for this person, and the digest."""
    for kind, on in wanted.items():
        if on:
            MailOptOut.objects.filter(user=actor, kind=kind).delete()
        else:
            MailOptOut.objects.get_or_create(user=actor, kind=kind)
    if actor.weekly_digest != weekly_digest:
        actor.weekly_digest = weekly_digest
        actor.save(update_fields=["weekly_digest"])


@login_required
def mail_settings(request: LoggedInRequest) -> HttpResponse:
    user = request.user
    off = set(user.mail_opt_outs.values_list("kind", flat=True))
    initial = {kind.kind: kind.kind not in off for kind in kinds_for(user)}
    initial["weekly_digest"] = user.weekly_digest
    form = MailSettingsForm(request.POST or None, initial=initial, user=user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        mail_settings_save(
            actor=user,
            wanted={kind.kind: data[kind.kind] for kind in form.kinds},
            weekly_digest=data.get("weekly_digest", False),
        )
        messages.success(request, _("Your mail settings are saved."))
        return redirect("reviews:mail_settings")
    return render(
        request,
        "reviews/mail_settings.html",
        {"form": form, "digest_kinds": DIGEST_KINDS},
        status=400 if request.method == "POST" else 200,
    )
