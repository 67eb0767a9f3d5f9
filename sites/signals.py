"""Signals sites sends to the parts above it, which it cannot import.

`site_deactivated` is sent by `site_services.site_deactivate`, inside its
transaction, once the site is marked inactive (sender: Site; keyword
arguments: `site`, `actor`). The reviews' planning part receives it and
cancels the reviews nobody has scheduled yet (reviews/planning/services.py,
connected in reviews/apps.py). A receiver answers with `SiteReviewsClosed`,
which the service adds up for the message to the coordinator; a receiver that
fails rolls the deactivation back.
"""

from dataclasses import dataclass

from django.dispatch import Signal

site_deactivated = Signal()


@dataclass(frozen=True)
class SiteReviewsClosed:
    """What a receiver did with the deactivated site's reviews."""

    cancelled: int  # planned reviews cancelled
    still_open: int  # reviews under way that go on
