"""`/api/v1/`: bodies and meetings as open data, read only, as the public sees them."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from flask import Blueprint, abort, jsonify, request, url_for
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload
from werkzeug.exceptions import BadRequest

from api import serializers
from api.openapi import openapi_document
from committees.directory import chosen_topic
from committees.models import Committee, with_roster
from core.arguments import query_int, query_page
from core.time import PACIFIC
from extensions import csrf, db, limiter
from meetings.minutes_services import minutes_of, motion_numbers
from meetings.models import Meeting, MeetingStatus
from meetings.services import meeting_with_everything

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)  # read only: no state-changing requests to protect
limiter.exempt(bp)

MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 20  # an answer's size stays the same however many records match
COUNTED_AT_MOST = 1000


def committee_links() -> dict:
    return {
        "page": lambda c: url_for("committees.show", slug=c.slug, _external=True),
        "api": lambda c: url_for("api.committee", slug=c.slug, _external=True),
    }


def meeting_links() -> dict:
    return {
        "page": lambda m: url_for("meetings.show", meeting_id=m.id, _external=True),
        "ical": lambda m: url_for("calendars.meeting_file", meeting_id=m.id, _external=True),
        "document": lambda d: url_for("meetings.download", document_id=d.id, _external=True),
        "agenda_record": lambda p: url_for(
            "postings.agenda_json", meeting_id=p.meeting_id, version=p.version, _external=True
        ),
        "minutes": lambda m: url_for("minutes.show", meeting_id=m.id, _external=True),
    }


def json_response(payload: dict):
    """JSON with a strong ETag; a matching If-None-Match gets 304. A page of a list also names
    its neighbours in a `Link` header (RFC 8288), as in its body."""
    response = jsonify(payload)
    links = payload.get("links", {})
    if links:
        response.headers["Link"] = ", ".join(f'<{url}>; rel="{rel}"' for rel, url in links.items())
    response.add_etag()
    response.headers["Cache-Control"] = "public, max-age=60"
    return response.make_conditional(request)


def query_date(name: str) -> date | None:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise BadRequest(f"'{name}' must be a date like 2027-03-15.") from None


def pacific_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=PACIFIC)


def one_page(query, *order, load=lambda q: q) -> tuple[list, dict]:
    """One page of a list (`?page=`, `?per_page=` up to MAX_PER_PAGE) and what says where it
    is: the page, its size, the total, and links to itself, the first, last, next and previous
    pages with the same filters. A page past the last is empty, with its links.

    Counting every record of a long list on every request is work that grows with the install:
    past COUNTED_AT_MOST the total says "at least" (as search engines do) and there is no last
    page; the next page is known by reading one record more than the page holds."""
    page = query_page()
    per_page = query_int("per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE)
    counted = db.session.scalar(
        select(func.count()).select_from(query.limit(COUNTED_AT_MOST + 1).subquery())
    )
    exact = counted <= COUNTED_AT_MOST
    rows = db.session.scalars(
        load(query.order_by(*order).offset((page - 1) * per_page).limit(per_page + 1))
    ).all()

    def link(number: int) -> str:
        arguments = request.args.to_dict() | {"page": number, "per_page": per_page}
        return url_for(request.endpoint, **(request.view_args or {}), **arguments, _external=True)

    links = {"self": link(page), "first": link(1)}
    last = max(1, -(-counted // per_page)) if exact else None
    if last is not None:
        links["last"] = link(last)
    if len(rows) > per_page:
        links["next"] = link(page + 1)
    if page > 1:
        links["prev"] = link(page - 1 if last is None else min(page - 1, last))
    return rows[:per_page], {
        "page": page,
        "per_page": per_page,
        "total": min(counted, COUNTED_AT_MOST),
        "total_is_minimum": not exact,
        "links": links,
    }


@bp.get("/committees")
def committees():
    query = select(Committee)
    topic = chosen_topic(request.args.get("topic"))
    if topic:
        query = query.where(Committee.topic == topic)
    records, paging = one_page(
        query,
        Committee.position,
        Committee.id,
        load=lambda q: q.options(selectinload(Committee.statutes)),
    )
    links = committee_links()
    return json_response(
        {"items": [serializers.organization(c, links, full=False) for c in records]} | paging
    )


@bp.get("/committees/<slug>")
def committee(slug: str):
    record = db.session.scalar(with_roster(select(Committee).where(Committee.slug == slug)))
    if record is None:
        abort(404)
    return json_response(serializers.organization(record, committee_links(), full=True))


@bp.get("/meetings")
def meetings():
    query = select(Meeting)
    slug = request.args.get("committee")
    if slug:
        query = query.join(Meeting.committee).where(Committee.slug == slug)
    status = request.args.get("status")
    if status:
        if status not in {s.value for s in MeetingStatus}:
            raise BadRequest("'status' must be one of " + ", ".join(s.value for s in MeetingStatus))
        query = query.where(Meeting.status == MeetingStatus(status))
    start, end = query_date("from"), query_date("to")
    if start:
        query = query.where(Meeting.starts_at >= pacific_midnight(start))
    if end and end < date.max:  # "to" is inclusive: meetings starting before the next day
        query = query.where(Meeting.starts_at < pacific_midnight(end + timedelta(days=1)))
    records, paging = one_page(
        query,
        Meeting.starts_at,
        Meeting.id,
        load=lambda q: q.options(selectinload(Meeting.committee)),
    )
    links = meeting_links()
    return json_response(
        {"items": [serializers.event(m, links, full=False) for m in records]} | paging
    )


@bp.get("/meetings/<int:meeting_id>")
def meeting(meeting_id: int):
    record = meeting_with_everything(meeting_id)
    if record is None:
        abort(404)
    return json_response(serializers.event(record, meeting_links(), full=True))


@bp.get("/meetings/<int:meeting_id>/minutes")
def meeting_minutes(meeting_id: int):
    """Approved minutes only, as the public reads them; a draft is a 404 like no minutes."""
    record = meeting_with_everything(meeting_id)
    minutes = minutes_of(record) if record is not None else None
    if minutes is None or not minutes.can_view(serializers.PUBLIC):
        abort(404)
    return json_response(
        serializers.minutes_record(minutes, meeting_links(), motion_numbers(minutes))
    )


@bp.get("/openapi.json")
def openapi():
    return json_response(openapi_document(request.host_url.rstrip("/") + "/api/v1"))
