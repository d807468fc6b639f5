"""Jinja filters and globals: dates and times in Pacific time in the page's language, Markdown
made safe, the viewer."""

from datetime import date, datetime

from babel.dates import format_time, get_timezone_name
from babel.lists import format_list
from flask import Flask
from flask_babel import format_date, get_locale, gettext

from core import languages
from core.protection import current_viewer
from core.time import PACIFIC
from core.translated import localized, localized_text
from core.urls import public_url
from meetings.markdown import render_markdown


def long_date(value: date) -> str:
    return format_date(value, "long")


def clock(value: datetime) -> str:
    """The time of day in Pacific time, as the language writes it; English keeps the AP style
    the state's sites use (3:30 p.m.), which CLDR does not offer."""
    local = value.astimezone(PACIFIC)
    if languages.current() == languages.DEFAULT:
        hour = local.hour % 12 or 12
        return f"{hour}:{local:%M} {'a.m.' if local.hour < 12 else 'p.m.'}"
    return format_time(local, "short", tzinfo=PACIFIC, locale=get_locale())


def pacific_datetime(value: datetime) -> str:
    """Day, date and time with the zone named: "Tuesday, March 3, 2026, 7:30 a.m. PST", or in
    the language's own order and words ("martes, 3 de marzo de 2026, 7:30 (hora del Pacífico)")."""
    local = value.astimezone(PACIFIC)
    locale = get_locale()
    english = languages.current() == languages.DEFAULT
    zone = get_timezone_name(local, "short" if english else "long", locale=locale)
    day = format_date(local.date(), "full")
    pattern = locale.datetime_formats["full"] if locale else "{1}, {0}"
    return str(pattern).replace("{1}", day).replace("{0}", f"{clock(local)} {zone}")


def change_value(value: object) -> str:
    """A field's value in a notice of what changed: times in Pacific, statuses by name."""
    if value is None or value == "":
        return gettext("(none)")
    if isinstance(value, datetime):
        return pacific_datetime(value)
    label = getattr(value, "label", None)
    return str(value) if label is None else str(label)


def name_list(names: list[str]) -> str:
    """Names joined as the language joins them: "A, B and C", "A, B y C"."""
    return format_list(list(names), locale=get_locale() or "en")


def dict_merge(base: dict, extra: dict) -> dict:
    return {**base, **extra}


def init_app(app: Flask) -> None:
    app.add_template_filter(long_date)
    app.add_template_filter(clock)
    app.add_template_filter(pacific_datetime)
    app.add_template_filter(dict_merge)
    app.add_template_filter(change_value)
    app.add_template_filter(name_list)
    app.add_template_filter(render_markdown, "markdown")
    app.add_template_global(public_url)
    app.add_template_global(localized)
    app.add_template_global(localized_text)
    # Pages ask records what `viewer` may see: the signed-in user, or a guest following their link.
    app.context_processor(lambda: {"viewer": current_viewer()})
