"""Plain links a person clicks: add one meeting to Google Calendar or Outlook.com, or subscribe to
a feed in Google Calendar, Outlook.com, Office 365 or Apple Calendar (webcal)."""

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


def webcal(feed_url: str) -> str:
    return "webcal://" + feed_url.split("://", 1)[1]


def subscribe_links(feed_url: str, name: str) -> list[tuple[str, str]]:
    """One-click subscriptions to a feed, as (label, link): each app adds it and keeps it fresh."""
    web = {"url": feed_url, "name": name}
    return [
        (
            "Google Calendar",
            "https://calendar.google.com/calendar/render?" + urlencode({"cid": webcal(feed_url)}),
        ),
        ("Outlook.com", "https://outlook.live.com/calendar/0/addfromweb?" + urlencode(web)),
        ("Office 365", "https://outlook.office.com/calendar/0/addfromweb?" + urlencode(web)),
        ("Apple Calendar", webcal(feed_url)),
    ]
