"""Input hygiene at the door: control characters in a query string or a form.

PostgreSQL cannot store a NUL character in text, and no one types the other
C0 controls; a request that carries them (`/sites/?q=%00`) is refused with
400 and a message before any view sees it, instead of failing deep down with
a 500. Forms keep their tabs and line breaks.
"""

import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

# C0 controls and DEL; tab, line feed and carriage return are text in a form.
IN_QUERY = re.compile(r"[\x00-\x1f\x7f]")
IN_FORM = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def holds_control_characters(request: HttpRequest) -> bool:
    for pattern, data in ((IN_QUERY, request.GET), (IN_FORM, request.POST)):
        for key, values in data.lists():
            if pattern.search(key) or any(pattern.search(value) for value in values):
                return True
    return False


class RefuseControlCharacters:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if holds_control_characters(request):
            message = _("The request holds control characters that no text here may hold.")
            if request.path.startswith("/api/"):  # the API's shape of a refused query
                return JsonResponse({"non_field_errors": [message]}, status=400)
            if "application/json" in request.headers.get("Accept", ""):
                return JsonResponse({"error": message}, status=400)
            return render(request, "400.html", {"reason": message}, status=400)
        return self.get_response(request)
