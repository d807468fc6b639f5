"""Meeting pages for everyone, and the staff screens that schedule, publish and record them."""

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required
from sqlalchemy import select

from committees.models import Committee
from committees.views import managed_committee
from core.arguments import query_int, query_page
from core.caching import NO_STORE, PUBLIC_CACHE
from core.confirmation import confirmation_page, confirmed
from core.forms import form_status
from core.languages import english_only
from core.protection import authorize, current_viewer
from core.time import PACIFIC, today_pacific, utcnow
from extensions import db
from invitations.notices import Change, announce, approved_guests
from meetings import listing
from meetings.calendar_links import google_calendar_link, outlook_link
from meetings.forms import (
    WHOLE_MEETING,
    AgendaItemForm,
    ApproveMinutesForm,
    AttendanceForm,
    DocumentDetailsForm,
    DocumentForm,
    ExecutiveSessionForm,
    ExtensionForm,
    MeetingForm,
    MoveForm,
    PlanForm,
    PublishAgendaForm,
    StatusForm,
)
from meetings.models import (
    AgendaItem,
    AttendanceStatus,
    Document,
    DocumentKind,
    DocumentVisibility,
    Meeting,
    MeetingKind,
    MeetingStatus,
)
from meetings.postings import agenda_changes, draft_differs, post_notice_if_changed, publish_agenda
from meetings.services import (
    DEFAULT_HOURS,
    add_document,
    default_title,
    document_path,
    meeting_with_everything,
    move_agenda_item,
    proposed_meetings,
    record_attendance,
    schedule_meeting,
    send_upload,
    year_progress,
)
from meetings.uploads import RejectedUpload
from records.retention import SCHEDULE_ITEM, may_delete, transfer_from

bp = Blueprint("meetings", __name__)


def managed_meeting(meeting_id: int) -> Meeting:
    return authorize(meeting_with_everything(meeting_id))


# -- public ------------------------------------------------------------------------------------


@bp.get("/meetings/")
def index():
    committees = db.session.execute(
        select(Committee.slug, Committee.short_name).order_by(Committee.position)
    ).all()
    slug = request.args.get("committee", "")
    kind = request.args.get("kind", "")
    query = select(Meeting)
    if slug:
        query = query.join(Meeting.committee).where(Committee.slug == slug)
    if kind in {k.value for k in MeetingKind}:
        query = query.where(Meeting.kind == MeetingKind(kind))
    now = utcnow()
    return render_template(
        "meetings/index.html",
        upcoming=listing.upcoming(query, now, query_page("upcoming_page")),
        past=listing.past(query, now, query_page()),
        committees=committees,
        selected_committee=slug,
        selected_kind=kind,
        kinds=list(MeetingKind),
    )


@bp.get("/meetings/<int:meeting_id>")
def show(meeting_id: int):
    return render_meeting_page(authorize(meeting_with_everything(meeting_id), "view"))


def render_meeting_page(meeting: Meeting, guest_token: str | None = None) -> str:
    """The meeting page as the current viewer may see it (a guest's carries their link)."""
    details = meeting.can_view_details(current_viewer())
    # Add-to-calendar links carry the public page only: a guest's link is theirs alone.
    page_url = url_for("meetings.show", meeting_id=meeting.id, _external=True)
    place = meeting.location if details else ""
    text = f"{meeting.committee.name}. Details: {page_url}"
    return render_template(
        "meetings/show.html",
        meeting=meeting,
        now=utcnow(),
        guest_token=guest_token,
        google_link=google_calendar_link(meeting, details=text, location=place),
        outlook_link=outlook_link(meeting, details=text, location=place),
    )


@bp.get("/documents/<int:document_id>/download")
def download(document_id: int):
    # 404, not 403: a members-only document's existence is not for the public to learn.
    return send_document(authorize(db.session.get(Document, document_id), "download"))


def send_document(document: Document):
    members_only = document.visibility is DocumentVisibility.MEMBERS_ONLY
    return send_upload(
        document.stored_name,
        content_type=document.content_type,
        filename=document.filename,
        cache=NO_STORE if members_only else PUBLIC_CACHE,
    )


# -- staff: scheduling ---------------------------------------------------------------------------


@bp.route("/committees/<slug>/meetings/new", methods=["GET", "POST"])
@login_required
@english_only
def new(slug: str):
    committee = managed_committee(slug)
    form = MeetingForm(committee=committee, now=utcnow())
    if not form.is_submitted():
        form.access.data = committee.member_meeting_access.value
    if form.validate_on_submit():
        meeting = Meeting(committee=committee, notice_posted_at=form.now)
        form.apply_to(meeting)
        db.session.add(meeting)
        db.session.flush()
        post_notice_if_changed(meeting, form.now, current_user)
        announce(meeting, Change.SCHEDULED)
        db.session.commit()
        flash(f"“{meeting.title}” was scheduled.", "success")
        return redirect(url_for("meetings.manage", meeting_id=meeting.id))
    return render_template(
        "meetings/meeting_form.html", form=form, committee=committee, meeting=None
    ), (422 if form.is_submitted() else 200)


@bp.route("/meetings/<int:meeting_id>/edit", methods=["GET", "POST"])
@login_required
@english_only
def edit(meeting_id: int):
    meeting = managed_meeting(meeting_id)
    form = MeetingForm(obj=meeting, committee=meeting.committee, now=utcnow(), meeting=meeting)
    if not form.is_submitted():
        form.fill_from(meeting)
    if form.validate_on_submit():
        revision = meeting.revision
        form.apply_to(meeting)
        changes = meeting.unsaved_changes()
        db.session.flush()  # raises the revision if a calendar would see the change
        if meeting.revision != revision or changes:
            announce(meeting, Change.CHANGED, changes=changes)
        post_notice_if_changed(meeting, utcnow(), current_user)
        db.session.commit()
        flash("The meeting was saved.", "success")
        return redirect(url_for("meetings.manage", meeting_id=meeting.id))
    return render_template(
        "meetings/meeting_form.html", form=form, committee=meeting.committee, meeting=meeting
    ), (422 if form.is_submitted() else 200)


@bp.post("/meetings/<int:meeting_id>/status")
@login_required
@english_only
def change_status(meeting_id: int):
    meeting = managed_meeting(meeting_id)
    form = StatusForm()
    if form.validate_on_submit():
        status = MeetingStatus(form.status.data)
        calling_off = status in {MeetingStatus.CANCELLED, MeetingStatus.POSTPONED}
        if calling_off and status is not meeting.status and not confirmed():
            return confirmation_page(
                title=f"{status.label} “{meeting.title}”?",
                happens=f"The meeting page, the calendars and the API say it is "
                f"{status.label.lower()}, with your reason: “{form.reason.data}”.",
                told=f"Everyone subscribed to {meeting.committee.short_name} notices, and "
                f"{len(approved_guests(meeting))} approved guest(s) by e-mail; subscribed "
                "calendars update themselves.",
                undo="Yes: set it back to scheduled; everyone is told again.",
                action=url_for("meetings.change_status", meeting_id=meeting.id),
                button=f"{status.label} the meeting",
                back=url_for("meetings.manage", meeting_id=meeting.id),
            )
        revision = meeting.revision
        meeting.status = MeetingStatus(form.status.data)
        meeting.status_reason = form.reason.data
        changes = meeting.unsaved_changes()
        db.session.flush()
        if meeting.revision != revision:
            cancelled = meeting.status is MeetingStatus.CANCELLED
            announce(meeting, Change.CANCELLED if cancelled else Change.CHANGED, changes=changes)
        db.session.commit()
        flash(f"The meeting is now {meeting.status.label.lower()}.", "success")
        return redirect(url_for("meetings.manage", meeting_id=meeting.id))
    return render_manage(meeting, status_form=form), 422


@bp.post("/meetings/<int:meeting_id>/cancellation-announced")
@login_required
@english_only
def cancellation_announced(meeting_id: int):
    meeting = managed_meeting(meeting_id)
    meeting.cancellation_announced_at = utcnow()
    db.session.commit()
    flash("Marked as announced.", "success")
    return redirect(url_for("members.dashboard"))


@bp.route("/committees/<slug>/plan", methods=["GET", "POST"])
@login_required
@english_only
def plan(slug: str):
    committee = managed_committee(slug)
    year = query_int("year", utcnow().astimezone(PACIFIC).year + 1, 2000, 2100)
    form = PlanForm()
    if not form.is_submitted():
        for proposal in proposed_meetings(committee, year):
            start, end = DEFAULT_HOURS[proposal.kind]
            form.meetings.append_entry(
                {
                    "include": True,
                    "kind": proposal.kind.value,
                    "day": proposal.day,
                    "title": default_title(committee, proposal.kind, proposal.day),
                    "start_time": start,
                    "end_time": end,
                }
            )
    if form.validate_on_submit():
        chosen = [row for row in form.meetings if row.include.data]
        scheduled = [
            schedule_meeting(
                committee,
                MeetingKind(row.kind.data),
                row.title.data,
                row.day.data,
                row.start_time.data,
                row.end_time.data,
            )
            for row in chosen
        ]
        db.session.flush()
        for meeting in scheduled:
            announce(meeting, Change.SCHEDULED)
        db.session.commit()
        flash(f"{len(chosen)} meetings were scheduled for {year}.", "success")
        return redirect(url_for("meetings.cadence", slug=committee.slug, year=year))
    return render_template("meetings/plan.html", committee=committee, form=form, year=year)


@bp.get("/committees/<slug>/cadence")
@login_required
@english_only
def cadence(slug: str):
    committee = managed_committee(slug)
    now = utcnow()
    year = query_int("year", now.astimezone(PACIFIC).year, 2000, 2100)
    progress, meetings = year_progress(committee, year, now)
    return render_template(
        "meetings/cadence.html",
        committee=committee,
        year=year,
        progress=progress,
        meetings=meetings,
        now=now,
    )


# -- staff: the meeting's record -----------------------------------------------------------------


def render_manage(meeting: Meeting, **forms):
    now = utcnow()
    defaults = {
        "status_form": StatusForm(
            formdata=None, status=meeting.status.value, reason=meeting.status_reason
        ),
        "item_form": AgendaItemForm(formdata=None),
        "publish_form": PublishAgendaForm(formdata=None, meeting=meeting, now=now),
        "document_form": DocumentForm(formdata=None, meeting=meeting),
        "approve_form": ApproveMinutesForm(formdata=None),
        "move_form": MoveForm(formdata=None),
        "executive_form": ExecutiveSessionForm(formdata=None, meeting=meeting),
    }
    extension_forms = {
        session.id: ExtensionForm(formdata=None, session=session)
        for session in meeting.executive_sessions
    } | forms.pop("extension_forms", {})
    return render_template(
        "meetings/manage.html",
        meeting=meeting,
        now=now,
        extension_forms=extension_forms,
        **(defaults | forms),
    )


@bp.get("/meetings/<int:meeting_id>/manage")
@login_required
@english_only
def manage(meeting_id: int):
    return render_manage(managed_meeting(meeting_id))


@bp.post("/meetings/<int:meeting_id>/agenda-items")
@login_required
@english_only
def add_item(meeting_id: int):
    meeting = managed_meeting(meeting_id)
    form = AgendaItemForm()
    if not form.validate_on_submit():
        return render_manage(meeting, item_form=form), 422
    item = AgendaItem(position=len(meeting.agenda_items))
    form.populate_obj(item)
    meeting.agenda_items.append(item)
    db.session.commit()
    flash("The agenda item was added.", "success")
    return redirect(url_for("meetings.manage", meeting_id=meeting.id, _anchor="agenda"))


@bp.route("/agenda-items/<int:item_id>/edit", methods=["GET", "POST"])
@login_required
@english_only
def edit_item(item_id: int):
    item = authorize(db.session.get(AgendaItem, item_id))
    form = AgendaItemForm(obj=item)
    if form.validate_on_submit():
        form.populate_obj(item)
        db.session.commit()
        flash("The agenda item was saved.", "success")
        return redirect(url_for("meetings.manage", meeting_id=item.meeting_id, _anchor="agenda"))
    return render_template("meetings/item_form.html", form=form, item=item)


@bp.post("/agenda-items/<int:item_id>/move")
@login_required
@english_only
def move_item(item_id: int):
    item = authorize(db.session.get(AgendaItem, item_id))
    form = MoveForm()
    if form.validate_on_submit():
        move_agenda_item(item, form.direction.data)
        db.session.commit()
    return redirect(url_for("meetings.manage", meeting_id=item.meeting_id, _anchor="agenda"))


@bp.post("/agenda-items/<int:item_id>/delete")
@login_required
@english_only
def delete_item(item_id: int):
    item = authorize(db.session.get(AgendaItem, item_id))
    meeting = item.meeting
    if not confirmed():
        return confirmation_page(
            title=f"Remove “{item.title}” from the agenda?",
            happens="The item and its description are removed from the draft agenda.",
            told="Nobody is e-mailed. If the agenda is posted, publish a revision so the public "
            "and the members see the change.",
            undo="No: you would add the item again.",
            action=url_for("meetings.delete_item", item_id=item.id),
            button="Remove the item",
            back=url_for("meetings.manage", meeting_id=meeting.id, _anchor="agenda"),
        )
    meeting.agenda_items.remove(item)
    for position, each in enumerate(meeting.agenda_items):
        each.position = position
    db.session.commit()
    flash("The agenda item was removed.", "success")
    return redirect(url_for("meetings.manage", meeting_id=meeting.id, _anchor="agenda"))


@bp.post("/meetings/<int:meeting_id>/agenda/publish")
@login_required
@english_only
def publish(meeting_id: int):
    meeting = managed_meeting(meeting_id)
    now = utcnow()
    form = PublishAgendaForm(meeting=meeting, now=now)
    if not meeting.agenda_items:
        flash("Add at least one agenda item before publishing.", "error")
        return redirect(url_for("meetings.manage", meeting_id=meeting.id, _anchor="agenda"))
    if not form.validate_on_submit():
        return render_manage(meeting, publish_form=form), 422
    previous = meeting.posted_agenda
    if previous is not None and not draft_differs(meeting):
        flash("The draft is the agenda already posted: there is nothing to revise.", "info")
        return redirect(url_for("meetings.manage", meeting_id=meeting.id, _anchor="agenda"))
    posting = publish_agenda(meeting, now, current_user)
    if previous is None:
        announce(meeting, Change.AGENDA)
    else:
        revised = agenda_changes(previous.content, posting.content)
        announce(meeting, Change.AGENDA_REVISED, agenda_changes=revised)
    db.session.commit()
    if posting.version == 1:
        flash(
            "The agenda is published." + (" It was posted late." if posting.late else ""), "success"
        )
    else:
        flash(f"Version {posting.version} of the agenda is published.", "success")
    return redirect(url_for("meetings.manage", meeting_id=meeting.id, _anchor="agenda"))


@bp.post("/meetings/<int:meeting_id>/documents")
@login_required
@english_only
def upload(meeting_id: int):
    meeting = managed_meeting(meeting_id)
    form = DocumentForm(meeting=meeting)
    if form.validate_on_submit():
        try:
            document = add_document(
                meeting,
                form.file.data,
                form.title.data,
                DocumentKind(form.kind.data),
                DocumentVisibility(form.visibility.data),
                current_user.id,
                item=form.agenda_item(),
                in_packet=form.in_packet.data,
            )
        except RejectedUpload as error:
            form.file.errors.append(str(error))
        else:
            if document.visibility is DocumentVisibility.MEMBERS_ONLY:
                announce(meeting, Change.DOCUMENTS, document=document)
            db.session.commit()
            flash("The document was uploaded.", "success")
            return redirect(url_for("meetings.manage", meeting_id=meeting.id, _anchor="documents"))
    return render_manage(meeting, document_form=form), 422


@bp.route("/documents/<int:document_id>/edit", methods=["GET", "POST"])
@login_required
@english_only
def edit_document(document_id: int):
    """Attach an uploaded document to an item (or the meeting), or take it out of the packet: the
    posted agenda changes only when staff publish a revision."""
    document = authorize(db.session.get(Document, document_id))
    form = DocumentDetailsForm(
        obj=document,
        meeting=document.meeting,
        item=str(document.agenda_item_id or WHOLE_MEETING),
        visibility=document.visibility.value,
    )
    if form.validate_on_submit():
        document.title = form.title.data
        document.visibility = DocumentVisibility(form.visibility.data)
        item = form.agenda_item()
        document.agenda_item_id = item.id if item else None
        document.in_packet = form.in_packet.data
        db.session.commit()
        flash("The document was saved.", "success")
        return redirect(
            url_for("meetings.manage", meeting_id=document.meeting_id, _anchor="documents")
        )
    page = render_template("meetings/document_form.html", form=form, document=document)
    return page, form_status(form)


@bp.post("/documents/<int:document_id>/approve")
@login_required
@english_only
def approve_minutes(document_id: int):
    document = authorize(db.session.get(Document, document_id))
    form = ApproveMinutesForm()
    if document.kind is not DocumentKind.MINUTES:
        abort(400)
    if form.validate_on_submit():
        document.approved_on = form.approved_on.data
        db.session.commit()
        flash("The minutes are approved.", "success")
    else:
        flash("Enter the date the minutes were approved.", "error")
    return redirect(url_for("meetings.manage", meeting_id=document.meeting_id, _anchor="documents"))


@bp.post("/documents/<int:document_id>/delete")
@login_required
@english_only
def delete_document(document_id: int):
    document = authorize(db.session.get(Document, document_id))
    if not may_delete(document, today_pacific()):
        kept_until = transfer_from(document.meeting.local_start.year)
        abort(
            409,
            description=f"“{document.title}” is part of the body's record ({SCHEDULE_ITEM}): "
            f"it is kept until {kept_until:%B %-d, %Y} and cannot be deleted before then.",
        )
    if not confirmed():
        return confirmation_page(
            title=f"Remove “{document.title}”?",
            happens="The document leaves the meeting page and its file is deleted.",
            told="Nobody is e-mailed.",
            undo="No: you would upload the file again.",
            action=url_for("meetings.delete_document", document_id=document.id),
            button="Remove the document",
            back=url_for("meetings.manage", meeting_id=document.meeting_id, _anchor="documents"),
        )
    path = document_path(document)
    meeting_id = document.meeting_id
    db.session.delete(document)
    db.session.commit()
    path.unlink(missing_ok=True)  # after the commit: a failed commit keeps the file
    flash("The document was removed.", "success")
    return redirect(url_for("meetings.manage", meeting_id=meeting_id, _anchor="documents"))


@bp.route("/meetings/<int:meeting_id>/attendance", methods=["GET", "POST"])
@login_required
@english_only
def attendance(meeting_id: int):
    meeting = managed_meeting(meeting_id)
    holders = meeting.seat_holders()
    recorded = {a.appointment_id: a.status for a in meeting.attendance if a.appointment_id}
    form = AttendanceForm(valid_appointment_ids={a.id for a in holders})
    if not form.is_submitted():
        for appointment in holders:
            status = recorded.get(appointment.id)
            form.rows.append_entry(
                {"appointment_id": str(appointment.id), "status": status.value if status else ""}
            )
        form.guests.data = "\n".join(
            a.guest_name for a in meeting.attendance if a.appointment_id is None
        )
        form.mark_held.data = meeting.status is MeetingStatus.HELD or meeting.is_over(utcnow())
    if form.validate_on_submit():
        statuses = {
            int(row.appointment_id.data): AttendanceStatus(row.status.data)
            for row in form.rows
            if row.status.data
        }
        guests = [line.strip()[:200] for line in form.guests.data.splitlines() if line.strip()]
        record_attendance(meeting, statuses, guests, held=form.mark_held.data)
        db.session.commit()
        quorum = meeting.quorum()
        flash(
            f"Attendance saved: {quorum.attending} of {quorum.needed} needed for quorum.", "success"
        )
        return redirect(url_for("meetings.manage", meeting_id=meeting.id))
    rows = list(zip(holders, form.rows, strict=False))
    return render_template("meetings/attendance.html", meeting=meeting, form=form, rows=rows)
