"""Who may keep what the app answers, and for how long.

A shared cache in front (nginx, a CDN) may keep only what every anonymous reader gets the same
way. Anything personal, or a page carrying a form's token or setting a cookie, is for no cache
at all: a staff queue must not outlive a shared computer, and a cached token is someone else's."""

from flask import Flask, Response, g, request
from flask_login import current_user

# Feeds and public files: a calendar app's polls are served for five minutes, and a stale copy for
# ten more while the cache fetches the next, without reaching the app.
PUBLIC_CACHE = "public, max-age=300, stale-while-revalidate=600"
# Public pages change when staff publish, and readers expect to see that: a minute, then
# revalidated in the background for five more.
PUBLIC_PAGE_CACHE = "public, max-age=60, stale-while-revalidate=300"
NO_STORE = "private, no-store"


def cache_public_pages(response: Response) -> Response:
    """The last word on caching. What a signed-in user gets may be theirs alone (a private feed
    link, a queue, a person's page): no browser or proxy keeps it, whatever the view said. A page
    no view gave its own rule is public when an anonymous reader's GET found it and it holds no
    form token and sets no cookie; else kept by no one."""
    if request.endpoint == "static":
        return response
    if current_user.is_authenticated:
        response.headers["Cache-Control"] = NO_STORE
        return response
    if "Cache-Control" in response.headers or response.mimetype != "text/html":
        return response
    shareable = (
        request.method == "GET"
        and response.status_code == 200
        and "csrf_token" not in g  # Flask-WTF keeps the token it put in a form here
        and "Set-Cookie" not in response.headers
    )
    if shareable:
        response.headers["Cache-Control"] = PUBLIC_PAGE_CACHE
        # A reader with a session (signed in, a language chosen) gets her own copy.
        response.vary.add("Cookie")
    else:
        response.headers["Cache-Control"] = NO_STORE
    return response


def init_app(app: Flask) -> None:
    app.after_request(cache_public_pages)
