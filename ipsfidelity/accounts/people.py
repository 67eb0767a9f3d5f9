"""The types of the people a request, a rule or a step is about."""

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest

from ipsfidelity.accounts.models import User

# Whoever sends a request: a logged-in user, or nobody yet. The rules and the
# reads that take `request.user` take this.
Person = User | AnonymousUser


class LoggedInRequest(HttpRequest):
    """A request whose `user` is a logged-in `User` (never anonymous): what a view
    behind `login_required` receives. For type checking only; nothing creates one."""

    user: User
