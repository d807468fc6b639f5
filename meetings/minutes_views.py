"""Staff build a meeting's minutes and record its executive sessions; everyone reads approved
minutes."""

from flask import Blueprint

import meetings.minutes  # noqa: F401 - until the views use it

bp = Blueprint("minutes", __name__)
