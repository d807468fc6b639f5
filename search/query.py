"""Finding entries: the reader's words as each database's full-text query, who may find what as
a filter in SQL (so pages and counts are right), the newest matches ranked, grouped and counted
(at most MAX_CANDIDATES), and every result shown asked of its record.

The reader's syntax is the web's: words all must match, "an exact phrase" in quotes, `or`
between alternatives, `-word` to leave out. PostgreSQL reads it with `websearch_to_tsquery`
(English or Spanish stemming, by the entry's language); SQLite's FTS5 gets the same query
written in its own syntax (`fts5_query`).
"""

from __future__ import annotations

import logging
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlalchemy as sa
from flask import url_for
from markupsafe import Markup, escape
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from comments.models import PublicComment
from committees.models import Committee
from core.paging import PageNumbers
from core.protection import signed_in
from core.time import utcnow
from extensions import db
from meetings.minutes import Minutes
from meetings.models import Document, Meeting
from search.models import Audience, RecordKind, SearchEntry

log = logging.getLogger(__name__)

PER_PAGE = 20
BODY_FACETS = 10
# A search ranks, groups and counts at most this many matching entries, the newest: a word in
# every meeting of ten years costs what a word in five hundred does. The reader is told, and may
# add words or filters.
MAX_CANDIDATES = 500
# Marks around matched words in a snippet: characters no text holds, replaced after escaping.
START, STOP = "\x02", "\x03"
E = SearchEntry


@dataclass(frozen=True)
class Search:
    """What a reader asked for (checked by `search.forms.SearchForm`)."""

    words: str
    kind: RecordKind | None = None
    body: Committee | None = None
    start: date | None = None
    end: date | None = None
    page: int = 1


@dataclass
class Result:
    kind: RecordKind
    record: Any  # a body, meeting (of an agenda item too), document, comment or minutes
    title: str
    snippet: Markup
    language: str  # of the title and snippet
    committee: Committee
    happened_on: date | None

    @property
    def url(self) -> str:
        return url_of(self.kind, self.record)

    @property
    def meeting(self) -> Meeting | None:
        """The meeting an agenda item or a document belongs to, to tell alike titles apart."""
        if self.kind is RecordKind.AGENDA_ITEM:
            return self.record
        return self.record.meeting if self.kind is RecordKind.DOCUMENT else None


@dataclass
class Results(PageNumbers):
    results: list[Result]
    found: int
    page: int
    kinds: list[tuple[RecordKind, int]] = field(default_factory=list)
    bodies: list[tuple[Committee, int]] = field(default_factory=list)
    examined: int = 0  # matching entries ranked: MAX_CANDIDATES when there are more

    @property
    def more(self) -> bool:
        return self.examined == MAX_CANDIDATES

    @property
    def pages(self) -> int:
        return max(1, -(-self.found // PER_PAGE))

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


# -- the reader's words, for each database ------------------------------------------------------

TERM = re.compile(r'(-?)"([^"]*)"?|(\S+)')
WORD = re.compile(r"\w+")


def fts5_query(words: str) -> str | None:
    """The reader's words as an FTS5 query with websearch_to_tsquery's meaning; None when
    nothing in them can be searched for. Every term is quoted, so nothing the reader types is
    FTS5 syntax."""
    groups: list[list[str]] = []  # each group is alternatives; all groups must match
    excluded: list[str] = []
    alternative = False
    for negate, phrase, word in TERM.findall(words):
        if word.lower() == "or" and phrase == "":
            alternative = bool(groups)
            continue
        if word.startswith("-") and len(word) > 1:
            negate, word = "-", word[1:]
        tokens = WORD.findall(phrase or word)
        if not tokens:
            continue
        term = '"' + " ".join(tokens) + '"'
        if negate:
            excluded.append(term)
        elif alternative:
            groups[-1].append(term)
        else:
            groups.append([term])
        alternative = False
    if not groups:
        return None
    query = " AND ".join("(" + " OR ".join(group) + ")" for group in groups)
    return f"({query}) NOT ({' OR '.join(excluded)})" if excluded else query


class PostgresMatch:
    """Entries in Spanish are stemmed as Spanish, all others as English (see the migration)."""

    DOCUMENT = sa.literal_column("search_entry.document")

    def __init__(self, words: str) -> None:
        self.words = words
        self.queries = {
            config: func.websearch_to_tsquery(sa.literal_column(f"'{config}'::regconfig"), words)
            for config in ("english", "spanish")
        }

    @property
    def usable(self) -> bool:
        return bool(WORD.search(self.words))

    def source(self, query: sa.Select) -> sa.Select:
        return query.select_from(E)

    def _by_language(self, make) -> sa.ColumnElement:
        return sa.case(
            (E.language == "es", make("spanish", self.queries["spanish"])),
            else_=make("english", self.queries["english"]),
        )

    def newest(self, query: sa.Select) -> sa.Select:
        return query.order_by(E.id.desc())

    def entries(self, ids: list[int]) -> sa.ColumnElement[bool]:
        return E.id.in_(ids)

    def condition(self) -> sa.ColumnElement[bool]:
        return sa.or_(
            sa.and_(E.language == "es", self.DOCUMENT.op("@@")(self.queries["spanish"])),
            sa.and_(E.language != "es", self.DOCUMENT.op("@@")(self.queries["english"])),
        )

    def rank(self) -> sa.ColumnElement[float]:
        return self._by_language(lambda _config, query: func.ts_rank(self.DOCUMENT, query))

    def snippet(self) -> sa.ColumnElement[str]:
        options = f"StartSel={START},StopSel={STOP},MaxWords=35,MinWords=15,MaxFragments=2"
        return self._by_language(
            lambda config, query: func.ts_headline(
                sa.literal_column(f"'{config}'::regconfig"),
                func.left(E.text, 20_000),
                query,
                options,
            )
        )


class SqliteMatch:
    """The reader's words match titles and text; a body is a word of the `scope` column (see
    the migration), so FTS5 finds one body's matches from its index."""

    FTS = sa.table("search_fts", sa.column("rowid"))
    TABLE = sa.literal_column("search_fts")

    def __init__(self, words: str, body: Committee | None = None) -> None:
        words = fts5_query(words)
        self.query = words and "{title text} : (" + words + ")"
        if self.query and body is not None:
            self.query += f' AND scope : "body{body.id}"'

    @property
    def usable(self) -> bool:
        return self.query is not None

    def source(self, query: sa.Select) -> sa.Select:
        return query.select_from(self.FTS).join(E, E.id == self.FTS.c.rowid)

    def newest(self, query: sa.Select) -> sa.Select:
        """In the FTS table's own order, which it gives without sorting (so bm25() runs for the
        rows kept alone); the LIMIT that follows also keeps SQLite from folding this query into
        the GROUP BY around it, where bm25() cannot run."""
        return query.order_by(self.FTS.c.rowid.desc())

    def entries(self, ids: list[int]) -> sa.ColumnElement[bool]:
        """Asked of the FTS table itself, which then reads just these rows of its index."""
        return self.FTS.c.rowid.in_(ids)

    def condition(self) -> sa.ColumnElement[bool]:
        return self.TABLE.op("MATCH")(self.query)

    def rank(self) -> sa.ColumnElement[float]:
        # bm25 is lower for a better match; titles weigh ten times the text.
        return -func.bm25(self.TABLE, 10.0, 1.0)

    def snippet(self) -> sa.ColumnElement[str]:
        return func.snippet(self.TABLE, 1, START, STOP, "…", 30)


def matcher(words: str, body: Committee | None) -> PostgresMatch | SqliteMatch:
    if db.session.get_bind().dialect.name == "postgresql":
        return PostgresMatch(words)
    return SqliteMatch(words, body)


# -- who may find what ----------------------------------------------------------------------------


def findable(viewer: Any) -> sa.ColumnElement[bool]:
    """Entries the viewer may find: what the records said the public may see (a comment from the
    moment it joins the public record), and everything of the bodies the viewer is inside."""
    public = sa.and_(
        E.audience == Audience.PUBLIC,
        sa.or_(E.public_from.is_(None), E.public_from <= utcnow()),
    )
    if not signed_in(viewer):
        return public
    inside = viewer.insider_committee_ids()
    if inside is None:
        return sa.true()
    return sa.or_(public, E.committee_id.in_(inside)) if inside else public


# What each kind of result loads and asks of its record; records of a meeting load it and its
# body with them, for the question.
RECORDS: dict[RecordKind, tuple[type, str]] = {
    RecordKind.BODY: (Committee, "can_view"),
    RecordKind.MEETING: (Meeting, "can_view"),
    RecordKind.AGENDA_ITEM: (Meeting, "can_view_details"),
    RecordKind.DOCUMENT: (Document, "can_download"),
    RecordKind.COMMENT: (PublicComment, "can_view"),
    RecordKind.MINUTES: (Minutes, "can_view"),
}


def loaded(model: type) -> tuple:
    """Joined, so a kind of record costs one statement."""
    if model is Committee:
        return ()
    if model is Meeting:
        return (joinedload(Meeting.committee),)
    return (joinedload(model.meeting).joinedload(Meeting.committee),)


def url_of(kind: RecordKind, record: Any) -> str:
    match kind:
        case RecordKind.BODY:
            return url_for("committees.show", slug=record.slug)
        case RecordKind.MEETING:
            return url_for("meetings.show", meeting_id=record.id)
        case RecordKind.AGENDA_ITEM:
            return url_for("meetings.show", meeting_id=record.id, _anchor="agenda")
        case RecordKind.DOCUMENT:
            return url_for("meetings.download", document_id=record.id)
        case RecordKind.COMMENT:
            return url_for("meetings.show", meeting_id=record.meeting_id, _anchor="public-comment")
        case RecordKind.MINUTES:
            return url_for("minutes.show", meeting_id=record.meeting_id)
    raise ValueError(kind)


def marked(snippet: str | None) -> Markup:
    """The snippet escaped, its matched words in <mark>."""
    text = str(escape(snippet or ""))
    return Markup(text.replace(START, "<mark>").replace(STOP, "</mark>"))


# -- the search ---------------------------------------------------------------------------------


# The word for "or" in each language the whole site is in, besides English's.
OR_WORDS = {"es": "o"}


def in_english_syntax(words: str, language: str) -> str:
    """The reader's words with their language's "or" (between two terms) written "or"."""
    word = OR_WORDS.get(language)
    if word is None:
        return words
    return re.sub(rf"(?<=\S)\s+{word}\s+(?=\S)", " or ", words, flags=re.IGNORECASE)


def find(search: Search, viewer: Any, language: str) -> Results:
    """A page of results for the viewer, best first, with counts by kind and by body; titles and
    snippets in the reader's language where a record has it."""
    match = matcher(in_english_syntax(search.words, language), search.body)
    if not match.usable:
        return Results([], 0, search.page)
    conditions = [match.condition(), findable(viewer)]
    if search.kind is not None:
        conditions.append(E.kind == search.kind)
    if search.body is not None:
        conditions.append(E.committee_id == search.body.id)
    if search.start is not None:
        conditions.append(E.happened_on >= search.start)
    if search.end is not None:
        conditions.append(E.happened_on <= search.end)

    candidates = db.session.execute(
        match.newest(
            match.source(
                select(
                    E.id,
                    E.kind,
                    E.record_id,
                    E.anchor,
                    E.committee_id,
                    E.happened_on,
                    match.rank().label("rank"),
                )
            ).where(*conditions)
        ).limit(MAX_CANDIDATES)
    ).all()
    if not candidates:
        return Results([], 0, search.page)
    # A record found in two languages is one result, as good as its better match.
    best: dict[tuple, Hit] = {}
    entries: dict[tuple, list[int]] = defaultdict(list)
    for id, kind, record_id, anchor, committee_id, day, rank in candidates:
        key = (kind, record_id, anchor)
        entries[key].append(id)
        if key not in best or rank > best[key].rank:
            best[key] = Hit(kind, record_id, anchor, committee_id, day, rank)
    hits = sorted(best.values(), key=Hit.order)
    first = (search.page - 1) * PER_PAGE
    page = hits[first : first + PER_PAGE]
    kinds = Counter(hit.kind for hit in hits)
    by_body = Counter(hit.committee_id for hit in hits)
    counts = sorted(by_body.items(), key=lambda pair: (-pair[1], pair[0]))[:BODY_FACETS]
    committees = {
        c.id: c
        for c in db.session.scalars(
            select(Committee).where(
                Committee.id.in_({hit.committee_id for hit in page} | {id for id, _ in counts})
            )
        )
    }
    return Results(
        shown(match, page, entries, committees, viewer, language),
        len(hits),
        search.page,
        kinds=sorted(kinds.items(), key=lambda pair: pair[0].value),
        bodies=[(committees[id], n) for id, n in counts],
        examined=len(candidates),
    )


@dataclass(frozen=True)
class Hit:
    """One record found (an agenda item is its meeting's and its anchor's)."""

    kind: RecordKind
    record_id: int
    anchor: int
    committee_id: int
    day: date | None
    rank: float

    def order(self) -> tuple:
        """Best match first; among equals, the latest meeting, then the newest record."""
        return (-self.rank, -(self.day.toordinal() if self.day else 0), -self.record_id)


def shown(
    match: PostgresMatch | SqliteMatch,
    page: list[Hit],
    entries: dict[tuple, list[int]],
    committees: dict[int, Committee],
    viewer: Any,
    language: str,
) -> list[Result]:
    """The page's results: each record loaded and asked whether the viewer may see it, with
    its title and snippet in the reader's language if it has one, else English."""
    texts: dict[tuple, dict[str, tuple[str, str]]] = defaultdict(dict)
    rows = db.session.execute(
        match.source(
            select(E.kind, E.record_id, E.anchor, E.language, E.title, match.snippet())
        ).where(
            match.condition(),
            match.entries(
                [id for hit in page for id in entries[hit.kind, hit.record_id, hit.anchor]]
            ),
        )
    )
    for kind, record_id, anchor, entry_language, title, snippet in rows:
        texts[(kind, record_id, anchor)][entry_language] = (title, snippet)

    ids_by_kind: dict[RecordKind, set[int]] = defaultdict(set)
    for row in page:
        ids_by_kind[row.kind].add(row.record_id)
    records: dict[tuple[RecordKind, int], Any] = {}
    for kind, ids in ids_by_kind.items():
        model, _ = RECORDS[kind]
        query = select(model).where(model.id.in_(ids)).options(*loaded(model))
        for record in db.session.scalars(query):
            records[(kind, record.id)] = record

    results = []
    for row in page:
        record = records.get((row.kind, row.record_id))
        _, permission = RECORDS[row.kind]
        if record is None or not getattr(record, permission)(viewer):
            log.warning("Search index disagrees with %s %s", row.kind.value, row.record_id)
            continue
        by_language = texts.get((row.kind, row.record_id, row.anchor), {})
        shown_in = language if language in by_language else next(iter(by_language), "en")
        title, snippet = by_language.get(shown_in, ("", ""))
        results.append(
            Result(
                kind=row.kind,
                record=record,
                title=title,
                snippet=marked(snippet),
                language=shown_in,
                committee=committees[row.committee_id],
                happened_on=row.day,
            )
        )
    return results
