from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = _("Fidelity reviews")

    def ready(self) -> None:
        # Sites tells the parts above it what happened to a site; planning answers.
        from reviews.planning.services import on_site_deactivated
        from sites.signals import site_deactivated

        site_deactivated.connect(on_site_deactivated, dispatch_uid="reviews.planning")
