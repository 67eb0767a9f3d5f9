"""Who changed what: the context attached to audit history outside web requests."""

import contextlib
from contextlib import AbstractContextManager

import pghistory
import pgtrigger
from django.conf import settings


def audited() -> tuple:
    """Trackers for a model whose every change is kept (fresh instances per model)."""
    return (pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())


def audit_context(**metadata: object) -> AbstractContextManager[object]:
    """Label the audit events written inside (e.g. by a task) with this metadata.

    Only PostgreSQL keeps audit history; elsewhere this does nothing.
    """
    if settings.AUDIT_HISTORY:
        return pghistory.context(**metadata)
    return contextlib.nullcontext()


def untracked_inserts(model):
    """Inside, inserts of `model` write no audit event (see the caller for why).

    Updates and deletes stay tracked. Only PostgreSQL keeps history; elsewhere
    this does nothing.
    """
    if settings.AUDIT_HISTORY:
        return pgtrigger.ignore(f"{model._meta.label}:insert_insert")
    return contextlib.nullcontext()


def erase_from_history(model, *, fields: dict, **lookup) -> int:
    """Overwrite `fields` in the audit history of `model`'s rows that match `lookup`.

    History is append-only, on purpose; the one exception is personal data
    that the law and the manual say must be forgotten, which would otherwise
    outlive its deletion in the event table. Only the named fields change;
    who changed what, and when, stays. Returns the number of event rows
    overwritten (0 where no history is kept).
    """
    if not settings.AUDIT_HISTORY:
        return 0
    events = model.pgh_event_model
    with pgtrigger.ignore(f"{events._meta.label}:append_only"):
        return events.objects.filter(**lookup).update(**fields)
