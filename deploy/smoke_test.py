"""A smoke test of a running deployment, through its front door (nginx).

    SMOKE_PASSWORD=... python deploy/smoke_test.py https://committees.example.wa.gov \
        --email staff@example.wa.gov --meeting 12 [--insecure]

Checks pages, a feed's 304, a document download, a sign-in, that the login rate limit holds
across every instance (the limiter's counters are shared), and that a change made through one
instance is seen at once through the others. It adds an agenda item to --meeting, a meeting of a
body the account manages with a public document: run it against a test body, not a real one.
With nginx adding `X-Upstream: $upstream_addr` (as CI's does), it also checks that more than one
instance answered. Standard library only, so it runs from any machine with Python 3.
"""

from __future__ import annotations

import argparse
import html
import http.cookiejar
import os
import re
import ssl
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

BAD_LOGINS = 25


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


@dataclass
class Client:
    base: str
    context: ssl.SSLContext | None
    jar: http.cookiejar.CookieJar = field(default_factory=http.cookiejar.CookieJar)

    def request(self, path: str, data: dict | None = None, headers: dict | None = None) -> Answer:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body, headers=headers or {})
        opener = urllib.request.build_opener(
            urllib.request.HTTPSHandler(context=self.context),
            urllib.request.HTTPCookieProcessor(self.jar),
            NoRedirect,
        )
        try:
            with opener.open(request, timeout=30) as response:
                return Answer(response.status, dict(response.headers), response.read())
        except urllib.error.HTTPError as error:
            return Answer(error.code, dict(error.headers), error.read())

    def form(self, path: str, fields: dict, page: str | None = None) -> Answer:
        """POST a form as a browser would: with the CSRF token of the page it is on, and that
        page as its referrer (over HTTPS, Flask-WTF checks it)."""
        page = page or path
        token = csrf_token(self.request(page).text)
        return self.request(
            path, fields | {"csrf_token": token}, headers={"Referer": self.base + page}
        )


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a 302 is an answer to check, not to follow


def csrf_token(page: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    if not match:
        raise Check.failed("no CSRF token on the form's page")
    return match.group(1)


PASSED: list[str] = []


class Check:
    @staticmethod
    def that(condition: bool, what: str) -> None:
        if not condition:
            raise Check.failed(what)
        PASSED.append(what)
        print(f"ok   {what}")

    @staticmethod
    def failed(what: str) -> SystemExit:
        print(f"FAIL {what}")
        return SystemExit(1)


def upstreams(answers: list[Answer]) -> set[str]:
    return {a.headers.get("X-Upstream", "") for a in answers} - {""}


def check_pages(client: Client) -> None:
    for path in ["/", "/committees/", "/meetings/", "/api/v1/committees", "/healthz"]:
        answer = client.request(path)
        Check.that(answer.status == 200, f"GET {path} is 200")
    home = client.request("/")
    Check.that("Quick exit" in home.text or "quick-exit" in home.text, "pages carry the quick exit")
    found = client.request("/search?q=%22task+force%22")
    Check.that(
        found.status == 200 and 'class="usa-list usa-list--unstyled search-results"' in found.text,
        "the search finds the demo's records on PostgreSQL",
    )
    static = re.search(r'href="(/static/[^"]+\.css)"', home.text)
    Check.that(static is not None, "the page links its stylesheet")
    css = client.request(static.group(1))
    Check.that(
        css.status == 200 and "X-Upstream" not in css.headers,
        "static files are served by nginx, not the app",
    )


def check_feed(client: Client) -> None:
    first = client.request("/calendar.ics")
    Check.that(first.status == 200 and b"BEGIN:VCALENDAR" in first.body, "the feed answers")
    etag = first.headers.get("ETag", "")
    again = [client.request("/calendar.ics", headers={"If-None-Match": etag}) for _ in range(4)]
    Check.that(all(a.status == 304 for a in again), "the feed answers 304 to its ETag")
    if upstreams([first, *again]):
        Check.that(len(upstreams(again)) > 1, "every instance answers 304 to the same ETag")


def check_document(client: Client, meeting: int) -> None:
    page = client.request(f"/meetings/{meeting}").text
    link = re.search(r'href="(/documents/\d+/download)"', page)
    Check.that(link is not None, "the meeting page links a public document")
    document = client.request(link.group(1))
    Check.that(document.status == 200 and len(document.body) > 0, "the document downloads")


def check_sign_in_and_change(client: Client, email: str, password: str, meeting: int) -> None:
    signed_in = client.form("/login", {"email": email, "password": password})
    Check.that(signed_in.status == 302, "staff sign in")
    manage = f"/meetings/{meeting}/manage"
    answers = [client.request(manage) for _ in range(4)]
    Check.that(all(a.status == 200 for a in answers), "the session holds on every instance")
    title = f"Smoke test item {int(time.time())}"
    added = client.form(f"/meetings/{meeting}/agenda-items", {"title": title}, page=manage)
    Check.that(added.status == 302, "staff add an agenda item")
    answers = [client.request(manage) for _ in range(4)]
    Check.that(
        all(html.escape(title) in a.text for a in answers),
        "the change is seen at once through every instance",
    )
    if upstreams(answers):
        Check.that(len(upstreams(answers)) > 1, "more than one instance answered")


def check_login_limit(client: Client, limit_per_minute: int, already: int) -> None:
    """The limit counts every POST to /login from a client, whichever instance takes it."""
    stranger = Client(client.base, client.context)
    wrong = {"email": "nobody@example.org", "password": "wrong"}
    answers = [stranger.form("/login", wrong) for _ in range(BAD_LOGINS)]
    refused = [a for a in answers if a.status == 429]
    allowed = BAD_LOGINS - len(refused)
    print(f"     {BAD_LOGINS} bad logins: {allowed} answered, {len(refused)} refused with 429")
    Check.that(allowed == limit_per_minute - already, "the login rate limit holds across instances")
    if upstreams(answers):
        Check.that(len(upstreams(answers)) > 1, "the bad logins reached more than one instance")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base", help="the site's address, e.g. https://committees.example.wa.gov")
    parser.add_argument("--email", required=True, help="a staff account of the meeting's body")
    parser.add_argument("--meeting", type=int, required=True, help="a public meeting's id")
    parser.add_argument("--logins-per-minute", type=int, default=5, help="LOGIN_RATE_LIMIT's")
    parser.add_argument("--insecure", action="store_true", help="accept a self-signed certificate")
    args = parser.parse_args()
    password = os.environ.get("SMOKE_PASSWORD") or sys.exit("Set SMOKE_PASSWORD.")
    context = ssl._create_unverified_context() if args.insecure else None
    client = Client(args.base.rstrip("/"), context)
    check_pages(client)
    check_feed(client)
    check_document(client, args.meeting)
    check_sign_in_and_change(client, args.email, password, args.meeting)
    check_login_limit(client, args.logins_per_minute, already=1)
    print(f"smoke test passed: {len(PASSED)} checks")


if __name__ == "__main__":
    main()
