"""The OpenAPI 3 description of `/api/v1/`, kept beside the views it describes."""

from committees.models import Topic


def nullable(schema: dict) -> dict:
    return schema | {"nullable": True}


STRING = {"type": "string"}
# A body's id; NUL bytes and other characters are refused with 400 before any query.
SLUG = {"type": "string", "pattern": "^[a-z0-9-]{1,60}$"}
DATE = {"type": "string", "format": "date"}
DATETIME = {"type": "string", "format": "date-time"}
URI = {"type": "string", "format": "uri"}
INTEGER = {"type": "integer"}

MEMBERSHIP = {
    "type": "object",
    "description": "A person in a post. `person` is null when they have not consented to be named.",
    "required": ["person", "role", "label", "on_behalf_of", "start_date", "end_date"],
    "properties": {
        "person": nullable(
            {"type": "object", "required": ["name"], "properties": {"name": STRING}}
        ),
        "role": STRING,
        "label": STRING,
        "on_behalf_of": nullable(
            {"type": "object", "required": ["name"], "properties": {"name": STRING}}
        ),
        "start_date": nullable(DATE),
        "end_date": nullable(DATE),
    },
    "additionalProperties": False,
}

POST = {
    "type": "object",
    "description": "A seat type: how many seats the statute gives, and who holds them.",
    "required": [
        "id",
        "label",
        "role",
        "seat_count",
        "count_is_minimum",
        "filled",
        "vacant",
        "memberships",
    ],
    "properties": {
        "id": STRING,
        "label": STRING,
        "role": STRING,
        "seat_count": nullable(INTEGER),
        "count_is_minimum": {"type": "boolean"},
        "filled": INTEGER,
        "vacant": nullable(INTEGER),
        "memberships": {"type": "array", "items": {"$ref": "#/components/schemas/Membership"}},
    },
    "additionalProperties": False,
}

TOPIC = {
    "type": "string",
    "enum": [t.value for t in Topic],
    "description": "The subject area the body works on, from a fixed list.",
}
ORGANIZATION_PROPERTIES = {
    "id": STRING,
    "name": STRING,
    "short_name": STRING,
    "classification": STRING,
    "topic": TOPIC,
    "url": URI,
    "api_url": {**URI, "description": "This body in the API, with its posts and members."},
    "convening_agency": STRING,
    "purpose": STRING,
    "meeting_cadence": {
        "type": "string",
        "enum": ["quarterly", "two_to_three_a_year", "at_least_yearly"],
    },
    "member_meeting_access": {
        "type": "string",
        "enum": ["public", "public_may_observe", "invitation_only"],
    },
    "statute": nullable(
        {
            "type": "object",
            "required": ["citation", "url"],
            "properties": {"citation": STRING, "url": STRING},
        }
    ),
}
ORGANIZATION = {
    "type": "object",
    "description": "A body in a list: its summary; `api_url` has its seats and members.",
    "required": list(ORGANIZATION_PROPERTIES),
    "properties": ORGANIZATION_PROPERTIES,
    "additionalProperties": False,
}
ORGANIZATION_DETAIL_PROPERTIES = ORGANIZATION_PROPERTIES | {
    "seat_count": nullable(INTEGER),
    "vacant": INTEGER,
    "posts": {"type": "array", "items": {"$ref": "#/components/schemas/Post"}},
    "contact": {
        "type": "object",
        "required": ["name", "email", "phone"],
        "properties": {"name": STRING, "email": nullable(STRING), "phone": nullable(STRING)},
    },
}
ORGANIZATION_DETAIL = {
    "type": "object",
    "required": list(ORGANIZATION_DETAIL_PROPERTIES),
    "properties": ORGANIZATION_DETAIL_PROPERTIES,
    "additionalProperties": False,
}

EVENT_PROPERTIES = {
    "id": INTEGER,
    "name": STRING,
    "classification": {
        "type": "string",
        "enum": ["member_meeting", "public_information_session", "special_meeting"],
    },
    "organization": STRING,
    "start_date": DATETIME,
    "end_date": DATETIME,
    "timezone": STRING,
    "status": {"type": "string", "enum": ["scheduled", "postponed", "cancelled", "held"]},
    "status_reason": nullable(STRING),
    "access": {"type": "string", "enum": ["public", "public_may_observe", "invitation_only"]},
    "location": nullable(STRING),
    "remote_url": nullable(STRING),
    "remote_dial_in": nullable(STRING),
    "revision": INTEGER,
    "url": URI,
    "ical_url": URI,
}
EVENT = {
    "type": "object",
    "description": "A meeting. For invitation-only meetings, place and links are always null.",
    "required": list(EVENT_PROPERTIES),
    "properties": EVENT_PROPERTIES,
    "additionalProperties": False,
}
AGENDA_ITEM = {
    "type": "object",
    "required": [
        "order",
        "title",
        "presenter",
        "minutes_allotted",
        "description",
        "classification",
    ],
    "properties": {
        "order": INTEGER,
        "title": STRING,
        "presenter": nullable(STRING),
        "minutes_allotted": nullable(INTEGER),
        "description": nullable(STRING),
        "classification": {"type": "string", "enum": ["action", "information"]},
    },
    "additionalProperties": False,
}
DOCUMENT = {
    "type": "object",
    "required": ["id", "title", "classification", "media_type", "size", "approved_on", "url"],
    "properties": {
        "id": INTEGER,
        "title": STRING,
        "classification": STRING,
        "media_type": STRING,
        "size": INTEGER,
        "approved_on": nullable(DATE),
        "url": URI,
    },
    "additionalProperties": False,
}
EVENT_DETAIL = {
    "type": "object",
    "required": [*EVENT_PROPERTIES, "agenda_posted_at", "agenda_version", "agenda", "documents"],
    "properties": EVENT_PROPERTIES
    | {
        "agenda_posted_at": nullable(DATETIME),
        "agenda_version": {
            "description": "The posted version the agenda is, with the time it was posted, its "
            "fingerprint (SHA-256 of the record at `record_url`) and the record itself.",
            "oneOf": [
                {"type": "null"},
                {
                    "type": "object",
                    "required": ["version", "posted_at", "fingerprint", "record_url"],
                    "properties": {
                        "version": {"type": "integer", "minimum": 1},
                        "posted_at": DATETIME,
                        "fingerprint": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                        "record_url": URI,
                    },
                    "additionalProperties": False,
                },
            ],
        },
        "agenda": {"type": "array", "items": {"$ref": "#/components/schemas/AgendaItem"}},
        "documents": {"type": "array", "items": {"$ref": "#/components/schemas/Document"}},
    },
    "additionalProperties": False,
}
VOTE_OPTION = {"type": "string", "enum": ["yes", "no", "abstain", "recused"]}
VOTE_EVENT = {
    "type": "object",
    "description": "A motion and its vote, shaped like an Open Civic Data vote event. A "
    "survivor seat holder who has not consented to be named appears by the seat alone: "
    "`voter_name`, `mover` and `seconder` are then the seat's label.",
    "required": [
        "identifier",
        "motion_text",
        "mover",
        "seconder",
        "method",
        "result",
        "counts",
        "votes",
        "amendments",
    ],
    "properties": {
        "identifier": {
            "type": "string",
            "description": "2.1: item 2's first motion; 2.1.1 the first amendment to it",
        },
        "motion_text": STRING,
        "mover": nullable(STRING),
        "seconder": nullable(STRING),
        "method": {"type": "string", "enum": ["roll_call", "voice"]},
        "result": nullable({"type": "string", "enum": ["passed", "failed", "withdrawn"]}),
        "counts": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["option", "value"],
                "properties": {"option": VOTE_OPTION, "value": {"type": "integer", "minimum": 0}},
                "additionalProperties": False,
            },
        },
        "votes": {
            "type": "array",
            "description": "The roll call, one per seat holder present who voted.",
            "items": {
                "type": "object",
                "required": ["option", "voter_name", "seat"],
                "properties": {"option": VOTE_OPTION, "voter_name": STRING, "seat": STRING},
                "additionalProperties": False,
            },
        },
        "amendments": {"type": "array", "items": {"$ref": "#/components/schemas/VoteEvent"}},
    },
    "additionalProperties": False,
}
MINUTES = {
    "type": "object",
    "description": "A meeting's approved minutes (drafts are not published).",
    "required": ["event", "minutes"],
    "properties": {
        "event": {"$ref": "#/components/schemas/Event"},
        "minutes": {
            "type": "object",
            "required": ["status", "approved_on", "approved_at", "url", "summary", "agenda"],
            "properties": {
                "status": {"type": "string", "enum": ["approved"]},
                "approved_on": DATE,
                "approved_at": {
                    "type": "object",
                    "description": "The later meeting that approved them.",
                    "required": ["id", "url"],
                    "properties": {"id": INTEGER, "url": URI},
                    "additionalProperties": False,
                },
                "url": URI,
                "summary": nullable(STRING),
                "agenda": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["order", "description", "summary", "motions"],
                        "properties": {
                            "order": INTEGER,
                            "description": STRING,
                            "summary": nullable(STRING),
                            "motions": {
                                "type": "array",
                                "items": {"$ref": "#/components/schemas/VoteEvent"},
                            },
                        },
                        "additionalProperties": False,
                    },
                },
            },
            "additionalProperties": False,
        },
    },
    "additionalProperties": False,
}
ERROR = {"type": "object", "required": ["error"], "properties": {"error": STRING}}


def json_content(schema_ref: str) -> dict:
    return {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema_ref}"}}}


def ok(schema_ref: str, description: str) -> dict:
    return {"description": description, "content": json_content(schema_ref)}


# A row id in a path: what the app's converter accepts (larger is a 404, never a 500).
ID_PARAMETER = {
    "name": "id",
    "in": "path",
    "required": True,
    "schema": {"type": "integer", "minimum": 1, "maximum": 2**31 - 1},
}
PAGE_PARAMETERS = [
    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100000}},
    {
        "name": "per_page",
        "in": "query",
        "schema": {"type": "integer", "minimum": 1, "maximum": 100},
        "description": "Records a page holds (default 20)",
    },
]
URL = {"type": "string", "format": "uri"}


def page_of(schema_ref: str, description: str) -> dict:
    """A list's answer: one page of items, where it is, and links to its neighbours (also sent
    as a `Link` header)."""
    links = {rel: URL for rel in ("self", "first", "last", "next", "prev")}
    schema = {
        "type": "object",
        "required": ["items", "page", "per_page", "total", "total_is_minimum", "links"],
        "properties": {
            "items": {"type": "array", "items": {"$ref": f"#/components/schemas/{schema_ref}"}},
            "page": INTEGER,
            "per_page": INTEGER,
            "total": INTEGER,
            "total_is_minimum": {
                "type": "boolean",
                "description": "True when the list holds more than `total` records (past "
                "1,000 they are not counted on every request); there is then no `last` link.",
            },
            "links": {
                "type": "object",
                "required": ["self", "first"],
                "properties": links,
            },
        },
    }
    return {"description": description, "content": {"application/json": {"schema": schema}}}


NOT_MODIFIED = {"description": "Not modified (If-None-Match matched the ETag)"}
NOT_FOUND = {"description": "No such record", "content": json_content("Error")}
BAD_REQUEST = {"description": "A query parameter is invalid", "content": json_content("Error")}


def openapi_document(server_url: str) -> dict:
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Washington anti-trafficking committees: open data",
            "version": "1.0.0",
            "description": "Read-only public data on the bodies, their seats and their meetings. "
            "Field names follow Popolo / Open Civic Data where they fit.",
        },
        "servers": [{"url": server_url}],
        "paths": {
            "/committees": {
                "get": {
                    "operationId": "listCommittees",
                    "summary": "The bodies, paginated: each one's summary and its `api_url`",
                    "parameters": [
                        {
                            "name": "topic",
                            "in": "query",
                            "schema": TOPIC,
                            "description": "Bodies working on this topic",
                        },
                        *PAGE_PARAMETERS,
                    ],
                    "responses": {
                        "200": page_of("Organization", "A page of bodies"),
                        "304": NOT_MODIFIED,
                        "400": BAD_REQUEST,
                    },
                }
            },
            "/committees/{slug}": {
                "get": {
                    "operationId": "getCommittee",
                    "summary": "A body with its posts and members",
                    "parameters": [
                        {"name": "slug", "in": "path", "required": True, "schema": SLUG}
                    ],
                    "responses": {
                        "200": ok("OrganizationDetail", "The body"),
                        "304": NOT_MODIFIED,
                        "404": NOT_FOUND,
                    },
                }
            },
            "/meetings": {
                "get": {
                    "operationId": "listMeetings",
                    "summary": "Meetings, oldest first, paginated",
                    "parameters": [
                        {
                            "name": "committee",
                            "in": "query",
                            "schema": SLUG,
                            "description": "A body's id (slug)",
                        },
                        {
                            "name": "from",
                            "in": "query",
                            "schema": DATE,
                            "description": "Meetings starting on or after this day (Pacific time)",
                        },
                        {
                            "name": "to",
                            "in": "query",
                            "schema": DATE,
                            "description": "Meetings starting on or before this day (Pacific time)",
                        },
                        {
                            "name": "status",
                            "in": "query",
                            "schema": {
                                "type": "string",
                                "enum": ["scheduled", "postponed", "cancelled", "held"],
                            },
                        },
                        *PAGE_PARAMETERS,
                    ],
                    "responses": {
                        "200": page_of("Event", "A page of meetings"),
                        "304": NOT_MODIFIED,
                        "400": BAD_REQUEST,
                    },
                }
            },
            "/meetings/{id}": {
                "get": {
                    "operationId": "getMeeting",
                    "summary": "A meeting with its public agenda and documents",
                    "parameters": [ID_PARAMETER],
                    "responses": {
                        "200": ok("EventDetail", "The meeting"),
                        "304": NOT_MODIFIED,
                        "404": NOT_FOUND,
                    },
                }
            },
            "/meetings/{id}/minutes": {
                "get": {
                    "operationId": "getMeetingMinutes",
                    "summary": "A meeting's approved minutes: motions, roll calls and votes",
                    "parameters": [ID_PARAMETER],
                    "responses": {
                        "200": ok("Minutes", "The approved minutes"),
                        "304": NOT_MODIFIED,
                        "404": NOT_FOUND,
                    },
                }
            },
        },
        "components": {
            "schemas": {
                "Membership": MEMBERSHIP,
                "Post": POST,
                "Organization": ORGANIZATION,
                "OrganizationDetail": ORGANIZATION_DETAIL,
                "Event": EVENT,
                "EventDetail": EVENT_DETAIL,
                "AgendaItem": AGENDA_ITEM,
                "Document": DOCUMENT,
                "VoteEvent": VOTE_EVENT,
                "Minutes": MINUTES,
                "Error": ERROR,
            }
        },
    }
