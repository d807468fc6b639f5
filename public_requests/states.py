"""Where a confirmed request can be, and where it may go from there: one table for every kind."""

from __future__ import annotations

import enum

from flask_babel import lazy_gettext as _l


class RequestStatus(enum.Enum):
    UNCONFIRMED = "unconfirmed"  # the requester has not confirmed by e-mail: nobody sees it
    # invitation requests
    PENDING = "pending"
    APPROVED = "approved"
    REVOKED = "revoked"  # staff took back an approval; the guest's link stops working
    # applications to serve
    RECEIVED = "received"
    UNDER_REVIEW = "under_review"
    RECOMMENDED = "recommended"
    APPOINTED = "appointed"
    LAPSED = "lapsed"  # nobody decided in time
    # accommodation requests (PENDING until staff answer)
    ARRANGED = "arranged"
    NOT_POSSIBLE = "not_possible"
    # every kind
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        """What a requester (or staff) reads, in the reader's language."""
        return str(LABELS[self])

    @property
    def is_open(self) -> bool:
        """Confirmed and waiting for a decision."""
        return self in OPEN


S = RequestStatus

LABELS = {
    S.UNCONFIRMED: _l("Unconfirmed"),
    S.PENDING: _l("Pending"),
    S.APPROVED: _l("Approved"),
    S.REVOKED: _l("Revoked"),
    S.RECEIVED: _l("Received"),
    S.UNDER_REVIEW: _l("Under review"),
    S.RECOMMENDED: _l("Recommended"),
    S.APPOINTED: _l("Appointed"),
    S.LAPSED: _l("Lapsed"),
    S.ARRANGED: _l("Arranged"),
    S.NOT_POSSIBLE: _l("Not possible"),
    S.DECLINED: _l("Declined"),
    S.WITHDRAWN: _l("Withdrawn"),
}

# kind -> status -> the statuses it may move to. What a requester may do (confirm, withdraw) and
# what staff may do (decide) are both here, so no view or service restates them.
TRANSITIONS: dict[str, dict[RequestStatus, frozenset[RequestStatus]]] = {
    "invitation": {
        S.UNCONFIRMED: frozenset({S.PENDING, S.WITHDRAWN}),
        S.PENDING: frozenset({S.APPROVED, S.DECLINED, S.WITHDRAWN}),
        S.APPROVED: frozenset({S.REVOKED, S.WITHDRAWN}),
    },
    "application": {
        S.UNCONFIRMED: frozenset({S.RECEIVED, S.WITHDRAWN}),
        S.RECEIVED: frozenset(
            {S.UNDER_REVIEW, S.RECOMMENDED, S.APPOINTED, S.DECLINED, S.WITHDRAWN, S.LAPSED}
        ),
        S.UNDER_REVIEW: frozenset({S.RECOMMENDED, S.APPOINTED, S.DECLINED, S.WITHDRAWN, S.LAPSED}),
        S.RECOMMENDED: frozenset({S.APPOINTED, S.DECLINED, S.WITHDRAWN, S.LAPSED}),
    },
    "accommodation": {
        S.UNCONFIRMED: frozenset({S.PENDING, S.WITHDRAWN}),
        S.PENDING: frozenset({S.ARRANGED, S.NOT_POSSIBLE, S.WITHDRAWN}),
        S.ARRANGED: frozenset({S.WITHDRAWN}),
    },
    # public comments: nothing to decide; received once confirmed, withdrawn until the cutoff
    "comment": {
        S.UNCONFIRMED: frozenset({S.RECEIVED, S.WITHDRAWN}),
        S.RECEIVED: frozenset({S.WITHDRAWN}),
    },
}

# The status a confirmation moves each kind to.
CONFIRMED = {
    "invitation": S.PENDING,
    "application": S.RECEIVED,
    "accommodation": S.PENDING,
    "comment": S.RECEIVED,
}
OPEN = frozenset({S.PENDING, S.RECEIVED, S.UNDER_REVIEW, S.RECOMMENDED})
# A request still to be confirmed or decided: a second one for the same thing joins it.
ACTIVE = OPEN | {S.UNCONFIRMED}


def may_move(kind: str, before: RequestStatus, after: RequestStatus) -> bool:
    return after in TRANSITIONS[kind].get(before, frozenset())


def queue_statuses(kind: str) -> list[RequestStatus]:
    """The statuses a staff queue lists, in order: never unconfirmed."""
    seen = [s for s in RequestStatus if s is not S.UNCONFIRMED]
    reachable = {s for targets in TRANSITIONS[kind].values() for s in targets}
    return [s for s in seen if s in reachable]
