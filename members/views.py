"""Signing in and out, and the staff dashboard."""

from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from committees.models import Committee, SeatType
from core.audit import AuditEntry
from core.time import utcnow
from extensions import db, limiter
from meetings.dashboard import deadline_report
from meetings.services import meetings_needing_attention
from members.decorators import staff_required
from members.forms import LoginForm
from members.models import authenticate

bp = Blueprint("members", __name__)

LOGIN_FAILED = "That e-mail and password do not match an active account."


def safe_next(target: str | None) -> str:
    """Only follow a `next` that stays on this site."""
    # Browsers read a backslash as a slash, so "/\\host" would leave the site.
    local = target and target.startswith("/") and not target.startswith("//")
    if local and "\\" not in target and not urlsplit(target).netloc:
        return target
    return url_for("core.home")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("core.home"))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is not None:
            login_user(user)
            flash("You are signed in.", "success")
            return redirect(safe_next(request.args.get("next")))
        form.form_errors.append(LOGIN_FAILED)
    return render_template("members/login.html", form=form)


@bp.post("/logout")
def logout():
    # CSRFProtect has already checked the token: every POST carries one.
    logout_user()
    flash("You are signed out.", "success")
    return redirect(url_for("core.home"))


@bp.get("/staff/")
@login_required
@staff_required
def dashboard():
    query = select(Committee).order_by(Committee.position)
    if not current_user.is_admin:
        query = query.where(Committee.id.in_([c.id for c in current_user.managed_committees]))
    committees = db.session.scalars(
        query.options(selectinload(Committee.seat_types).selectinload(SeatType.appointments))
    ).all()
    now = utcnow()
    report = deadline_report(meetings_needing_attention([c.id for c in committees], now), now)
    return render_template("members/dashboard.html", committees=committees, report=report, now=now)


@bp.get("/admin/audit")
@login_required
def audit_log():
    if not current_user.is_admin:
        abort(403)
    page = db.paginate(
        select(AuditEntry)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .options(selectinload(AuditEntry.user)),
        per_page=50,
        error_out=False,
    )
    return render_template("members/audit.html", page=page)
