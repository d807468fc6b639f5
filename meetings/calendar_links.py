"""Plain "add to calendar" links for Google Calendar and Outlook.com (links a person clicks)."""

from datetime import UTC
from urllib.parse import urlencode

from meetings.models import Meeting


def google_calendar_link(meeting: Meeting, *, details: str, location: str) -> str:
    start = meeting.starts_at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    end = meeting.ends_at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    query = {
        "action": "TEMPLATE",
        "text": meeting.title,
        "dates": f"{start}/{end}",
        "details": details,
        "ctz": "America/Los_Angeles",
    }
    if location:
        query["location"] = location
    return "https://calendar.google.com/calendar/render?" + urlencode(query)


def outlook_link(meeting: Meeting, *, details: str, location: str) -> str:
    query = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": meeting.title,
        "startdt": meeting.starts_at.astimezone(UTC).isoformat(),
        "enddt": meeting.ends_at.astimezone(UTC).isoformat(),
        "body": details,
    }
    if location:
        query["location"] = location
    return "https://outlook.live.com/calendar/0/action/compose?" + urlencode(query)
