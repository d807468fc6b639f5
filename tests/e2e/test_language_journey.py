"""Language access in a browser: a visitor whose browser prefers Spanish reads the site in
Spanish, asks for an interpreter on a meeting page, and finds the safety text in Vietnamese."""

import pytest
from playwright.sync_api import Page, expect

from extensions import db
from tests.e2e.axe import assert_accessible
from tests.fixtures.meetings import make_meeting

pytestmark = pytest.mark.e2e


def test_a_spanish_reader_asks_for_an_interpreter_and_a_vietnamese_reader_finds_quick_exit(
    app, page: Page, bodies
):
    meeting = make_meeting(bodies["task-force"], title="Quarterly meeting")
    meeting.set_translation("title", "es", "Reunión trimestral")
    db.session.commit()
    page.set_extra_http_headers({"Accept-Language": "es-MX,es;q=0.9"})

    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("link", name="Salida rápida")).to_be_visible()
    assert_accessible(page)

    page.goto(f"/meetings/{meeting.id}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Reunión trimestral")
    assert_accessible(page)
    page.get_by_text(
        "Un intérprete (de un idioma hablado o de lengua de señas americana)", exact=True
    ).check()
    page.get_by_label("¿Qué idioma, o ASL?").fill("Mam")
    page.get_by_label("Su correo electrónico").fill("lector@example.org")
    page.get_by_role("button", name="Pedir esta adaptación").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Revise su correo electrónico")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    assert_accessible(page)

    # The language bar names each language in itself; Vietnamese carries the safety text.
    page.get_by_role("link", name="Tiếng Việt").click()
    expect(page.get_by_role("link", name="Thoát nhanh")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_text("Bản dịch chưa được kiểm tra.")).to_be_visible()
    assert_accessible(page)
