"""What the rating page's offline layer says, in the reader's language.

The page keeps a reviewer's unsent changes on the device and sends them when it
can (static/js/rating-offline.js, the worker in templates/reviews/offline-worker.js;
docs/offline.md says what is kept and for how long). Its words are translated
here, with the rest of the app's, and handed to the scripts as JSON.
"""

from django.utils.translation import gettext as _

from ipsfidelity.text import IDENTITY_NUMBER_REFUSED


def offline_texts() -> dict[str, str]:
    """The scripts' sentences; %(name)s-style fields are filled in by the script."""
    return {
        "saved": _("Saved %(time)s"),
        "waiting": _("Waiting to be sent"),
        "sending": _("Sending…"),
        "refused": _("Not saved: %(reason)s"),
        "conflict": _("Not saved: changed in another tab or on another device. Choose below."),
        "waiting_one": _("1 change waiting to be sent."),
        "waiting_other": _("%(count)s changes waiting to be sent."),
        "kept": _("Kept on this device until the server has it."),
        "not_saved": _("%(count)s not saved: see the items marked red."),
        "submit_unsaved": _(
            "%(count)s change(s) are not saved yet. Wait until they are sent, and settle "
            "those marked red, before you submit."
        ),
        "submit_offline": _(
            "Submitting needs a connection: try again when it is back. Nothing is lost."
        ),
        "no_connection": _(
            "No connection: your changes are kept on this device and sent when it is back."
        ),
        "offline_copy": _(
            "No connection: this is the copy of the page kept on this device (%(time)s). "
            "Your changes are kept and sent when the connection is back."
        ),
        "log_in_again": _("Log in again (opens in a new tab)"),
        "other_user": _(
            "Someone else is logged in on this device. Log in as yourself to send your "
            "changes; they are kept until you do."
        ),
        "other_tab": _(
            "These ratings are open in another tab or window of this browser. Rate in one "
            "place at a time."
        ),
        "rate_here": _("Rate here instead"),
        "identity_number": str(IDENTITY_NUMBER_REFUSED),
        "theirs": _("Saved elsewhere (%(time)s)"),
        "mine": _("Yours, not saved"),
        "keep_mine": _("Keep mine"),
        "use_saved": _("Use the saved one"),
        "discard": _("Discard my change"),
        "scored": _("scored"),
        "not_scored": _("not scored"),
        "score": _("Score"),
        "no_score": _("no score"),
        "evidence": _("Evidence"),
        "sources": _("Data sources"),
        "follow_up": _("Needs follow-up"),
        "yes": _("yes"),
        "no": _("no"),
        "not_kept_offline": _(
            "No connection, and this page was not opened on this device while you were "
            "logged in. Open it again when the connection is back."
        ),
    }
