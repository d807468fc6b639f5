"""An approved guest's personal link to the meeting they are invited to.

The link is signed, names one request and one meeting, and is asked again on every use: it stops
working when the request is withdrawn or revoked, and once the meeting is over.
"""

from __future__ import annotations

from datetime import datetime

from core.protection import Guest
from core.tokens import make_token, read_token
from core.urls import public_url
from extensions import db
from invitations.models import InvitationRequest
from meetings.models import Meeting
from public_requests.states import RequestStatus

GUEST = "guest"


def guest_token(request: InvitationRequest, meeting: Meeting) -> str:
    return make_token(GUEST, [request.id, meeting.id])


def guest_url(request: InvitationRequest, meeting: Meeting) -> str:
    return public_url(
        "invitations.guest_meeting", meeting_id=meeting.id, token=guest_token(request, meeting)
    )


def guest_for_link(meeting: Meeting, token: str, now: datetime) -> Guest | None:
    """The guest this link admits to this meeting now, or None."""
    value = read_token(GUEST, token)
    if not (isinstance(value, list) and len(value) == 2 and value[1] == meeting.id):
        return None
    request = db.session.get(InvitationRequest, value[0]) if isinstance(value[0], int) else None
    if request is None or request.status is not RequestStatus.APPROVED:
        return None
    if not request.covers(meeting) or meeting.ends_at <= now:
        return None
    return Guest(request_id=request.id, meeting_id=meeting.id)
