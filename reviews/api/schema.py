"""What the OpenAPI schema says beyond what drf-spectacular reads from the views."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.contrib.knox_auth_token import KnoxTokenScheme
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers


class ApiTokenScheme(KnoxTokenScheme):
    """The personal tokens: knox's scheme, for the project's own subclass of knox's check."""

    target_class = "ipsfidelity.accounts.tokens.ApiTokenAuthentication"
    name = "apiToken"


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


NOT_LOGGED_IN = OpenApiResponse(
    ErrorSerializer, description=_("No valid token or session (a revoked token included).")
)
NOT_FOUND = OpenApiResponse(
    ErrorSerializer, description=_("No such object, or not one you may see; or no such page.")
)
BAD_FILTER = OpenApiResponse(
    {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
    description=_("A filter's value is not valid; the messages say why, by filter."),
)


def documented(serializer):
    """The answers every list and detail can give, for the schema."""
    return extend_schema_view(
        list=extend_schema(
            responses={200: serializer, 400: BAD_FILTER, 401: NOT_LOGGED_IN, 404: NOT_FOUND}
        ),
        retrieve=extend_schema(responses={200: serializer, 401: NOT_LOGGED_IN, 404: NOT_FOUND}),
    )


# Every request with a control character in its query is refused at the door
# (ipsfidelity/hygiene.py), before any view: the schema says so for each
# operation and each text parameter.
NO_CONTROL_CHARACTERS = "^[^\\u0000-\\u001f\\u007f]*$"


def refuse_control_characters(result, generator, request, public):
    """drf-spectacular post-processing hook: text parameters exclude control
    characters, and every operation may answer 400 for them."""
    bad_request = {
        "description": str(_("A filter's value is not valid; the messages say why, by filter.")),
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "additionalProperties": {"type": "array", "items": {"type": "string"}},
                }
            }
        },
    }
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                schema = parameter.get("schema", {})
                if parameter.get("in") == "query" and schema.get("type") == "string":
                    schema.setdefault("pattern", NO_CONTROL_CHARACTERS)
            operation.setdefault("responses", {}).setdefault("400", bad_request)
    return result
