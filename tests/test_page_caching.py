"""What any HTTP cache in front may keep: public pages as every anonymous reader gets them, and
nothing personal, nothing with a form's token, nothing that sets a cookie."""

import pytest

from core.caching import NO_STORE, PUBLIC_PAGE_CACHE
from members.models import UserRole
from tests.fixtures.members import make_user

STAFF = "staff@example.org"


@pytest.mark.parametrize("path", ["/", "/committees/", "/meetings/", "/committees/task-force"])
def test_a_public_page_read_anonymously_may_be_cached_by_anyone(client, bodies, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == PUBLIC_PAGE_CACHE
    assert "Cookie" in response.vary


def test_a_page_with_a_form_token_is_kept_by_no_cache(client, bodies):
    page = client.get("/subscribe")
    assert 'name="csrf_token"' in page.text
    assert page.headers["Cache-Control"] == NO_STORE


def test_a_page_that_sets_a_cookie_is_kept_by_no_cache_and_the_next_one_is_per_cookie(
    client, bodies
):
    chosen = client.get("/?lang=es")
    assert "Set-Cookie" in chosen.headers and chosen.headers["Cache-Control"] == NO_STORE
    again = client.get("/")
    assert again.headers["Cache-Control"] == PUBLIC_PAGE_CACHE and "Cookie" in again.vary
    assert 'lang="es"' in again.text


def test_signed_in_pages_errors_and_posts_are_kept_by_no_cache(client, auth, bodies):
    assert client.get("/no-such-page").headers["Cache-Control"] == NO_STORE
    make_user(STAFF, UserRole.STAFF, [bodies["task-force"]])
    auth.login(STAFF)
    for path in ["/", "/committees/task-force", "/staff/"]:
        response = client.get(path)
        assert response.status_code == 200 and response.headers["Cache-Control"] == NO_STORE, path
