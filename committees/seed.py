"""The three bodies as the Human Trafficking Clearinghouse describes them, and fictional demo data.

Seeding only creates what is missing (a body by its slug, a demo person by e-mail), so running it
again changes nothing and never overwrites what staff have since edited.
"""

from datetime import date, timedelta

from sqlalchemy import select

from committees.models import (
    Appointment,
    AppointmentRole,
    Cadence,
    Committee,
    MeetingAccess,
    Person,
    SeatCategory,
    SeatType,
    Statute,
    Topic,
    TrainingRecord,
    organization_named,
)
from committees.seed_translations import translations_of
from core.time import today_pacific, utcnow
from extensions import db

RCW = "https://app.leg.wa.gov/RCW/default.aspx?cite="

BODIES = [
    {
        "slug": "task-force",
        "name": "Washington State Task Force Against the Trafficking of Persons",
        "short_name": "Task Force",
        "purpose": (
            "Measures and evaluates the resource needs of victims and survivors and the state's "
            "progress on prevention; identifies the federal, state and local programs that serve "
            "victims; recommends a coordinated system of support; and reviews the state's statutory "
            "response, recommending legislation."
        ),
        "how_to_take_part": (
            "Meetings are open to the public. Agendas and meeting documents are posted here as soon "
            "as they are available."
        ),
        "convening_agency": "Office of Crime Victims Advocacy (OCVA), Department of Commerce",
        "topic": Topic.HUMAN_TRAFFICKING,
        "chair_rule": "Chaired ex officio by the executive director of the Office of Crime Victims Advocacy.",
        "meeting_cadence": Cadence.TWO_TO_THREE_A_YEAR,
        "public_session_cadence": None,
        "member_meeting_access": MeetingAccess.PUBLIC,
        "contact_name": "Stephanie Pratt, Office of Crime Victims Advocacy",
        "contact_email": "stephanie.pratt@commerce.wa.gov",
        "contact_phone": "360-725-2899",
        "statutes": [
            {
                "citation": "RCW 7.68.350",
                "url": RCW + "7.68.350",
                "enacted_by": "Created in 2002; reauthorized in 2015 by Senate Bill 5884",
                "effective_on": None,
                "expires_on": None,
            }
        ],
        "seat_types": [
            (
                "legislator-house-democratic",
                "Legislator — House Democratic caucus",
                SeatCategory.LEGISLATOR,
                1,
            ),
            (
                "legislator-house-republican",
                "Legislator — House Republican caucus",
                SeatCategory.LEGISLATOR,
                1,
            ),
            (
                "legislator-senate-democratic",
                "Legislator — Senate Democratic caucus",
                SeatCategory.LEGISLATOR,
                1,
            ),
            (
                "legislator-senate-republican",
                "Legislator — Senate Republican caucus",
                SeatCategory.LEGISLATOR,
                1,
            ),
            ("state-agency", "State agency", SeatCategory.STATE_AGENCY, 8),
            ("survivor", "Survivor of human trafficking", SeatCategory.SURVIVOR, 1),
            ("organization", "Organization", SeatCategory.ORGANIZATION, 25),
        ],
    },
    {
        "slug": "washact",
        "name": "WashACT — Washington Advisory Committee on Trafficking",
        "short_name": "WashACT",
        "purpose": (
            "A multidisciplinary task force convened in 2006 so that trafficking victims receive "
            "every resource available to them, and traffickers are identified, investigated and "
            "prosecuted to the fullest extent of the law. Members meet quarterly to share information "
            "and resources, close gaps in victim services, and coordinate investigations and "
            "prosecutions."
        ),
        "how_to_take_part": (
            "Member meetings are by invitation only. Quarterly information sessions on how providers, "
            "law enforcement, practitioners and advocacy groups work together are free and open to "
            "the public."
        ),
        "convening_agency": "United States Attorney's Office, Western District of Washington",
        "topic": Topic.HUMAN_TRAFFICKING,
        "chair_rule": (
            "Co-chaired by the US Attorney's Office, the Seattle Police Department Vice / High-Risk "
            "Victims Unit, and the Washington Anti-Trafficking Response Network (WARN)."
        ),
        "meeting_cadence": Cadence.QUARTERLY,
        "public_session_cadence": Cadence.QUARTERLY,
        "member_meeting_access": MeetingAccess.INVITATION_ONLY,
        "contact_name": "WashACT",
        "contact_email": "warntrafficking@yahoo.com",
        "contact_phone": "",
        "statutes": [],
        "seat_types": [
            (
                "co-chair-usao",
                "Co-chair — United States Attorney's Office, W.D. Wash.",
                SeatCategory.CO_CHAIR,
                1,
            ),
            (
                "co-chair-spd",
                "Co-chair — Seattle Police Department Vice / High-Risk Victims Unit",
                SeatCategory.CO_CHAIR,
                1,
            ),
            (
                "co-chair-warn",
                "Co-chair — Washington Anti-Trafficking Response Network (WARN)",
                SeatCategory.CO_CHAIR,
                1,
            ),
            ("member", "Member", SeatCategory.MEMBER, None),
        ],
    },
    {
        "slug": "csec-committee",
        "name": "Statewide Coordinating Committee on Commercially Sexually Exploited Children",
        "short_name": "CSEC Committee",
        "purpose": (
            "Examines local and regional practices and incidence data on commercially sexually "
            "exploited children, and recommends statewide laws and practices to better protect "
            "exploited youth. Reports to the Legislature every year."
        ),
        "how_to_take_part": "Members of the public are welcome to observe meetings.",
        "convening_agency": "Office of the Attorney General",
        "topic": Topic.CHILDREN_AND_YOUTH,
        "chair_rule": "Convened by the Office of the Attorney General.",
        "meeting_cadence": Cadence.AT_LEAST_YEARLY,
        "public_session_cadence": None,
        "member_meeting_access": MeetingAccess.PUBLIC_MAY_OBSERVE,
        "contact_name": "Kyle Wood, Assistant Attorney General",
        "contact_email": "KyleW@atg.wa.gov",
        "contact_phone": "206-442-4488",
        "statutes": [
            {
                "citation": "RCW 7.68.801",
                "url": RCW + "7.68.801",
                "enacted_by": "Created in 2013 by Senate Bill 5308",
                "effective_on": date(2013, 7, 28),
                "expires_on": date(2023, 6, 30),
            },
            {
                "citation": "RCW 7.68.805",
                "url": RCW + "7.68.805",
                "enacted_by": "Re-established for children, youth and young adults aged 24 and under",
                "effective_on": date(2025, 7, 1),
                "expires_on": date(2030, 6, 30),
            },
        ],
        "seat_types": [
            (
                "legislator-house-largest",
                "Legislator — House, largest caucus",
                SeatCategory.LEGISLATOR,
                1,
            ),
            (
                "legislator-house-second",
                "Legislator — House, second largest caucus",
                SeatCategory.LEGISLATOR,
                1,
            ),
            (
                "legislator-senate-largest",
                "Legislator — Senate, largest caucus",
                SeatCategory.LEGISLATOR,
                1,
            ),
            (
                "legislator-senate-second",
                "Legislator — Senate, second largest caucus",
                SeatCategory.LEGISLATOR,
                1,
            ),
            ("governor", "Office of the Governor", SeatCategory.STATE_AGENCY, 1),
            ("dcyf", "Department of Children, Youth, and Families", SeatCategory.STATE_AGENCY, 1),
            ("juvenile-rehabilitation", "Juvenile Rehabilitation", SeatCategory.STATE_AGENCY, 1),
            ("attorney-general", "Attorney General", SeatCategory.STATE_AGENCY, 1),
            ("ospi", "Superintendent of Public Instruction", SeatCategory.STATE_AGENCY, 1),
            ("aoc", "Administrative Office of the Courts", SeatCategory.STATE_AGENCY, 1),
            ("wsp", "Washington State Patrol", SeatCategory.STATE_AGENCY, 1),
            (
                "waspc",
                "Washington Association of Sheriffs and Police Chiefs",
                SeatCategory.STATE_AGENCY,
                1,
            ),
            (
                "organization",
                "Criminal justice, advocacy and service organizations",
                SeatCategory.ORGANIZATION,
                None,
            ),
            ("lived-experience", "Person with lived experience", SeatCategory.SURVIVOR, None),
        ],
    },
]


OPEN_TO_APPLICATIONS = {SeatCategory.ORGANIZATION, SeatCategory.SURVIVOR}


def seed_bodies() -> list[Committee]:
    """Create each body whose slug is not in the database yet; return those created."""
    existing = set(db.session.scalars(select(Committee.slug)))
    created = []
    for position, body in enumerate(BODIES):
        if body["slug"] in existing:
            continue
        fields = {k: v for k, v in body.items() if k not in {"statutes", "seat_types"}}
        committee = Committee(
            position=position, translations=translations_of(body["slug"]), **fields
        )
        committee.statutes = [Statute(**s) for s in body["statutes"]]
        committee.seat_types = [
            SeatType(
                key=key,
                label=label,
                category=category,
                seat_count=count,
                count_is_minimum=category is SeatCategory.SURVIVOR and count is not None,
                requires_name_consent=category is SeatCategory.SURVIVOR,
                # Statutes let agency heads send a designee; other members sit in person.
                allows_designees=category is SeatCategory.STATE_AGENCY,
                # Seats the public may apply for; WashACT's members are invited.
                accepts_applications=category in OPEN_TO_APPLICATIONS
                and body["member_meeting_access"] is not MeetingAccess.INVITATION_ONLY,
                position=index,
            )
            for index, (key, label, category, count) in enumerate(body["seat_types"])
        ]
        db.session.add(committee)
        created.append(committee)
    return created


# Fictional people for trying every screen: (committee, seat type, name, role, organization, consent)
DEMO_APPOINTMENTS = [
    (
        "task-force",
        "state-agency",
        "Dana Example",
        AppointmentRole.EX_OFFICIO_CHAIR,
        "Office of Crime Victims Advocacy",
        True,
    ),
    (
        "task-force",
        "state-agency",
        "Lee Placeholder",
        AppointmentRole.MEMBER,
        "Department of Health",
        True,
    ),
    (
        "task-force",
        "state-agency",
        "Morgan Sample",
        AppointmentRole.MEMBER,
        "Department of Labor and Industries",
        True,
    ),
    (
        "task-force",
        "state-agency",
        "Casey Fictional",
        AppointmentRole.MEMBER,
        "Office of the Attorney General",
        True,
    ),
    (
        "task-force",
        "legislator-house-democratic",
        "Rep. Jamie Demo",
        AppointmentRole.MEMBER,
        None,
        True,
    ),
    (
        "task-force",
        "legislator-senate-republican",
        "Sen. Quinn Invented",
        AppointmentRole.MEMBER,
        None,
        True,
    ),
    (
        "task-force",
        "survivor",
        "Robin Confidential",
        AppointmentRole.MEMBER,
        "Survivor Voices Demo Network",
        False,
    ),
    (
        "task-force",
        "organization",
        "Taylor Madeup",
        AppointmentRole.MEMBER,
        "Harbor Demo Shelter",
        True,
    ),
    (
        "task-force",
        "organization",
        "Jordan Notreal",
        AppointmentRole.MEMBER,
        "Cascade Example Legal Aid",
        True,
    ),
    (
        "task-force",
        "organization",
        "Avery Pretend",
        AppointmentRole.MEMBER,
        "Evergreen Sample University",
        True,
    ),
    (
        "washact",
        "co-chair-usao",
        "Reese Example",
        AppointmentRole.CO_CHAIR,
        "United States Attorney's Office, W.D. Wash.",
        True,
    ),
    (
        "washact",
        "co-chair-spd",
        "Sergeant Drew Sample",
        AppointmentRole.CO_CHAIR,
        "Seattle Police Department",
        True,
    ),
    (
        "washact",
        "co-chair-warn",
        "Kai Placeholder",
        AppointmentRole.CO_CHAIR,
        "Washington Anti-Trafficking Response Network",
        True,
    ),
    ("washact", "member", "Parker Fictional", AppointmentRole.MEMBER, "Harbor Demo Shelter", True),
    ("washact", "member", "Skyler Invented", AppointmentRole.MEMBER, "Puget Example Health", True),
    (
        "csec-committee",
        "attorney-general",
        "Emerson Demo",
        AppointmentRole.CHAIR,
        "Office of the Attorney General",
        True,
    ),
    (
        "csec-committee",
        "dcyf",
        "Hayden Sample",
        AppointmentRole.MEMBER,
        "Department of Children, Youth, and Families",
        True,
    ),
    ("csec-committee", "lived-experience", "Sage Private", AppointmentRole.MEMBER, None, False),
]
DEMO_START = date(2025, 7, 1)
DEMO_ENDING = "Jordan Notreal"


def demo_email(name: str) -> str:
    local = "".join(c for c in name.lower().replace(" ", ".") if c.isalnum() or c == ".")
    return f"{local}@example.org"


def seed_demo() -> int:
    """Add the fictional people and their appointments that are missing; return how many people."""
    committees = {c.slug: c for c in db.session.scalars(select(Committee))}
    added = 0
    for slug, key, name, role, org_name, consent in DEMO_APPOINTMENTS:
        email = demo_email(name)
        if db.session.scalar(select(Person).where(Person.email == email)):
            continue
        seat_type = next(t for t in committees[slug].seat_types if t.key == key)
        person = Person(name=name, email=email, title="Fictional demo person")
        if consent:
            person.record_consent(
                given=True,
                how="demo data: signed consent form",
                given_on=DEMO_START,
                by=None,
                at=utcnow(),
            )
        # Every other person has done the open-government training, so both states show.
        if added % 2 == 0:
            person.trainings.append(TrainingRecord(completed_on=DEMO_START + timedelta(days=30)))
        db.session.add(
            Appointment(
                person=person,
                seat_type=seat_type,
                role=role,
                organization=organization_named(org_name) if org_name else None,
                start_date=DEMO_START,
                # One term ends in 45 days, so the dashboard and `alerts send` have one to show.
                end_date=today_pacific() + timedelta(days=45) if name == DEMO_ENDING else None,
            )
        )
        added += 1
    return added
