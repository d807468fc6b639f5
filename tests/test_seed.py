"""`flask seed` creates the three bodies with the clearinghouse's facts, once."""

from sqlalchemy import func, select

from committees.models import Appointment, Committee, MeetingAccess, Person, SeatType
from extensions import db


def counts() -> tuple[int, int, int, int]:
    return tuple(
        db.session.scalar(select(func.count()).select_from(model))
        for model in (Committee, SeatType, Person, Appointment)
    )


def test_seed_is_idempotent(runner):
    first = runner.invoke(args=["seed"])
    assert first.exit_code == 0, first.output
    assert "Seeded 3 bodies" in first.output
    after_first = counts()
    second = runner.invoke(args=["seed"])
    assert "Seeded 0 bodies" in second.output
    assert counts() == after_first


def test_seed_never_overwrites_what_staff_edited(runner):
    runner.invoke(args=["seed"])
    committee = db.session.scalar(select(Committee).where(Committee.slug == "washact"))
    committee.purpose = "Edited by staff"
    db.session.commit()
    runner.invoke(args=["seed"])
    db.session.expire_all()
    assert db.session.get(Committee, committee.id).purpose == "Edited by staff"


def test_the_task_force_has_38_seats_by_type(runner):
    runner.invoke(args=["seed"])
    task_force = db.session.scalar(select(Committee).where(Committee.slug == "task-force"))
    by_key = {t.key: t for t in task_force.seat_types}
    assert task_force.seat_count() == 38
    legislators = [t for t in task_force.seat_types if t.key.startswith("legislator-")]
    assert sorted(t.label for t in legislators) == [
        "Legislator — House Democratic caucus",
        "Legislator — House Republican caucus",
        "Legislator — Senate Democratic caucus",
        "Legislator — Senate Republican caucus",
    ]
    assert all(t.seat_count == 1 for t in legislators)
    assert by_key["state-agency"].seat_count == 8
    assert by_key["survivor"].seat_count == 1
    assert by_key["survivor"].requires_name_consent
    assert by_key["organization"].seat_count == 25
    assert task_force.current_statute().citation == "RCW 7.68.350"
    assert "ex officio" in task_force.chair_rule


def test_washact_is_co_chaired_and_invitation_only(runner):
    runner.invoke(args=["seed"])
    washact = db.session.scalar(select(Committee).where(Committee.slug == "washact"))
    co_chairs = [t for t in washact.seat_types if t.key.startswith("co-chair")]
    assert len(co_chairs) == 3 and all(t.seat_count == 1 for t in co_chairs)
    assert washact.seat_count() is None  # member seats are open-ended
    assert washact.member_meeting_access is MeetingAccess.INVITATION_ONLY
    assert washact.public_session_cadence is not None


def test_the_csec_committee_keeps_its_lapsed_and_renewed_statutes(runner):
    from datetime import date

    runner.invoke(args=["seed"])
    csec = db.session.scalar(select(Committee).where(Committee.slug == "csec-committee"))
    assert [s.citation for s in csec.statutes] == ["RCW 7.68.801", "RCW 7.68.805"]
    assert csec.current_statute(date(2020, 1, 1)).citation == "RCW 7.68.801"
    assert csec.current_statute(date(2026, 1, 1)).citation == "RCW 7.68.805"
    assert csec.member_meeting_access is MeetingAccess.PUBLIC_MAY_OBSERVE
    assert csec.convening_agency == "Office of the Attorney General"


def test_demo_adds_fictional_people_once_with_a_hidden_survivor_and_vacancies(runner):
    runner.invoke(args=["seed", "--demo"])
    after_first = counts()
    runner.invoke(args=["seed", "--demo"])
    assert counts() == after_first
    people = db.session.scalars(select(Person)).all()
    assert people and all(p.email.endswith("@example.org") for p in people)
    task_force = db.session.scalar(select(Committee).where(Committee.slug == "task-force"))
    survivor_seat = next(t for t in task_force.seat_types if t.key == "survivor")
    (holder,) = survivor_seat.seat_holders()
    assert holder.public_name() is None
    assert task_force.vacancy_count() > 0
