"""What planning records: the planner's proposal for a review, and the reminders sent,
each once."""

import pghistory
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ipsfidelity.audit import audited
from ipsfidelity.text import no_identity_number
from reviews.rating.models import Review


@pghistory.track(*audited())
class PlannerProposal(models.Model):
    """The pair of reviewers the planner suggests for a review, and why; a coordinator
    who assigns others says why in `override_reason`.

    One row per review that has had a proposal, kept apart from the review so that
    planning owns what it writes. `suggested` is reviews.planning.scheduling.Proposal
    as JSON (written by reviews.planning.planner.proposal_json); {} when the planner
    withdrew it (the review's due window moved).
    """

    review = models.OneToOneField(
        Review,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="planner_proposal",
        verbose_name=_("review"),
    )
    suggested = models.JSONField(_("proposed reviewers"), default=dict, blank=True)
    override_reason = models.TextField(
        _("why other reviewers than proposed"), blank=True, validators=[no_identity_number]
    )

    class Meta:
        verbose_name = _("planner's proposal")
        verbose_name_plural = _("planner's proposals")

    def __str__(self) -> str:
        return f"{self.review}: {self.suggested.get('reviewers', [])}"

    @property
    def reviewer_ids(self) -> list[int]:
        return list(self.suggested.get("reviewers", []))


class Reminder(models.Model):
    """One reminder e-mail; the unique constraint makes each one go out once."""

    class Kind(models.TextChoices):
        VISIT_SOON = "visit_soon", _("Visit coming up")
        REPORT_OVERDUE = "report_overdue", _("Report overdue")
        DUE_PASSED = "due_passed", _("Review past its due window")
        PLAN_DUE = "plan_due", _("Action plan due")
        ACTION_OVERDUE = "action_overdue", _("Action overdue")

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    days = models.SmallIntegerField(_("days"), default=0, help_text=_("E.g. 30 or 7 days before."))
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders"
    )
    # Which item's action an overdue-action reminder is about (0 for the others),
    # so each action of a plan is reminded of once.
    item_number = models.PositiveSmallIntegerField(_("item"), default=0)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                "review", "kind", "days", "item_number", "recipient", name="reminder_sent_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.review} {self.kind} {self.days} → {self.recipient}"


class DigestSent(models.Model):
    """A coordinator's weekly digest for the week starting on `week`: sent once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    week = models.DateField(_("week starting"))

    class Meta:
        verbose_name = _("weekly digest sent")
        verbose_name_plural = _("weekly digests sent")
        constraints = [models.UniqueConstraint("user", "week", name="digest_once_a_week")]

    def __str__(self) -> str:
        return f"{self.user}: {self.week}"


class PlanningChange(models.Model):
    """A transaction that changed something the planning boards show.

    Written only by the database: a statement trigger on each table the boards
    read (reviews.planning.freshness says why, migration 0051 which tables and
    how). `changes` counts the statements; once old rows are merged, one row
    stands for many transactions.
    """

    changes = models.PositiveIntegerField(default=1)
    # A number drawn for the newest statement; never drawn twice.
    latest = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("planning change")
        verbose_name_plural = _("planning changes")

    def __str__(self) -> str:
        return f"{self.pk}: {self.changes}"
