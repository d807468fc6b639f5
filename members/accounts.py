"""Account e-mails: invitations to set a password (staff never choose one) and password resets.

The link carries the user's id and a fingerprint of their current password hash, so it works once:
setting a password changes the hash and every older link stops working.
"""

from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from committees.models import Person
from core.tokens import make_token, read_token
from core.urls import public_url
from extensions import db
from members.models import User, UserRole, normalize_email
from notify.outbox import queue_mail

INVITATION_MAX_AGE = 7 * 24 * 3600


RESET_MAX_AGE = 3600


class InvitationError(ValueError):
    """The person cannot be invited; the message says why, for staff."""


def fingerprint(user: User) -> str:
    return (user.password_hash or "never-set")[-12:]


def password_link(user: User, purpose: str) -> str:
    token = make_token(purpose, [user.id, fingerprint(user)])
    return public_url("members.set_password", purpose=purpose, token=token)


def account_of(person: Person) -> User | None:
    return db.session.scalar(select(User).where(User.person_id == person.id))


def invite_member(person: Person, *, by: User) -> User:
    """Give a person with an e-mail a member account and e-mail them a link to set a password."""
    if not person.email:
        raise InvitationError("Add an e-mail address to this person first.")
    user = account_of(person) or db.session.scalar(
        select(User).where(User.email == normalize_email(person.email))
    )
    if user is None:
        user = User(email=normalize_email(person.email), role=UserRole.MEMBER, person=person)
        db.session.add(user)
        db.session.flush()
    elif user.password_hash:
        raise InvitationError(f"{person.name} already has an account and can reset their password.")
    # The message is the body's whose staff sent it, so they see it if it cannot be delivered.
    committee = next(
        (c for c in sorted(person.committees(), key=lambda c: c.position) if by.manages(c)), None
    )
    queue_mail(
        user,
        "account_invitation",
        subject=_l("Your account: set your password"),
        viewer=user,
        committee_id=committee.id if committee else None,
        person=person,
        bodies=[c.name for c in sorted(person.committees(), key=lambda c: c.position)]
        or [current_app.config["SITE_NAME"]],
        contact=committee.contact_email if committee else "",
        link=password_link(user, "invitation"),
    )
    return user


def request_password_reset(email: str) -> None:
    """E-mail a reset link if an active account has this address; say nothing either way."""
    user = db.session.scalar(select(User).where(User.email == normalize_email(email)))
    if user is not None and user.is_active:
        queue_mail(
            user,
            "password_reset",
            subject=_l("Reset your password"),
            viewer=user,
            committee_id=None,
            link=password_link(user, "reset"),
        )


def user_for_link(purpose: str, token: str) -> User | None:
    max_age = INVITATION_MAX_AGE if purpose == "invitation" else RESET_MAX_AGE
    value = read_token(purpose, token, max_age=max_age)
    if not value:
        return None
    user = db.session.get(User, value[0])
    if user is None or not user.is_active or fingerprint(user) != value[1]:
        return None
    return user
