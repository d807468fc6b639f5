"""Public records as plain dicts. Everything is shown as the anonymous public would see it:
the same consent and access rules as the pages, asked of the same model methods."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from committees.models import Appointment, Committee, SeatType
from core.time import today_pacific
from meetings.minutes import Minutes, Motion, VoteChoice
from meetings.models import Document, Meeting

PUBLIC = None  # the viewer every API answer is built for


def membership(appointment: Appointment) -> dict:
    name = appointment.public_name()
    organization = appointment.public_organization()
    return {
        "person": {"name": name} if name else None,
        "role": appointment.role.value,
        "label": str(appointment.role.label),
        "on_behalf_of": {"name": organization.name} if organization else None,
        "start_date": appointment.start_date.isoformat() if name else None,
        "end_date": appointment.end_date.isoformat() if name and appointment.end_date else None,
    }


def post(seat_type: SeatType) -> dict:
    today = today_pacific()
    holders = seat_type.seat_holders(today)
    return {
        "id": seat_type.key,
        "label": seat_type.label,
        "role": seat_type.category.value,
        "seat_count": seat_type.seat_count,
        "count_is_minimum": seat_type.count_is_minimum,
        "filled": len(holders),
        "vacant": seat_type.vacancies(today),
        "memberships": [membership(a) for a in holders],
    }


def organization(committee: Committee, links: dict[str, Callable], *, full: bool) -> dict:
    """A body. In a list, its summary and where its detail is: the seats and who holds them
    come with the detail alone, so a page of fifty bodies costs the same as a page of three."""
    statute = committee.current_statute()
    record = {
        "id": committee.slug,
        "name": committee.name,
        "short_name": committee.short_name,
        "classification": "committee",
        "topic": committee.topic.value,
        "url": links["page"](committee),
        "api_url": links["api"](committee),
        "convening_agency": committee.convening_agency,
        "purpose": committee.purpose,
        "meeting_cadence": committee.meeting_cadence.value,
        "member_meeting_access": committee.member_meeting_access.value,
        "statute": {"citation": statute.citation, "url": statute.url} if statute else None,
    }
    if full:
        record["seat_count"] = committee.seat_count()
        record["vacant"] = committee.vacancy_count()
        record["posts"] = [post(t) for t in committee.seat_types]
        record["contact"] = {
            "name": committee.contact_name,
            "email": committee.contact_email or None,
            "phone": committee.contact_phone or None,
        }
    return record


def event(meeting: Meeting, links: dict[str, Callable], *, full: bool) -> dict:
    details = meeting.can_view_details(PUBLIC)
    record = {
        "id": meeting.id,
        "name": meeting.title,
        "classification": meeting.kind.value,
        "organization": meeting.committee.slug,
        "start_date": meeting.starts_at.isoformat(),
        "end_date": meeting.ends_at.isoformat(),
        "timezone": "America/Los_Angeles",
        "status": meeting.status.value,
        "status_reason": meeting.status_reason or None,
        "access": meeting.access.value,
        "location": (meeting.location or None) if details else None,
        "remote_url": (meeting.remote_url or None) if details else None,
        "remote_dial_in": (meeting.remote_dial_in or None) if details else None,
        "revision": meeting.revision,
        "url": links["page"](meeting),
        "ical_url": links["ical"](meeting),
    }
    if full:
        agenda = meeting.visible_agenda(PUBLIC)
        record["agenda_posted_at"] = (
            meeting.agenda_posted_at.isoformat() if agenda and meeting.agenda_posted_at else None
        )
        posted = meeting.posted_agenda if agenda else None
        record["agenda_version"] = posted and {
            "version": posted.version,
            "posted_at": posted.posted_at.isoformat(),
            "fingerprint": posted.fingerprint,
            "record_url": links["agenda_record"](posted),
        }
        record["agenda"] = [
            {
                "order": i + 1,
                "title": item.title,
                "presenter": item.presenter or None,
                "minutes_allotted": item.minutes_allotted,
                "description": item.description or None,
                "classification": "action" if item.is_action_item else "information",
            }
            for i, item in enumerate(agenda)
        ]
        record["documents"] = [
            document(d, links["document"]) for d in meeting.visible_documents(PUBLIC)
        ]
    return record


def document(item: Document, url: Callable[[Document], str]) -> dict:
    return {
        "id": item.id,
        "title": item.title,
        "classification": item.kind.value,
        "media_type": item.content_type,
        "size": item.size,
        "approved_on": item.approved_on.isoformat() if item.approved_on else None,
        "url": url(item),
    }


def vote_event(motion: Motion, numbers: dict[int, str], viewer: Any = PUBLIC) -> dict:
    """A motion as an Open Civic Data vote event: its counts, and each seat holder's vote by
    name or, for a survivor seat holder without consent, by the seat alone."""
    counts = motion.counts()
    return {
        "identifier": numbers[motion.id],
        "motion_text": motion.text,
        "mover": motion.mover_label(viewer) or None,
        "seconder": motion.seconder_label(viewer) or None,
        "method": motion.method.value,
        "result": motion.outcome.value if motion.outcome else None,
        "counts": [{"option": choice.value, "value": counts[choice]} for choice in VoteChoice],
        "votes": [
            {
                "option": vote.choice.value,
                "voter_name": vote.voter_label(viewer),
                "seat": vote.appointment.seat_type.label,
            }
            for vote in motion.votes
        ],
        "amendments": [vote_event(a, numbers, viewer) for a in motion.amendments],
    }


def minutes_record(
    minutes: Minutes, links: dict[str, Callable], numbers: dict[int, str], viewer: Any = PUBLIC
) -> dict:
    """`/api/v1/meetings/<id>/minutes`: the event, and its minutes with their vote events."""
    approved_at = minutes.approved_at_meeting
    return {
        "event": event(minutes.meeting, links, full=False),
        "minutes": {
            "status": minutes.status.value,
            "approved_on": minutes.approved_on.isoformat() if minutes.approved_on else None,
            "approved_at": approved_at
            and {"id": approved_at.id, "url": links["page"](approved_at)},
            "url": links["minutes"](minutes.meeting),
            "summary": minutes.summary or None,
            "agenda": [
                {
                    "order": order,
                    "description": item.title,
                    "summary": item.summary or None,
                    "motions": [
                        vote_event(m, numbers, viewer) for m in item.motions if m.amends_id is None
                    ],
                }
                for order, item in enumerate(minutes.items, start=1)
            ],
        },
    }
