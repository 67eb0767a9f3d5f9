"""Who changed what: the context attached to audit history outside web requests."""

import contextlib

import pghistory
import pgtrigger
from django.conf import settings


def audited() -> tuple:
    """Trackers for a model whose every change is kept (fresh instances per model)."""
    return (pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())


def audit_context(**metadata):
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
