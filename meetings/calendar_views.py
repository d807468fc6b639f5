"""Calendar feeds (public, per body, per meeting, private) and the subscribe page."""

from collections.abc import Callable
from datetime import datetime, time

from flask import Blueprint, abort, current_app, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload, subqueryload

from committees.directory import cleaned, directory
from committees.models import Committee
from committees.terms import add_months
from core.caching import PUBLIC_CACHE
from core.languages import LANGUAGES
from core.protection import PUBLIC, current_viewer
from core.time import PACIFIC, today_pacific, utcnow
from extensions import db, limiter
from invitations.forms import SubscribeForm
from meetings.calendar_links import subscribe_links
from meetings.feeds import calendar_response, feed_language, public_feed_key
from meetings.ical import FeedLinks, build_feed
from meetings.models import Meeting, Posting
from members.models import User

bp = Blueprint("calendars", __name__)
bp.add_app_template_global(subscribe_links)

PRIVATE_CACHE = "private, max-age=300"


def request_url(endpoint: str, **values) -> str:
    return url_for(endpoint, _external=True, **values)


def feed_links(absolute: Callable[..., str] = request_url) -> FeedLinks:
    """Links as the feed's own requester reached us; e-mail passes `public_url` instead."""
    return FeedLinks(
        uid_domain=current_app.config["CALENDAR_UID_DOMAIN"],
        meeting_url=lambda m: absolute("meetings.show", meeting_id=m.id),
        invitation_url=lambda m: absolute(
            "invitations.request_invitation", slug=m.committee.slug, meeting=m.id
        ),
    )


def meetings_of(committee_ids: list[int] | None, now: datetime) -> list[Meeting]:
    """A feed's meetings: every upcoming one, and the past ones of the last FEED_PAST_MONTHS;
    at most FEED_MAX_EVENTS in all, the oldest past ones left out first. So no feed grows with
    the years, or past a size the README states, however many bodies the install holds."""
    config = current_app.config
    limit = config["FEED_MAX_EVENTS"]
    since = datetime.combine(
        add_months(today_pacific(), -config["FEED_PAST_MONTHS"]), time(0), tzinfo=PACIFIC
    )
    # Of the postings, only what names the agenda version: not their content. One query for
    # all of them (a subquery of the meetings), not one per 500 meetings: a full feed is 5,000.
    versions = subqueryload(Meeting.postings).load_only(
        Posting.meeting_id, Posting.kind, Posting.version, Posting.posted_at, Posting.sequence
    )
    query = select(Meeting).options(joinedload(Meeting.committee), versions)
    if committee_ids is not None:
        query = query.where(Meeting.committee_id.in_(committee_ids))
    upcoming = list(
        db.session.scalars(
            query.where(Meeting.ends_at > now).order_by(Meeting.starts_at).limit(limit)
        )
    )
    past = db.session.scalars(
        query.where(Meeting.ends_at <= now, Meeting.starts_at >= since)
        .order_by(Meeting.starts_at.desc())
        .limit(limit - len(upcoming))
    )
    return [*reversed(list(past)), *upcoming]


def written_in(language: str, build: Callable[..., bytes], **arguments) -> bytes:
    """A feed built in one language: its own words translated, staff's text where given."""
    with force_locale(LANGUAGES[language].catalog):
        return build(language=language, **arguments)


def link_language() -> str:
    return feed_language(request.query_string.decode())


def public_feed(committee_ids: list[int] | None, name: str, language: str) -> bytes:
    return written_in(
        language,
        build_feed,
        meetings=meetings_of(committee_ids, utcnow()),
        name=name,
        links=feed_links(),
        now=utcnow(),
        viewer=PUBLIC,
    )


# The public feeds' repeat requests are answered by feeds.PublicFeedFastPath before they get
# here; these views build a feed the first time it is asked for after a change.
@bp.get("/calendar.ics")
@limiter.exempt
def all_meetings():
    site, language = current_app.config["SITE_NAME"], link_language()
    return calendar_response(
        public_feed_key(request.path, request.scheme, request.host, language),
        lambda: public_feed(None, site, language),
        cache_control=PUBLIC_CACHE,
    )


@bp.get("/committees/<slug>/calendar.ics")
@limiter.exempt
def committee_feed(slug: str):
    committee = db.session.scalar(select(Committee).where(Committee.slug == slug))
    if committee is None:
        abort(404)
    language = link_language()
    return calendar_response(
        public_feed_key(request.path, request.scheme, request.host, language),
        lambda: public_feed([committee.id], committee.name, language),
        cache_control=PUBLIC_CACHE,
    )


@bp.get("/meetings/<int:meeting_id>.ics")
def meeting_file(meeting_id: int):
    meeting = db.get_or_404(Meeting, meeting_id)
    viewer = current_viewer()
    # The same file serves every viewer who may see as much: the key is what they may see.
    details = meeting.can_view_details(viewer)
    language = link_language()
    return calendar_response(
        f"meeting|{meeting.id}|{details}|{language}|{request.host_url}",
        lambda: written_in(
            language,
            build_feed,
            meetings=[meeting],
            name=meeting.title,
            links=feed_links(),
            now=utcnow(),
            viewer=viewer,
            # Personal only when it carries what the public may not see (a closed meeting's place).
            private=details and meeting.needs_invitation,
        ),
        filename=f"meeting-{meeting.id}.ics",
        cache_control=PRIVATE_CACHE if details else PUBLIC_CACHE,
    )


@bp.get("/calendar/private/<token>.ics")
@limiter.limit("30 per minute", deduct_when=lambda response: response.status_code == 404)
def private_feed(token: str):
    user = User.from_calendar_token(token)
    if user is None:
        abort(404)
    # The bodies the user sits on or manages (every detail, as on their pages), and those they
    # follow (what the public sees); each meeting is asked what this user may see of it.
    committees = db.session.scalars(select(Committee)).all()
    insider_of = sorted(c.id for c in committees if c.is_insider(user))
    followed = sorted(c.id for c in user.followed_committees)

    def build() -> bytes:
        return written_in(
            user.language,
            build_feed,
            meetings=meetings_of(sorted(set(insider_of) | set(followed)), utcnow()),
            name=_l("%(site)s: my meetings", site=current_app.config["SITE_NAME"]),
            links=feed_links(),
            now=utcnow(),
            viewer=user,
            private=True,
        )

    key = f"private|{user.id}|{user.calendar_secret}|{user.language}|{insider_of}|{followed}"
    response = calendar_response(f"{key}|{request.host_url}", build, cache_control=PRIVATE_CACHE)
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.get("/subscribe")
def subscribe():
    return render_subscribe()


def render_subscribe(form: SubscribeForm | None = None) -> str:
    """The feeds and the notices form, for every body of a small install; in a large one, for
    the bodies a search found (`?q=`) and those already checked on a refused form."""
    listing = directory(cleaned(request.args.get("q")))
    chosen = set(form.committees.data or []) if form is not None else set()
    shown = listing.bodies if listing.words or not listing.searchable else []
    missing = chosen - {c.id for c in shown}
    if missing:
        shown = shown + list(db.session.scalars(select(Committee).where(Committee.id.in_(missing))))
    form = form or SubscribeForm(formdata=None, committees=shown)
    return render_template(
        "meetings/subscribe.html", committees=shown, form=form, chosen=chosen, listing=listing
    )
