"""How long a body's record is kept: the state general records schedule's item for governing and
policy-setting bodies (agendas, packets, minutes, written testimony, recordings) is GS 10004.0001,
six years after the end of the calendar year, then transfer to the Washington State Archives."""

from datetime import date

SCHEDULE_ITEM = "GS 10004.0001"
RETENTION_YEARS = 6


def transfer_from(year: int) -> date:
    """The first day a year's record may leave for the State Archives."""
    return date(year + RETENTION_YEARS + 1, 1, 1)


def is_retained(year: int, today: date) -> bool:
    """Whether that year's record must still be kept here, whole: nothing of it may be deleted."""
    return today < transfer_from(year)


def in_record(document) -> bool:
    """Minutes, and every document a posted agenda listed, are the body's record."""
    if document.kind.value == "minutes":
        return True
    return any(
        entry["id"] == document.id
        for posting in document.meeting.postings
        for entry in posting.content.get("documents", [])
    )


def may_delete(document, today: date) -> bool:
    return not (in_record(document) and is_retained(document.meeting.local_start.year, today))
