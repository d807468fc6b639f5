"""Errors render in the site's look; a 500 never shows a stack trace."""

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

from extensions import db


def wants_json() -> bool:
    return request.path.startswith("/api/")


def own_description(error: HTTPException) -> str | None:
    """The message a view gave the error (e.g. which argument is wrong), not Werkzeug's default."""
    default = type(error).description
    return error.description if error.description and error.description != default else None


def render_http_error(error: HTTPException):
    if wants_json():
        return jsonify(error=error.description or error.name), error.code
    page = render_template("errors/error.html", error=error, detail=own_description(error))
    return page, error.code


def render_server_error(error: Exception):
    db.session.rollback()
    if wants_json():
        return jsonify(error="Something went wrong on our side."), 500
    return render_template("errors/error.html", error=InternalServerError()), 500


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, render_http_error)
    app.register_error_handler(InternalServerError, render_server_error)
