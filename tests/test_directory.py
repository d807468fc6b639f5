"""/subscribe and /committees/ in an install of many bodies: a search finds the bodies, never a
page of every body's feed and checkbox."""

import pytest
from sqlalchemy import select

from committees.models import Committee, Topic
from extensions import db
from invitations.models import Subscriber
from tests.fixtures.committees import make_committee
from tests.fixtures.members import make_user
from tests.test_protection_findings import last_change
from tests.test_query_counts import queries_for


@pytest.fixture
def many(bodies):
    for n in range(40):
        agency = "Department of Commerce" if n % 2 else "Office of the Governor"
        topic = Topic.HEALTH if n % 4 == 0 else Topic.LABOR_AND_WORKFORCE
        make_committee(
            f"board-{n}", name=f"Board of Things {n}", convening_agency=agency, topic=topic
        )
    db.session.commit()


def checkboxes(page: str) -> int:
    return page.count('name="committees"')


def test_a_small_install_lists_every_body(client, bodies):
    page = client.get("/subscribe").text
    assert checkboxes(page) == 3 and 'id="find-body"' not in page


def test_a_large_install_lists_none_until_a_search_finds_them(client, many):
    page = client.get("/subscribe").text
    assert checkboxes(page) == 0 and 'id="find-body"' in page and "43 bodies" in page
    assert "Find a body to subscribe" in page and "first 25" not in page
    assert "/committees/board-1/calendar.ics" not in page
    found = client.get("/subscribe?q=things 17").text
    assert checkboxes(found) == 1 and "/committees/board-17/calendar.ics" in found
    # every word must match, in any of name, short name and agency, case aside
    assert checkboxes(client.get("/subscribe?q=COMMERCE things").text) == 20
    capped = client.get("/subscribe?q=board").text
    assert checkboxes(capped) == 25 and "first 25 of 40" in capped


@pytest.mark.parametrize("path", ["/subscribe", "/committees/"])
@pytest.mark.parametrize("words", ["%", "_", "\\", "x" * 500, "<script>", "' OR 1=1 --"])
def test_a_hostile_search_matches_nothing_and_is_said_back_safely(client, many, path, words):
    for arguments in [{"q": words}, {"agency": words}, {"q": words, "page": "99999"}]:
        response = client.get(path, query_string=arguments)
        assert response.status_code == 200
        assert checkboxes(response.text) == 0 and "Board of Things" not in response.text
        assert "<script>" not in response.text


def test_a_refused_form_keeps_the_bodies_chosen_and_a_good_one_subscribes(client, many):
    board = db.session.scalar(select(Committee.id).where(Committee.slug == "board-7"))
    refused = client.post("/subscriptions", data={"committees": str(board), "email": "nope"})
    assert refused.status_code == 422
    assert checkboxes(refused.text) == 1 and "checked" in refused.text
    sent = client.post(
        "/subscriptions",
        data={"committees": str(board), "email": "reader@example.org", "language": "en"},
    )
    assert sent.status_code == 302
    assert db.session.scalar(select(Subscriber).where(Subscriber.email == "reader@example.org"))


def test_the_page_takes_the_same_queries_for_40_bodies_as_for_400(client, many):
    few = queries_for(client, "/subscribe?q=board")
    for n in range(40, 400):
        make_committee(f"board-{n}", name=f"Board of Things {n}")
    db.session.commit()
    assert queries_for(client, "/subscribe?q=board") == few


def test_the_home_page_of_a_large_install_counts_its_bodies_by_topic(client, many):
    page = client.get("/").text
    assert '/committees/?topic=health">Health and behavioral health</a> (10)' in page
    assert '/committees/?topic=labor_and_workforce">Labor and workforce</a> (30)' in page
    # the demo's three: two on trafficking, the committee on exploited children
    assert "Human trafficking and exploitation</a> (2)" in page
    assert "Children and youth</a> (1)" in page
    assert "Education</a>" not in page  # a topic no body has is not offered
    spanish = client.get("/?lang=es").text
    assert "Salud y salud conductual</a> (10)" in spanish


def test_bodies_are_found_by_topic_with_the_agency_and_the_words(client, many):
    health = client.get("/committees/?topic=health").text
    assert "10 bodies" in health and "Board of Things 4<" in health
    assert "Board of Things 1<" not in health
    both = client.get("/committees/?topic=health&agency=Office of the Governor&q=things").text
    assert "10 bodies" in both
    none = client.get("/committees/?topic=health&agency=Department of Commerce").text
    assert "No body matches your search." in none
    paged = client.get("/committees/?topic=labor_and_workforce").text
    assert "page 1 of 3" in paged and "topic=labor_and_workforce&amp;page=2" in paged


@pytest.mark.parametrize("topic", ["astrology", "HEALTH", "<script>", "9" * 30, "-1"])
def test_a_topic_not_on_the_list_is_a_400_that_names_the_list(client, many, topic):
    response = client.get("/committees/", query_string={"topic": topic})
    assert response.status_code == 400
    assert "must be one of" in response.text and "children_and_youth" in response.text
    assert "<script>" not in response.text


def test_staff_of_a_body_set_its_topic_and_the_change_is_audited(client, auth, bodies):
    make_user("tf-staff@example.org", committees=[bodies["task-force"]])
    auth.login("tf-staff@example.org")
    data = {
        "topic": "justice_and_public_safety",
        "purpose": bodies["task-force"].purpose,
        "term_alert_days": "60",
        "accommodation_notice_days": "5",
        "comment_cutoff_hours": "0",
    }
    assert 'name="topic"' in client.get("/committees/task-force/settings").text
    refused = client.post("/committees/task-force/settings", data=data | {"topic": "nope"})
    assert refused.status_code == 422
    assert client.post("/committees/task-force/settings", data=data).status_code == 302
    db.session.refresh(bodies["task-force"])
    assert bodies["task-force"].topic is Topic.JUSTICE_AND_PUBLIC_SAFETY
    entry = last_change("Committee", bodies["task-force"].id)
    assert entry.changes["topic"] == ["human_trafficking", "justice_and_public_safety"]
    assert "Justice and public safety" in client.get("/committees/task-force").text
    assert client.post("/committees/washact/settings", data=data).status_code == 403
