"""Who scores a self-assessment: the site's own leaders, chosen when it starts."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from reviews.rating.models import Review


class SelfAssessor(models.Model):
    """A leader of the site chosen to score one of its self-assessments."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="self_assessors")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="self_assessments",
        verbose_name=_("scorer"),
    )
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    chosen_at = models.DateTimeField(_("chosen at"), auto_now_add=True)

    class Meta:
        verbose_name = _("self-assessment scorer")
        verbose_name_plural = _("self-assessment scorers")
        constraints = [
            models.UniqueConstraint("review", "user", name="self_assessor_once_per_review")
        ]

    def __str__(self) -> str:
        return f"{self.review}: {self.user}"
