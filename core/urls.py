"""Absolute links for e-mail, built from PUBLIC_URL and never from the request's Host header
(which anyone can set: a password-reset link must not point at their site)."""

from flask import current_app, url_for


def public_url(endpoint: str, **values) -> str:
    return current_app.config["PUBLIC_URL"].rstrip("/") + url_for(endpoint, **values)
