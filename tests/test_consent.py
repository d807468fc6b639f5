"""A survivor seat holder is never named on a public surface without recorded consent."""

from datetime import date

import pytest

from core.time import utcnow
from tests.fixtures.committees import appoint, make_person, seat
from tests.fixtures.members import make_user

SECRET_NAME = "Robin Hiddenname"
SECRET_ORG = "Quiet Harbor Collective"


def test_new_people_start_without_consent(app):
    person = make_person()
    assert person.public_name_consent is False


def give_consent(person, on=date(2026, 1, 1)):
    person.record_consent(given=True, how="signed form", given_on=on, by=None, at=utcnow())


def test_recording_consent_keeps_each_act(app):
    person = make_person()
    give_consent(person, date(2026, 3, 1))
    person.record_consent(
        given=False, how="e-mail of April 1", given_on=date(2026, 4, 1), by=None, at=utcnow()
    )
    assert person.public_name_consent is False
    assert [(c.given, c.how, c.given_on) for c in person.consents] == [
        (True, "signed form", date(2026, 3, 1)),
        (False, "e-mail of April 1", date(2026, 4, 1)),
    ]


def test_survivor_seat_name_needs_consent_other_seats_do_not(app, bodies):
    survivor = appoint(make_person(SECRET_NAME), seat(bodies["task-force"], "survivor"))
    agency = appoint(make_person("Agency Person"), seat(bodies["task-force"], "state-agency"))
    assert survivor.public_name() is None
    assert agency.public_name() == "Agency Person"
    give_consent(survivor.person)
    assert survivor.public_name() == SECRET_NAME


@pytest.fixture
def hidden_survivor(app, bodies):
    """A survivor in the Task Force seat and a lived-experience CSEC seat, without consent."""
    from committees.models import organization_named
    from extensions import db

    person = make_person(SECRET_NAME, email="robin@example.org")
    appoint(
        person, seat(bodies["task-force"], "survivor"), organization=organization_named(SECRET_ORG)
    )
    appoint(make_person("Sage Unnamed"), seat(bodies["csec-committee"], "lived-experience"))
    db.session.commit()
    return person


PUBLIC_PAGES = [
    "/",
    "/committees/",
    "/committees/task-force",
    "/committees/washact",
    "/committees/csec-committee",
    "/login",
    "/no-such-page",
]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_no_public_page_names_a_survivor_without_consent(client, hidden_survivor, path):
    body = client.get(path).get_data(as_text=True)
    assert SECRET_NAME not in body
    assert "Sage Unnamed" not in body
    assert SECRET_ORG not in body
    assert "robin@example.org" not in body


def test_the_public_committee_page_shows_the_survivor_seat_as_filled(client, hidden_survivor):
    body = client.get("/committees/task-force").get_data(as_text=True)
    section = body.split("Survivor of human trafficking</h3>", 1)[1].split("</section>", 1)[0]
    assert "Filled" in section
    assert "0 vacant" in section


def test_with_consent_the_public_page_names_them(client, hidden_survivor):
    from extensions import db

    give_consent(hidden_survivor)
    db.session.commit()
    assert SECRET_NAME in client.get("/committees/task-force").get_data(as_text=True)


def test_staff_of_the_body_see_the_name_on_their_roster(client, auth, bodies, hidden_survivor):
    make_user("staff@example.org", committees=[bodies["task-force"]])
    auth.login("staff@example.org")
    roster = client.get("/committees/task-force/roster").get_data(as_text=True)
    assert SECRET_NAME in roster
    assert "Hidden: no consent" in roster
