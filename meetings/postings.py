"""The posted record (RCW 42.30.077 and .080): what a body posted, when, provably.

Publishing an agenda, or a special meeting's notice, freezes a `Posting`: its content, its time,
and the fingerprint of the body's previous posting. Its own fingerprint is the SHA-256 of its
canonical JSON (`Posting.canonical()`, served as `/meetings/<id>/agenda/<n>.json`), so a body's
postings form a chain: altering, removing or backdating one breaks the fingerprints after it.
`verify()` recomputes every chain from the database (`flask --app app postings verify`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from committees.models import Committee
from core.time import utc_iso, utcnow
from extensions import db
from meetings.models import AgendaItem, Document, Meeting, MeetingKind, Posting, PostingKind


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# -- what a posting holds --------------------------------------------------------------------


def document_entry(document: Document) -> dict[str, Any]:
    """A document as a posting lists it. A members-only one is committed to by its file's hash
    only: the public may read the posting, and its title is not theirs to read."""
    entry: dict[str, Any] = {
        "id": document.id,
        "item": document.agenda_item_id,
        "visibility": document.visibility.value,
        "sha256": document.sha256,
    }
    if document.visibility.value == "public":
        entry |= {
            "title": document.title,
            "kind": document.kind.value,
            "filename": document.filename,
            "size": document.size,
            "in_packet": document.in_packet,
        }
    return entry


def item_entry(item: AgendaItem) -> dict[str, Any]:
    return {
        "id": item.id,
        "title": item.title,
        "description": item.description,
        "presenter": item.presenter,
        "minutes": item.minutes_allotted,
        "action": item.is_action_item,
        "translations": item.translations or {},
    }


def meeting_entry(meeting: Meeting) -> dict[str, Any]:
    return {
        "title": meeting.title,
        "kind": meeting.kind.value,
        "access": meeting.access.value,
        "starts_at": utc_iso(meeting.starts_at),
        "ends_at": utc_iso(meeting.ends_at),
        "translations": meeting.translations or {},
    }


def agenda_content(meeting: Meeting) -> dict[str, Any]:
    """The agenda as it stands (the draft): what publishing it would freeze."""
    # Documents uploaded after the agenda are posted with the next version, not slipped in.
    return {
        "meeting": meeting_entry(meeting),
        "items": [item_entry(item) for item in meeting.agenda_items],
        "documents": [document_entry(d) for d in meeting.documents if d.kind.value != "minutes"],
    }


def notice_content(meeting: Meeting) -> dict[str, Any]:
    """A special meeting's notice (RCW 42.30.080): its time, place and business."""
    return {
        "meeting": meeting_entry(meeting)
        | {
            "business": meeting.business,
            "location": meeting.location,
            "remote_url": meeting.remote_url,
            "remote_dial_in": meeting.remote_dial_in,
            "emergency": meeting.emergency_reason if meeting.is_emergency else None,
        }
    }


def publish_agenda(meeting: Meeting, now: datetime, user: Any = None) -> Posting:
    return post(meeting, PostingKind.AGENDA, now, user)


def post_notice_if_changed(meeting: Meeting, now: datetime, user: Any = None) -> Posting | None:
    """A special meeting's notice is posted when it is scheduled, and again when its time, place
    or business change: each is a posting the public may hold the body to."""
    if meeting.kind is not MeetingKind.SPECIAL_MEETING:
        return None
    notices = meeting.notice_postings
    if notices and notices[-1].content == notice_content(meeting):
        return None
    return post(meeting, PostingKind.NOTICE, now, user)


def post(meeting: Meeting, kind: PostingKind, now: datetime, user: Any = None) -> Posting:
    """Freeze the next posting of the meeting's body, chained to the body's last one."""
    db.session.flush()  # a meeting scheduled in this transaction gets its id and body
    last = last_posting(meeting.committee_id)
    earlier = [p for p in meeting.postings if p.kind is kind]
    posting = Posting(
        committee_id=meeting.committee_id,
        meeting_id=meeting.id,
        kind=kind,
        version=len(earlier) + 1,
        sequence=last.sequence + 1 if last else 1,
        # Whole seconds: every database keeps them, so the fingerprint survives a round trip.
        posted_at=now.replace(microsecond=0),
        late=kind is PostingKind.AGENDA and not earlier and meeting.publishing_now_is_late(now),
        posted_by_id=getattr(user, "id", None),
        content=agenda_content(meeting) if kind is PostingKind.AGENDA else notice_content(meeting),
        previous_fingerprint=last.fingerprint if last else None,
    )
    meeting.postings.append(posting)
    posting.fingerprint = sha256(posting.canonical())
    db.session.flush()
    return posting


def last_posting(committee_id: int) -> Posting | None:
    # Flushed first: two postings in one transaction chain to each other.
    db.session.flush()
    return db.session.scalar(
        select(Posting)
        .where(Posting.committee_id == committee_id)
        .order_by(Posting.sequence.desc())
        .limit(1)
    )


def draft_differs(meeting: Meeting) -> bool:
    """Whether staff have changed the agenda since it was last posted."""
    posted = meeting.posted_agenda
    return posted is not None and posted.content != agenda_content(meeting)


# -- what changed between two versions ---------------------------------------------------------


@dataclass(frozen=True)
class AgendaChange:
    what: Any  # "Added", "Removed", ... in the reader's language
    before: str
    after: str


def agenda_changes(old: dict[str, Any], new: dict[str, Any]) -> list[AgendaChange]:
    """Items added, removed, reworded and moved, old → new, in the order of the new agenda."""
    before = {item["id"]: (n, item) for n, item in enumerate(old["items"], 1)}
    after = {item["id"]: (n, item) for n, item in enumerate(new["items"], 1)}
    changes = []
    for item_id, (n, item) in after.items():
        if item_id not in before:
            changes.append(AgendaChange(_l("Added"), "", f"{n}. {item['title']}"))
            continue
        m, was = before[item_id]
        if was["title"] != item["title"]:
            changes.append(AgendaChange(_l("Reworded"), was["title"], item["title"]))
        elif (was["description"], was["presenter"], was["minutes"], was["action"]) != (
            item["description"],
            item["presenter"],
            item["minutes"],
            item["action"],
        ):
            changes.append(AgendaChange(_l("Details changed"), item["title"], item["title"]))
        if m != n:
            changes.append(AgendaChange(_l("Moved"), f"{m}. {item['title']}", f"{n}."))
    for item_id, (m, was) in before.items():
        if item_id not in after:
            changes.append(AgendaChange(_l("Removed"), f"{m}. {was['title']}", ""))
    old_files = {d["id"]: d for d in old.get("documents", [])}
    titles = {item["id"]: item["title"] for item in old["items"] + new["items"]}
    for document in new.get("documents", []):
        if "title" not in document:  # members-only: the public record does not name it
            continue
        was = old_files.get(document["id"])
        if was is None:
            changes.append(AgendaChange(_l("Document added"), "", document["title"]))
        elif was["item"] != document["item"]:
            changes.append(
                AgendaChange(
                    _l("Document moved"),
                    f"{document['title']}: {item_name(titles, was['item'])}",
                    item_name(titles, document["item"]),
                )
            )
    return changes


def item_name(titles: dict[int, str], item_id: int | None) -> str:
    if item_id is None:
        return str(_l("the meeting as a whole"))
    return titles.get(item_id, str(_l("an item since removed")))


# -- proof -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Break:
    committee: str
    posting: Posting
    reason: str

    def __str__(self) -> str:
        p = self.posting
        return (
            f"{self.committee}: posting #{p.sequence} (meeting {p.meeting_id}, "
            f"{p.kind.value} version {p.version}, posted {utc_iso(p.posted_at)}): {self.reason}"
        )


def verify(committee: Committee | None = None) -> tuple[int, list[Break]]:
    """Recompute each body's chain: how many postings were checked, and every break found, the
    first first. A changed posting no longer matches its fingerprint; a removed one leaves a gap
    in the sequence; a backdated one (refingerprinted to hide it) is out of time order, or no
    longer the posting its successor names."""
    query = select(Committee).order_by(Committee.position)
    if committee is not None:
        query = query.where(Committee.id == committee.id)
    checked, breaks, now = 0, [], utcnow()
    for body in db.session.scalars(query):
        previous: Posting | None = None
        chain = db.session.scalars(
            select(Posting).where(Posting.committee_id == body.id).order_by(Posting.sequence)
        )
        for posting in chain:
            checked += 1
            expected = previous.sequence + 1 if previous else 1
            if posting.sequence != expected:
                breaks.append(Break(body.slug, posting, f"posting #{expected} is missing"))
            if posting.previous_fingerprint != (previous.fingerprint if previous else None):
                breaks.append(
                    Break(body.slug, posting, "it does not name the fingerprint of the one before")
                )
            if sha256(posting.canonical()) != posting.fingerprint:
                breaks.append(
                    Break(body.slug, posting, "its content or time differs from its fingerprint")
                )
            if previous is not None and posting.posted_at < previous.posted_at:
                breaks.append(
                    Break(body.slug, posting, "it is dated before the posting it follows")
                )
            if posting.posted_at > now:
                breaks.append(Break(body.slug, posting, "it is dated in the future"))
            previous = posting
    return checked, breaks
