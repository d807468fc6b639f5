"""Signed tokens for links sent by e-mail: each purpose has its own salt, so a token made for one
link never works for another."""

from typing import Any

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=purpose)


def make_token(purpose: str, value: Any) -> str:
    return _serializer(purpose).dumps(value)


def read_token(purpose: str, token: str, max_age: int | None = None) -> Any | None:
    """The signed value, or None when the token is forged, altered or older than max_age seconds."""
    try:
        return _serializer(purpose).loads(token, max_age=max_age)
    except BadSignature:
        return None
