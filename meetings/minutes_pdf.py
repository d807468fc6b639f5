"""The minutes as a PDF, built like the packet: WeasyPrint renders the record the minutes page
shows (one macro, `meetings/_minutes.html`), tagged for accessibility with the document's language
and title. The names in it are as the viewer may see them (`Vote.voter_label`)."""

from __future__ import annotations

from typing import Any

from flask import render_template
from flask_babel import force_locale
from weasyprint import HTML

from core.languages import DEFAULT, LANGUAGES
from meetings.minutes import Minutes
from meetings.minutes_services import AttendanceSummary, motion_numbers
from meetings.packet import NOTHING_FETCHED


def pdf_language(language: str) -> str:
    return language if language in LANGUAGES and LANGUAGES[language].whole else DEFAULT


def minutes_document(minutes: Minutes, viewer: Any, language: str) -> str:
    """The HTML WeasyPrint lays out; its hash names the cached PDF (whatever changes it, a new
    vote or a consent given, makes a new file)."""
    lang = pdf_language(language)
    meeting = minutes.meeting
    with force_locale(LANGUAGES[lang].catalog):
        meeting_title, title_lang = meeting.text_and_language("title", lang)
        return render_template(
            "meetings/minutes_pdf.html",
            lang=lang,
            title=f"{meeting.committee.name}: {meeting_title}",
            meeting_title=meeting_title,
            title_lang=title_lang,
            minutes=minutes,
            viewer=viewer,
            attendance=AttendanceSummary(meeting),
            numbers=motion_numbers(minutes),
        )


def render_minutes_pdf(html: str) -> bytes:
    return HTML(string=html, url_fetcher=NOTHING_FETCHED).write_pdf(pdf_tags=True)
