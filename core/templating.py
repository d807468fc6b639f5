"""Jinja filters and globals: dates and times in Pacific time, Markdown made safe, the viewer."""

from datetime import date, datetime

from flask import Flask

from core.protection import current_viewer
from core.time import PACIFIC
from core.urls import public_url
from meetings.markdown import render_markdown


def long_date(value: date) -> str:
    return f"{value:%B} {value.day}, {value.year}"


def clock(value: datetime) -> str:
    """3:30 p.m. — the AP style the state's sites use."""
    local = value.astimezone(PACIFIC)
    hour = local.hour % 12 or 12
    suffix = "a.m." if local.hour < 12 else "p.m."
    return f"{hour}:{local:%M} {suffix}"


def pacific_datetime(value: datetime) -> str:
    local = value.astimezone(PACIFIC)
    return f"{local:%A}, {long_date(local.date())}, {clock(local)} {local.tzname()}"


def change_value(value: object) -> str:
    """A field's value in a notice of what changed: times in Pacific, statuses by name."""
    if value is None or value == "":
        return "(none)"
    if isinstance(value, datetime):
        return pacific_datetime(value)
    label = getattr(value, "label", None)
    return label if isinstance(label, str) else str(value)


def dict_merge(base: dict, extra: dict) -> dict:
    return {**base, **extra}


def init_app(app: Flask) -> None:
    app.add_template_filter(long_date)
    app.add_template_filter(clock)
    app.add_template_filter(pacific_datetime)
    app.add_template_filter(dict_merge)
    app.add_template_filter(change_value)
    app.add_template_filter(render_markdown, "markdown")
    app.add_template_global(public_url)
    # Pages ask records what `viewer` may see: the signed-in user, or a guest following their link.
    app.context_processor(lambda: {"viewer": current_viewer()})
