"""Commenting from a meeting page, confirming by e-mail, and the staff's list of comments."""

from flask import Blueprint

import comments.models  # noqa: F401 - until the views use it

bp = Blueprint("comments", __name__)
