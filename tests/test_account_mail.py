"""Member accounts by e-mail (staff never choose a password), resets, and meeting reminders."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import select

from extensions import db
from members.models import User, UserRole
from notify import jobs
from notify.worker import send_due
from tests.fixtures.committees import appoint, make_person, seat
from tests.fixtures.mail import mail_config
from tests.fixtures.meetings import make_meeting
from tests.fixtures.members import PASSWORD, make_user

NEW_PASSWORD = "a brand new long password"


@pytest.fixture
def app_config(app_config, smtp):
    return app_config | mail_config(smtp)


def link(message, path: str) -> str:
    text = message.get_body(("plain",)).get_content()
    return re.search(rf"http://127.0.0.1:5000(/{path}/\S+)", text)[1]


def test_staff_invite_a_member_who_sets_their_own_password(client, auth, bodies, smtp):
    person = make_person("Nia Newmember", email="nia@example.org")
    appoint(person, seat(bodies["washact"], "member"))
    make_user("staff@example.org", committees=[bodies["washact"]])
    auth.login("staff@example.org")
    client.post(f"/people/{person.id}/invite")
    send_due()
    (invitation,) = smtp.inbox.to("nia@example.org")
    text = invitation.get_body(("plain",)).get_content()
    assert "Staff of the WashACT — Washington Advisory Committee on Trafficking" in text
    assert "If you did not ask" not in text and "your body's" not in text
    path = link(invitation, "account/invitation")
    user = db.session.scalar(select(User).where(User.email == "nia@example.org"))
    assert user.role is UserRole.MEMBER and user.password_hash is None
    client.post("/logout")
    refused = client.post(path, data={"password": "short", "confirm": "short"})
    assert "Use at least 12 characters." in refused.get_data(as_text=True)
    mismatch = client.post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD + "x"})
    assert "The two passwords differ." in mismatch.get_data(as_text=True)
    chosen = client.post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert chosen.headers["Location"] == "/members/me"  # signed in, on their own page
    assert client.get("/members/me").status_code == 200
    client.post("/logout")
    assert auth.login("nia@example.org", NEW_PASSWORD).status_code == 302
    client.post("/logout")
    # The link worked once.
    assert client.get(path).status_code == 404


def test_a_person_without_an_address_cannot_be_invited(client, auth, bodies):
    person = make_person("No Address")
    make_user("staff@example.org", committees=[bodies["washact"]])
    db.session.commit()
    auth.login("staff@example.org")
    response = client.post(f"/people/{person.id}/invite", follow_redirects=True)
    assert "Add an e-mail address to this person first." in response.get_data(as_text=True)


def test_password_reset_says_the_same_for_any_address(client, auth, bodies, smtp):
    make_user("known@example.org", UserRole.STAFF)
    for address in ["known@example.org", "unknown@example.org"]:
        response = client.post("/password-reset", data={"email": address}, follow_redirects=True)
        assert "If an account has that address" in response.get_data(as_text=True)
    send_due()
    assert [m["To"] for m in smtp.inbox.messages] == ["known@example.org"]
    path = link(smtp.inbox.messages[0], "account/reset")
    with time_machine.travel(datetime.now(UTC) + timedelta(hours=2)):
        assert client.get(path).status_code == 404  # an hour only
    done = client.post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert done.headers["Location"] == "/staff/"  # signed in at once, where their work is
    assert client.get("/staff/").status_code == 200
    auth.logout()
    assert auth.login("known@example.org", PASSWORD).status_code == 422  # the old one is gone
    assert auth.login("known@example.org", NEW_PASSWORD).status_code == 302
    assert client.get("/account/reset/forged").status_code == 404


def test_members_are_reminded_once_per_meeting(app, bodies, smtp):
    make_user("member@example.org", UserRole.MEMBER, [bodies["washact"]])
    soon = make_meeting(
        bodies["washact"], starts_at=datetime.now(UTC) + timedelta(days=2), title="Soon"
    )
    make_meeting(bodies["washact"], starts_at=datetime.now(UTC) + timedelta(days=20), title="Later")
    db.session.commit()
    assert jobs.run_all(app) == 1
    assert jobs.run_all(app) == 0  # however often the worker runs it
    send_due()
    (reminder,) = smtp.inbox.to("member@example.org")
    assert reminder["Subject"] == "Reminder: Soon"
    assert f"/meetings/{soon.id}" in reminder.get_body(("plain",)).get_content()
