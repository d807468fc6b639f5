"""The posted record in a browser: staff post an agenda, edit it, and the public page keeps the
posted version until a revision is published; each version, its fingerprint and the packet are
there to find, on a desktop and on a phone."""

import pytest
from playwright.sync_api import Page, expect

from extensions import db
from members.models import UserRole
from tests.e2e.axe import assert_accessible
from tests.e2e.helpers import sign_in
from tests.e2e.layout import assert_fits_a_phone
from tests.fixtures.meetings import add_item, make_meeting
from tests.fixtures.members import make_user

pytestmark = pytest.mark.e2e


def test_staff_revise_a_posted_agenda_and_the_public_finds_each_version(
    app, page: Page, new_page, bodies
):
    meeting = make_meeting(bodies["task-force"], title="Spring meeting")
    add_item(meeting, "Call to order")
    db.session.commit()
    make_user("staff@example.org", UserRole.STAFF, [bodies["task-force"]])
    sign_in(page, "staff@example.org")
    page.goto(f"/meetings/{meeting.id}/manage")
    page.get_by_role("button", name="Publish the agenda").click()
    form = page.locator("form", has=page.get_by_role("button", name="Add item"))
    form.get_by_label("Title", exact=True).fill("Budget report")
    form.get_by_role("button", name="Add item").click()
    expect(page.get_by_text("The draft differs from the posted agenda.")).to_be_visible()

    public = new_page()
    public.goto(f"/meetings/{meeting.id}")
    agenda = public.locator("ol.agenda")
    expect(agenda).to_contain_text("Call to order")
    expect(agenda).not_to_contain_text("Budget report")
    assert_accessible(public)

    page.get_by_role("button", name="Publish a revision").click()
    public.reload()
    expect(public.locator("ol.agenda")).to_contain_text("Budget report")
    expect(public.get_by_text("revised", exact=False).first).to_be_visible()
    public.get_by_text("Proof of posting").click()
    fingerprints = public.locator("details.proof code")
    expect(fingerprints).to_have_count(2)
    assert_accessible(public)

    public.get_by_role("link", name="Agenda, version 1").click()
    expect(public.get_by_role("heading", level=1)).to_have_text("Agenda, version 1")
    expect(public.locator("ol.agenda")).not_to_contain_text("Budget report")
    expect(public.get_by_text("This is an earlier version.")).to_be_visible()
    assert_accessible(public)

    public.goto(f"/meetings/{meeting.id}")
    href = public.get_by_role("link", name="Download the packet (PDF)").get_attribute("href")
    packet = public.request.get(href)
    assert packet.ok and packet.headers["content-type"] == "application/pdf"
    assert packet.body().startswith(b"%PDF-")

    public.set_viewport_size({"width": 390, "height": 844})
    public.goto(f"/meetings/{meeting.id}/agenda/2")
    assert_fits_a_phone(public)
    public.goto(f"/meetings/{meeting.id}")
    public.get_by_text("Proof of posting").click()
    assert_fits_a_phone(public)
