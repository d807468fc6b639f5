"""Accounts: the `users create` command, signing in and out, rate limits, cookies."""

import pytest
from sqlalchemy import select

from committees.models import Appointment
from extensions import db
from members.models import User, UserRole
from tests.fixtures.members import PASSWORD, make_user


def test_users_create_reads_the_password_from_stdin(runner, bodies):
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "Staff@Example.org",
            "--role",
            "staff",
            "--committee",
            "washact",
        ],
        input=PASSWORD + "\n",
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "staff@example.org"))
    assert user.role is UserRole.STAFF
    assert [c.slug for c in user.managed_committees] == ["washact"]
    assert user.password_hash.startswith("pbkdf2:")  # the suite's cheap hash; production below
    assert PASSWORD not in user.password_hash
    assert user.check_password(PASSWORD)


def test_users_create_member_is_appointed_to_a_member_seat(runner, bodies):
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "m@example.org",
            "--role",
            "member",
            "--committee",
            "task-force",
            "--committee",
            "washact",
        ],
        input=PASSWORD + "\n",
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "m@example.org"))
    seats = {(a.committee.slug, a.seat_type.key) for a in user.person.appointments}
    assert seats == {("task-force", "organization"), ("washact", "member")}
    assert bodies["washact"].has_member(user)


@pytest.mark.parametrize(
    ("args", "password", "message"),
    [
        (["--role", "staff", "--committee", "nope"], PASSWORD, "no committee with slug 'nope'"),
        (["--role", "staff"], "short", "at least 12 characters"),
        (["--role", "member"], PASSWORD, "at least one committee"),
        (["--role", "boss"], PASSWORD, "Invalid value for '--role'"),
    ],
)
def test_users_create_refuses_bad_input_and_changes_nothing(
    runner, bodies, args, password, message
):
    result = runner.invoke(
        args=["users", "create", "--email", "x@example.org", *args], input=password + "\n"
    )
    assert result.exit_code != 0
    assert message in result.output
    assert db.session.scalar(select(User)) is None


def test_users_create_refuses_a_duplicate_email(runner, bodies):
    make_user("dup@example.org")
    result = runner.invoke(
        args=["users", "create", "--email", "DUP@example.org", "--role", "admin"],
        input=PASSWORD + "\n",
    )
    assert result.exit_code != 0 and "already exists" in result.output


def test_login_and_logout(client, auth, bodies):
    make_user("staff@example.org", committees=[bodies["task-force"]])
    response = auth.login("staff@example.org")
    assert response.status_code == 302
    assert client.get("/staff/").status_code == 200
    assert auth.logout().status_code == 302
    assert client.get("/staff/").status_code == 302  # back to the login page


def test_a_failed_login_says_the_same_whatever_was_wrong(client, auth, bodies):
    make_user("staff@example.org")
    wrong_password = auth.login("staff@example.org", "wrong password!!").get_data(as_text=True)
    unknown_email = auth.login("nobody@example.org", PASSWORD).get_data(as_text=True)
    message = "That e-mail and password do not match an active account."
    assert message in wrong_password and message in unknown_email


def test_a_deactivated_account_cannot_sign_in(client, auth, bodies):
    user = make_user("gone@example.org")
    user.active = False
    db.session.commit()
    assert "do not match" in auth.login("gone@example.org").get_data(as_text=True)


def test_login_follows_only_local_next_links(client, bodies):
    make_user("staff@example.org")
    data = {"email": "staff@example.org", "password": PASSWORD}
    local = client.post("/login?next=/committees/", data=data)
    assert local.headers["Location"] == "/committees/"
    client.post("/logout")
    for hostile in ["//evil.example/", "https://evil.example/", "/\\evil.example"]:
        response = client.post(f"/login?next={hostile}", data=data)
        assert "evil" not in response.headers["Location"]
        client.post("/logout")


class TestRateLimit:
    @pytest.fixture
    def app_config(self, app_config):
        return app_config | {"RATELIMIT_ENABLED": True}

    def test_repeated_failures_are_rate_limited(self, client, auth, bodies):
        make_user("staff@example.org")
        statuses = [
            auth.login("staff@example.org", "wrong password!!").status_code for _ in range(6)
        ]
        assert statuses[:5] == [422] * 5
        assert statuses[5] == 429
        assert "Too many attempts" in client.post("/login", data={}).get_data(as_text=True)


class TestCsrf:
    @pytest.fixture
    def app_config(self, app_config):
        return app_config | {"WTF_CSRF_ENABLED": True}

    def test_a_post_without_its_token_is_refused(self, client, bodies):
        make_user("staff@example.org")
        response = client.post("/login", data={"email": "staff@example.org", "password": PASSWORD})
        assert response.status_code == 400
        assert "reload the page and try again" in response.get_data(as_text=True)
        assert client.get("/staff/").status_code == 302  # not signed in

    def test_logout_without_a_token_is_a_400_in_the_site_look(self, client):
        response = client.post("/logout")
        assert response.status_code == 400
        assert "Quick exit" in response.get_data(as_text=True)

    def test_logout_is_not_a_get(self, client):
        assert client.get("/logout").status_code == 405


def test_session_cookie_flags_in_the_default_config():
    import config

    assert config.SESSION_COOKIE_HTTPONLY is True
    assert config.SESSION_COOKIE_SAMESITE == "Lax"
    assert config.SESSION_COOKIE_SECURE is True
    assert config.PASSWORD_HASH_METHOD == "scrypt"


def test_the_session_cookie_is_httponly_and_lax(client, auth, bodies):
    make_user("staff@example.org")
    response = auth.login("staff@example.org")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_appointments_are_not_created_for_staff(runner, bodies):
    runner.invoke(
        args=["users", "create", "--email", "s@example.org", "--role", "staff"],
        input=PASSWORD + "\n",
    )
    assert db.session.scalar(select(Appointment)) is None


class TestAccountAdministration:
    def test_an_admin_assigns_staff_to_bodies_and_turns_accounts_off(self, client, auth, bodies):
        make_user("admin@example.org", UserRole.ADMIN)
        staff = make_user("staff@example.org", UserRole.STAFF)
        auth.login("admin@example.org")
        assert "staff@example.org" in client.get("/admin/accounts").get_data(as_text=True)
        response = client.post(
            f"/admin/accounts/{staff.id}",
            data={"role": "staff", "committees": [bodies["washact"].id], "active": "y"},
        )
        assert response.status_code == 302
        db.session.refresh(staff)
        assert [c.slug for c in staff.managed_committees] == ["washact"]
        client.post(f"/admin/accounts/{staff.id}", data={"role": "staff", "committees": []})
        db.session.refresh(staff)
        assert not staff.active
        client.post("/logout")
        assert "do not match" in auth.login("staff@example.org").get_data(as_text=True)

    def test_an_admin_cannot_lock_themselves_out(self, client, auth, bodies):
        admin = make_user("admin@example.org", UserRole.ADMIN)
        auth.login("admin@example.org")
        demote = client.post(f"/admin/accounts/{admin.id}", data={"role": "staff", "active": "y"})
        assert "cannot take away your own administrator role" in demote.get_data(as_text=True)
        off = client.post(f"/admin/accounts/{admin.id}", data={"role": "admin"})
        assert "cannot turn off your own account" in off.get_data(as_text=True)
        db.session.refresh(admin)
        assert admin.is_admin and admin.active

    def test_only_admins_manage_accounts(self, client, auth, bodies):
        staff = make_user("staff@example.org", UserRole.STAFF, [bodies["washact"]])
        auth.login("staff@example.org")
        assert client.get("/admin/accounts").status_code == 403
        assert (
            client.post(
                f"/admin/accounts/{staff.id}", data={"role": "admin", "active": "y"}
            ).status_code
            == 403
        )
        db.session.refresh(staff)
        assert not staff.is_admin


def test_staff_land_on_their_dashboard_and_members_on_their_page(client, bodies):
    from tests.fixtures.members import PASSWORD, make_user

    make_user("staff-landing@example.org", UserRole.STAFF, [bodies["washact"]])
    make_user("member-landing@example.org", UserRole.MEMBER, [bodies["washact"]])
    staff = client.post("/login", data={"email": "staff-landing@example.org", "password": PASSWORD})
    assert staff.headers["Location"] == "/staff/"
    client.post("/logout")
    member = client.post(
        "/login", data={"email": "member-landing@example.org", "password": PASSWORD}
    )
    assert member.headers["Location"] == "/members/me"


def test_signing_in_from_a_meeting_page_returns_there(client, bodies):
    from tests.fixtures.meetings import make_meeting
    from tests.fixtures.members import PASSWORD, make_user

    meeting = make_meeting(bodies["washact"])
    db.session.commit()
    make_user("staff-return@example.org", UserRole.STAFF, [bodies["washact"]])
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert f'href="/login?next=/meetings/{meeting.id}"' in page
    response = client.post(
        f"/login?next=/meetings/{meeting.id}",
        data={"email": "staff-return@example.org", "password": PASSWORD},
    )
    assert response.headers["Location"] == f"/meetings/{meeting.id}"
