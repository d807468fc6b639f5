"""The two lines every staff view starts with: load (or 404), then authorize (or 403).

The rule itself lives on the model (`record.can_manage(user)`); this only asks it.
"""

from typing import Protocol, TypeVar

from flask import abort
from flask_login import current_user


class Manageable(Protocol):
    def can_manage(self, user) -> bool: ...


T = TypeVar("T", bound=Manageable)


def managed(record: T | None) -> T:
    if record is None:
        abort(404)
    if not record.can_manage(current_user):
        abort(403)
    return record
