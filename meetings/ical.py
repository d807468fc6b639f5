"""iCalendar (RFC 5545) for meetings: plain functions of meetings and the viewer they are for.

What a feed shows of each meeting is asked of the meeting for that viewer (`can_view_details`),
never decided by the caller.

Every event keeps its UID for the life of the meeting and carries the meeting's revision as its
SEQUENCE, so calendar apps update it in place; times carry TZID=America/Los_Angeles with a VTIMEZONE
in the same file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from flask_babel import gettext
from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard, vDuration

from core.forms import one_line
from core.languages import DEFAULT
from core.templating import pacific_datetime
from meetings.models import Meeting, MeetingStatus

PRODID = "-//Washington anti-trafficking committees//Meetings//EN"
TZID = "America/Los_Angeles"
REFRESH = timedelta(hours=1)


@dataclass(frozen=True)
class FeedLinks:
    """How the feed names things outside itself; passed in so this module needs no request."""

    uid_domain: str
    meeting_url: Callable[[Meeting], str]
    invitation_url: Callable[[Meeting], str]


def pacific_timezone() -> Timezone:
    """US Pacific time by its rule since 2007, the form every calendar client reads alike."""
    timezone = Timezone()
    timezone.add("tzid", TZID)
    timezone.add("x-lic-location", TZID)
    daylight = TimezoneDaylight()
    daylight.add("tzname", "PDT")
    daylight.add("tzoffsetfrom", timedelta(hours=-8))
    daylight.add("tzoffsetto", timedelta(hours=-7))
    daylight.add("dtstart", datetime(1970, 3, 8, 2, 0))
    daylight.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "2SU"})
    standard = TimezoneStandard()
    standard.add("tzname", "PST")
    standard.add("tzoffsetfrom", timedelta(hours=-7))
    standard.add("tzoffsetto", timedelta(hours=-8))
    standard.add("dtstart", datetime(1970, 11, 1, 2, 0))
    standard.add("rrule", {"freq": "yearly", "bymonth": 11, "byday": "1SU"})
    timezone.add_component(daylight)
    timezone.add_component(standard)
    return timezone


def event_uid(meeting: Meeting, uid_domain: str) -> str:
    return f"meeting-{meeting.id}@{uid_domain}"


def summary(meeting: Meeting, language: str) -> tuple[str, str]:
    """The event's title in the feed's language where staff gave one, and the language it is in."""
    title, title_language = meeting.text_and_language("title", language)
    if meeting.status is MeetingStatus.CANCELLED:
        return gettext("Cancelled: %(title)s", title=title), title_language
    if meeting.status is MeetingStatus.POSTPONED:
        return gettext("Postponed: %(title)s", title=title), title_language
    return title, title_language


def ical_status(meeting: Meeting) -> str:
    return {
        MeetingStatus.CANCELLED: "CANCELLED",
        MeetingStatus.POSTPONED: "TENTATIVE",
    }.get(meeting.status, "CONFIRMED")


def location(meeting: Meeting, details: bool, private: bool) -> str:
    if not details:
        return ""
    if meeting.location:
        return meeting.location
    # Many apps show LOCATION as a tappable link: the join link goes there in private feeds only.
    if meeting.remote_url and private:
        return meeting.remote_url
    return "Online" if meeting.remote_url or meeting.remote_dial_in else ""


def description(meeting: Meeting, details: bool, links: FeedLinks) -> str:
    lines = [f"{meeting.committee.name} — {meeting.kind.label}. {meeting.access.label}."]
    if meeting.status is MeetingStatus.CANCELLED:
        lines.append(f"{gettext('This meeting is cancelled.')} {meeting.status_reason}".strip())
    elif meeting.status is MeetingStatus.POSTPONED:
        lines.append(f"{gettext('This meeting is postponed.')} {meeting.status_reason}".strip())
    if details:
        if meeting.remote_url:
            lines.append(gettext("Join online: %(url)s", url=meeting.remote_url))
        if meeting.remote_dial_in:
            lines.append(gettext("Dial in: %(number)s", number=meeting.remote_dial_in))
        posted = meeting.posted_agenda
        if posted is not None:  # which version a subscriber's copy reflects
            lines.append(
                gettext(
                    "Agenda version %(version)d, posted %(posted)s.",
                    version=posted.version,
                    posted=pacific_datetime(posted.posted_at),
                )
            )
    else:
        lines.append(
            gettext("To request an invitation: %(url)s", url=links.invitation_url(meeting))
        )
    lines.append(
        gettext("Meeting page, agenda and documents: %(url)s", url=links.meeting_url(meeting))
    )
    return "\n\n".join(lines)


def meeting_event(
    meeting: Meeting, *, details: bool, private: bool, links: FeedLinks, language: str = DEFAULT
) -> Event:
    event = Event()
    event.add("uid", event_uid(meeting, links.uid_domain))
    # The last change, not the time of serving: the same meeting always serializes the same way.
    event.add("dtstamp", meeting.updated_at.astimezone(UTC))
    event.add("last-modified", meeting.updated_at.astimezone(UTC))
    event.add("created", meeting.created_at.astimezone(UTC))
    event.add("sequence", meeting.revision)
    event.add("dtstart", meeting.local_start)
    event.add("dtend", meeting.local_end)
    title, title_language = summary(meeting, language)
    event.add("summary", title, parameters={"LANGUAGE": title_language})
    event.add("status", ical_status(meeting))
    event.add("transp", "TRANSPARENT" if meeting.status is MeetingStatus.CANCELLED else "OPAQUE")
    event.add("url", links.meeting_url(meeting))
    place = location(meeting, details, private)
    if place:
        event.add("location", place)
    event.add(
        "description", description(meeting, details, links), parameters={"LANGUAGE": language}
    )
    event.add("class", "PUBLIC" if not private else "PRIVATE")
    return event


def in_feed(meeting: Meeting, now: datetime) -> bool:
    """A cancelled meeting stays while it is upcoming, so subscribers see it was called off."""
    return meeting.status is not MeetingStatus.CANCELLED or meeting.ends_at > now


def new_calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", one_line(str(name)))  # a title stored before titles were one line
    calendar.add("x-wr-timezone", TZID)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH).to_ical().decode())
    calendar.add_component(pacific_timezone())
    return calendar


def build_feed(
    meetings: Iterable[Meeting],
    *,
    name: str,
    viewer: Any,
    links: FeedLinks,
    now: datetime,
    private: bool = False,
    language: str = DEFAULT,
) -> bytes:
    """A feed for one viewer (the public for public feeds); `private` feeds are personal, so a
    join link may go where calendar apps make it tappable."""
    calendar = new_calendar(name)
    for meeting in meetings:
        if in_feed(meeting, now):
            details = meeting.can_view_details(viewer)
            calendar.add_component(
                meeting_event(
                    meeting, details=details, private=private, links=links, language=language
                )
            )
    return calendar.to_ical()


def invitation(
    meeting: Meeting,
    *,
    viewer: Any,
    method: str,
    organizer: str,
    attendee: str,
    attendee_name: str,
    links: FeedLinks,
) -> bytes:
    """An iTIP message for one guest: METHOD:REQUEST invites or updates, METHOD:CANCEL calls off.

    Same UID as the feeds, SEQUENCE the meeting's revision, so the guest's calendar updates the
    event it already has instead of adding another.
    """
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    calendar.add_component(pacific_timezone())
    event = meeting_event(
        meeting, details=meeting.can_view_details(viewer), private=True, links=links
    )
    event.add("organizer", f"mailto:{organizer}", parameters={"CN": "Committee staff"})
    event.add(
        "attendee",
        f"mailto:{attendee}",
        parameters={
            "CN": attendee_name,
            "ROLE": "REQ-PARTICIPANT",
            "PARTSTAT": "ACCEPTED",
            "RSVP": "FALSE",
        },
    )
    if method == "CANCEL":
        event["status"] = "CANCELLED"
    calendar.add_component(event)
    return calendar.to_ical()
