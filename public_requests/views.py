"""The pages every confirmed request shares: "check your e-mail", confirm (a page with a button:
only the POST confirms, so a mail scanner following the link changes nothing), withdraw, and the
staff queue's query. Each kind's blueprint routes to these with what is its own."""

from __future__ import annotations

from collections.abc import Callable

from flask import abort, redirect, render_template, request, url_for
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from committees.models import Committee
from core.time import utcnow
from extensions import db
from public_requests import services as workflow
from public_requests.models import ConfirmedRequest
from public_requests.services import TooManyRequests
from public_requests.states import RequestStatus, queue_statuses


def message_page(title: str, text: str, committee: Committee | None = None) -> str:
    """A short page that tells a person what just happened and what comes next."""
    return render_template(
        "public_requests/message.html", committee=committee, title=title, text=text
    )


def sent_page(what: str, committee: Committee | None) -> str:
    return message_page(
        "Check your e-mail",
        f"We sent you a link to confirm your {what}. Staff see it once you confirm. "
        f"The link works for {workflow.CONFIRM.lifetime_text}.",
        committee,
    )


def submitted(form, *, sent_endpoint: str, slug: str, submit: Callable[[], bool]):
    """The shared end of a public request form: a bot is told it worked and nothing is kept; a
    flood is refused with a message that names no address; `submit` returns False when it put an
    error on the form; otherwise commit and say what comes next. None: show the form again."""
    sent = redirect(url_for(sent_endpoint, slug=slug))
    if form.is_bot:
        return sent
    try:
        if not submit():
            return None
    except TooManyRequests as refusal:
        form.form_errors.append(refusal.message)
        return None
    db.session.commit()
    return sent


def confirm_page(model: type[ConfirmedRequest], token: str, *, what: str, done: str):
    """GET: what confirming does, and a button. POST: confirm, and say what comes next."""
    record = workflow.record_for(model, workflow.CONFIRM, token)
    if record is None:
        abort(404)
    if request.method == "GET":
        return render_template(
            "public_requests/confirm.html",
            what=what,
            text=f"Press the button to send your {what} to the staff of the "
            f"{record.committee.name}.",
            changes=record.pending_changes,
        )
    workflow.confirm(model, token, utcnow())
    db.session.commit()
    return message_page(f"Your {what} is confirmed", done, record.committee)


def withdraw_page(model: type[ConfirmedRequest], token: str, *, what: str, done: str):
    record = workflow.record_for(model, workflow.WITHDRAW, token)
    if record is None:
        abort(404)
    if not record.may_withdraw(utcnow()) and record.status is not RequestStatus.WITHDRAWN:
        return message_page(
            f"This {what} was already decided", "There is nothing to withdraw.", record.committee
        )
    if request.method == "GET":
        return render_template("public_requests/withdraw.html", what=what)
    workflow.withdraw(model, token, utcnow())
    db.session.commit()
    return message_page(f"Your {what} is withdrawn", done, record.committee)


def queue_of(model: type[ConfirmedRequest], committee: Committee, default: RequestStatus, *load):
    """A body's requests in one status (never unconfirmed: 404), and the count in each."""
    statuses = queue_statuses(model.KIND)
    wanted = request.args.get("status", default.value)
    if wanted not in {s.value for s in statuses}:
        abort(404)
    status = RequestStatus(wanted)
    records = db.session.scalars(
        select(model)
        .where(model.committee_id == committee.id, model.status == status)
        .order_by(model.created_at)
        .options(*[selectinload(attribute) for attribute in load])
    ).all()
    counts = dict(
        db.session.execute(
            select(model.status, func.count())
            .where(model.committee_id == committee.id)
            .group_by(model.status)
        ).all()
    )
    return status, statuses, records, counts
