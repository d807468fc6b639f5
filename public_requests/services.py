"""The workflow's steps: submit, confirm, withdraw, decide; the flood guard; e-mailed tokens.

Each kind passes what is its own (the record class, how to find "the same thing", its e-mail
templates); everything about confirming by e-mail and deciding is here, once.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar

from flask import current_app, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_babel.speaklater import LazyString
from sqlalchemy import func, select

from core.protection import PUBLIC
from core.tokens import make_token, read_token
from core.urls import public_url
from extensions import db
from notify.outbox import queue_mail
from public_requests.models import ConfirmedRequest
from public_requests.states import ACTIVE, RequestStatus

R = TypeVar("R", bound=ConfirmedRequest)

REQUESTS_PER_CLIENT_PER_HOUR = 5


@dataclass(frozen=True)
class Purpose:
    """What an e-mailed link does, and how long it works (None: as long as its record allows)."""

    name: str
    max_age: timedelta | None

    def salt(self, kind: str) -> str:
        return f"{kind}:{self.name}"

    @property
    def lifetime_text(self) -> LazyString:
        """Lazy: an e-mail says it in its reader's language, a page in the page's."""
        return LazyString(self.lifetime_now)

    def lifetime_now(self) -> str:
        hours = int(self.max_age.total_seconds() // 3600) if self.max_age else None
        if hours:
            return ngettext("%(num)d hour", "%(num)d hours", hours)
        return _("until it is used")


CONFIRM = Purpose("confirm", timedelta(hours=48))
WITHDRAW = Purpose("withdraw", None)  # until the request is decided, or its meeting is past
UNSUBSCRIBE = Purpose("unsubscribe", None)  # as long as the subscription lasts


def token_for(purpose: Purpose, kind: str, value: Any) -> str:
    return make_token(purpose.salt(kind), value)


def value_of(purpose: Purpose, kind: str, token: str) -> Any | None:
    max_age = int(purpose.max_age.total_seconds()) if purpose.max_age else None
    return read_token(purpose.salt(kind), token, max_age=max_age)


def record_for(model: type[R], purpose: Purpose, token: str) -> R | None:
    """The request a link names by its random id, or None (forged, expired, or gone)."""
    public_id = value_of(purpose, model.KIND, token)
    if not isinstance(public_id, str):
        return None
    return db.session.scalar(select(model).where(model.public_id == public_id))


class TooManyRequests(Exception):
    """This client sent this body's form too often in the last hour."""

    message = _l(
        "Too many requests came from your connection in the last hour. Please try again later."
    )


def client_key() -> str:
    """A keyed hash of the client's address: enough to count, useless to anyone who reads it."""
    key = current_app.config["SECRET_KEY"].encode()
    address = (request.remote_addr or "") if request else ""
    return hmac.new(key, f"client:{address}".encode(), hashlib.sha256).hexdigest()[:32]


def refuse_flooding(model: type[ConfirmedRequest], committee_id: int, now: datetime) -> str:
    """Raise TooManyRequests when this client sent this body's form too often in the last hour;
    else return its key. Counted per body and per client, so the refusal says nothing about any
    e-mail address."""
    key = client_key()
    recent = db.session.scalar(
        select(func.count())
        .select_from(model)
        .where(
            model.committee_id == committee_id,
            model.client_key == key,
            model.created_at > now - timedelta(hours=1),
        )
    )
    if recent >= REQUESTS_PER_CLIENT_PER_HOUR:
        raise TooManyRequests
    return key


def submit(
    model: type[R],
    *,
    committee_id: int,
    email: str,
    same_thing: list,
    fields: dict[str, Any],
    now: datetime,
    create: Callable[[], R],
) -> R:
    """Record a request, or join the one already open for the same address and thing.

    A new or still-unconfirmed request takes the text at once (nobody sees it yet); a confirmed
    one keeps its text until the new confirmation link is used, so nobody can rewrite what staff
    see by posting someone else's address."""
    existing = db.session.scalar(
        select(model).where(
            model.email == email,
            model.committee_id == committee_id,
            model.status.in_(ACTIVE),
            *same_thing,
        )
    )
    key = refuse_flooding(model, committee_id, now)
    if existing is None:
        record = create()
        record.email, record.created_at, record.client_key = email, now, key
        for name, value in fields.items():
            setattr(record, name, value)
        db.session.add(record)
    elif existing.status is RequestStatus.UNCONFIRMED:
        record = existing
        for name, value in fields.items():
            setattr(record, name, value)
    else:
        record = existing
        record.pending_changes = fields
    db.session.flush()
    return record


def link(purpose: Purpose, record: ConfirmedRequest, endpoint: str) -> str:
    """The absolute e-mailed link of a purpose for a request, naming it by its random id."""
    return public_url(endpoint, token=token_for(purpose, record.KIND, record.public_id))


def send_confirmation(
    record: ConfirmedRequest, template: str, /, *, subject: str, confirm_endpoint: str, **context
) -> None:
    """E-mail the requester the link that confirms (or, for a confirmed request, applies the
    newer text); what the public may see, nothing more."""
    queue_mail(
        record,
        template,
        subject=subject,
        viewer=PUBLIC,
        committee_id=record.committee_id,
        changes=record.pending_changes,
        language=(record.pending_changes or {}).get("language"),
        confirm_url=link(CONFIRM, record, confirm_endpoint),
        lifetime=CONFIRM.lifetime_text,
        **context,
    )


def confirm(model: type[R], token: str, now: datetime) -> R | None:
    record = record_for(model, CONFIRM, token)
    if record is not None:
        record.confirm(now)
    return record


def withdraw(model: type[R], token: str, now: datetime) -> R | None:
    """The requester's own link; a decided request (or a past meeting's) has nothing to withdraw."""
    record = record_for(model, WITHDRAW, token)
    if record is not None and record.may_withdraw(now):
        record.move_to(RequestStatus.WITHDRAWN, now)
    return record
