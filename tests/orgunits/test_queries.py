from evaluator.orgunits.models import OrgUnitKind
from evaluator.orgunits.queries import unit_choices
from tests.support.factories import make_unit


def test_units_are_offered_grouped_by_school_with_standalone_units_last(session) -> None:
    school = make_unit(session, "School of Engineering Sciences", kind=OrgUnitKind.SCHOOL)
    faculty = make_unit(session, "Faculty of Computer Science", parent=school, kind=OrgUnitKind.FACULTY)
    institute = make_unit(session, "Institute of Artificial Intelligence", parent=faculty)
    aerospace = make_unit(session, "Institute of Aerospace Engineering", parent=school)
    central = make_unit(session, "Center for International Studies", kind=OrgUnitKind.CENTRAL_UNIT)

    assert unit_choices(session) == [
        (school.id, "School of Engineering Sciences", "School of Engineering Sciences"),
        (faculty.id, "Faculty of Computer Science", "School of Engineering Sciences"),
        (aerospace.id, "Institute of Aerospace Engineering", "School of Engineering Sciences"),
        (
            institute.id,
            "Institute of Artificial Intelligence (Faculty of Computer Science)",
            "School of Engineering Sciences",
        ),
        (central.id, "Center for International Studies", None),
    ]
