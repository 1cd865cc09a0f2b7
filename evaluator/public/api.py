"""The public JSON API for the university web site."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, request, url_for

from evaluator.extensions import csrf, db
from evaluator.public.openapi import openapi_document
from evaluator.public.status_date import BadDate, status_moment
from evaluator.publication import queries

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)  # read-only GET endpoints, no cookies needed


def serialise(lighthouse: queries.Lighthouse) -> dict[str, Any]:
    # The awarded nomination is what was published; the initiative supplies only its identity.
    nomination = lighthouse.nomination
    return {
        "id": lighthouse.initiative_id,
        "title": nomination.title,
        "category": lighthouse.category.name,
        "category_key": lighthouse.category.key,
        "org_unit": nomination.org_unit.name,
        "summary": nomination.summary,
        "partner_countries": nomination.partner_countries,
        "lighthouse_since": lighthouse.since.isoformat(),
        "website": nomination.website,
        "url": url_for("public.initiative", initiative_id=lighthouse.initiative_id, _external=True),
    }


@bp.route("/lighthouses")
def lighthouses():  # type: ignore[no-untyped-def]
    try:
        moment, _day = status_moment(request.args.get("on", ""))
    except BadDate:
        return jsonify(error="bad_request", message="'on' must be a date as YYYY-MM-DD"), 400
    found = queries.lighthouses_at(db.session, moment)
    return jsonify([serialise(lh) for lh in found])


@bp.route("/openapi.json")
def openapi():  # type: ignore[no-untyped-def]
    response = jsonify(openapi_document(request.script_root or "/"))
    # Public and the same for everyone: API tools on other sites may read it, caches may keep it.
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response
