from __future__ import annotations

from evaluator.reviewing.conflicts import related_units

# School 1 > Faculty 2 > Institutes 3 and 4; School 5 on its own.
TREE = {1: None, 2: 1, 3: 2, 4: 2, 5: None}


def test_a_member_of_an_institute_is_related_to_its_faculty_and_school_but_not_siblings() -> None:
    assert related_units([3], TREE) == {1, 2, 3}


def test_a_member_of_a_faculty_is_related_to_all_its_institutes() -> None:
    assert related_units([2], TREE) == {1, 2, 3, 4}


def test_several_affiliations_add_up_and_unrelated_units_stay_out() -> None:
    assert related_units([4, 5], TREE) == {1, 2, 4, 5}


def test_no_affiliation_means_no_conflict() -> None:
    assert related_units([], TREE) == set()


def test_the_order_of_the_units_does_not_matter() -> None:
    # Affiliated with institute 3 and coordinating school 1: everything under the school counts,
    # whichever unit is looked at first.
    assert related_units([3, 1], TREE) == {1, 2, 3, 4}
    assert related_units([1, 3], TREE) == {1, 2, 3, 4}
