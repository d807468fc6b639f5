"""Numbers read from the query string, bounded: bad input is a 400 with a message, never a 500.

`request.args.get(name, type=int)` takes "²" or twenty digits and passes them on to the database,
which overflows; these take ASCII digits only, within the range the caller names.
"""

from __future__ import annotations

import re

from flask import request
from flask_babel import gettext
from werkzeug.exceptions import BadRequest, NotFound

from core.routing import MAX_ID

DIGITS = re.compile(r"[0-9]{1,12}")
MAX_PAGE = 100_000


def query_int(name: str, default: int | None, low: int, high: int) -> int | None:
    """The argument as a whole number from low to high; absent or empty: the default."""
    raw = request.args.get(name, "")
    if raw == "":
        return default
    if not DIGITS.fullmatch(raw) or not low <= int(raw) <= high:
        raise BadRequest(
            gettext(
                "'%(name)s' must be a whole number from %(low)d to %(high)d.",
                name=name,
                low=low,
                high=high,
            )
        )
    return int(raw)


def query_page(name: str = "page") -> int:
    return query_int(name, 1, 1, MAX_PAGE)


def query_id(name: str) -> int | None:
    """A record id from the query string; one no record can have is a 404 (no such record)."""
    raw = request.args.get(name, "")
    if raw == "":
        return None
    if not DIGITS.fullmatch(raw) or not 1 <= int(raw) <= MAX_ID:
        raise NotFound(gettext("There is no record %(id)r.", id=raw[:20]))
    return int(raw)
