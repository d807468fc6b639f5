"""Errors render in the site's look; a 500 never shows a stack trace; while the database is
unreachable every page answers 503 with Retry-After, and the app recovers when it returns."""

import logging
from contextlib import suppress

from flask import Flask, g, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import AnonymousUserMixin
from sqlalchemy.exc import DBAPIError, OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError, ServiceUnavailable

from extensions import db

log = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30


def wants_json() -> bool:
    return request.path.startswith("/api/")


def own_description(error: HTTPException) -> str | None:
    """The message a view gave the error (e.g. which argument is wrong), not Werkzeug's default."""
    default = type(error).description
    return error.description if error.description and error.description != default else None


# The error pages' headings; other codes keep Werkzeug's English name.
HEADINGS = {
    400: _l("Bad request"),
    403: _l("Not allowed"),
    404: _l("Page not found"),
    405: _l("Not allowed"),
    409: _l("This cannot be done now"),
    413: _l("Too large"),
    429: _l("Too many attempts"),
    500: _l("Something went wrong"),
    503: _l("Service unavailable"),
}


def heading(error: HTTPException) -> str:
    return str(HEADINGS.get(error.code, error.name))


def render_http_error(error: HTTPException):
    if wants_json():
        return jsonify(error=error.description or error.name), error.code
    page = render_template(
        "errors/error.html", error=error, heading=heading(error), detail=own_description(error)
    )
    return page, error.code


def render_server_error(error: Exception):
    db.session.rollback()
    if wants_json():
        return jsonify(error="Something went wrong on our side."), 500
    error = InternalServerError()
    return render_template("errors/error.html", error=error, heading=heading(error)), 500


def database_is_down(error: Exception) -> bool:
    """A lost or refused connection, not a query the database refused (that is a bug: a 500)."""
    if isinstance(error, OperationalError):
        return True
    return isinstance(error, DBAPIError) and error.connection_invalidated


def render_database_down(error: DBAPIError):
    """503 with Retry-After, in the site's look, without asking the database anything more."""
    if not database_is_down(error):
        return render_server_error(error)
    log.warning("database unreachable: %s", error.orig)
    # The connection is gone; the pool replaces it (pool_pre_ping) once the database is back.
    with suppress(DBAPIError):
        db.session.rollback()
    g._login_user = AnonymousUserMixin()  # loading the signed-in user would ask the database
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS), "Cache-Control": "no-store"}
    if wants_json():
        body = jsonify(error="The service is briefly unavailable. Please try again in a minute.")
        return body, 503, headers
    error = ServiceUnavailable()
    page = render_template("errors/error.html", error=error, heading=heading(error), detail=None)
    return page, 503, headers


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, render_http_error)
    app.register_error_handler(InternalServerError, render_server_error)
    app.register_error_handler(DBAPIError, render_database_down)
