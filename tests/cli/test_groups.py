"""nailgun_hooks.cli.groups: extensions installed in a group one typo away
from the one read are a problem, and a ``--namespace`` with nothing in it
but a near group with extensions is a usage error saying "did you mean"."""

from __future__ import annotations

import pytest

from nailgun_hooks.cli.groups import check_namespace, misspelled_groups, near_groups
from nailgun_hooks.errors import UsageError
from nailgun_hooks.markers import NAMESPACE
from tests.support.dists import DistFactory


def install_in(dists: DistFactory, dist: str, group: str, count: int = 1) -> None:
    dists.install(
        dist,
        entry_points={f"ext{i}": "nowhere:Extension" for i in range(count)},
        namespace=group,
    )


def typo_of(namespace: str) -> str:
    """``namespace`` with its last letter doubled: one insertion away."""
    return namespace + namespace[-1]


def test_a_group_one_edit_away_is_near_and_counted_by_distribution(
    dists: DistFactory,
) -> None:
    near = typo_of(dists.namespace)
    install_in(dists, "first-dist", near, count=2)
    install_in(dists, "second-dist", near)
    install_in(dists, "far-dist", dists.namespace + "_far")
    found = near_groups(dists.namespace)
    assert list(found) == [near]
    assert dict(found[near]) == {"first-dist": 2, "second-dist": 1}


@pytest.mark.parametrize(
    "edit",
    [
        lambda name: name[:-1],  # a deletion
        lambda name: name + "s",  # an insertion
        lambda name: name[:-1] + ("x" if name[-1] != "x" else "y"),  # a change
    ],
    ids=["deletion", "insertion", "substitution"],
)
def test_one_insertion_deletion_or_substitution_is_near(
    dists: DistFactory, edit: object
) -> None:
    group = edit(dists.namespace)  # type: ignore[operator]
    install_in(dists, "near-dist", group)
    assert list(near_groups(dists.namespace)) == [group]


def test_two_edits_and_the_group_itself_are_not_near(dists: DistFactory) -> None:
    install_in(dists, "own-dist", dists.namespace)
    install_in(dists, "two-dist", dists.namespace + "ss")
    install_in(dists, "swapped-dist", dists.namespace[:-2] + dists.namespace[-1:-3:-1])
    assert near_groups(dists.namespace) == {}


def test_each_distribution_in_a_near_group_is_a_problem(dists: DistFactory) -> None:
    near = typo_of(dists.namespace)
    install_in(dists, "b-dist", near, count=2)
    install_in(dists, "a-dist", near)
    problems = misspelled_groups(dists.namespace)
    assert [(p.code, p.distribution) for p in problems] == [
        ("misspelled-group", "a-dist"),
        ("misspelled-group", "b-dist"),
    ]
    assert problems[1].message == (
        f"2 entry point(s) are in the group {near!r}, which is never read: "
        f"did you mean {dists.namespace!r}?"
    )
    assert problems[1].hint == (
        f"declare them in the entry-point group {dists.namespace!r}"
    )


def test_an_empty_namespace_next_to_a_used_one_is_a_usage_error(
    dists: DistFactory,
) -> None:
    typed = typo_of(dists.namespace)
    install_in(dists, "real-dist", dists.namespace)
    with pytest.raises(UsageError) as caught:
        check_namespace(typed)
    assert str(caught.value) == (
        f"--namespace {typed}: no entry point is installed in this group; "
        f"did you mean {dists.namespace!r}?"
    )


def test_a_namespace_in_use_nailguns_own_or_far_from_any_is_accepted(
    dists: DistFactory,
) -> None:
    install_in(dists, "real-dist", dists.namespace)
    check_namespace(dists.namespace)
    check_namespace(NAMESPACE)
    check_namespace(dists.namespace + "_nothing_near")
