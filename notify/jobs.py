"""Periodic mail jobs (e.g. meeting reminders) that the worker runs between sends.

Jobs are plain functions of the current time that queue mail; they run in a request context
pointed at PUBLIC_URL so the links they write are absolute.
"""

from collections.abc import Callable
from datetime import datetime

from flask import Flask

from core.time import utcnow
from extensions import db

Job = Callable[[datetime], int]


def register(app: Flask, job: Job) -> None:
    app.extensions.setdefault("periodic_mail_jobs", []).append(job)


def run_job(app: Flask, job: Job, now: datetime | None = None) -> int:
    with app.test_request_context(base_url=app.config["PUBLIC_URL"]):
        queued = job(now or utcnow())
        db.session.commit()
    return queued


def run_all(app: Flask, now: datetime | None = None) -> int:
    return sum(run_job(app, job, now) for job in app.extensions.get("periodic_mail_jobs", []))
