"""Applications to serve in a browser, against a real SMTP server: a member of the public sees the
Task Force's vacant seats, applies with a résumé, confirms from the e-mail; the Task Force's staff
download the résumé and appoint the applicant, who then fills a seat on the public page, the roster
and the annual report. Staff give a seat a fixed term and reappoint a member for the next one."""

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from applications.models import SeatApplication
from core.templating import long_date
from core.time import today_pacific
from extensions import db
from members.models import UserRole
from notify.worker import send_due
from public_requests.states import RequestStatus
from tests.e2e.axe import assert_accessible
from tests.e2e.helpers import flash, heading, link_in, sign_in, text_of
from tests.fixtures.committees import appoint, make_person, seat
from tests.fixtures.mail import mail_config
from tests.fixtures.meetings import PDF_BYTES
from tests.fixtures.members import make_user

pytestmark = pytest.mark.e2e

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
STAFF_EMAIL = "task-force-staff@example.org"
APPLICANT = "ari.applicant@example.org"
STATEMENT = "Ten years of victim services in Pierce County."
RESUME = "ari-resume.pdf"
TO = "\N{EN DASH}"  # a term on the roster: f"January 1, 2027 {TO} December 31, 2028"


@pytest.fixture
def app_config(app_config, smtp) -> dict:
    """The e2e settings (CSRF on), and mail to the test's own SMTP server."""
    return app_config | mail_config(smtp)


@pytest.fixture
def staff(browser, live_server, offsite_guard, bodies) -> Iterator[Page]:
    """The Task Force's staff, signed in in a browser context of their own."""
    make_user(STAFF_EMAIL, UserRole.STAFF, [bodies["task-force"]])
    context = browser.new_context(base_url=live_server, bypass_csp=True)
    context.set_default_timeout(10_000)
    offsite_guard.watch(context)
    page = context.new_page()
    sign_in(page, STAFF_EMAIL)
    yield page
    context.close()


def seat_section(page: Page, label: str):
    return page.get_by_role("region", name=label, exact=True)


def seats_vacant(page: Page) -> int:
    """The number in the composition summary, "38 seats vacant: 4 Legislator …"."""
    summary = page.locator("strong").filter(has_text="vacant:").first.inner_text()
    return int(re.match(r"(\d+) seats? vacant:", summary)[1])


def test_the_public_apply_and_staff_appoint_from_the_queue(page: Page, staff: Page, bodies, smtp):
    ARTIFACTS.mkdir(exist_ok=True)
    task_force_name = bodies["task-force"].name
    this_year = today_pacific().year

    # The public see which seats are vacant and that they may apply.
    page.goto("/committees/task-force")
    organization = seat_section(page, "Organization")
    expect(organization).to_contain_text("25 seats · 0 filled · 25 vacant")
    vacant_before = seats_vacant(page)
    serve = page.get_by_role("region", name="Would you like to serve?")
    expect(serve).to_contain_text("Organization (25 vacant)")
    assert_accessible(page)
    serve.get_by_role("link", name="Apply to serve").click()
    expect(heading(page)).to_have_text("Apply to serve on the Task Force")
    assert_accessible(page)
    page.get_by_label("Your name").fill("Ari Applicant")
    page.get_by_label("Your e-mail").fill(APPLICANT)
    page.get_by_label("Organization (optional)").fill("Harbor House")
    page.get_by_label("The seat you apply for").select_option(label="Organization")
    page.get_by_label("Why you would like to serve").fill(STATEMENT)
    page.get_by_label("A résumé or letter (optional)").set_input_files(
        {"name": RESUME, "mimeType": "application/pdf", "buffer": PDF_BYTES}
    )
    page.screenshot(path=ARTIFACTS / "application-form.png", full_page=True)
    page.get_by_role("button", name="Send my application").click()
    expect(heading(page)).to_have_text("Check your e-mail")
    assert_accessible(page)

    # The worker sends the confirmation; the applicant opens its link.
    send_due()
    (confirmation,) = smtp.inbox.to(APPLICANT)
    assert confirmation["Subject"] == "Confirm your application: Task Force"
    assert "(Organization)" in text_of(confirmation)
    page.goto(link_in(confirmation, "/applications/confirm/"))
    expect(heading(page)).to_have_text("Confirm your application")
    assert_accessible(page)
    page.get_by_role("button", name="Confirm my application").click()
    expect(heading(page)).to_have_text("Your application is confirmed")
    assert_accessible(page)

    # The Task Force's staff see it counted on their dashboard and open the queue.
    staff.get_by_role("link", name="Staff", exact=True).click()
    expect(heading(staff)).to_have_text("Staff dashboard")
    assert_accessible(staff)
    staff.get_by_role("link", name="1 application to serve waiting for the Task Force").click()
    expect(heading(staff)).to_have_text("Task Force: applications to serve")
    tabs = staff.get_by_role("navigation", name="Applications by status")
    expect(tabs).to_contain_text("Received (1)")
    application = staff.get_by_role("region", name="Ari Applicant, Harbor House")
    expect(application).to_contain_text(f"Organization · {APPLICANT}")
    expect(application).to_contain_text(STATEMENT)
    assert_accessible(staff)
    staff.screenshot(path=ARTIFACTS / "application-queue.png", full_page=True)
    with staff.expect_download() as download:
        application.get_by_role("link", name=RESUME).click()
    assert download.value.suggested_filename == RESUME
    assert Path(download.value.path()).read_bytes() == PDF_BYTES

    application.get_by_role("button", name="Appoint from today").click()
    expect(heading(staff)).to_have_text("Appoint Ari Applicant from today?")
    assert_accessible(staff)
    staff.get_by_role("button", name="Appoint Ari Applicant").click()
    expect(flash(staff, "Ari Applicant is appointed to “Organization”.")).to_be_visible()
    expect(staff.get_by_text("No received applications.")).to_be_visible()
    expect(tabs).to_contain_text("Appointed (1)")
    assert_accessible(staff)
    db.session.expire_all()  # the browser changed it through the live server
    assert db.session.scalar(select(SeatApplication)).status is RequestStatus.APPOINTED

    # The roster lists the new member, from today, in an open term.
    staff.goto("/committees/task-force/roster")
    row = staff.get_by_role("row").filter(has_text="Ari Applicant")
    expect(row).to_contain_text(f"{long_date(today_pacific())} {TO} present")
    assert_accessible(staff)
    staff.screenshot(path=ARTIFACTS / "roster.png", full_page=True)

    # The public page counts one more filled Organization seat, one fewer vacant in all.
    page.goto("/committees/task-force")
    expect(organization).to_contain_text("25 seats · 1 filled · 24 vacant")
    expect(organization.get_by_role("listitem").first).to_contain_text("Ari Applicant")
    assert seats_vacant(page) == vacant_before - 1
    expect(page.get_by_text(f"{vacant_before - 1} seats vacant:")).to_contain_text(
        "24 Organization"
    )
    assert_accessible(page)
    page.screenshot(path=ARTIFACTS / "task-force-after-appointment.png", full_page=True)

    # This year's annual report counts the term; only staff see whose it is.
    page.get_by_role("link", name=f"Annual report {this_year}").click()
    expect(heading(page)).to_have_text(f"{task_force_name}: {this_year}, so far")
    expect(page.get_by_text(re.compile(r"^1 term started, 0 ended\.$"))).to_be_visible()
    expect(page.get_by_text("Ari Applicant")).to_have_count(0)
    assert_accessible(page)
    staff.goto(f"/committees/task-force/report/{this_year}")
    expect(staff.get_by_text("Staff version: includes names")).to_be_visible()
    expect(staff.get_by_text("1 term started, 0 ended.")).to_be_visible()
    started = f"Started: Ari Applicant, Organization, {long_date(today_pacific())}"
    expect(staff.get_by_role("listitem").filter(has_text=started)).to_be_visible()
    assert_accessible(staff)
    staff.screenshot(path=ARTIFACTS / "annual-report-staff.png", full_page=True)


def test_staff_give_a_seat_a_term_and_reappoint_a_member_for_the_next_one(staff: Page, bodies):
    ARTIFACTS.mkdir(exist_ok=True)
    organization = seat(bodies["task-force"], "organization")
    member = make_person("Terry Termend", email="terry@example.org")
    appoint(member, organization, start=date(2024, 12, 1), end=date(2026, 12, 31))
    db.session.commit()
    member_id = member.id

    # Organization seats get a two-year term.
    staff.goto("/committees/task-force/roster")
    expect(heading(staff)).to_have_text("Task Force: seats and appointments")
    assert_accessible(staff)
    staff.get_by_role("link", name="Edit the seat Organization", exact=True).click()
    expect(heading(staff)).to_have_text("Edit “Organization”")
    term = staff.get_by_label("Term length in months")
    expect(term).to_have_value("")
    assert_accessible(staff)
    staff.screenshot(path=ARTIFACTS / "seat-type-form.png", full_page=True)
    term.fill("24")
    staff.get_by_role("button", name="Save").click()
    expect(flash(staff, "“Organization” was saved.")).to_be_visible()
    expect(staff.get_by_text("Term 24 months")).to_be_visible()

    # Terry's term ends on December 31: staff reappoint Terry for the next one.
    staff.get_by_role("link", name="Reappoint Terry Termend").click()
    expect(heading(staff)).to_have_text("Appoint someone to the Task Force")
    expect(staff.get_by_text("The next term after Terry Termend's")).to_contain_text(
        "ending December 31, 2026"
    )
    expect(staff.get_by_label("Person", exact=True)).to_have_value(str(member_id))
    expect(staff.get_by_label("Seat", exact=True)).to_have_value(str(organization.id))
    expect(staff.get_by_label("Start date")).to_have_value("2027-01-01")
    expect(staff.get_by_label("End date (optional)")).to_have_value("2028-12-31")
    assert_accessible(staff)
    staff.screenshot(path=ARTIFACTS / "reappointment-form.png", full_page=True)
    staff.get_by_role("button", name="Appoint", exact=True).click()
    expect(flash(staff, "Terry Termend was appointed to “Organization”.")).to_be_visible()

    # The roster shows both terms; the new one follows the old, which can no longer be renewed.
    rows = staff.get_by_role("row").filter(has_text="Terry Termend")
    expect(rows).to_have_count(2)
    expect(rows.nth(1)).to_contain_text(f"January 1, 2027 {TO} December 31, 2028")
    expect(rows.nth(1)).to_contain_text("follows Terry Termend's term")
    expect(rows.nth(1)).to_contain_text("upcoming")
    expect(staff.get_by_role("link", name="Reappoint Terry Termend")).to_have_count(1)
    assert_accessible(staff)
    staff.screenshot(path=ARTIFACTS / "roster-reappointed.png", full_page=True)
