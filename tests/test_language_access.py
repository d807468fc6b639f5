"""Language access: a visitor chooses a language; pages, e-mails and feeds follow it; the safety
text speaks the state's main languages; staff give their text in Spanish too."""

import json
import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import icalendar
import pytest
from babel.messages.pofile import read_po

from core import languages
from core.languages import LANGUAGES, SAFETY
from extensions import db
from meetings.models import AgendaItem
from meetings.postings import publish_agenda
from members.models import UserRole
from tests.fixtures.meetings import add_item, make_meeting
from tests.fixtures.members import make_user
from tests.policy import POLICY

SPANISH_LONG_DATE = re.compile(r"\d{1,2} de [a-z]+ de 20\d\d")


def html_lang(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.get_data(as_text=True))[1]


# -- choosing --------------------------------------------------------------------------------


def test_a_spanish_browser_gets_spanish_pages(client, bodies):
    response = client.get("/", headers={"Accept-Language": "es-MX,es;q=0.9,en;q=0.5"})
    assert html_lang(response) == "es"
    assert "Accept-Language" in response.headers["Vary"]
    assert "Salida rápida" in response.get_data(as_text=True)


def test_no_preference_is_english(client, bodies):
    assert html_lang(client.get("/")) == "en"
    assert html_lang(client.get("/", headers={"Accept-Language": "de-DE"})) == "en"


def test_a_chosen_language_is_remembered_in_a_strictly_necessary_cookie(client, bodies):
    response = client.get("/committees/?lang=es")
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("lang=es;")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "cookie" in response.get_data(as_text=True).lower()  # the switcher says so
    # the next page, with no ?lang= and an English browser, stays in Spanish
    assert html_lang(client.get("/meetings/", headers={"Accept-Language": "en"})) == "es"
    assert html_lang(client.get("/meetings/?lang=en")) == "en"


def test_links_carry_the_language_so_a_shared_link_opens_in_it(client, bodies):
    page = client.get("/?lang=es").get_data(as_text=True)
    assert 'href="/committees/?lang=es"' in page
    assert 'href="/meetings/?lang=es"' in page
    # static files and the API are the same in every language
    assert "uswds.min.css?lang" not in page


def test_an_unknown_language_is_ignored(client, bodies):
    response = client.get("/?lang=xx-<script>")
    assert response.status_code == 200
    assert html_lang(response) == "en"
    assert "Set-Cookie" not in response.headers


def test_the_switcher_names_each_language_in_itself_on_every_page(client, bodies):
    page = client.get("/meetings/").get_data(as_text=True)
    for language in LANGUAGES.values():
        assert re.search(f'hreflang="{language.code}"[^>]*>{language.name}</a>', page)
        assert f'<li lang="{language.code}">' in page


def test_a_chinese_browser_gets_the_safety_text_in_chinese_on_an_english_page(client, bodies):
    response = client.get("/", headers={"Accept-Language": "zh-CN,zh;q=0.9"})
    page = response.get_data(as_text=True)
    assert html_lang(response) == "en"  # the rest of the page is English
    assert re.search(r'class="quick-exit"[^>]*lang="zh-Hans"', page)
    assert "快速离开" in page
    assert "1-800-822-1067" in page
    # the body's "how to take part" is safety text, given by staff in Chinese
    assert "会议向公众开放" in page


def test_staff_screens_are_in_english_whatever_is_chosen(client, auth, bodies):
    make_user("staff@example.org", UserRole.STAFF, committees=[bodies["washact"]])
    db.session.commit()
    auth.login("staff@example.org")
    roster = client.get("/committees/washact/roster?lang=es")
    assert roster.status_code == 200
    assert html_lang(roster) == "en"
    assert html_lang(client.get("/members/me?lang=es")) == "es"  # the member's own page is theirs


def test_every_staff_screen_and_only_staff_screens_are_english_only(app):
    staff_rules = {"STAFF", "BODY_STAFF", "ADMIN", "EVERY_BODY_STAFF"}
    rules: dict[str, set[str]] = {}
    for (endpoint, _method, _variant), rule in POLICY.items():
        rules.setdefault(endpoint, set()).add(rule.__name__)
    for endpoint, names in rules.items():
        english = getattr(app.view_functions[endpoint], "english_only", False)
        assert english == bool(names & staff_rules), endpoint


# -- catalogs --------------------------------------------------------------------------------


def catalog(code: str):
    with languages.catalog_path(code).open("rb") as file:
        return read_po(file)


def test_spanish_is_complete_by_msgfmt():
    result = subprocess.run(
        ["msgfmt", "--statistics", "--check", "-o", "/dev/null", languages.catalog_path("es")],
        capture_output=True,
        text=True,
        check=True,
    )
    statistics = result.stderr.strip()
    assert re.fullmatch(r"\d+ translated messages\.", statistics), statistics


def test_the_catalogs_hold_every_marked_string(tmp_path):
    """The .pot is up to date (`make translations` was run after the last marking) and holds the
    strings of every package, and Spanish has each of them."""
    root = Path(__file__).resolve().parent.parent
    packages = sorted(
        p.parent.name for p in root.glob("*/__init__.py") if p.parent.name not in {"tests", "bench"}
    )
    fresh = tmp_path / "fresh.pot"
    subprocess.run(
        [
            str(Path(sys.executable).with_name("pybabel")),
            "-q",
            "extract",
            "-F",
            "babel.cfg",
            *("-k", "_l", "-k", "lazy_gettext", "-k", "lazy_ngettext:1,2"),
            "-o",
            str(fresh),
            "app.py",
            "config.py",
            *packages,
            "templates",
        ],
        cwd=root,
        check=True,
    )
    with fresh.open("rb") as file:
        marked = {(m.context, m.id) for m in read_po(file) if m.id}
    template = Path(languages.TRANSLATIONS, "messages.pot").read_text()
    assert 'msgctxt "safety"' in template
    with Path(languages.TRANSLATIONS, "messages.pot").open("rb") as file:
        extracted = {(m.context, m.id) for m in read_po(file) if m.id}
    assert marked <= extracted, f"run `make translations`: {sorted(marked - extracted)[:5]}"
    es = {(m.context, m.id) for m in catalog("es") if m.id}
    assert extracted <= es


@pytest.mark.parametrize("code", [c for c, lang in LANGUAGES.items() if not lang.whole])
def test_the_safety_text_is_translated_in_each_of_the_states_main_languages(code):
    safety = [m for m in catalog(code) if m.id and m.context == SAFETY]
    assert len(safety) >= 12
    untranslated = [m.id for m in safety if not m.string or m.fuzzy]
    assert untranslated == []
    for message in safety:  # placeholders survive translation
        for placeholder in re.findall(r"%\(\w+\)s", str(message.id)):
            assert placeholder in str(message.string), (code, message.id)


def test_an_unreviewed_translation_says_so_until_a_reviewer_signs_off(
    client, runner, bodies, tmp_path, monkeypatch
):
    monkeypatch.setattr(languages, "REVIEWS", tmp_path / "reviews.json")
    languages.is_reviewed.cache_clear()
    unreviewed = "Bản dịch chưa được kiểm tra"
    assert unreviewed in client.get("/?lang=vi").get_data(as_text=True)

    result = runner.invoke(args=["translations", "sign-off", "vi", "--by", "A reviewer"])
    assert result.exit_code == 0, result.output
    assert unreviewed not in client.get("/?lang=vi").get_data(as_text=True)
    assert "vi       Tiếng Việt" in runner.invoke(args=["translations", "status"]).output

    # a sign-off covers the text as it was: a later change brings the mark back
    reviews = json.loads(languages.REVIEWS.read_text())
    reviews["vi"]["fingerprint"] = "0" * 64
    languages.REVIEWS.write_text(json.dumps(reviews))
    languages.is_reviewed.cache_clear()
    assert unreviewed in client.get("/?lang=vi").get_data(as_text=True)
    assert runner.invoke(args=["translations", "sign-off", "xx", "--by", "Nobody"]).exit_code == 2
    languages.is_reviewed.cache_clear()


# -- dates, and text staff write --------------------------------------------------------------


def test_dates_and_times_are_written_in_spanish_in_pacific_time_with_the_zone_named(client, bodies):
    meeting = make_meeting(bodies["task-force"], title="Quarterly meeting")
    db.session.commit()
    page = client.get(f"/meetings/{meeting.id}?lang=es").get_data(as_text=True)
    assert SPANISH_LONG_DATE.search(page)
    assert "del Pacífico" in page
    assert " p.m." not in page and " a.m." not in page


def test_spanish_readers_see_staff_spanish_text_or_the_english_marked_as_english(client, bodies):
    meeting = make_meeting(bodies["task-force"], title="Quarterly meeting")
    meeting.set_translation("title", "es", "Reunión trimestral")
    add_item(meeting, "Welcome and introductions")
    publish_agenda(meeting, meeting.starts_at - timedelta(days=5), None)
    db.session.commit()
    page = client.get(f"/meetings/{meeting.id}?lang=es").get_data(as_text=True)
    assert "Reunión trimestral" in page
    assert re.search(
        r'<span lang="en">Welcome and introductions</span>\s*'
        r'<span class="in-english" lang="es">\(en inglés\)</span>',
        page,
    )
    english = client.get(f"/meetings/{meeting.id}?lang=en").get_data(as_text=True)
    assert "Quarterly meeting" in english and "(in English)" not in english


def test_staff_give_spanish_text_and_see_what_a_posted_agenda_lacks(client, auth, bodies):
    make_user("staff@example.org", UserRole.STAFF, committees=[bodies["task-force"]])
    meeting = make_meeting(bodies["task-force"], title="Quarterly meeting")
    item = add_item(meeting, "Welcome", description="Opening remarks.")
    db.session.commit()
    auth.login("staff@example.org")
    response = client.post(
        f"/agenda-items/{item.id}/edit",
        data={"title": "Welcome", "description": "Opening remarks.", "title__es": "Bienvenida"},
    )
    assert response.status_code == 302
    assert db.session.get(AgendaItem, item.id).text_in("title", "es") == "Bienvenida"
    publish_agenda(meeting, meeting.starts_at - timedelta(days=5), None)
    db.session.commit()
    manage = client.get(f"/meetings/{meeting.id}/manage").get_data(as_text=True)
    assert "Meeting title" in manage
    assert "Item 1 (Welcome): description" in manage
    assert "Item 1 (Welcome): title" not in manage


# -- feeds ----------------------------------------------------------------------------------


def test_feeds_exist_per_language_with_the_language_of_each_text(client, bodies):
    meeting = make_meeting(bodies["task-force"], title="Quarterly meeting")
    meeting.set_translation("title", "es", "Reunión trimestral")
    make_meeting(bodies["task-force"], title="Planning retreat")
    db.session.commit()
    english = icalendar.Calendar.from_ical(client.get("/calendar.ics").data)
    assert {e["SUMMARY"].params.get("LANGUAGE") for e in english.walk("VEVENT")} == {"en"}
    spanish_bytes = client.get("/calendar.ics?lang=es").data
    spanish = icalendar.Calendar.from_ical(spanish_bytes)
    summaries = {
        str(e["SUMMARY"]): e["SUMMARY"].params.get("LANGUAGE") for e in spanish.walk("VEVENT")
    }
    assert summaries == {"Reunión trimestral": "es", "Planning retreat": "en"}
    assert all(e["DESCRIPTION"].params.get("LANGUAGE") == "es" for e in spanish.walk("VEVENT"))
    # the fast path serves each language its own bytes, and a 304 only for the same language
    again = client.get("/calendar.ics?lang=es")
    assert again.data == spanish_bytes
    english_etag = client.get("/calendar.ics").headers["ETag"]
    assert again.headers["ETag"] != english_etag
    committee_feed = icalendar.Calendar.from_ical(
        client.get("/committees/task-force/calendar.ics?lang=es").data
    )
    assert {str(e["SUMMARY"]) for e in committee_feed.walk("VEVENT")} == set(summaries)
    single = icalendar.Calendar.from_ical(client.get(f"/meetings/{meeting.id}.ics?lang=es").data)
    assert [str(e["SUMMARY"]) for e in single.walk("VEVENT")] == ["Reunión trimestral"]


def test_the_subscribe_page_offers_the_feed_in_the_visitors_language(client, bodies):
    page = client.get("/subscribe?lang=es").get_data(as_text=True)
    assert "calendar.ics?lang=es" in page
