"""What follows a published review: the site's action plan, and the record of
personal data forgotten on time."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ipsfidelity.text import no_identity_number
from reviews.rating.models import Review
from reviews.scale.models import ScaleItem


class ActionPlan(models.Model):
    """The site's fidelity action plan after one published review, written by its leader."""

    review = models.OneToOneField(
        Review, on_delete=models.CASCADE, related_name="action_plan", verbose_name=_("review")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")

    def __str__(self) -> str:
        return f"{self.review}"


class PlanAction(models.Model):
    """What the site will do about one item: a goal, the actions, who, by when, how far."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="actions")
    item = models.ForeignKey(
        ScaleItem, on_delete=models.PROTECT, related_name="+", verbose_name=_("item")
    )
    goal = models.TextField(_("goal"), validators=[no_identity_number])
    actions = models.TextField(_("actions"), blank=True, validators=[no_identity_number])
    owner = models.CharField(
        _("owner"), max_length=200, blank=True, validators=[no_identity_number]
    )
    # An owner may have no login (a team's job specialist, a NAV adviser): with an
    # address they are reminded of the action by mail, until they say stop or it is
    # done (the address is cleared then: it was only kept for the reminders).
    owner_email = models.EmailField(
        _("owner's e-mail"), blank=True, validators=[no_identity_number]
    )
    owner_reminders_off = models.BooleanField(
        _("the owner turned the reminders off"), default=False, db_default=False
    )
    due_on = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED
    )
    notes = models.TextField(_("notes"), blank=True, validators=[no_identity_number])
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["plan", "item__number"]
        constraints = [
            models.UniqueConstraint("plan", "item", name="plan_action_one_per_item"),
            models.CheckConstraint(
                condition=Q(status__in=["not_started", "in_progress", "done"]),
                name="plan_action_status_known",
            ),
            models.CheckConstraint(condition=~Q(goal=""), name="plan_action_has_goal"),
            # An address is someone's: it comes with their name.
            models.CheckConstraint(
                condition=Q(owner_email="") | ~Q(owner=""), name="plan_action_owner_named"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan} / {self.item.number}: {self.status}"


class OwnerReminder(models.Model):
    """A reminder mailed to an action's owner: once per kind and due date, so a second
    run sends nothing and a new due date is reminded of afresh."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("Due within a week")
        OVERDUE = "overdue", _("Overdue")

    action = models.ForeignKey(PlanAction, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    due_on = models.DateField(_("due date"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder to an action's owner")
        verbose_name_plural = _("reminders to actions' owners")
        constraints = [
            models.UniqueConstraint("action", "kind", "due_on", name="owner_reminder_once"),
            models.CheckConstraint(
                condition=Q(kind__in=["due_soon", "overdue"]), name="owner_reminder_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.action}: {self.kind} {self.due_on}"


class PlanComment(models.Model):
    """A remark on the plan by a reviewer of the review or a coordinator (or the site)."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("comment"), validators=[no_identity_number])
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("comment on an action plan")
        verbose_name_plural = _("comments on action plans")
        ordering = ["plan", "created_at"]
        constraints = [models.CheckConstraint(condition=~Q(text=""), name="plan_comment_not_empty")]

    def __str__(self) -> str:
        return f"{self.plan}: {self.author}"


class PersonalDataDeletion(models.Model):
    """When a review's personal data (evidence notes, pre-visit notes) was deleted, and how much.

    Its presence is the note, shown where the evidence was, that it was deleted and when;
    the one row per review also makes the nightly deletion safe to run twice.
    """

    review = models.OneToOneField(
        Review,
        on_delete=models.CASCADE,
        related_name="personal_data_deletion",
        verbose_name=_("review"),
    )
    deleted_at = models.DateTimeField(_("deleted at"))
    evidence_notes = models.PositiveIntegerField(_("evidence notes deleted"), default=0)
    previsit_notes = models.BooleanField(_("pre-visit notes deleted"), default=False)
    history_events = models.PositiveIntegerField(_("audit history entries cleared"), default=0)

    class Meta:
        verbose_name = _("personal data deletion")
        verbose_name_plural = _("personal data deletions")
        ordering = ["-deleted_at"]

    def __str__(self) -> str:
        return f"{self.review}: {self.deleted_at:%Y-%m-%d}"
