"""What a publication does to each initiative's lighthouse status (SPEC §7)."""

from __future__ import annotations

from evaluator.publication.status import PublicationChanges, publication_changes


def test_publication_changes_split_into_renewed_new_and_lapsed() -> None:
    # Lighthouses before: 1, 2, 3. Awarded now: 2, 3, 4, 5.
    # renewed = both = {2, 3}; new = awarded only = {4, 5}; lapsed = before only = {1}
    assert publication_changes([1, 2, 3], [2, 3, 4, 5]) == PublicationChanges(
        renewed=frozenset({2, 3}), new=frozenset({4, 5}), lapsed=frozenset({1})
    )


def test_publication_changes_of_the_first_publication_are_all_new() -> None:
    assert publication_changes([], [7, 8]) == PublicationChanges(
        renewed=frozenset(), new=frozenset({7, 8}), lapsed=frozenset()
    )


def test_publication_changes_without_awards_let_every_lighthouse_lapse() -> None:
    assert publication_changes([1, 2], []) == PublicationChanges(
        renewed=frozenset(), new=frozenset(), lapsed=frozenset({1, 2})
    )


def test_publication_changes_count_an_initiative_once_however_often_listed() -> None:
    # Initiative 2 has two awarded nominations (two categories): still one renewal.
    assert publication_changes([2, 2], [2, 2, 4]) == PublicationChanges(
        renewed=frozenset({2}), new=frozenset({4}), lapsed=frozenset()
    )


def test_publication_changes_status_of_each_initiative() -> None:
    changes = publication_changes([1, 2, 3], [2, 3, 4, 5])
    assert changes.status_of(1) == "lapsed"
    assert changes.status_of(2) == "renewed"
    assert changes.status_of(4) == "new"
    assert changes.status_of(9) is None
