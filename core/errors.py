"""Errors render in the site's look; a 500 never shows a stack trace."""

from flask import Flask, render_template
from werkzeug.exceptions import HTTPException, InternalServerError

from extensions import db


def render_http_error(error: HTTPException):
    return render_template("errors/error.html", error=error), error.code


def render_server_error(error: Exception):
    db.session.rollback()
    return render_template("errors/error.html", error=InternalServerError()), 500


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, render_http_error)
    app.register_error_handler(InternalServerError, render_server_error)
