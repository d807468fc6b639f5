"""An administrator's own screens pass axe like every other page."""

from playwright.sync_api import Page, expect

from members.models import UserRole
from tests.e2e.axe import assert_accessible
from tests.e2e.helpers import flash, heading, sign_in
from tests.fixtures.members import make_user


def test_an_admin_gives_a_staff_member_a_body(page: Page, bodies):
    make_user("admin@example.org", UserRole.ADMIN)
    make_user("staff@example.org", UserRole.STAFF)
    sign_in(page, "admin@example.org")
    page.get_by_role("link", name="Staff", exact=True).click()
    page.get_by_role("link", name="Accounts").click()
    expect(heading(page)).to_have_text("Accounts")
    assert_accessible(page)
    page.get_by_role("link", name="Edit staff@example.org").click()
    assert_accessible(page)
    page.get_by_text("WashACT — Washington Advisory Committee on Trafficking").click()
    page.get_by_role("button", name="Save").click()
    expect(flash(page, "staff@example.org was saved.")).to_be_visible()
    expect(page.get_by_role("row", name="staff@example.org")).to_contain_text("WashACT")
    page.get_by_role("link", name="Staff", exact=True).click()
    page.get_by_role("link", name="Audit log").click()
    assert_accessible(page)
