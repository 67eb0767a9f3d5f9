from django import template
from django.utils.translation import get_language

register = template.Library()


def _language() -> str:
    return "en" if (get_language() or "nb").startswith("en") else "nb"


@register.filter
def threshold_label(threshold: dict) -> str:
    """The measured quantity's name in the active language."""
    return threshold.get(f"label_{_language()}") or threshold.get("label_en", "")


@register.filter
def percent(value: float | None) -> str:
    return "" if value is None else f"{round(value * 100)} %"


@register.filter
def band_name(band) -> str:
    """A fidelity band's name in the active language."""
    if band is None:
        return ""
    return getattr(band, f"name_{_language()}") or band.name_en
