"""The languages the site speaks, and which one a request is in.

English and Spanish are whole languages: every page, form, e-mail and feed. The other seven are
the state's main languages for the safety text alone (the Quick exit, the safety box, the
crime-victim line, the home page's introduction, each body's "how to take part"): a page in one
of them is an English page whose safety parts carry their own `lang`.

The visitor chooses: `?lang=xx` (which every link then carries, so a shared link opens in the same
language, and which a strictly necessary cookie remembers), else the browser's Accept-Language,
else English. Staff screens are in English whatever is chosen (`english_only`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlencode

from babel.messages.pofile import read_po
from flask import Flask, current_app, g, has_request_context, request, url_for
from flask_babel import Babel, get_locale
from werkzeug.routing import BuildError

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"
REVIEWS = TRANSLATIONS / "reviews.json"
COOKIE = "lang"
COOKIE_MAX_AGE = 365 * 24 * 3600
SAFETY = "safety"  # the message context of the safety text (pgettext("safety", ...))


@dataclass(frozen=True)
class Language:
    code: str  # what `?lang=` and `<html lang>` say (BCP 47)
    catalog: str  # Babel's name for it, the folder under translations/
    name: str  # its own name, as its readers look for it
    whole: bool  # the whole site, or the safety text only


LANGUAGES = {
    language.code: language
    for language in (
        Language("en", "en", "English", whole=True),
        Language("es", "es", "Español", whole=True),
        Language("vi", "vi", "Tiếng Việt", whole=False),
        Language("ru", "ru", "Русский", whole=False),
        Language("uk", "uk", "Українська", whole=False),
        Language("zh-Hans", "zh_Hans", "简体中文", whole=False),
        Language("ko", "ko", "한국어", whole=False),
        Language("so", "so", "Soomaali", whole=False),
        Language("tl", "tl", "Tagalog", whole=False),
    )
}
DEFAULT = "en"
WHOLE = tuple(code for code, language in LANGUAGES.items() if language.whole)
# What browsers send for these languages besides their own codes.
ALIASES = {"zh": "zh-Hans", "zh-CN": "zh-Hans", "zh-SG": "zh-Hans", "fil": "tl"}
BY_CATALOG = {language.catalog: code for code, language in LANGUAGES.items()}
NAMES = {code.lower(): code for code in LANGUAGES} | {a.lower(): t for a, t in ALIASES.items()}


def known(code: str | None) -> str | None:
    """The language a code names (case aside, aliases followed), or None."""
    if not code:
        return None
    return NAMES.get(code.lower())


def browser_choice() -> str | None:
    for code, _quality in request.accept_languages:
        found = known(code) or known(code.split("-")[0])
        if found:
            return found
    return None


def requested_language() -> str:
    """The request's language: its link, then the cookie, then the browser, then English."""
    if not has_request_context():
        return DEFAULT
    if "language" not in g:
        view = current_app.view_functions.get(request.endpoint or "")
        # Staff screens and the API (its messages are for programs) are written in English.
        if getattr(view, "english_only", False) or request.path.startswith("/api/"):
            g.language = DEFAULT
        else:
            g.language = (
                known(request.args.get("lang"))
                or known(request.cookies.get(COOKIE))
                or browser_choice()
                or DEFAULT
            )
    return g.language


def link_language() -> str | None:
    """The language a feed or API link names, and only that: a calendar app sends no cookie."""
    return known(request.args.get("lang"))


def current() -> str:
    """The language being written now: the request's, or the one a message is rendered in."""
    locale = get_locale()
    return BY_CATALOG.get(str(locale), DEFAULT) if locale else DEFAULT


def page_language() -> str:
    """What `<html lang>` says: the language itself if the whole site speaks it, else English."""
    code = current()
    return code if LANGUAGES[code].whole else DEFAULT


def select_catalog() -> str:
    return LANGUAGES[requested_language()].catalog


V = TypeVar("V", bound=Callable[..., Any])


def english_only(view: V) -> V:
    """Staff screens: written for the bodies' staff, in English, whatever the visitor chose."""
    view.english_only = True  # type: ignore[attr-defined]
    return view


def carry_language(endpoint: str | None, values: dict[str, Any]) -> None:
    """Every link a page makes keeps its language (not the API's or static files')."""
    if endpoint is None or endpoint == "static" or endpoint.startswith("api."):
        return
    code = current()
    if code != DEFAULT and "lang" not in values:
        values["lang"] = code


def remember_choice(response):
    """A `?lang=` choice is kept in a cookie: strictly necessary, it holds a language code only."""
    chosen = known(request.args.get("lang"))
    if chosen and request.cookies.get(COOKIE) != chosen:
        response.set_cookie(
            COOKIE,
            chosen,
            max_age=COOKIE_MAX_AGE,
            secure=current_app.config["SESSION_COOKIE_SECURE"],
            httponly=True,
            samesite="Lax",
        )
    response.vary.add("Accept-Language")
    response.vary.add("Cookie")
    return response


# -- reviews --------------------------------------------------------------------------------------


def catalog_path(code: str) -> Path:
    return TRANSLATIONS / LANGUAGES[code].catalog / "LC_MESSAGES" / "messages.po"


def reviewed_text(code: str) -> list[tuple[str, str]]:
    """What a reviewer of a language signs off: its whole catalog, or its safety text."""
    with catalog_path(code).open("rb") as file:
        catalog = read_po(file)
    whole = LANGUAGES[code].whole
    return sorted(
        (f"{message.context or ''}\x04{message.id}", str(message.string))
        for message in catalog
        if message.id and (whole or message.context == SAFETY)
    )


def fingerprint(code: str) -> str:
    text = json.dumps(reviewed_text(code), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def sign_offs() -> dict[str, dict[str, str]]:
    return json.loads(REVIEWS.read_text()) if REVIEWS.exists() else {}


@cache
def is_reviewed(code: str) -> bool:
    """Whether a reviewer signed off this language's text as it is now: any later change to the
    text brings the "not yet reviewed" mark back until someone signs off again."""
    if code == DEFAULT:
        return True
    sign_off = sign_offs().get(code)
    return bool(sign_off) and sign_off.get("fingerprint") == fingerprint(code)


def this_page_in(code: str) -> str:
    """The address of the page being shown, in another language (its query kept)."""
    arguments = request.args.to_dict() | {"lang": code}
    if request.endpoint and request.url_rule and "GET" in (request.url_rule.methods or ()):
        try:
            return url_for(request.endpoint, **(request.view_args or {}), **arguments)
        except (BuildError, KeyError, TypeError, ValueError):
            pass
    return f"{request.path}?{urlencode(arguments)}"


def template_context() -> dict[str, Any]:
    code = current()
    return {
        "languages": LANGUAGES.values(),
        "languages_by_code": LANGUAGES,
        "language": LANGUAGES[code],
        "page_lang": page_language(),
        "translation_reviewed": is_reviewed(code),
        "this_page_in": this_page_in,
    }


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(TRANSLATIONS))
    app.config.setdefault("BABEL_DEFAULT_TIMEZONE", app.config["DISPLAY_TIMEZONE"])
    Babel(app, locale_selector=select_catalog)
    # `{% trans %}` blocks are written over several lines; their text is one line in the catalog.
    app.jinja_env.policies["ext.i18n.trimmed"] = True
    app.url_defaults(carry_language)
    app.after_request(remember_choice)
    app.context_processor(template_context)
