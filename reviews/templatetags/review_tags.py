from django import template
from django.contrib.auth import get_user_model
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from reviews.planning.scheduling import ReasonCode
from reviews.planning.selectors import proposal_of
from reviews.scale.files import LANGUAGES, OPTIONAL_LANGUAGES
from reviews.scale.models import scale_text
from reviews.scale.selectors import scale_for_site
from reviews.states import ReviewStatus

register = template.Library()


@register.filter
def threshold_label(threshold: dict) -> str:
    """The measured quantity's name in the active language."""
    return str(scale_text(threshold, "label"))


@register.filter
def percent(value: float | None) -> str:
    return "" if value is None else f"{round(value * 100)} %"


@register.filter
def band_name(band) -> str:
    """A fidelity band's (or a scale component's) name in the active language."""
    if band is None:
        return ""
    names = {
        f"name_{language}": getattr(band, f"name_{language}", "")
        for language in (*LANGUAGES, *OPTIONAL_LANGUAGES)
    }
    return str(scale_text(names, "name"))


# Every code the planner gives has its sentence here (a test holds them to the codes).
REASONS = {
    ReasonCode.CONTINUITY: _(
        "%(name)s reviewed the site last time: one reviewer stays for continuity."
    ),
    ReasonCode.CONTINUITY_UNAVAILABLE: _("Nobody from the site's last review is free."),
    ReasonCode.LEAST_LOADED: _(
        "%(name)s has %(detail)s open review(s) in the coming year, fewer than others."
    ),
    ReasonCode.LENT: _("%(name)s is borrowed from another region."),
    ReasonCode.CONFLICT_EXCLUDED: _("%(name)s was left out: conflict of interest."),
    ReasonCode.ON_LEAVE: _("%(name)s was left out: on leave for the whole due window."),
    ReasonCode.ON_LEAVE_VISIT: _("%(name)s was left out: on leave on a day of the visit."),
    ReasonCode.AT_CAPACITY: _("%(detail)s reviewer(s) of the region are at capacity."),
    ReasonCode.NO_EXPERIENCED: _("No experienced reviewer was free."),
    ReasonCode.SHORT_OF_REVIEWERS: _("Short of %(detail)s reviewer(s): assign by hand or borrow."),
}
# A proposal stored by an earlier version may name a code this one no longer has.
UNKNOWN_REASON = _("A reason this version of the app does not know (%(code)s).")


def _reason_sentence(reason: dict, name: str) -> str:
    code = reason.get("code", "")
    if code not in ReasonCode.__members__.values():
        return str(UNKNOWN_REASON) % {"code": code}
    sentence = REASONS[ReasonCode(code)]
    return str(sentence) % {"name": name, "detail": reason.get("detail")}


@register.simple_tag
def proposal_explained(review) -> dict | None:
    """The planner's proposal with names and its reasons as sentences (None: it made
    none, or withdrew it)."""
    made = proposal_of(review)
    if made is None or "reviewers" not in made.suggested:
        return None
    proposal = made.suggested
    ids = set(proposal.get("reviewers", [])) | {
        reason.get("reviewer") for reason in proposal.get("reasons", []) if reason.get("reviewer")
    }
    names = {user.pk: str(user) for user in get_user_model().objects.filter(pk__in=ids)}
    unknown = _("someone who is no longer a reviewer")
    return {
        "reviewers": [names.get(pk, unknown) for pk in proposal.get("reviewers", [])],
        "lent": [names.get(pk, unknown) for pk in proposal.get("lent", [])],
        "reasons": [
            _reason_sentence(reason, names.get(reason.get("reviewer"), str(unknown)))
            for reason in proposal.get("reasons", [])
        ],
        "made_at": proposal.get("made_at"),
    }


@register.filter
def co_reviewer_of(review, user):
    """The other reviewer of the review, seen from this user."""
    return review.co_reviewer(user)


@register.filter
def get_item(mapping, key):
    """mapping[key] in a template (a number key also found as text), or None."""
    if not mapping:
        return None
    return mapping[key] if key in mapping else mapping.get(str(key))


@register.simple_tag
def chosen_score(row, mine=None) -> str:
    """The consensus score a row's form shows as chosen, as text: what this person just
    sent, else the saved consensus, else the score both reviewers gave."""
    if mine:
        return str(mine.get("score") or "")
    if row.consensus:
        return str(row.consensus.score)
    return str(row.agreed_score or "")


@register.simple_tag
def waiting_note(review, user) -> str:
    """What an assigned reviewer is waiting for, or must do, on this review; else ""."""
    if not review.is_reviewer(user):
        return ""
    co_reviewer = review.co_reviewer(user)
    if (
        review.status == ReviewStatus.RATING
        and review.submitted_at(user)
        and not review.both_submitted
    ):
        return gettext("You have submitted; waiting for your co-reviewer, %(name)s.") % {
            "name": co_reviewer
        }
    if review.status == ReviewStatus.CONSENSUS and review.consensus_marked_by_id:
        if review.consensus_marked_by_id == user.pk:
            return gettext("Waiting for %(name)s to confirm the consensus.") % {"name": co_reviewer}
        return gettext("%(name)s marked the consensus complete: your confirmation is needed.") % {
            "name": co_reviewer
        }
    return ""


@register.simple_tag
def site_scale(site):
    """The scale the site's next review uses (None: none loaded, or none chosen)."""
    return scale_for_site(site)
