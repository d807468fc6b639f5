"""/subscribe and /committees/ in an install of many bodies: a search finds the bodies, never a
page of every body's feed and checkbox."""

import pytest
from sqlalchemy import select

from committees.models import Committee
from extensions import db
from invitations.models import Subscriber
from tests.fixtures.committees import make_committee
from tests.test_query_counts import queries_for


@pytest.fixture
def many(bodies):
    for n in range(40):
        agency = "Department of Commerce" if n % 2 else "Office of the Governor"
        make_committee(f"board-{n}", name=f"Board of Things {n}", convening_agency=agency)
    db.session.commit()


def checkboxes(page: str) -> int:
    return page.count('name="committees"')


def test_a_small_install_lists_every_body(client, bodies):
    page = client.get("/subscribe").text
    assert checkboxes(page) == 3 and 'name="q"' not in page


def test_a_large_install_lists_none_until_a_search_finds_them(client, many):
    page = client.get("/subscribe").text
    assert checkboxes(page) == 0 and 'name="q"' in page and "43 bodies" in page
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
