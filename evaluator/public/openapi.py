"""The OpenAPI description of the public JSON API, served at /api/v1/openapi.json.

The schemas are strict (every field required, nothing else allowed) so that a change to what the
API answers fails the contract tests until the document says the same.
"""

from __future__ import annotations

from typing import Any

OPENAPI_VERSION = "3.1.0"
API_VERSION = "1.0.0"

# The same bounds status_date.status_moment enforces: a year from 1900 to 2200.
ON_DATE_PATTERN = r"^(19[0-9]{2}|2[01][0-9]{2}|2200)-[0-9]{2}-[0-9]{2}$"
# The nomination form takes any address that starts with http:// or https://, in either case.
WEBSITE_PATTERN = r"^[Hh][Tt][Tt][Pp][Ss]?://"

DESCRIPTION = """\
The lighthouses of TU Dresden's international cooperation, as selected by the International Affairs
Commission and published with the results of each selection round. The university web site reads
this API to show the current lighthouses; `?on=` gives the lighthouses of any past day.

Only published results are ever part of an answer. The API is read-only, needs no login and sets no
cookies.
"""

LIGHTHOUSE_EXAMPLE = {
    "id": 42,
    "title": "Dresden–Tongji Partnership in Lightweight Engineering",
    "category": "Strategic partnerships",
    "category_key": "strategic-partnerships",
    "org_unit": "Institute of Lightweight Engineering and Polymer Technology",
    "summary": "Joint doctoral supervision, summer schools and staff exchange since 2009.",
    "partner_countries": ["China", "Japan"],
    "lighthouse_since": "2021-11-15T09:00:00+00:00",
    "website": "https://tu-dresden.de/ilk/tongji",
    "url": "https://evaluator.example.org/initiatives/42",
}


def _json(schema: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"application/json": {"schema": schema, **extra}}


def _lighthouse_schema() -> dict[str, Any]:
    return {
        "type": "object",
        "description": "An initiative that holds lighthouse status, as its award was published.",
        "additionalProperties": False,
        "required": [
            "id",
            "title",
            "category",
            "category_key",
            "org_unit",
            "summary",
            "partner_countries",
            "lighthouse_since",
            "website",
            "url",
        ],
        "properties": {
            "id": {
                "type": "integer",
                "minimum": 1,
                "description": "The initiative's id; stays the same across rounds and renewals.",
            },
            "title": {"type": "string", "maxLength": 200},
            "category": {"type": "string", "maxLength": 200, "description": "The category's name."},
            "category_key": {
                "type": "string",
                "maxLength": 60,
                "description": "Identifies the same category across rounds, unlike its name.",
            },
            "org_unit": {
                "type": "string",
                "maxLength": 200,
                "description": "The faculty, institute or other unit that nominated the initiative.",
            },
            "summary": {"type": "string", "maxLength": 600},
            "partner_countries": {
                "type": "array",
                "items": {"type": "string", "maxLength": 100},
                "uniqueItems": True,
                "description": "Countries of the partner institutions, each once, in the nomination's order.",
            },
            "lighthouse_since": {
                "type": "string",
                "format": "date-time",
                "description": (
                    "Start of the initiative's unbroken run of awards: a renewal keeps the first date."
                ),
            },
            "website": {
                "type": ["string", "null"],
                "maxLength": 500,
                "pattern": WEBSITE_PATTERN,
                "description": "The initiative's own web site as the nomination gives it, if any.",
            },
            "url": {
                "type": "string",
                "format": "uri",
                "description": "The initiative's public profile page in the Lighthouse Evaluator.",
            },
        },
        "example": LIGHTHOUSE_EXAMPLE,
    }


def _error_schema() -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["error", "message"],
        "properties": {
            "error": {"type": "string", "description": "A short name of the error."},
            "message": {"type": "string", "description": "What was wrong, for a person to read."},
        },
    }


def _health_schema(status: str) -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["status"],
        "properties": {"status": {"const": status}},
    }


def _lighthouses_operation() -> dict[str, Any]:
    cache_headers = {
        "ETag": {"$ref": "#/components/headers/ETag"},
        "Cache-Control": {"$ref": "#/components/headers/Cache-Control"},
    }
    return {
        "operationId": "listLighthouses",
        "tags": ["lighthouses"],
        "summary": "The lighthouses today, or on a given day",
        "description": (
            "Every initiative that holds lighthouse status at the end of the day (Berlin time), "
            "ordered by category and then by title. Without `on`, the status right now."
        ),
        "parameters": [
            {
                "name": "on",
                "in": "query",
                "required": False,
                # An empty `on=` is the same as none: the status right now.
                "allowEmptyValue": True,
                "description": (
                    "A day from 1900-01-01 to 2200-12-31, as YYYY-MM-DD: the lighthouses at its end "
                    "(Berlin time). Anything else is answered with 400."
                ),
                "schema": {"type": "string", "format": "date", "pattern": ON_DATE_PATTERN},
                "examples": {
                    "past": {"summary": "A day in the past", "value": "2022-06-01"},
                },
            },
            {"$ref": "#/components/parameters/If-None-Match"},
        ],
        "responses": {
            "200": {
                "description": "The lighthouses; an empty array when there are none.",
                "headers": cache_headers,
                "content": _json(
                    {"type": "array", "items": {"$ref": "#/components/schemas/Lighthouse"}},
                    example=[LIGHTHOUSE_EXAMPLE],
                ),
            },
            "304": {
                "description": "The list has not changed since the answer whose `ETag` was sent in "
                "`If-None-Match`; the cached copy is still current.",
                "headers": cache_headers,
            },
            "400": {
                "description": "`on` is not a day as YYYY-MM-DD from 1900 to 2200.",
                "content": _json(
                    {"$ref": "#/components/schemas/Error"},
                    example={"error": "bad_request", "message": "'on' must be a date as YYYY-MM-DD"},
                ),
            },
            "503": {
                "description": "The database cannot be reached for the moment.",
                "headers": {"Retry-After": {"$ref": "#/components/headers/Retry-After"}},
                "content": _json({"$ref": "#/components/schemas/Error"}),
            },
        },
    }


def _document_operation() -> dict[str, Any]:
    return {
        "operationId": "getOpenApiDocument",
        "tags": ["meta"],
        "summary": "This document",
        "responses": {
            "200": {
                "description": "The OpenAPI description of this API.",
                "content": _json(
                    {
                        "type": "object",
                        "required": ["openapi", "info", "paths"],
                        "properties": {"openapi": {"type": "string"}},
                    }
                ),
            }
        },
    }


def _health_operation() -> dict[str, Any]:
    return {
        "operationId": "getHealth",
        "tags": ["meta"],
        "summary": "Whether the service can answer",
        "description": "For load balancers and monitoring: 200 when the database answers, else 503.",
        "responses": {
            "200": {
                "description": "The service and its database answer.",
                "content": _json(_health_schema("ok"), example={"status": "ok"}),
            },
            "503": {
                "description": "The database does not answer.",
                "content": _json(_health_schema("unavailable"), example={"status": "unavailable"}),
            },
        },
    }


def openapi_document(server_url: str = "/") -> dict[str, Any]:
    """The OpenAPI document; ``server_url`` is where the application is mounted, "/" at the root.

    A path rather than an absolute address: it resolves against wherever the document was fetched
    from, so it stays right behind a proxy and cannot be steered by a forged Host header.
    """
    return {
        "openapi": OPENAPI_VERSION,
        "info": {
            "title": "Lighthouse Evaluator public API",
            "version": API_VERSION,
            "summary": "The published lighthouses of TU Dresden's international cooperation.",
            "description": DESCRIPTION,
            "contact": {"name": "TU Dresden, International Affairs Commission"},
        },
        "servers": [{"url": server_url, "description": "This installation of the Lighthouse Evaluator."}],
        "tags": [
            {"name": "lighthouses", "description": "Lighthouse status, now and on past days."},
            {"name": "meta", "description": "This description and the service's health."},
        ],
        "paths": {
            "/api/v1/lighthouses": {"get": _lighthouses_operation()},
            "/api/v1/openapi.json": {"get": _document_operation()},
            "/healthz": {"get": _health_operation()},
        },
        "components": {
            "schemas": {"Lighthouse": _lighthouse_schema(), "Error": _error_schema()},
            "parameters": {
                "If-None-Match": {
                    "name": "If-None-Match",
                    "in": "header",
                    "required": False,
                    "description": (
                        "The `ETag` of an earlier answer: 304 without a body if the list is unchanged."
                    ),
                    "schema": {"type": "string"},
                    "example": '"5d41402abc4b2a76b9719d911017c592"',
                },
            },
            "headers": {
                "ETag": {
                    "description": "Identifies this version of the list; send it back in `If-None-Match`.",
                    "schema": {"type": "string"},
                },
                "Cache-Control": {
                    "description": "How long caches on the way may keep the answer.",
                    "schema": {"type": "string"},
                },
                "Retry-After": {
                    "description": "Seconds to wait before trying again.",
                    "schema": {"type": "integer", "minimum": 0},
                },
            },
        },
    }
