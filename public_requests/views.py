"""The pages every confirmed request shares: "check your e-mail", confirm (a page with a button:
only the POST confirms, so a mail scanner following the link changes nothing), withdraw, and the
staff queue's query. Each kind's blueprint routes to these with what is its own."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from committees.models import Committee
from core.time import utcnow
from extensions import db
from public_requests import services as workflow
from public_requests.models import ConfirmedRequest
from public_requests.services import TooManyRequests
from public_requests.states import RequestStatus, queue_statuses


@dataclass(frozen=True)
class Wording:
    """What the shared pages say about one kind of request, each sentence whole (never "your
    %(what)s"), so that a language can make every one agree with its own word for the thing."""

    sent: str  # %(lifetime)s: how long the link works ("48 hours")
    confirm_title: str
    confirm_text: str  # %(body)s: the body's full name
    confirm_button: str
    confirmed: str
    confirmed_next: str
    decided: str
    withdraw_title: str
    withdraw_text: str
    withdraw_button: str
    withdrawn: str
    withdrawn_next: str


# By the `what` each kind's views pass.
WORDING = {
    "request": Wording(
        sent=_l(
            "We sent you a link to confirm your request. Staff see it once you confirm. "
            "The link works for %(lifetime)s."
        ),
        confirm_title=_l("Confirm your request"),
        confirm_text=_l("Press the button to send your request to the staff of the %(body)s."),
        confirm_button=_l("Confirm my request"),
        confirmed=_l("Your request is confirmed"),
        confirmed_next=_l("Staff will review it and write to you."),
        decided=_l("This request was already decided"),
        withdraw_title=_l("Withdraw your request"),
        withdraw_text=_l(
            "If you no longer need it, withdraw your request. Staff will see it is withdrawn, "
            "and you will get no more messages about it."
        ),
        withdraw_button=_l("Withdraw my request"),
        withdrawn=_l("Your request is withdrawn"),
        withdrawn_next=_l("You will get no more messages about it."),
    ),
    "application": Wording(
        sent=_l(
            "We sent you a link to confirm your application. Staff see it once you confirm. "
            "The link works for %(lifetime)s."
        ),
        confirm_title=_l("Confirm your application"),
        confirm_text=_l("Press the button to send your application to the staff of the %(body)s."),
        confirm_button=_l("Confirm my application"),
        confirmed=_l("Your application is confirmed"),
        confirmed_next=_l("Staff of the body will review it and write to you."),
        decided=_l("This application was already decided"),
        withdraw_title=_l("Withdraw your application"),
        withdraw_text=_l(
            "If you no longer need it, withdraw your application. Staff will see it is "
            "withdrawn, and you will get no more messages about it."
        ),
        withdraw_button=_l("Withdraw my application"),
        withdrawn=_l("Your application is withdrawn"),
        withdrawn_next=_l("Staff will not review it."),
    ),
    "accommodation": Wording(
        sent=_l(
            "We sent you a link to confirm your accommodation request. Staff see it once you "
            "confirm. The link works for %(lifetime)s."
        ),
        confirm_title=_l("Confirm your accommodation request"),
        confirm_text=_l(
            "Press the button to send your accommodation request to the staff of the %(body)s."
        ),
        confirm_button=_l("Confirm my accommodation request"),
        confirmed=_l("Your accommodation request is confirmed"),
        confirmed_next=_l("Staff will write to you once they know whether it can be arranged."),
        decided=_l("This accommodation request was already answered"),
        withdraw_title=_l("Withdraw your accommodation request"),
        withdraw_text=_l(
            "If you no longer need it, withdraw your accommodation request. Staff will see it "
            "is withdrawn, and you will get no more messages about it."
        ),
        withdraw_button=_l("Withdraw my accommodation request"),
        withdrawn=_l("Your accommodation request is withdrawn"),
        withdrawn_next=_l("You will get no more messages about it."),
    ),
    "comment": Wording(
        sent=_l(
            "We sent you a link to confirm your public comment. It reaches the body only once "
            "you confirm. The link works for %(lifetime)s."
        ),
        confirm_title=_l("Confirm your public comment"),
        confirm_text=_l("Press the button to send your public comment to the %(body)s."),
        confirm_button=_l("Confirm my comment"),
        confirmed=_l("Your public comment is confirmed"),
        confirmed_next=_l(
            "The members receive it before the meeting. After the meeting starts it is part of "
            "the public record, with your name only if you allowed it."
        ),
        decided=_l("This comment can no longer be withdrawn"),
        withdraw_title=_l("Withdraw your public comment"),
        withdraw_text=_l(
            "If you no longer want the body to consider it, withdraw your comment. You may do "
            "so until comment on the meeting closes."
        ),
        withdraw_button=_l("Withdraw my comment"),
        withdrawn=_l("Your public comment is withdrawn"),
        withdrawn_next=_l("The members will not receive it, and it will not be in the record."),
    ),
}

# What the confirm page calls a field whose newer text confirming applies.
FIELD_LABELS = {
    "name": _l("Name"),
    "organization": _l("Organization"),
    "reason": _l("Reason"),
    "phone": _l("Phone"),
    "statement": _l("Statement"),
    "needs": _l("Needs"),
    "interpreter_language": _l("Interpreter language"),
    "details": _l("Details"),
    "language": _l("Language"),
    "kind": _l("Kind of comment"),
    "agenda_item_id": _l("Agenda item"),
    "text": _l("Comment"),
    "publish_name": _l("Name may be published"),
    "oral_mode": _l("How you will speak"),
    "remote_for_disability": _l("Remote comment because of a disability or limited mobility"),
}


def message_page(title: str, text: str, committee: Committee | None = None) -> str:
    """A short page that tells a person what just happened and what comes next."""
    # str(): a lazy string would reach the page unescaped
    return render_template(
        "public_requests/message.html", committee=committee, title=str(title), text=str(text)
    )


def sent_page(what: str, committee: Committee | None) -> str:
    return message_page(
        _("Check your e-mail"),
        WORDING[what].sent % {"lifetime": workflow.CONFIRM.lifetime_text},
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
        form.form_errors.append(str(refusal.message))
        return None
    db.session.commit()
    return sent


def confirm_page(
    model: type[ConfirmedRequest],
    token: str,
    *,
    what: str,
    confirm: Callable[[str, datetime], object] | None = None,
):
    """GET: what confirming does, and a button. POST: confirm (with the kind's own `confirm`
    step, if it has one), and say what comes next."""
    record = workflow.record_for(model, workflow.CONFIRM, token)
    if record is None:
        abort(404)
    wording = WORDING[what]
    if request.method == "GET":
        return render_template(
            "public_requests/confirm.html",
            title=str(wording.confirm_title),
            text=wording.confirm_text % {"body": record.committee.name},
            button=str(wording.confirm_button),
            changes=record.pending_changes,
            describe=record.describe_change,
            field_labels=FIELD_LABELS,
        )
    (confirm or partial(workflow.confirm, model))(token, utcnow())
    db.session.commit()
    return message_page(wording.confirmed, wording.confirmed_next, record.committee)


def withdraw_page(
    model: type[ConfirmedRequest],
    token: str,
    *,
    what: str,
    withdraw: Callable[[str, datetime], object] | None = None,
):
    """GET: what withdrawing does, and a button. POST: withdraw (with the kind's own `withdraw`
    step, if it has one), and say so."""
    record = workflow.record_for(model, workflow.WITHDRAW, token)
    if record is None:
        abort(404)
    wording = WORDING[what]
    if not record.may_withdraw(utcnow()) and record.status is not RequestStatus.WITHDRAWN:
        return message_page(wording.decided, _("There is nothing to withdraw."), record.committee)
    if request.method == "GET":
        return render_template(
            "public_requests/withdraw.html",
            title=str(wording.withdraw_title),
            text=str(wording.withdraw_text),
            button=str(wording.withdraw_button),
        )
    (withdraw or partial(workflow.withdraw, model))(token, utcnow())
    db.session.commit()
    return message_page(wording.withdrawn, wording.withdrawn_next, record.committee)


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
