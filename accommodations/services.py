"""Asking for an accommodation, answering it, and how far ahead to ask."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l

from accommodations.models import AccommodationRequest
from core.protection import PUBLIC
from meetings.models import Meeting
from notify.outbox import queue_mail
from public_requests import services as workflow
from public_requests.states import RequestStatus


def request_accommodation(
    meeting: Meeting, *, email: str, fields: dict, now: datetime
) -> AccommodationRequest:
    record = workflow.submit(
        AccommodationRequest,
        committee_id=meeting.committee_id,
        email=email,
        same_thing=[AccommodationRequest.meeting_id == meeting.id],
        fields=fields,
        now=now,
        create=lambda: AccommodationRequest(meeting=meeting, committee_id=meeting.committee_id),
    )
    workflow.send_confirmation(
        record,
        "confirm_accommodation",
        subject=_l("Confirm your accommodation request"),
        confirm_endpoint="accommodations.confirm",
        meeting=meeting,
        record=record,
    )
    return record


def answer(
    record: AccommodationRequest, outcome: RequestStatus, message: str, *, by, now: datetime
) -> None:
    """Staff say it is arranged, or not possible; the requester hears it in their language."""
    record.move_to(outcome, now, by)
    record.decision_message = message
    queue_mail(
        record,
        "accommodation_answered",
        subject=_l("Your accommodation request: %(answer)s", answer=outcome_label(outcome)),
        viewer=PUBLIC,
        committee_id=record.committee_id,
        meeting=record.meeting,
        record=record,
        arranged=outcome is RequestStatus.ARRANGED,
        withdraw_url=workflow.link(workflow.WITHDRAW, record, "accommodations.withdraw"),
    )


def outcome_label(outcome: RequestStatus):
    return _l("arranged") if outcome is RequestStatus.ARRANGED else _l("not possible")
