"""Queueing mail: render the message's templates and add it to the outbox in the caller's
transaction. Nothing is sent here; the worker sends after the commit."""

from __future__ import annotations

from typing import Any

from flask import render_template
from flask_babel import force_locale
from sqlalchemy import select

from core.forms import one_line
from core.languages import DEFAULT, LANGUAGES
from core.readers import Reader
from extensions import db
from notify.models import OutboxMessage


def queue_mail(
    to: Reader | str,
    template: str,
    *,
    subject: Any,
    viewer: Any,
    committee_id: int | None,
    attachments: list[dict[str, str]] | None = None,
    headers: dict[str, str] | None = None,
    dedupe_key: str | None = None,
    **context,
) -> OutboxMessage | None:
    """Render `templates/email/<template>.txt` and `.html` and queue them for `to`.

    `to` is the record the message is for (a `Reader`): the message is written in its language,
    `subject` (a lazy string) included, and says how to change that language. A bare address
    (a setting, say) gets English. `language` in the context overrides the reader's (a
    confirmation in the language just chosen, before it is confirmed).

    `viewer` is who the recipient is to the protection model (a user, a guest, or the public):
    templates ask the records what that viewer may see. `committee_id` is the body the message
    belongs to (None: the install's own, such as a password reset), which decides which staff
    may see it among undelivered mail. With a `dedupe_key`, a message already queued under that
    key is not queued again (None is returned): periodic jobs can run as often as they like."""
    if dedupe_key is not None and db.session.scalar(
        select(OutboxMessage.id).where(OutboxMessage.dedupe_key == dedupe_key)
    ):
        return None
    language = context.pop("language", None) or getattr(to, "language", None) or DEFAULT
    if language not in LANGUAGES:
        language = DEFAULT
    with force_locale(LANGUAGES[language].catalog):
        # a line break in a header would end it, or add another
        subject = one_line(str(subject))
        context |= {
            "subject": subject,
            "viewer": viewer,
            "language_url": to.language_link() if isinstance(to, Reader) else None,
        }
        message = OutboxMessage(
            committee_id=committee_id,
            recipient=to.email if isinstance(to, Reader) else to,
            subject=subject,
            # every text part ends with how to change its language (the HTML's base says it)
            text_body=render_template(f"email/{template}.txt", **context)
            + render_template("email/_footer.txt", **context),
            html_body=render_template(f"email/{template}.html", **context),
            headers=headers or {},
            attachments=attachments or [],
            dedupe_key=dedupe_key,
        )
    db.session.add(message)
    return message
