"""Meetings, agenda items, documents, calendars and invitation requests (the meetings issue)."""
