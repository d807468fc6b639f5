"""The protection model's shared vocabulary: who a viewer is, and the one way a view asks.

A viewer is the public (`PUBLIC`, None), a signed-in or anonymous user, or a `Guest`: an approved
guest of one meeting, known by a signed personal link. Every record answers `can_view(viewer)`
and `can_manage(viewer)` (and `can_view_details`, `can_download`, … where it has those), each
derived from the body that owns it (Indico's protection model). Views call `authorize`; pages,
feeds, the API and e-mails pass the viewer they serve to the same methods.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from flask import abort, has_request_context, request
from flask_login import current_user

PUBLIC = None  # the viewer public surfaces (API, public feeds, notices) are built for


@dataclass(frozen=True)
class Guest:
    """An approved guest of one invitation-only meeting, for as long as their link is valid."""

    request_id: int
    meeting_id: int
    is_authenticated = False

    def is_guest_of(self, meeting_id: int) -> bool:
        return meeting_id == self.meeting_id


class Protected(Protocol):
    def can_view(self, viewer: Any) -> bool: ...


T = TypeVar("T", bound=Protected)


# Kept on the request itself (not `g`, which outlives a request when an app context is shared).
GUEST_KEY = "protection.guest"


def admit_guest(guest: Guest) -> None:
    """This request is the guest's: their link was checked."""
    request.environ[GUEST_KEY] = guest


def current_viewer() -> Any:
    """The guest whose link this request carries, else the signed-in (or anonymous) user."""
    guest = request.environ.get(GUEST_KEY) if has_request_context() else None
    return guest or current_user._get_current_object()


def signed_in(viewer: Any) -> bool:
    return bool(viewer is not None and viewer.is_authenticated)


def is_guest_of(viewer: Any, meeting_id: int) -> bool:
    return isinstance(viewer, Guest) and viewer.is_guest_of(meeting_id)


def authorize(record: T | None, can: str = "manage") -> T:
    """Load-or-404, then ask the record: 404 when the viewer may not know it exists, 403 when they
    may see it but not do this (`can` names the method: "manage" asks `can_manage`)."""
    viewer = current_viewer()
    if record is None or not record.can_view(viewer):
        abort(404)
    if not getattr(record, f"can_{can}")(viewer):
        abort(403)
    return record


class Install:
    """The install as a record, for the screens that belong to no one body.

    Staff work in it (lists of what they manage); admins manage it: an admin is a user who
    manages every body."""

    def can_view(self, viewer: Any) -> bool:
        return True

    def can_work(self, viewer: Any) -> bool:
        return signed_in(viewer) and viewer.is_staff

    def can_manage(self, viewer: Any) -> bool:
        return signed_in(viewer) and viewer.is_admin


INSTALL = Install()
