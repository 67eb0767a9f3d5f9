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
