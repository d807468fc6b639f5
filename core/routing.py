"""URL converters. Ids beyond a 32-bit integer match no route (404) instead of overflowing the
database driver (a 500)."""

from flask import Flask
from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1


class RecordIdConverter(IntegerConverter):
    def __init__(self, map, **kwargs) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, **kwargs)


def init_app(app: Flask) -> None:
    app.url_map.converters["int"] = RecordIdConverter
