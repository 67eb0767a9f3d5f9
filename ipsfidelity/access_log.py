"""gunicorn's access log without the secrets some addresses carry.

An invitation link (`/sites/invitations/<token>/`), a reviewer's calendar
feed (`/reviews/calendar/<token>.ics`) and an action owner's link to stop
reminders (`/reviews/action-plan/owner-reminders/<token>/`) are keys in their own right: whoever
reads them in a log could accept the invitation or read the calendar. The
token is hidden wherever gunicorn writes an address (the request line, the
path, the Referer of the next request), and the rest of the line is kept. The
image runs gunicorn with this logger (Dockerfile); a reverse proxy in front
needs the same rule (docs/operations.md).
"""

import re

from gunicorn.glogging import Logger

SECRET_IN_PATH = re.compile(r"(/invitations/|/calendar/|/owner-reminders/)[^/?#\s\"]+")
HIDDEN = r"\1[hidden]"
ADDRESS_ATOMS = ("r", "U", "f", "{referer}i")


def without_secrets(text):
    return SECRET_IN_PATH.sub(HIDDEN, text) if isinstance(text, str) else text


class RedactingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for name in ADDRESS_ATOMS:
            if name in atoms:
                atoms[name] = without_secrets(atoms[name])
        return atoms
