"""The open data API: public data only, the same consent and access rules as the pages."""

import json
import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

SURVIVOR = "Robin Confidential"  # the demo survivor, without consent
LIVED_EXPERIENCE = "Sage Private"


def test_committees_list_gives_each_bodys_summary_and_where_its_seats_are(client, demo):
    body = client.get("/api/v1/committees").get_json()
    assert [c["id"] for c in body["items"]] == ["task-force", "washact", "csec-committee"]
    task_force = body["items"][0]
    assert task_force["statute"]["citation"] == "RCW 7.68.350"
    assert task_force["topic"] == "human_trafficking" and "posts" not in task_force
    detail = client.get(task_force["api_url"]).get_json()
    assert detail["seat_count"] == 38 and detail["posts"]


def test_committees_are_filtered_by_topic_and_a_topic_not_on_the_list_is_a_400(client, demo):
    items = client.get("/api/v1/committees?topic=children_and_youth").get_json()["items"]
    assert [c["id"] for c in items] == ["csec-committee"]
    refused = client.get("/api/v1/committees?topic=astrology")
    assert refused.status_code == 400 and "human_trafficking" in refused.get_json()["error"]


def test_a_committee_has_posts_with_filled_and_vacant_counts(client, demo):
    body = client.get("/api/v1/committees/task-force").get_json()
    posts = {p["id"]: p for p in body["posts"]}
    assert posts["state-agency"]["seat_count"] == 8
    assert posts["state-agency"]["filled"] + posts["state-agency"]["vacant"] == 8
    (survivor,) = posts["survivor"]["memberships"]
    assert survivor["person"] is None and survivor["on_behalf_of"] is None
    assert survivor["start_date"] is None


def test_no_api_answer_names_a_survivor_without_consent(client, demo):
    paths = ["/api/v1/committees", "/api/v1/meetings?per_page=100"]
    paths += [f"/api/v1/committees/{slug}" for slug in demo]
    meetings = client.get("/api/v1/meetings?per_page=100").get_json()["items"]
    paths += [f"/api/v1/meetings/{m['id']}" for m in meetings]
    for path in paths:
        text = client.get(path).get_data(as_text=True)
        assert SURVIVOR not in text and LIVED_EXPERIENCE not in text, path
        assert "Survivor Voices Demo Network" not in text, path


def test_invitation_only_details_never_appear(client, demo):
    items = client.get("/api/v1/meetings?committee=washact&per_page=100").get_json()["items"]
    closed = [m for m in items if m["access"] == "invitation_only"]
    assert closed
    for meeting in closed:
        detail = client.get(f"/api/v1/meetings/{meeting['id']}").get_json()
        assert detail["location"] is None and detail["remote_url"] is None
        assert detail["remote_dial_in"] is None
        assert detail["agenda"] == [] and detail["documents"] == []
    text = client.get("/api/v1/meetings?per_page=100").get_data(as_text=True)
    assert "meet.example.org/demo-washact-member_meeting" not in text


def test_a_public_meeting_has_its_agenda_and_public_documents(client, demo):
    items = client.get("/api/v1/meetings?committee=task-force&status=scheduled").get_json()["items"]
    detail = client.get(f"/api/v1/meetings/{items[0]['id']}").get_json()
    assert detail["location"] and detail["agenda"]
    titles = [d["title"] for d in detail["documents"]]
    assert "Meeting packet" in titles and "Members' briefing" not in titles


def test_filters_and_pagination(client, demo):
    everything = client.get("/api/v1/meetings?per_page=100").get_json()
    assert everything["total"] == 11
    page = client.get("/api/v1/meetings?per_page=3&page=2").get_json()
    assert page["page"] == 2 and len(page["items"]) == 3
    assert page["items"] == everything["items"][3:6]
    held = client.get("/api/v1/meetings?status=held").get_json()["items"]
    assert held and all(m["status"] == "held" for m in held)
    first = everything["items"][0]["start_date"][:10]
    narrowed = client.get(f"/api/v1/meetings?from={first}&to={first}").get_json()["items"]
    assert narrowed and all(m["start_date"].startswith(first) for m in narrowed)
    empty = client.get("/api/v1/meetings?from=2027-02-01&to=2027-01-01").get_json()
    assert empty["items"] == [] and empty["total"] == 0


@pytest.mark.parametrize(
    "query",
    ["from=yesterday", "to=2027-13-01", "status=vanished", "page=0", "per_page=1000", "page=-1"],
)
def test_bad_parameters_get_a_clear_400(client, demo, query):
    response = client.get(f"/api/v1/meetings?{query}")
    assert response.status_code == 400
    assert response.is_json and response.get_json()["error"]


def test_unknown_records_are_json_404s(client, demo):
    for path in ["/api/v1/committees/nope", "/api/v1/meetings/999999"]:
        response = client.get(path)
        assert response.status_code == 404 and response.is_json


def test_etag_and_304(client, demo):
    first = client.get("/api/v1/meetings")
    assert first.headers["ETag"]
    again = client.get("/api/v1/meetings", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""


def test_the_openapi_description_is_served(client, demo):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    assert set(spec["paths"]) == {
        "/committees",
        "/committees/{slug}",
        "/meetings",
        "/meetings/{id}",
        "/meetings/{id}/minutes",
    }
    json.dumps(spec)


def test_the_api_keeps_its_openapi_promises(app, demo):
    """Schemathesis generates requests from the OpenAPI description and checks every answer
    against it: status codes, content types, schemas, no server errors."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 5
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=int(os.environ.get("SCHEMATHESIS_EXAMPLES", "60")),
            deadline=None,
            database=None,
            derandomize=True,  # the same examples every run; SCHEMATHESIS_EXAMPLES explores more
            suppress_health_check=list(HealthCheck),
        )
        def check(case):
            case.call_and_validate()

        check()


def test_every_list_is_paginated_with_links_a_client_can_follow(client, demo):
    for path, total in [("/api/v1/committees?per_page=2", 3), ("/api/v1/meetings?per_page=4", 11)]:
        seen, url = [], path
        while url:
            response = client.get(url)
            assert response.status_code == 200
            body = response.get_json()
            assert body["total"] == total and not body["total_is_minimum"]
            assert f'<{body["links"]["self"]}>; rel="self"' in response.headers["Link"]
            seen += [item["id"] for item in body["items"]]
            url = body["links"].get("next")
        assert len(seen) == len(set(seen)) == total
        assert "prev" in body["links"] and body["links"]["last"] == body["links"]["self"]
    # filters travel with the links; a page past the last is empty and points back
    beyond = client.get("/api/v1/meetings?committee=washact&page=99").get_json()
    assert beyond["items"] == [] and "next" not in beyond["links"]
    assert (
        "committee=washact" in beyond["links"]["prev"] and "page=99" not in beyond["links"]["prev"]
    )


def test_a_long_list_is_counted_up_to_a_bound_and_still_followed_to_its_end(
    client, demo, monkeypatch
):
    """Past COUNTED_AT_MOST the total is a minimum and there is no last page: counting 50,000
    meetings on every request is work that grows with the install."""
    monkeypatch.setattr("api.views.COUNTED_AT_MOST", 5)
    seen, url = [], "/api/v1/meetings?per_page=4"
    while url:
        body = client.get(url).get_json()
        assert body["total"] == 5 and body["total_is_minimum"] and "last" not in body["links"]
        seen += [item["id"] for item in body["items"]]
        url = body["links"].get("next")
    assert len(seen) == len(set(seen)) == 11
    assert client.get("/api/v1/meetings").get_json()["per_page"] == 20
