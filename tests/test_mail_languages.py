"""Every message is written in its reader's language, and says how to change it."""

import re

import pytest
from sqlalchemy import select

from extensions import db
from invitations.models import Subscriber
from members.models import User, UserRole
from notify.worker import send_due
from tests.fixtures.mail import mail_config
from tests.fixtures.members import make_user

FAN = "fan@example.org"


@pytest.fixture
def app_config(app_config, smtp):
    return app_config | mail_config(smtp)


def link_in(message, path: str) -> str:
    text = message.get_body(("plain",)).get_content()
    return re.search(rf"http://127.0.0.1:5000(/{path}/\S+)", text)[1]


def schedule(client, slug: str, title: str) -> None:
    client.post(
        f"/committees/{slug}/meetings/new",
        data={
            "kind": "member_meeting",
            "title": title,
            "day": "2027-05-17",
            "start_time": "10:00",
            "end_time": "12:00",
            "access": "public",
        },
    )


def test_a_subscriber_signs_up_in_spanish_and_can_switch_to_english_from_any_message(
    client, auth, bodies, smtp
):
    page = client.get("/subscribe?lang=es").get_data(as_text=True)
    assert re.search(r'<input checked[^>]*value="es"|value="es"[^>]*checked', page)
    client.post(
        "/subscriptions?lang=es",
        data={"email": FAN, "committees": [bodies["task-force"].id], "language": "es"},
    )
    send_due()
    (confirmation,) = smtp.inbox.to(FAN)
    assert "Confirme" in confirmation["Subject"]
    text = confirmation.get_body(("plain",)).get_content()
    html = confirmation.get_body(("html",)).get_content()
    assert "Confirm" not in text.replace("Confirme", "")
    assert '<html lang="es">' in html
    confirm = link_in(confirmation, "subscriptions/confirm")
    assert "?lang=es" in confirm or "lang=es" in text
    client.post(confirm)
    subscriber = db.session.scalar(select(Subscriber))
    assert subscriber.language == "es"

    make_user("staff@example.org", committees=[bodies["task-force"]])
    auth.login("staff@example.org")
    smtp.inbox.clear()
    schedule(client, "task-force", "Quarterly meeting")
    send_due()
    (notice,) = smtp.inbox.to(FAN)
    assert "programada" in notice["Subject"] or "Quarterly meeting" in notice["Subject"]
    assert "lunes, 17 de mayo de 2027" in notice.get_body(("plain",)).get_content()

    choose = link_in(notice, "language")
    auth.logout()
    page = client.get(choose).get_data(as_text=True)
    assert FAN in page
    response = client.post(choose, data={"language": "en"})
    assert response.status_code == 302
    db.session.refresh(subscriber)
    assert subscriber.language == "en"

    auth.login("staff@example.org")
    smtp.inbox.clear()
    schedule(client, "task-force", "Second meeting")
    send_due()
    (notice,) = smtp.inbox.to(FAN)
    assert "Monday, May 17, 2027" in notice.get_body(("plain",)).get_content()


def test_a_forged_or_altered_language_link_finds_nothing(client, bodies):
    assert client.get("/language/not-a-token").status_code == 404
    assert client.post("/language/not-a-token", data={"language": "es"}).status_code == 404


def test_a_language_outside_the_list_changes_nothing(app, client, bodies, smtp):
    user = make_user("member@example.org", UserRole.MEMBER, committees=[bodies["washact"]])
    with app.test_request_context():
        link = user.language_link().removeprefix("http://127.0.0.1:5000")
    response = client.post(link, data={"language": "vi"})  # safety text only: not for e-mail
    assert response.status_code == 200
    assert db.session.get(User, user.id).language == "en"


def test_members_choose_their_language_on_their_page_and_get_mail_in_it(client, auth, bodies, smtp):
    make_user("member@example.org", UserRole.MEMBER, committees=[bodies["task-force"]])
    auth.login("member@example.org")
    response = client.post("/members/me/language", data={"language": "es"})
    assert response.status_code == 302
    member = db.session.scalar(select(User).where(User.email == "member@example.org"))
    assert member.language == "es"
    assert client.post("/members/me/language", data={"language": "xx"}).status_code == 422
    auth.logout()
    client.post("/password-reset", data={"email": "member@example.org"})
    send_due()
    (reset,) = smtp.inbox.to("member@example.org")
    assert reset["Subject"] == "Restablezca su contraseña"
    assert "Alguien pidió restablecer la contraseña" in reset.get_body(("plain",)).get_content()
