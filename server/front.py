"""The server's front page: `GET /` in a browser is a short HTML page about this
server and its data; JSON clients keep the 404 they always got there."""

from __future__ import annotations

from typing import Any

from flask import Response, abort, current_app, render_template, request

from optout_lib import Catalogue

#: Nothing on the page runs or loads: no script, style, image, frame or form.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)


def coverage(catalogue: Catalogue) -> dict[str, Any]:
    """What the published data covers, in English names, sorted for reading."""
    countries = catalogue.jurisdictions.values()
    objection = sorted(j.name["en"] for j in countries if j.objection_route)
    return {
        "objection_countries": objection,
        "other_countries": len(catalogue.jurisdictions) - len(objection),
        "platforms": sorted(p.name for p in catalogue.platforms.values()),
        "languages": sorted(
            catalogue.languages[tag].english_name for tag in catalogue.arguments
        ),
    }


def render_front_page() -> str:
    """The page's HTML; it depends only on the published data, never on the request."""
    published = current_app.extensions["optout"]
    bundle = published.bundle
    return render_template(
        "front.html",
        data_version=bundle["data_version"],
        data_date=bundle["data_date"],
        **coverage(published.catalogue),
    )


def wants_html() -> bool:
    """True when the client prefers HTML to JSON (a browser), False for API clients."""
    accept = request.accept_mimetypes
    return accept.best_match(["application/json", "text/html"]) == "text/html"


def front_page() -> Response:
    """A browser's HTML front page; other clients get the JSON 404 as before."""
    if not wants_html():
        abort(404)
    response = Response(render_front_page(), mimetype="text/html")
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.vary.add("Accept")
    return response
