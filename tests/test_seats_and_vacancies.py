"""Vacancies are derived from appointments and dates; a seat type holds no more than its count."""

from datetime import date

from committees.models import AppointmentRole, vacancies
from tests.fixtures.committees import appoint, make_committee, make_person, make_seat_type

D = date


def test_vacancy_math_is_count_minus_holders_and_never_negative():
    assert vacancies(8, 3) == 5
    assert vacancies(1, 1) == 0
    assert vacancies(1, 2) == 0
    assert vacancies(None, 7) is None


def test_only_current_appointments_fill_a_seat(app):
    seat_type = make_seat_type(make_committee(), count=2)
    appoint(make_person("Past"), seat_type, start=D(2020, 1, 1), end=D(2024, 12, 31))
    appoint(make_person("Now"), seat_type, start=D(2025, 1, 1))
    appoint(make_person("Later"), seat_type, start=D(2027, 1, 1))
    on = D(2026, 6, 1)
    assert [a.person.name for a in seat_type.seat_holders(on)] == ["Now"]
    assert seat_type.vacancies(on) == 1
    # An end date is the last day served: the seat is still filled that day.
    assert seat_type.vacancies(D(2024, 12, 31)) == 1
    assert seat_type.vacancies(D(2020, 1, 1)) == 1


def test_an_alternate_does_not_fill_a_seat(app):
    seat_type = make_seat_type(make_committee(), count=1)
    appoint(make_person("Designee"), seat_type, role=AppointmentRole.ALTERNATE)
    assert seat_type.vacancies(D(2026, 1, 1)) == 1


def test_a_full_seat_type_has_no_room_on_overlapping_dates(app):
    seat_type = make_seat_type(make_committee(), count=1)
    appoint(make_person("Holder"), seat_type, start=D(2025, 1, 1), end=D(2025, 12, 31))
    assert not seat_type.has_room_for(D(2025, 6, 1), None)
    assert not seat_type.has_room_for(D(2024, 1, 1), D(2025, 1, 1))
    assert seat_type.has_room_for(D(2026, 1, 1), None)
    assert seat_type.has_room_for(D(2024, 1, 1), D(2024, 12, 31))


def test_room_counts_the_busiest_day_not_every_overlap(app):
    seat_type = make_seat_type(make_committee(), count=2)
    appoint(make_person("A"), seat_type, start=D(2025, 1, 1), end=D(2025, 3, 31))
    appoint(make_person("B"), seat_type, start=D(2025, 4, 1), end=D(2025, 6, 30))
    # A and B never overlap, so a third person over the whole year still fits.
    assert seat_type.has_room_for(D(2025, 1, 1), D(2025, 12, 31))
    appoint(make_person("C"), seat_type, start=D(2025, 2, 1))
    assert not seat_type.has_room_for(D(2025, 1, 1), D(2025, 12, 31))


def test_editing_an_appointment_does_not_count_it_against_itself(app):
    seat_type = make_seat_type(make_committee(), count=1)
    held = appoint(make_person("Holder"), seat_type)
    assert seat_type.has_room_for(D(2025, 1, 1), D(2030, 1, 1), ignoring=held)


def test_open_ended_and_minimum_counts_have_no_ceiling(app):
    committee = make_committee()
    open_ended = make_seat_type(committee, "member", count=None)
    minimum = make_seat_type(committee, "survivor", count=1, count_is_minimum=True)
    for i in range(3):
        appoint(make_person(f"M{i}"), open_ended)
        appoint(make_person(f"S{i}"), minimum)
    assert open_ended.has_room_for(D(2025, 6, 1), None)
    assert minimum.has_room_for(D(2025, 6, 1), None)
    assert open_ended.vacancies(D(2025, 6, 1)) is None
    assert minimum.vacancies(D(2025, 6, 1)) == 0
    assert minimum.count_label == "at least 1"
    assert open_ended.count_label == "open-ended"


def test_committee_totals_and_chairs(app):
    committee = make_committee()
    chairs = make_seat_type(committee, "chair", count=1)
    members = make_seat_type(committee, "member", count=4)
    appoint(make_person("Chair"), chairs, role=AppointmentRole.EX_OFFICIO_CHAIR)
    appoint(make_person("Member"), members)
    on = D(2026, 1, 1)
    assert committee.seat_count() == 5
    assert committee.vacancy_count(on) == 3
    assert [a.person.name for a in committee.chairs(on)] == ["Chair"]
