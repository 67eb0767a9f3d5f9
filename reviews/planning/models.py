"""What planning records: the reminders sent, each once."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from reviews.rating.models import Review


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
