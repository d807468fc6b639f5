"""Who may use each route: the protection model's policy table, one row per route and method.

`tests/test_protection_matrix.py` walks every row as every viewer, on the records of two bodies
(A, WashACT, whose member meetings are by invitation; B, the Task Force), and compares each answer
with the rule here. A route with no row fails the walk, so a new route cannot ship unprotected.

A rule is a function `(viewer, body) -> bool`: may this viewer use the route on that body's
records? "Use" means the request gets past authorization (a page, a redirect that is not to the
login, or a 400/409/422 from the form); "refused" is 403, 404 or a redirect to /login.

Where one route needs more than one row (a public and a members-only document), the third part of
the key names a *variant*: which record (or query) the walker puts in the URL. `VARIANTS` says
what each variant means; "" is the body's default record for every URL argument.
"""

from collections.abc import Callable

Rule = Callable[[str, str], bool]

BODIES = {"A": "washact", "B": "task-force"}

VIEWERS = [
    "anonymous",
    "guest",  # an approved guest of the body's invitation-only meeting; anonymous but for its link
    "member_a",
    "member_b",
    "staff_a",
    "staff_b",
    "staff_ab",
    "admin",
]
MEMBERS = {"A": {"member_a"}, "B": {"member_b"}}
STAFF_OF = {"A": {"staff_a", "staff_ab"}, "B": {"staff_b", "staff_ab"}}
STAFF_ACCOUNTS = {"staff_a", "staff_b", "staff_ab", "admin"}


# -- the rules ----------------------------------------------------------------------------------


def EVERYONE(viewer: str, body: str) -> bool:
    return True


def NOBODY(viewer: str, body: str) -> bool:
    """Unconfirmed requests and members-only files behind a guest link: 404 for every viewer."""
    return False


def SIGNED_IN(viewer: str, body: str) -> bool:
    return viewer not in {"anonymous", "guest"}


def STAFF(viewer: str, body: str) -> bool:
    """Any staff or admin account: the install's shared screens (`INSTALL.can_work`)."""
    return viewer in STAFF_ACCOUNTS


def ADMIN(viewer: str, body: str) -> bool:
    return viewer == "admin"


def BODY_STAFF(viewer: str, body: str) -> bool:
    """Staff who manage the record's body, and admins."""
    return viewer == "admin" or viewer in STAFF_OF[body]


def EVERY_BODY_STAFF(viewer: str, body: str) -> bool:
    """Staff who manage every body the record is on (here both A and B), and admins."""
    return viewer == "admin" or all(viewer in staff for staff in STAFF_OF.values())


def INSIDERS(viewer: str, body: str) -> bool:
    """Members of the body, its staff, and admins."""
    return BODY_STAFF(viewer, body) or viewer in MEMBERS[body]


def GUEST_LINK(viewer: str, body: str) -> bool:
    """Only whoever holds the approved guest's valid link; everyone else has a forged one."""
    return viewer == "guest"


def TOKEN(viewer: str, body: str) -> bool:
    """An e-mailed link: the walker sends a forged token and expects 404 from every viewer.
    What a valid token does is tested with the workflow it belongs to."""
    return False


# -- variants: which record a row's URL uses ------------------------------------------------------

# URL argument -> the name of the body's record the walker uses for it (see the walker's `world`).
DEFAULT_RECORDS = {
    "meeting_id": "meeting",
    "document_id": "public_doc",
    "item_id": "item",
    "seat_type_id": "seat_type",
    "appointment_id": "appointment",
    "person_id": "appointee",
    "organization_id": "organization",
    "request_id": "pending_request",
    "application_id": "application",
    "attachment_id": "attachment",
    "user_id": "member_account",
    "message_id": "failed_mail",
    "accommodation_id": "pending_accommodation",
    "comment_id": "comment",
    "session_id": "executive_session",
    "minutes_item_id": "minutes_item",
    "motion_id": "motion",
}

# variant -> URL arguments it overrides ("?" is a query string).
VARIANTS = {
    "": {},
    # documents of the invitation-only meeting, and of an open one
    "members_doc": {"document_id": "members_doc"},
    "draft_minutes": {"document_id": "draft_minutes"},
    "open_meeting_doc": {"document_id": "open_doc"},
    "other_meeting_doc": {"document_id": "open_doc"},  # a document of another meeting
    # people: on this body only; in its consent seat; on both bodies; on none
    "protected": {"person_id": "protected_person"},
    "on_both_bodies": {"person_id": "shared_person", "organization_id": "shared_organization"},
    "on_no_body": {"person_id": "unseated_person", "organization_id": "unused_organization"},
    # requests and applications: confirmed, approved, never confirmed
    "approved": {"request_id": "approved_request"},
    "decline": {"decision": "decline"},
    "unconfirmed": {
        "request_id": "unconfirmed_request",
        "application_id": "unconfirmed_application",
        "attachment_id": "unconfirmed_attachment",
        "accommodation_id": "unconfirmed_accommodation",
        "comment_id": "unconfirmed_comment",
    },
    # a comment on the public record (its meeting has begun), and one withheld from it
    "public_comment": {"comment_id": "public_comment"},
    "withheld_comment": {"comment_id": "withheld_comment"},
    "open_meeting": {"meeting_id": "open_meeting"},
    # a public meeting whose minutes are approved (the default meeting's are a draft)
    "approved_minutes": {"meeting_id": "approved_minutes_meeting"},
    "unconfirmed_queue": {"?": "status=unconfirmed"},
    # a guest link made for the other body's meeting, used on this body's meeting
    "other_meetings_link": {"token": "other_guest_token"},
    # set-password links come in two purposes
    "invitation": {"purpose": "invitation"},
}

# -- the table ----------------------------------------------------------------------------------

POLICY: dict[tuple[str, str, str], Rule] = {
    # the install, for everyone
    ("core.home", "GET", ""): EVERYONE,
    ("core.healthz", "GET", ""): EVERYONE,
    ("committees.index", "GET", ""): EVERYONE,
    ("committees.show", "GET", ""): EVERYONE,
    ("committees.annual_report_page", "GET", ""): EVERYONE,
    ("committees.annual_report_csv", "GET", ""): EVERYONE,
    ("committees.schedule_page", "GET", ""): EVERYONE,
    ("committees.schedule_csv_file", "GET", ""): EVERYONE,
    ("meetings.index", "GET", ""): EVERYONE,
    ("meetings.show", "GET", ""): EVERYONE,  # that it takes place; details are for INSIDERS
    ("calendars.all_meetings", "GET", ""): EVERYONE,
    ("calendars.committee_feed", "GET", ""): EVERYONE,
    ("calendars.meeting_file", "GET", ""): EVERYONE,
    ("calendars.subscribe", "GET", ""): EVERYONE,
    ("api.committees", "GET", ""): EVERYONE,
    ("api.committee", "GET", ""): EVERYONE,
    ("api.meetings", "GET", ""): EVERYONE,
    ("api.meeting", "GET", ""): EVERYONE,
    ("api.openapi", "GET", ""): EVERYONE,
    # Everyone may search; what each viewer finds is tested in tests/test_search.py.
    ("search.search", "GET", ""): EVERYONE,
    ("api.meeting_minutes", "GET", ""): NOBODY,  # a draft is not published
    ("api.meeting_minutes", "GET", "approved_minutes"): EVERYONE,
    # public forms and the pages after them
    ("invitations.request_invitation", "GET", ""): EVERYONE,
    ("invitations.request_invitation", "POST", ""): EVERYONE,
    ("invitations.request_sent", "GET", ""): EVERYONE,
    ("invitations.subscribe", "POST", ""): EVERYONE,
    ("invitations.subscription_sent", "GET", ""): EVERYONE,
    ("applications.apply", "GET", ""): EVERYONE,
    ("applications.apply", "POST", ""): EVERYONE,
    ("applications.sent", "GET", ""): EVERYONE,
    ("members.login", "GET", ""): EVERYONE,
    ("members.login", "POST", ""): EVERYONE,
    ("members.logout", "POST", ""): EVERYONE,
    ("members.password_reset", "GET", ""): EVERYONE,
    ("members.password_reset", "POST", ""): EVERYONE,
    ("accommodations.sent", "GET", ""): EVERYONE,
    # an accommodation is asked for where the asker may know the meeting's place and link
    ("accommodations.request_accommodation", "GET", ""): INSIDERS,
    ("accommodations.request_accommodation", "POST", ""): INSIDERS,
    ("accommodations.request_accommodation", "GET", "open_meeting"): EVERYONE,
    ("accommodations.request_accommodation", "POST", "open_meeting"): EVERYONE,
    # an approved guest asks through their own link
    ("accommodations.guest_accommodation", "GET", ""): GUEST_LINK,
    ("accommodations.guest_accommodation", "POST", ""): GUEST_LINK,
    ("accommodations.guest_accommodation", "GET", "other_meetings_link"): NOBODY,
    ("accommodations.guest_accommodation", "POST", "other_meetings_link"): NOBODY,
    # the posted record: an agenda version is its meeting's details
    ("postings.agenda_version", "GET", ""): INSIDERS,
    ("postings.agenda_json", "GET", ""): INSIDERS,
    ("postings.packet", "GET", ""): INSIDERS,
    ("postings.notice_json", "GET", ""): NOBODY,  # a regular meeting has no notice version
    ("records.index", "GET", ""): BODY_STAFF,
    ("records.download", "GET", ""): BODY_STAFF,
    ("accommodations.confirm", "GET", ""): TOKEN,
    ("accommodations.confirm", "POST", ""): TOKEN,
    ("accommodations.withdraw", "GET", ""): TOKEN,
    ("accommodations.withdraw", "POST", ""): TOKEN,
    ("core.choose_language", "GET", ""): TOKEN,
    ("core.choose_language", "POST", ""): TOKEN,
    ("members.update_language", "POST", ""): SIGNED_IN,
    ("accommodations.queue", "GET", ""): BODY_STAFF,
    ("accommodations.queue", "GET", "unconfirmed_queue"): NOBODY,
    ("accommodations.answer", "POST", ""): BODY_STAFF,
    ("accommodations.answer", "POST", "unconfirmed"): NOBODY,
    # public comment: the form answers everyone (a 409 where the meeting takes none: the
    # default meeting is by invitation; the open one takes comment)
    ("comments.comment", "GET", ""): EVERYONE,
    ("comments.comment", "POST", ""): EVERYONE,
    ("comments.comment", "GET", "open_meeting"): EVERYONE,
    ("comments.comment", "POST", "open_meeting"): EVERYONE,
    ("comments.sent", "GET", ""): EVERYONE,
    ("comments.confirm", "GET", ""): TOKEN,
    ("comments.confirm", "POST", ""): TOKEN,
    ("comments.withdraw", "GET", ""): TOKEN,
    ("comments.withdraw", "POST", ""): TOKEN,
    ("comments.staff_list", "GET", ""): BODY_STAFF,
    ("comments.staff_list", "GET", "unconfirmed_queue"): NOBODY,
    ("comments.withhold", "POST", ""): BODY_STAFF,
    ("comments.withhold", "POST", "unconfirmed"): NOBODY,
    ("comments.restore", "POST", ""): BODY_STAFF,
    ("comments.restore", "POST", "withheld_comment"): BODY_STAFF,
    ("comments.restore", "POST", "unconfirmed"): NOBODY,
    # a comment's file: the members' before the meeting, everyone's on the public record
    ("comments.attachment", "GET", ""): INSIDERS,
    ("comments.attachment", "GET", "public_comment"): EVERYONE,
    ("comments.attachment", "GET", "withheld_comment"): INSIDERS,
    ("comments.attachment", "GET", "unconfirmed"): NOBODY,
    # documents: invitation-only meetings keep even public documents for those who see details
    ("meetings.download", "GET", ""): INSIDERS,
    ("meetings.download", "GET", "members_doc"): INSIDERS,
    ("meetings.download", "GET", "draft_minutes"): INSIDERS,
    ("meetings.download", "GET", "open_meeting_doc"): EVERYONE,
    # e-mailed links
    ("invitations.confirm_request", "GET", ""): TOKEN,
    ("invitations.confirm_request", "POST", ""): TOKEN,
    ("invitations.withdraw", "GET", ""): TOKEN,
    ("invitations.withdraw", "POST", ""): TOKEN,
    ("invitations.confirm_subscription", "GET", ""): TOKEN,
    ("invitations.confirm_subscription", "POST", ""): TOKEN,
    ("invitations.unsubscribe", "GET", ""): TOKEN,
    ("invitations.unsubscribe", "POST", ""): TOKEN,
    ("applications.confirm", "GET", ""): TOKEN,
    ("applications.confirm", "POST", ""): TOKEN,
    ("applications.withdraw", "GET", ""): TOKEN,
    ("applications.withdraw", "POST", ""): TOKEN,
    ("calendars.private_feed", "GET", ""): TOKEN,
    ("members.set_password", "GET", ""): TOKEN,
    ("members.set_password", "POST", ""): TOKEN,
    ("members.set_password", "GET", "invitation"): TOKEN,
    ("members.set_password", "POST", "invitation"): TOKEN,
    # the approved guest's link
    ("invitations.guest_meeting", "GET", ""): GUEST_LINK,
    ("invitations.guest_meeting", "GET", "other_meetings_link"): NOBODY,
    ("invitations.guest_download", "GET", ""): GUEST_LINK,
    ("invitations.guest_download", "GET", "members_doc"): NOBODY,
    ("invitations.guest_download", "GET", "draft_minutes"): NOBODY,
    ("invitations.guest_download", "GET", "other_meeting_doc"): NOBODY,
    # any signed-in account: one's own page
    ("members.me", "GET", ""): SIGNED_IN,
    ("members.update_follows", "POST", ""): SIGNED_IN,
    ("members.regenerate_calendar_link", "POST", ""): SIGNED_IN,
    # the install's shared staff screens
    ("members.dashboard", "GET", ""): STAFF,
    ("members.mail_problems", "GET", ""): STAFF,
    ("members.resend_mail", "POST", ""): BODY_STAFF,  # the message belongs to a body
    ("committees.people", "GET", ""): STAFF,
    ("committees.new_person", "GET", ""): STAFF,
    ("committees.new_person", "POST", ""): STAFF,
    ("committees.organizations", "GET", ""): STAFF,
    ("committees.new_organization", "GET", ""): STAFF,
    ("committees.new_organization", "POST", ""): STAFF,
    # admins only
    ("members.accounts", "GET", ""): ADMIN,
    ("members.edit_account", "GET", ""): ADMIN,
    ("members.edit_account", "POST", ""): ADMIN,
    ("members.audit_log", "GET", ""): ADMIN,
    # a body's own staff screens
    ("committees.roster", "GET", ""): BODY_STAFF,
    ("committees.settings", "GET", ""): BODY_STAFF,
    ("committees.settings", "POST", ""): BODY_STAFF,
    ("committees.new_appointment", "GET", ""): BODY_STAFF,
    ("committees.new_appointment", "POST", ""): BODY_STAFF,
    ("committees.edit_appointment", "GET", ""): BODY_STAFF,
    ("committees.edit_appointment", "POST", ""): BODY_STAFF,
    ("committees.end_appointment", "POST", ""): BODY_STAFF,
    ("committees.edit_seat_type", "GET", ""): BODY_STAFF,
    ("committees.edit_seat_type", "POST", ""): BODY_STAFF,
    ("meetings.new", "GET", ""): BODY_STAFF,
    ("meetings.new", "POST", ""): BODY_STAFF,
    ("meetings.plan", "GET", ""): BODY_STAFF,
    ("meetings.plan", "POST", ""): BODY_STAFF,
    ("meetings.cadence", "GET", ""): BODY_STAFF,
    ("meetings.manage", "GET", ""): BODY_STAFF,
    ("meetings.edit", "GET", ""): BODY_STAFF,
    ("meetings.edit", "POST", ""): BODY_STAFF,
    ("meetings.change_status", "POST", ""): BODY_STAFF,
    ("meetings.cancellation_announced", "POST", ""): BODY_STAFF,
    ("meetings.publish", "POST", ""): BODY_STAFF,
    ("meetings.add_item", "POST", ""): BODY_STAFF,
    ("meetings.edit_item", "GET", ""): BODY_STAFF,
    ("meetings.edit_item", "POST", ""): BODY_STAFF,
    ("meetings.move_item", "POST", ""): BODY_STAFF,
    ("meetings.delete_item", "POST", ""): BODY_STAFF,
    ("meetings.upload", "POST", ""): BODY_STAFF,
    ("meetings.approve_minutes", "POST", "draft_minutes"): BODY_STAFF,
    ("meetings.delete_document", "POST", ""): BODY_STAFF,
    ("meetings.delete_document", "POST", "members_doc"): BODY_STAFF,
    ("meetings.attendance", "GET", ""): BODY_STAFF,
    ("meetings.attendance", "POST", ""): BODY_STAFF,
    ("meetings.edit_document", "GET", ""): BODY_STAFF,
    ("meetings.edit_document", "POST", ""): BODY_STAFF,
    ("meetings.edit_document", "GET", "members_doc"): BODY_STAFF,
    ("executive_sessions.record", "POST", ""): BODY_STAFF,
    ("executive_sessions.extend", "POST", ""): BODY_STAFF,
    ("executive_sessions.delete", "POST", ""): BODY_STAFF,
    # minutes: staff build the draft; approved ones are a 409 to edit
    ("minutes.edit", "GET", ""): BODY_STAFF,
    ("minutes.edit", "POST", ""): BODY_STAFF,
    ("minutes.edit", "GET", "approved_minutes"): BODY_STAFF,
    ("minutes.add", "POST", ""): BODY_STAFF,
    ("minutes.record_votes", "POST", ""): BODY_STAFF,
    ("minutes.delete", "POST", ""): BODY_STAFF,
    ("minutes.approve", "POST", ""): BODY_STAFF,
    ("minutes.approve", "POST", "approved_minutes"): BODY_STAFF,
    # a draft is for the body's insiders; approved minutes for whoever may see the details
    ("minutes.show", "GET", ""): INSIDERS,
    ("minutes.show", "GET", "approved_minutes"): EVERYONE,
    ("minutes.pdf", "GET", ""): INSIDERS,
    ("minutes.pdf", "GET", "approved_minutes"): EVERYONE,
    # a body's queues; unconfirmed requests and applications are nobody's to see
    ("invitations.queue", "GET", ""): BODY_STAFF,
    ("invitations.queue", "GET", "unconfirmed_queue"): NOBODY,
    ("invitations.decide", "POST", ""): BODY_STAFF,
    ("invitations.decide", "POST", "decline"): BODY_STAFF,
    ("invitations.decide", "POST", "unconfirmed"): NOBODY,
    ("invitations.revoke", "POST", "approved"): BODY_STAFF,
    ("invitations.revoke", "POST", "unconfirmed"): NOBODY,
    ("applications.queue", "GET", ""): BODY_STAFF,
    ("applications.queue", "GET", "unconfirmed_queue"): NOBODY,
    ("applications.change_status", "POST", ""): BODY_STAFF,
    ("applications.change_status", "POST", "unconfirmed"): NOBODY,
    ("applications.appoint", "POST", ""): BODY_STAFF,
    ("applications.appoint", "POST", "unconfirmed"): NOBODY,
    ("applications.attachment", "GET", ""): BODY_STAFF,
    ("applications.attachment", "GET", "unconfirmed"): NOBODY,
    # people are shared: managed by staff of every body they sit on (a protected person is hidden
    # from other staff as well); a person on no body, by any staff
    ("committees.edit_person", "GET", ""): BODY_STAFF,
    ("committees.edit_person", "GET", "protected"): BODY_STAFF,
    ("committees.edit_person", "GET", "on_both_bodies"): EVERY_BODY_STAFF,
    ("committees.edit_person", "GET", "on_no_body"): STAFF,
    ("committees.edit_person", "POST", ""): BODY_STAFF,
    ("committees.edit_person", "POST", "protected"): BODY_STAFF,
    ("committees.edit_person", "POST", "on_both_bodies"): EVERY_BODY_STAFF,
    ("committees.edit_person", "POST", "on_no_body"): STAFF,
    ("committees.add_training", "POST", ""): BODY_STAFF,
    ("committees.add_training", "POST", "protected"): BODY_STAFF,
    ("committees.add_training", "POST", "on_both_bodies"): EVERY_BODY_STAFF,
    ("committees.add_training", "POST", "on_no_body"): STAFF,
    ("committees.invite_person", "POST", ""): BODY_STAFF,
    ("committees.invite_person", "POST", "protected"): BODY_STAFF,
    ("committees.invite_person", "POST", "on_both_bodies"): EVERY_BODY_STAFF,
    ("committees.invite_person", "POST", "on_no_body"): STAFF,
    ("committees.record_consent", "POST", ""): BODY_STAFF,
    ("committees.record_consent", "POST", "protected"): BODY_STAFF,
    ("committees.record_consent", "POST", "on_both_bodies"): EVERY_BODY_STAFF,
    ("committees.record_consent", "POST", "on_no_body"): STAFF,
    # organizations are shared too: managed by staff of every body they appear on
    ("committees.edit_organization", "GET", ""): BODY_STAFF,
    ("committees.edit_organization", "GET", "on_both_bodies"): EVERY_BODY_STAFF,
    ("committees.edit_organization", "GET", "on_no_body"): STAFF,
    ("committees.edit_organization", "POST", ""): BODY_STAFF,
    ("committees.edit_organization", "POST", "on_both_bodies"): EVERY_BODY_STAFF,
    ("committees.edit_organization", "POST", "on_no_body"): STAFF,
}

# Routes the protection contract adds; until they exist their rows are not walked.
CONTRACT_ROUTES = {
    "committees.record_consent",
    "invitations.guest_meeting",
    "invitations.guest_download",
    "invitations.revoke",
}

# Routes whose <token> is the guest's link rather than a forged e-mail token.
GUEST_ROUTES = {
    "invitations.guest_meeting",
    "invitations.guest_download",
    "accommodations.guest_accommodation",
}


def routes_in_table() -> set[tuple[str, str]]:
    return {(endpoint, method) for endpoint, method, _variant in POLICY}
