"""What each record puts in the search index, and the session hook that keeps the index current.

A change to a searchable record marks its *unit* (the record, or a meeting with its posted agenda
items); before the transaction commits, each marked unit's entries are replaced, so the index
never disagrees with what was committed and a rollback takes both back. Who may find an entry is
asked of the record itself, for the public viewer, when it is written.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.orm import Session, selectinload

from comments.models import PublicComment
from committees.models import Committee
from core.languages import DEFAULT, WHOLE
from core.protection import PUBLIC
from extensions import db
from meetings.markdown import markdown_text
from meetings.minutes import Minutes, MinutesItem, Motion
from meetings.models import Document, Meeting, Posting
from search.models import Audience, RecordKind, SearchEntry

# Characters of one entry's text: PostgreSQL's tsvector holds at most 1 MB, and a page of
# results shows a snippet, not a book.
MAX_TEXT = 100_000
PENDING = "search.pending"
Unit = tuple[RecordKind, int]
TABLE = SearchEntry.__table__


CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # a snippet marks matches with two of them


def joined(*parts: str | None) -> str:
    """Parts of one text, kept apart in what a snippet quotes, without control characters."""
    text = " · ".join(p.strip() for p in parts if p and p.strip())[:MAX_TEXT]
    return CONTROL.sub(" ", text)


def audience(public: bool) -> Audience:
    return Audience.PUBLIC if public else Audience.INSIDERS


def entry(
    kind: RecordKind,
    record_id: int,
    committee_id: int,
    *,
    language: str,
    title: str,
    text: str,
    who: Audience,
    meeting: Meeting | None = None,
    anchor: int = 0,
    public_from: datetime | None = None,
) -> dict[str, Any]:
    return {
        "kind": kind,
        "record_id": record_id,
        "anchor": anchor,
        "committee_id": committee_id,
        "meeting_id": meeting.id if meeting else None,
        "language": language,
        "title": CONTROL.sub(" ", title[:1000]),
        "text": text,
        "happened_on": meeting.local_start.date() if meeting else None,
        "audience": who,
        "public_from": public_from,
    }


def in_each_language(record: Any, *fields: str) -> Iterator[tuple[str, dict[str, str | None]]]:
    """English, then each whole language staff wrote any of the fields in."""
    for language in WHOLE:
        texts = {field: record.text_in(field, language) for field in fields}
        if language == DEFAULT or any(texts.values()):
            yield language, texts


# -- what each kind of record says ------------------------------------------------------------


def body_entries(committee: Committee) -> list[dict[str, Any]]:
    return [
        entry(
            RecordKind.BODY,
            committee.id,
            committee.id,
            language=language,
            title=committee.name,
            text=joined(texts["purpose"], committee.short_name, committee.convening_agency),
            who=audience(committee.can_view(PUBLIC)),
        )
        for language, texts in in_each_language(committee, "purpose")
    ]


def meeting_entries(meeting: Meeting) -> list[dict[str, Any]]:
    """The meeting (its title; a special meeting's business too where its details are public),
    and the items of its latest posted agenda: drafts are the staff's until posted. Business
    the public may not read is filed with the agenda (anchor 0), asked as the agenda is."""
    details = meeting.can_view_details(PUBLIC)
    rows = []
    for language, texts in in_each_language(meeting, "title", "business"):
        title = texts["title"] or meeting.title
        business = joined(texts["business"])
        rows.append(
            entry(
                RecordKind.MEETING,
                meeting.id,
                meeting.committee_id,
                meeting=meeting,
                language=language,
                title=title,
                text=business if details else "",
                who=audience(meeting.can_view(PUBLIC)),
            )
        )
        if business and not details:
            rows.append(
                entry(
                    RecordKind.AGENDA_ITEM,
                    meeting.id,
                    meeting.committee_id,
                    meeting=meeting,
                    language=language,
                    title=title,
                    text=business,
                    who=Audience.INSIDERS,
                )
            )
    posted = meeting.posted_agenda
    for item in posted.items() if posted else []:
        rows += [
            entry(
                RecordKind.AGENDA_ITEM,
                meeting.id,
                meeting.committee_id,
                meeting=meeting,
                anchor=item.id,
                language=language,
                title=texts["title"] or item.title,
                text=joined(markdown_text(texts["description"] or ""), item.presenter),
                who=audience(details),
            )
            for language, texts in in_each_language(item, "title", "description")
        ]
    return rows


def document_entries(document: Document) -> list[dict[str, Any]]:
    meeting = document.meeting
    return [
        entry(
            RecordKind.DOCUMENT,
            document.id,
            meeting.committee_id,
            meeting=meeting,
            language=DEFAULT,
            title=document.title,
            text=joined(document.text),
            who=audience(document.can_download(PUBLIC)),
        )
    ]


def comment_entries(comment: PublicComment) -> list[dict[str, Any]]:
    """A confirmed comment's words (and the name, where the writer let it be published): the
    members' at once, everyone's from the moment it joins the public record."""
    text = joined(comment.public_name, comment.text)
    if not comment.is_confirmed or not text:
        return []
    meeting = comment.meeting
    public_from = comment.public_record_from()
    public = public_from is not None and meeting.can_view_details(PUBLIC)
    return [
        entry(
            RecordKind.COMMENT,
            comment.id,
            meeting.committee_id,
            meeting=meeting,
            language=DEFAULT,
            title="",  # a comment is found by its own words; the page names its meeting
            text=text,
            who=audience(public),
            public_from=public_from if public else None,
        )
    ]


def minutes_entries(minutes: Minutes) -> list[dict[str, Any]]:
    meeting = minutes.meeting
    parts = [markdown_text(minutes.summary)]
    for item in minutes.items:
        parts += [item.title, markdown_text(item.summary), *(m.text for m in item.all_motions())]
    return [
        entry(
            RecordKind.MINUTES,
            minutes.id,
            meeting.committee_id,
            meeting=meeting,
            language=DEFAULT,
            title=meeting.title,
            text=joined(*parts),
            who=audience(minutes.can_view(PUBLIC)),
        )
    ]


BUILDERS: dict[RecordKind, tuple[type, Callable[[Any], list[dict[str, Any]]]]] = {
    RecordKind.BODY: (Committee, body_entries),
    RecordKind.MEETING: (Meeting, meeting_entries),
    RecordKind.DOCUMENT: (Document, document_entries),
    RecordKind.COMMENT: (PublicComment, comment_entries),
    RecordKind.MINUTES: (Minutes, minutes_entries),
}
# The kinds of entry a unit's record writes.
WRITES = {kind: (kind,) for kind in BUILDERS} | {
    RecordKind.MEETING: (RecordKind.MEETING, RecordKind.AGENDA_ITEM)
}


# -- keeping the index current ----------------------------------------------------------------


def units_of(obj: Any) -> list[Unit]:
    """The units whose entries a changed object may alter."""
    match obj:
        case Committee():
            return [(RecordKind.BODY, obj.id)]
        case Meeting():
            return [(RecordKind.MEETING, obj.id)]
        case Posting():
            return [(RecordKind.MEETING, obj.meeting_id)]
        case Document():
            return [(RecordKind.DOCUMENT, obj.id)]
        case PublicComment():
            return [(RecordKind.COMMENT, obj.id)]
        case Minutes():
            return [(RecordKind.MINUTES, obj.id)]
        case MinutesItem():
            return [(RecordKind.MINUTES, obj.minutes_id)]
        case Motion() if obj.item is not None:
            return [(RecordKind.MINUTES, obj.item.minutes_id)]
    return []


def within(session: Session, meeting: Meeting) -> set[Unit]:
    """What a meeting's access decides who may find: its documents, comments and minutes."""
    comments = session.scalars(
        select(PublicComment.id).where(PublicComment.meeting_id == meeting.id)
    )
    units = {(RecordKind.DOCUMENT, d.id) for d in meeting.documents}
    units |= {(RecordKind.COMMENT, id) for id in comments}
    if meeting.minutes is not None:
        units.add((RecordKind.MINUTES, meeting.minutes.id))
    return units


def reindex(session: Session, units: Iterable[Unit]) -> None:
    """Replace the entries of each unit (a unit whose record is gone loses them)."""
    units = set(units)
    for kind, id in list(units):
        if kind is RecordKind.MEETING and (meeting := session.get(Meeting, id)):
            units |= within(session, meeting)
    by_kind: dict[RecordKind, set[int]] = defaultdict(set)
    for kind, id in units:
        by_kind[kind].add(id)
    rows = []
    for kind, ids in by_kind.items():
        session.execute(
            TABLE.delete().where(TABLE.c.kind.in_(WRITES[kind]), TABLE.c.record_id.in_(ids))
        )
        model, build = BUILDERS[kind]
        for id in sorted(ids):
            if (record := session.get(model, id)) is not None:
                rows += build(record)
    if rows:
        session.execute(TABLE.insert(), rows)


def rebuild(batch: int = 500) -> int:
    """Write the whole index afresh (after an import, or to add what predates it); the number of
    entries written."""
    db.session.execute(TABLE.delete())
    loads = {
        RecordKind.BODY: (),
        RecordKind.MEETING: (selectinload(Meeting.postings),),
        RecordKind.DOCUMENT: (selectinload(Document.meeting).selectinload(Meeting.committee),),
        RecordKind.COMMENT: (selectinload(PublicComment.meeting),),
        RecordKind.MINUTES: (
            selectinload(Minutes.meeting),
            selectinload(Minutes.items).selectinload(MinutesItem.motions),
        ),
    }
    written = 0
    for kind, (model, build) in BUILDERS.items():
        records = db.session.scalars(
            select(model)
            .options(*loads[kind])
            .order_by(model.id)
            .execution_options(yield_per=batch)
        )
        for chunk in records.partitions():
            rows = [row for record in chunk for row in build(record)]
            if rows:
                db.session.execute(TABLE.insert(), rows)
                written += len(rows)
    return written


@event.listens_for(Session, "after_flush")
def _mark_changed(session: Session, _context) -> None:
    touched = [*session.new, *session.dirty, *session.deleted]
    units = {unit for obj in touched for unit in units_of(obj)}
    if units:
        session.info.setdefault(PENDING, set()).update(units)


@event.listens_for(Session, "before_commit")
def _write_entries(session: Session) -> None:
    session.flush()  # the changes not flushed yet mark their units too
    if units := session.info.pop(PENDING, None):
        reindex(session, units)


@event.listens_for(Session, "after_rollback")
def _forget_changed(session: Session) -> None:
    session.info.pop(PENDING, None)
