"""Signing in and out, and the staff dashboard."""

from datetime import datetime
from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from wtforms.fields.choices import SelectChoice

from accommodations.models import AccommodationRequest
from applications.models import SeatApplication
from comments.models import PublicComment
from committees.composition import composition
from committees.models import Committee, with_roster
from committees.terms import terms_ending, training_status
from core.arguments import query_page
from core.audit import AuditEntry
from core.forms import LanguageForm, form_status
from core.languages import LANGUAGES, english_only
from core.protection import INSTALL, authorize
from core.time import today_pacific, utcnow
from extensions import db, limiter
from invitations.models import InvitationRequest
from meetings.dashboard import absence_flags, deadline_report
from meetings.models import Meeting, MeetingStatus
from meetings.services import (
    meetings_needing_attention,
    past_meetings_of,
    recorded_meetings,
    upcoming_meetings_of,
)
from members.accounts import request_password_reset, user_for_link
from members.forms import (
    AccountForm,
    FollowForm,
    LoginForm,
    PasswordResetForm,
    RegenerateCalendarForm,
    ResendForm,
    SetPasswordForm,
)
from members.models import User, UserRole, authenticate
from notify.models import OutboxMessage, OutboxStatus
from public_requests.states import OPEN, RequestStatus

bp = Blueprint("members", __name__)

LOGIN_FAILED = _l("That e-mail and password do not match an active account.")


def safe_next(target: str | None, user: User) -> str:
    """Only follow a `next` that stays on this site; without one, where the user's work is."""
    # Browsers read a backslash as a slash, so "/\\host" would leave the site.
    local = target and target.startswith("/") and not target.startswith("//")
    if local and "\\" not in target and not urlsplit(target).netloc:
        return target
    return url_for("members.dashboard" if user.is_staff else "members.me")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next"), current_user))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is not None:
            login_user(user)
            flash(_("You are signed in."), "success")
            return redirect(safe_next(request.args.get("next"), user))
        form.form_errors.append(LOGIN_FAILED)
    return render_template("members/login.html", form=form), form_status(form)


@bp.route("/password-reset", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def password_reset():
    form = PasswordResetForm()
    if form.validate_on_submit():
        request_password_reset(form.email.data)
        db.session.commit()
        flash(
            _(
                "If an account has that address, we sent it a link to set a new password. "
                "The link works for one hour."
            ),
            "info",
        )
        return redirect(url_for("members.login"))
    return render_template("members/password_reset.html", form=form), form_status(form)


@bp.route("/account/<any(invitation, reset):purpose>/<token>", methods=["GET", "POST"])
@limiter.limit("30 per hour", methods=["POST"])
def set_password(purpose: str, token: str):
    user = user_for_link(purpose, token)
    if user is None:
        return render_template("members/link_expired.html"), 404
    form = SetPasswordForm()
    if form.validate_on_submit():
        user.set_password(form.password.data)
        user.choose_language(form.language.data)
        db.session.commit()
        # They just proved they hold the address: signing in again would ask nothing new.
        login_user(user)
        flash(_("Your password is set and you are signed in."), "success")
        return redirect(url_for("members.dashboard" if user.is_staff else "members.me"))
    return render_template("members/set_password.html", form=form, user=user), form_status(form)


@bp.post("/logout")
def logout():
    # CSRFProtect has already checked the token: every POST carries one. Signing out here signs
    # out everywhere: a copied session cookie stops working too.
    if current_user.is_authenticated:
        current_user.end_all_sessions()
        db.session.commit()
    logout_user()
    flash(_("You are signed out."), "success")
    return redirect(url_for("core.home"))


@bp.get("/members/me")
@login_required
def me():
    return render_member_page()


def render_member_page(**forms):
    others = [c for c in all_committees() if c.id not in current_user.member_committee_ids]
    follow_form = forms.get("follow_form") or FollowForm(
        formdata=None,
        choices=[SelectChoice(c.id, c.name) for c in others],
        committees=[c.id for c in current_user.followed_committees],
    )
    person = current_user.person
    appointments = [a for a in person.appointments if a.is_current()] if person else []
    mine = sorted(current_user.member_committee_ids)
    my_meetings = upcoming_meetings_of(mine, utcnow())
    return render_template(
        "members/me.html",
        appointments=appointments,
        meetings=my_meetings,
        past_meetings=past_meetings_of(mine, utcnow()),
        follow_form=follow_form,
        regenerate_form=RegenerateCalendarForm(formdata=None),
        language_form=forms.get("language_form")
        or LanguageForm(formdata=None, data={"language": current_user.language}),
        token=current_user.calendar_token(),
        training=training_status(person, today_pacific()) if person else None,
        today=today_pacific(),
    )


def all_committees() -> list[Committee]:
    return list(db.session.scalars(select(Committee).order_by(Committee.position)))


@bp.post("/members/me/follows")
@login_required
def update_follows():
    others = [c for c in all_committees() if c.id not in current_user.member_committee_ids]
    form = FollowForm(choices=[SelectChoice(c.id, c.name) for c in others])
    if not form.validate_on_submit():
        return render_member_page(follow_form=form), 422
    chosen = form.committees.data or []  # a form with every box unticked sends no field at all
    current_user.followed_committees = [c for c in others if c.id in chosen]
    db.session.commit()
    flash(_("Your calendar now follows the bodies you chose."), "success")
    return redirect(url_for("members.me", _anchor="calendar"))


@bp.post("/members/me/language")
@login_required
def update_language():
    """The language of the member's e-mail (and of their private calendar)."""
    form = LanguageForm()
    if not form.validate_on_submit():
        return render_member_page(language_form=form), 422
    current_user.choose_language(form.language.data)
    db.session.commit()
    with force_locale(LANGUAGES[form.language.data].catalog):
        flash(
            _("Your e-mails will be in %(name)s.", name=LANGUAGES[form.language.data].name),
            "success",
        )
    return redirect(url_for("members.me", lang=form.language.data, _anchor="email-language"))


@bp.post("/members/me/calendar-link")
@login_required
def regenerate_calendar_link():
    if RegenerateCalendarForm().validate_on_submit():
        current_user.regenerate_calendar_token()
        db.session.commit()
        flash(_("Your private calendar has a new link. The old link no longer works."), "success")
    return redirect(url_for("members.me", _anchor="calendar"))


def waiting_for_staff(committee_ids: list[int], now: datetime) -> dict[str, dict[int, int]]:
    """Each queue's count by body: confirmed requests nobody has decided, and the public
    comments on meetings still to come (for staff to read, and withhold if they must)."""
    upcoming = select(Meeting.id).where(Meeting.starts_at > now)
    return {
        "invitations": InvitationRequest.counts_by_body(
            committee_ids, InvitationRequest.status == RequestStatus.PENDING
        ),
        "applications": SeatApplication.counts_by_body(
            committee_ids, SeatApplication.status.in_(OPEN)
        ),
        "accommodations": AccommodationRequest.counts_by_body(
            committee_ids, AccommodationRequest.status == RequestStatus.PENDING
        ),
        "comments": PublicComment.counts_by_body(
            committee_ids,
            PublicComment.status == RequestStatus.RECEIVED,
            PublicComment.meeting_id.in_(upcoming),
        ),
    }


@bp.get("/staff/")
@login_required
@english_only
def dashboard():
    authorize(INSTALL, "work")
    everything = db.session.scalars(with_roster(select(Committee).order_by(Committee.position)))
    committees = [c for c in everything if c.can_manage(current_user)]
    now = utcnow()
    today = today_pacific()
    attention = meetings_needing_attention([c.id for c in committees], now)
    report = deadline_report(attention, now)
    return render_template(
        "members/dashboard.html",
        committees=committees,
        report=report,
        upcoming=sorted(
            (m for m in attention if m.ends_at > now and m.status is MeetingStatus.SCHEDULED),
            key=lambda m: m.starts_at,
        )[:10],
        now=now,
        today=today,
        waiting=waiting_for_staff([c.id for c in committees], now),
        compositions={c.id: composition(c, today) for c in committees},
        ending={c.id: terms_ending(c, today, c.term_alert_days) for c in committees},
        training_due={
            c.id: [
                a
                for a in c.current_appointments(today)
                if training_status(a.person, today).is_due(today)
            ]
            for c in committees
        },
        flagged={c.id: absence_flags(recorded_meetings(c), c.absence_limit) for c in committees},
    )


@bp.get("/staff/mail")
@login_required
@english_only
def mail_problems():
    """Messages the outbox could not deliver yet, or ever, of the bodies the user manages."""
    authorize(INSTALL, "work")
    problems = db.session.scalars(
        select(OutboxMessage)
        .where(
            (OutboxMessage.status == OutboxStatus.FAILED)
            | ((OutboxMessage.status == OutboxStatus.QUEUED) & (OutboxMessage.attempts > 0))
        )
        .order_by(OutboxMessage.created_at.desc())
        .limit(200)
    ).all()
    mine = [m for m in problems if m.can_view(current_user)]
    return render_template("members/mail_problems.html", problems=mine)


@bp.post("/staff/mail/<int:message_id>/resend")
@login_required
@english_only
def resend_mail(message_id: int):
    message = authorize(db.session.get(OutboxMessage, message_id))
    if message.status is not OutboxStatus.FAILED:
        abort(409)
    form = ResendForm()
    if not form.validate_on_submit():
        for error in form.recipient.errors:
            flash(f"The message was not sent again: {error}", "error")
        return redirect(url_for("members.mail_problems"))
    message.resend_to(form.recipient.data, utcnow())
    db.session.commit()
    flash(f"“{message.subject}” will be sent to {message.recipient}.", "success")
    return redirect(url_for("members.mail_problems"))


@bp.get("/admin/accounts")
@login_required
@english_only
def accounts():
    authorize(INSTALL)
    users = db.session.scalars(
        select(User).order_by(User.email).options(selectinload(User.managed_committees))
    ).all()
    return render_template("members/accounts.html", users=users)


@bp.route("/admin/accounts/<int:user_id>", methods=["GET", "POST"])
@login_required
@english_only
def edit_account(user_id: int):
    authorize(INSTALL)
    account = db.get_or_404(User, user_id)
    bodies = all_committees()
    form = AccountForm(
        obj=account,
        account=account,
        editor=current_user,
        choices=[SelectChoice(c.id, c.name) for c in bodies],
    )
    if not form.is_submitted():
        form.role.data = account.role.value
        form.committees.data = [c.id for c in account.managed_committees]
    if form.validate_on_submit():
        account.role = UserRole(form.role.data)
        if account.active and not form.active.data:
            account.end_all_sessions()
        account.active = form.active.data
        # Only staff manage bodies by assignment; admins manage all, members none.
        chosen = [c for c in bodies if c.id in form.committees.data]
        account.managed_committees = chosen if account.role is UserRole.STAFF else []
        db.session.commit()
        flash(f"{account.email} was saved.", "success")
        return redirect(url_for("members.accounts"))
    return render_template("members/account_form.html", form=form, account=account)


@bp.get("/admin/audit")
@login_required
@english_only
def audit_log():
    authorize(INSTALL)
    page = db.paginate(
        select(AuditEntry)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .options(selectinload(AuditEntry.user)),
        page=query_page(),
        per_page=50,
        error_out=False,
    )
    return render_template("members/audit.html", page=page)
