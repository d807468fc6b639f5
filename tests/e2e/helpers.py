"""What the browser journeys share: finding headings and flashes, signing in, reading e-mail."""

import re
from email.message import EmailMessage

from playwright.sync_api import Page, expect

from tests.e2e.axe import assert_accessible
from tests.fixtures.members import PASSWORD


def heading(page: Page):
    return page.get_by_role("heading", level=1)


def flash(page: Page, message: str):
    return page.get_by_role("status").filter(has_text=message)


def sign_in(page: Page, email: str) -> None:
    page.goto("/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    assert_accessible(page)
    page.get_by_role("button", name="Sign in").click()
    expect(flash(page, "You are signed in.")).to_be_visible()


def text_of(message: EmailMessage) -> str:
    return message.get_body(("plain",)).get_content()


def link_in(message: EmailMessage, prefix: str) -> str:
    """The path of the link in the message's text that starts with `prefix`."""
    found = re.search(rf"https?://\S+?({re.escape(prefix)}\S+)", text_of(message))
    assert found, f"no {prefix} link in:\n{text_of(message)}"
    return found[1]
