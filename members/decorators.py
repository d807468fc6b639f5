"""Decorators for global roles only; per-body rules live on the models (`can_manage`)."""

from collections.abc import Callable
from functools import wraps

from flask import abort
from flask_login import current_user


def staff_required(view: Callable) -> Callable:
    @wraps(view)
    def wrapped(*args, **kwargs):
        if not (current_user.is_authenticated and current_user.is_staff):
            abort(403)
        return view(*args, **kwargs)

    return wrapped
